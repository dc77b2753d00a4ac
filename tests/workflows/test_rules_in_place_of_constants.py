"""Who may call an ad-hoc meeting and when the QR sign-in opens and closes come from the rules; leave
for a period covers every meeting in it or none."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.workflows.agenda_people import SLUG, at, meeting_on, organisation, rules_pack
from yishi.content.models import RuleSnapshot
from yishi.content.packs.validate import validate_pack
from yishi.content.rules import rules_in_force
from yishi.workflows.attendance import actions
from yishi.workflows.attendance.models import LeaveRequest
from yishi.workflows.meetings import convening
from yishi.workflows.scheduling.models import Meeting


def test_ad_hoc_meetings_are_proposed_by_the_posts_the_rules_allow(in_org_a):
    org = organisation(roles={"ad_hoc_proposers": [{"post": "approvals-head"}, "office"]})
    now, starts = at("2026-03-04", 10), at("2026-03-06", 10)
    with pytest.raises(PermissionDenied):  # the chair is not on this list
        convening.propose_ad_hoc(SLUG, starts, actor=org.users.director, reason="专题研究", now=now)
    assert not Meeting.objects.exists()
    by_post = convening.propose_ad_hoc(SLUG, starts, actor=org.users.head, reason="专题研究", now=now)
    by_role = convening.propose_ad_hoc(SLUG, at("2026-03-06", 14), actor=org.users.secretary, reason="汛情", now=now)
    assert {by_post.kind, by_role.kind} == {"ad_hoc"}


def test_the_default_proposers_are_the_chair_leaders_and_the_office(in_org_a):
    organisation()
    rules = rules_in_force(SLUG, at("2026-03-06").date())
    assert rules.roles.ad_hoc_proposers == ("chair", "leader", "office")
    assert (rules.attendance.sign_in_opens_minutes, rules.attendance.sign_in_closes_minutes) == (60, None)


def test_rules_published_before_the_fields_existed_read_as_the_defaults(in_org_a):
    organisation()
    for snapshot in RuleSnapshot.objects.all():
        del snapshot.rules["roles"]["ad_hoc_proposers"], snapshot.rules["attendance"]["sign_in_opens_minutes"]
        snapshot.save()
    rules = rules_in_force(SLUG, at("2026-03-06").date())
    assert (rules.roles.ad_hoc_proposers, rules.attendance.sign_in_opens_minutes) == (("chair", "leader", "office"), 60)


def token_of(invitation) -> str:
    return actions.sign_in_link(invitation).rstrip("/").rsplit("/", 1)[-1]


def test_two_organisations_open_and_close_sign_in_when_their_rules_say(org_a, org_b):
    """The same meeting time (09:00–11:00, arrive 10 minutes early): A opens 15 minutes before the
    arrival time and closes 30 minutes after the start; B keeps the defaults (60 before, until the end)."""
    tokens = {}
    for tenant, attendance in ((org_a, {"sign_in_opens_minutes": 15, "sign_in_closes_minutes": 30}), (org_b, {})):
        with tenant_context(tenant):
            organisation(attendance=attendance)
            invitation = actions.invite(meeting_on("2026-03-09"))[0]
            tokens[tenant.schema_name] = invitation, token_of(invitation)

    def signs_in(tenant, hour, minute) -> bool:
        with tenant_context(tenant):
            invitation, token = tokens[tenant.schema_name]
            try:
                actions.sign_in_with_token(token, at=at("2026-03-09", hour, minute))
            except ValidationError as error:
                assert error.message_dict["token"][0].startswith("不在签到时间内")
                return False
            type(invitation).objects.filter(pk=invitation.pk).update(signed_in_at=None)  # try again later
            return True

    assert [signs_in(org_a, *t) for t in ((8, 30), (8, 36), (9, 30), (9, 31))] == [False, True, True, False]
    assert [signs_in(org_b, *t) for t in ((7, 49), (7, 51), (10, 59), (11, 1))] == [False, True, True, False]


@pytest.fixture
def org(in_org_a):
    org = organisation()
    org.meetings = [meeting_on(day) for day in ("2026-03-09", "2026-03-16", "2026-03-23")]
    org.deputy = [{i.person.name: i for i in actions.invite(m)}["李副主任"] for m in org.meetings]
    return org


def test_leave_for_a_period_covers_each_meeting_in_it_checked_against_its_own_lead_time(org):
    requests = actions.request_leave_for_period(org.people.deputy, at("2026-03-09").date(), at("2026-03-16").date(),
                                                "出差", actor=org.users.deputy, now=at("2026-03-09", 7, 30))
    assert [(r.invitation, r.late) for r in requests] == [(org.deputy[0], True), (org.deputy[1], False)]
    assert not LeaveRequest.objects.filter(invitation=org.deputy[2]).exists()  # outside the period


def test_leave_for_a_period_reads_the_rules_of_all_its_meetings_at_once(org):
    with CaptureQueriesContext(connection) as queries:
        actions.request_leave_for_period(org.people.deputy, at("2026-03-09").date(), at("2026-03-23").date(),
                                         "出差", actor=org.users.deputy, now=at("2026-03-02"))
    assert LeaveRequest.objects.count() == 3
    assert sum("content_rulesnapshot" in query["sql"] for query in queries.captured_queries) == 1


def test_leave_for_a_period_is_all_or_nothing(org):
    actions.request_leave(org.deputy[1], "已请过", actor=org.users.deputy, now=at("2026-03-02"))
    with pytest.raises(ValidationError) as error:
        actions.request_leave_for_period(org.people.deputy, at("2026-03-09").date(), at("2026-03-23").date(),
                                         "出差", actor=org.users.deputy, now=at("2026-03-02"))
    assert error.value.message_dict["period"] == ["2026-03-16 处务会：已有待审批或已批准的请假申请"]
    assert LeaveRequest.objects.count() == 1  # the one asked before; none of the period's
    with pytest.raises(PermissionDenied):  # another person's leave: neither theirs nor the office's to ask
        actions.request_leave_for_period(org.people.deputy, at("2026-03-09").date(), at("2026-03-09").date(),
                                         "出差", actor=org.users.head, now=at("2026-03-02"))
    with pytest.raises(ValidationError) as error:
        actions.request_leave_for_period(org.people.deputy, at("2026-03-10").date(), at("2026-03-09").date(),
                                         "出差", actor=org.users.deputy, now=at("2026-03-02"))
    assert set(error.value.message_dict) == {"last_day"}
    assert LeaveRequest.objects.count() == 1


def test_the_pack_validator_checks_the_proposers_and_the_window():
    where = "regulations[0].meeting_types[0]"
    unknown_post = validate_pack(rules_pack(roles={"ad_hoc_proposers": ["chair", {"post": "nobody"}]}))
    assert [e.path for e in unknown_post] == [f"{where}.roles.ad_hoc_proposers[1].post"]
    assert "'nobody'" in unknown_post[0].message
    unknown_role = validate_pack(rules_pack(roles={"ad_hoc_proposers": ["janitor"]}))
    assert [e.path for e in unknown_role] == [f"{where}.roles.ad_hoc_proposers[0]"]
    negative = validate_pack(rules_pack(attendance={"sign_in_closes_minutes": -5}))
    assert [e.path for e in negative] == [f"{where}.attendance.sign_in_closes_minutes"]
