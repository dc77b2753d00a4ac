"""Invitations with A/B substitution, leave lead time and approval, sign-in, the frozen sheet, statistics."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_tenants.utils import tenant_context

from tests.workflows.agenda_people import at, meeting_on, organisation
from yishi.workflows import roles as R
from yishi.workflows.attendance import actions
from yishi.workflows.attendance.models import Invitation, LeaveRequest
from yishi.workflows.core.statemachine import TransitionForbidden


@pytest.fixture
def org(in_org_a):
    org = organisation()
    org.meeting = meeting_on("2026-03-09")  # Monday 09:00–11:00
    org.invitations = {i.person.name: i for i in actions.invite(org.meeting)}
    return org


def test_roles_come_from_the_rules_and_the_structure(org):
    rules = actions.meeting_rules(org.meeting)
    day = org.meeting.date
    assert R.roles_of(org.users.director, rules, day) == {"leader", "chair", "member", "leave_approver",
                                                          "minutes_reviewer"}
    assert R.roles_of(org.users.secretary, rules, day) == {"office", "secretary"}
    assert R.roles_of(org.users.head, rules, day) == {"department_head", "observer"}
    assert R.roles_of(org.users.deputy_b, rules, day) == set()  # a B holder is no member by default
    assert R.roles_of(org.users.outsider, rules, day) == set()
    assert R.invitees(rules, day) == [(org.people.director, "member"), (org.people.deputy, "member"),
                                      (org.people.head, "observer")]


def test_invitations_are_idempotent(org):
    assert len(actions.invite(org.meeting)) == 3
    assert Invitation.objects.filter(meeting=org.meeting).count() == 3


def test_leave_before_the_lead_time_approved_by_the_rules_approver_brings_in_the_b_holder(org):
    deputy = org.invitations["李副主任"]
    assert actions.suggest_delegate(deputy) == org.people.deputy_b
    request = actions.request_leave(deputy, "出差", actor=org.users.deputy, now=at("2026-03-09", 6, 59))
    assert request.late is False  # two hours before 09:00 is 07:00
    with pytest.raises(TransitionForbidden):  # the approver is the director's post, not the office
        actions.decide_leave(request, "approve", actor=org.users.secretary)
    assert request.state == "requested"
    actions.decide_leave(request, "approve", actor=org.users.director)
    substitute = Invitation.objects.get(meeting=org.meeting, person=org.people.deputy_b)
    assert (substitute.substitute_for, substitute.role) == (deputy, "member")
    assert request.events.get().actor == org.users.director


def test_a_request_after_the_lead_time_is_recorded_as_late(org):
    request = actions.request_leave(org.invitations["李副主任"], "临时有事", actor=org.users.deputy,
                                    now=at("2026-03-09", 7, 1))
    assert request.late is True


def test_leave_input_errors_name_the_field_and_write_nothing(org):
    deputy = org.invitations["李副主任"]
    with pytest.raises(ValidationError) as error:
        actions.request_leave(deputy, " ", actor=org.users.deputy, delegate=org.people.deputy,
                              now=at("2026-03-09", 10))
    assert set(error.value.message_dict) == {"reason", "delegate", "invitation"}
    with pytest.raises(PermissionDenied):
        actions.request_leave(deputy, "代请", actor=org.users.head, now=at("2026-03-08", 10))
    assert not LeaveRequest.objects.exists()


def test_refusal_needs_a_reason_and_leaves_the_invitee_expected(org):
    request = actions.request_leave(org.invitations["钱科长"], "培训", actor=org.users.head,
                                    now=at("2026-03-06", 10))
    with pytest.raises(ValidationError):
        actions.decide_leave(request, "refuse", actor=org.users.director)
    actions.decide_leave(request, "refuse", actor=org.users.director, comment="本次议题涉及审批科")
    assert not Invitation.objects.filter(substitute_for=org.invitations["钱科长"]).exists()


def test_sign_in_lateness_and_the_frozen_sheet(org):
    inv = org.invitations
    deputy_leave = actions.request_leave(inv["李副主任"], "出差", actor=org.users.deputy, now=at("2026-03-06", 9))
    actions.decide_leave(deputy_leave, "approve", actor=org.users.director)
    substitute = Invitation.objects.get(person=org.people.deputy_b)
    with pytest.raises(PermissionDenied):
        actions.sign_in(inv["张主任"], by=org.users.head, at=at("2026-03-09", 8, 45))
    actions.sign_in(inv["张主任"], by=org.users.secretary, at=at("2026-03-09", 8, 45))
    actions.sign_in(substitute, at=at("2026-03-09", 8, 55))  # after 08:50 (ten minutes early): late
    sheet = actions.attendance_sheet(org.meeting)
    assert not sheet.frozen
    statuses = {row.person: row.status for row in sheet.rows}
    assert statuses == {"张主任": "present", "李副主任": "delegate", "钱科长": "absent", "周副主任": "late"}
    actions.freeze_attendance(org.meeting, now=at("2026-03-09", 9, 5))
    with pytest.raises(ValidationError):
        actions.sign_in(inv["钱科长"], by=org.users.secretary, at=at("2026-03-09", 9, 10))
    frozen = actions.attendance_sheet(org.meeting)
    assert frozen.frozen and frozen.counts == {"present": 1, "delegate": 1, "absent": 1, "late": 1}
    assert frozen.present == 2
    assert actions.freeze_attendance(org.meeting).counts == frozen.counts  # idempotent
    stats = actions.monthly_statistics(2026, 3)
    assert stats["people"][org.people.head.pk] == {"absent": 1}
    assert stats["departments"][org.people.head.department_id] == {"absent": 1}


def test_the_qr_link_signs_in_only_inside_the_window(org):
    director = org.invitations["张主任"]
    link = actions.sign_in_link(director)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(ValidationError) as error:
        actions.sign_in_with_token(token, at=at("2026-03-09", 7, 49))  # opens 60 min before 08:50
    assert set(error.value.message_dict) == {"token"}
    with pytest.raises(ValidationError):
        actions.sign_in_with_token(token + "x", at=at("2026-03-09", 8, 30))
    assert actions.sign_in_with_token(token, at=at("2026-03-09", 8, 30)).late is False
    director.refresh_from_db()
    assert director.signed_in_at == at("2026-03-09", 8, 30)


def test_organisation_b_cannot_use_a_sign_in_link_of_a(org, org_a, org_b):
    token = actions.sign_in_link(org.invitations["张主任"]).rstrip("/").rsplit("/", 1)[-1]
    with tenant_context(org_b):
        with pytest.raises(ValidationError):
            actions.sign_in_with_token(token, at=at("2026-03-09", 8, 30))


def test_the_sign_in_page_answers_on_the_organisation_host(org, org_a):
    link = actions.sign_in_link(org.invitations["张主任"])
    response = Client(HTTP_HOST=org_a.primary_host).post(link)
    # Outside the window today: a clear message, nothing signed.
    assert response.status_code == 400
    assert "签到" in response.content.decode()
    assert Invitation.objects.get(pk=org.invitations["张主任"].pk).signed_in_at is None
    assert dt.date.today()  # the page uses the real clock
