"""The meeting day on the meeting page: each step a button for the roles the rules name, refused
for everyone else with nothing changed; closing freezes, carries undecided topics over and drafts
the minutes in one transaction; the minutes review on the same page; 我的待办 on the dashboard."""

import datetime as dt

import pytest
from django_tenants.utils import tenant_context

from tests.workflows.agenda_people import SLUG, admin_client, meeting_on, organisation
from tests.workflows.test_workflow_admin import monday, page
from yishi.workflows.agenda import actions as agenda
from yishi.workflows.agenda.models import AgendaItem, Topic
from yishi.workflows.attendance.models import AttendanceSheet
from yishi.workflows.meetings import actions
from yishi.workflows.minutes.models import MINUTES_STATES, Minutes
from yishi.workflows.scheduling.models import MEETING_STATES, Meeting


@pytest.fixture
def org(org_a):
    with tenant_context(org_a):
        org = organisation(minutes={"required": True, "reviewer": {"post": "director"}})
        org.meeting = meeting_on(monday(1))
        org.topic = agenda.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="办公用房调整",
                                        content={"background": "b", "proposal": "p"})
        for name, who in (("submit", org.users.head), ("accept", org.users.secretary),
                          ("approve", org.users.director)):
            agenda.transition_topic(org.topic, name, actor=who)
        agenda.compile_agenda(org.meeting)
    org.clients = {name: admin_client(org_a, name) for name in ("secretary", "director", "deputy", "head", "head2")}
    return org


def step(org, who: str, name: str, comment: str = "") -> str:
    response = org.clients[who].post(f"/admin/yishi/meetings/{org.meeting.pk}/step/",
                                     {"step": name, "comment": comment}, follow=True)
    return page(response)


def status(org_a, org) -> str:
    with tenant_context(org_a):
        return Meeting.objects.get(pk=org.meeting.pk).status


def test_the_day_from_opening_to_minutes_by_the_roles_the_rules_name(org_a, org):
    url = f"/admin/yishi/meetings/{org.meeting.pk}/"
    assert 'value="open"' in page(org.clients["secretary"].get(url))  # the office opens …
    assert 'value="open"' not in page(org.clients["deputy"].get(url))  # … a member does not
    assert "当前不能执行此操作" in step(org, "deputy", "open")
    assert status(org_a, org) == "planned"
    assert "已办理：开始会议" in step(org, "director", "open")  # the chair may open too
    assert status(org_a, org) == "in_session"
    assert 'value="freeze"' in page(org.clients["secretary"].get(url))
    step(org, "secretary", "freeze")
    with tenant_context(org_a):
        assert AttendanceSheet.objects.filter(meeting=org.meeting).exists()
    assert 'value="freeze"' not in page(org.clients["secretary"].get(url))  # frozen once
    assert "当前不能执行此操作" in step(org, "head", "close")
    step(org, "director", "close")
    with tenant_context(org_a):
        assert Meeting.objects.get(pk=org.meeting.pk).status == "held"
        minutes = Minutes.objects.get(meeting=org.meeting)  # drafted by closing: the rules require minutes
        topic = Topic.objects.get(pk=org.topic.pk)
        assert topic.state == "approved"  # never discussed: back in the queue, for the next meeting
        assert topic.meeting_id != org.meeting.pk
        assert AgendaItem.objects.filter(meeting=org.meeting, topic=topic).exists()  # "not reached" stays
    shown = page(org.clients["secretary"].get(url))
    assert minutes.title in shown and "起草中" in shown and 'value="submit"' in shown
    assert f"/admin/snippets/minutes/minutes/edit/{minutes.pk}/" in shown


def test_it_refuses_the_minutes_review_to_everyone_but_the_rules_reviewer(org_a, org):
    step(org, "secretary", "open")
    step(org, "secretary", "close")
    url = f"/admin/yishi/meetings/{org.meeting.pk}/minutes/"
    assert "无权执行“审核通过”" in page(org.clients["secretary"].post(url, {"step": "approve"}, follow=True))
    page(org.clients["secretary"].post(url, {"step": "submit"}, follow=True))
    assert "无权执行“审核通过”" in page(org.clients["deputy"].post(url, {"step": "approve"}, follow=True))
    assert "此操作必须填写理由" in page(org.clients["director"].post(url, {"step": "send_back"}, follow=True))
    with tenant_context(org_a):
        assert Minutes.objects.get(meeting=org.meeting).review == "submitted"
    dashboard = page(org.clients["director"].get("/admin/"))
    assert "我的待办" in dashboard and "审核纪要" in dashboard
    assert "审核纪要" not in page(org.clients["deputy"].get("/admin/"))
    page(org.clients["director"].post(url, {"step": "approve"}, follow=True))
    with tenant_context(org_a):
        minutes = Minutes.objects.get(meeting=org.meeting)
        assert (minutes.review, minutes.live, minutes.number) == ("reviewed", False, "")  # 签发 numbers it
    assert "签发纪要" in page(org.clients["director"].get("/admin/"))  # the chair signs by default
    page(org.clients["director"].post(url, {"step": "sign", "comment": "同意印发",
                                            "signed_on": org.meeting.date.isoformat()}, follow=True))
    with tenant_context(org_a):
        minutes = Minutes.objects.get(meeting=org.meeting)
        assert (minutes.review, minutes.live) == ("issued", True) and minutes.number


def test_it_refuses_the_meeting_page_and_its_steps_to_a_non_invitee(org_a, org):
    assert org.clients["head2"].get(f"/admin/yishi/meetings/{org.meeting.pk}/").status_code == 404  # not invited
    response = org.clients["head2"].post(f"/admin/yishi/meetings/{org.meeting.pk}/step/", {"step": "open"})
    assert response.status_code == 404
    assert org.clients["head2"].post(f"/admin/yishi/meetings/{org.meeting.pk}/minutes/",
                                        {"step": "approve"}).status_code == 404
    assert status(org_a, org) == "planned"


def test_closing_is_one_transaction(org_a, org, monkeypatch):
    step(org, "secretary", "open")

    def broken(meeting, *, user=None):
        raise RuntimeError("the minutes could not be drafted")

    monkeypatch.setattr(actions, "draft_minutes", broken)
    with tenant_context(org_a), pytest.raises(RuntimeError):
        actions.take_step(Meeting.objects.get(pk=org.meeting.pk), "close", actor=org.users.secretary)
    with tenant_context(org_a):
        assert Meeting.objects.get(pk=org.meeting.pk).status == "in_session"
        assert not AttendanceSheet.objects.filter(meeting=org.meeting).exists()
        assert Topic.objects.get(pk=org.topic.pk).state == "placed"


def test_cancelling_needs_a_reason_and_is_recorded_as_a_change(org_a, org):
    assert "此操作必须填写理由" in step(org, "secretary", "cancel")
    assert status(org_a, org) == "planned"
    step(org, "secretary", "cancel", "主任出差")
    with tenant_context(org_a):
        meeting = Meeting.objects.get(pk=org.meeting.pk)
        assert meeting.status == "cancelled" and meeting.changes.get().reason == "主任出差"


def test_the_meetings_list_shows_local_times_and_labels(org_a, org):
    listing = page(org.clients["secretary"].get("/admin/yishi/meetings/"))
    assert f"{org.meeting.starts_at.astimezone(dt.timezone(dt.timedelta(hours=8))):%Y-%m-%d} 09:00" in listing
    assert "计划" in listing and "planned" not in listing


def test_the_day_steps_cover_every_meeting_and_minutes_transition():
    """Each declared transition of the meeting and minutes tables is reachable by a step or a button."""
    stepped = {step.name for step in actions.DAY}
    assert {t.name for t in MEETING_STATES.transitions} <= stepped
    assert {t.name for t in MINUTES_STATES.transitions} == {"submit", "send_back", "approve", "sign"}
