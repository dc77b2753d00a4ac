"""The office's admin actions through the Django test client: each allowed and refused by role, a
refusal shown as a message with nothing changed, and who may open a meeting's page at all."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import PASSWORD, host_client
from tests.workflows.agenda_people import SLUG, _person, _user, admin_client, meeting_on, organisation
from yishi.tenants.structure.models import Department
from yishi.workflows.agenda import actions
from yishi.workflows.agenda.models import Agenda, AgendaItem, Topic
from yishi.workflows.attendance.actions import invite, request_leave
from yishi.workflows.attendance.models import Invitation, LeaveRequest
from yishi.workflows.notices.models import Notice
from yishi.workflows.scheduling.models import Meeting


def monday(weeks: int) -> str:
    """A Monday `weeks` weeks after the next one (the admin acts at the real present)."""
    today = timezone.localdate()
    return (today + dt.timedelta(days=7 - today.weekday() + 7 * weeks)).isoformat()


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def org(org_a):
    with tenant_context(org_a):
        org = organisation()
        org.meeting, org.later = meeting_on(monday(1)), meeting_on(monday(2))
        org.topic = actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="办公用房调整",
                                         content={"background": "b", "proposal": "p"})
        actions.transition_topic(org.topic, "submit", actor=org.users.head)
    org.clients = {name: admin_client(org_a, name) for name in ("secretary", "head", "head2", "director", "deputy")}
    return org


def act(org, who: str, topic: Topic, transition: str, **data) -> str:
    """POST a transition on the topic's page as `who`; the page it redirects to."""
    client = org.clients[who]
    response = client.post(f"/admin/yishi/topics/{topic.pk}/", {"transition": transition, **data}, follow=True)
    assert response.redirect_chain == [(f"/admin/yishi/topics/{topic.pk}/", 302)]
    return page(response)


def state(org_a, topic: Topic) -> str:
    with tenant_context(org_a):
        return Topic.objects.get(pk=topic.pk).state


def test_each_topic_transition_allowed_and_refused_by_role(org_a, org):
    topic = org.topic
    owner_view = page(org.clients["head"].get(f"/admin/yishi/topics/{topic.pk}/"))
    assert 'data-transition="withdraw"' in owner_view and 'data-transition="accept"' not in owner_view
    assert "无权执行“通过形式审核”" in act(org, "head", topic, "accept")  # the owner is no office
    assert state(org_a, topic) == "submitted"
    assert "此操作必须填写理由" in act(org, "secretary", topic, "return")
    assert state(org_a, topic) == "submitted"
    returned = act(org, "secretary", topic, "return", comment="缺少数据支撑")
    assert state(org_a, topic) == "returned" and "缺少数据支撑" in returned and "已退回" in returned
    act(org, "head", topic, "submit")
    act(org, "secretary", topic, "accept")
    assert "无权执行“审定”" in act(org, "secretary", topic, "approve")
    act(org, "director", topic, "approve")
    assert state(org_a, topic) == "approved"
    assert "无权执行“列入议程”" in act(org, "head", topic, "place", meeting=org.later.pk)
    act(org, "secretary", topic, "place", meeting=org.later.pk)
    with tenant_context(org_a):
        assert AgendaItem.objects.get(topic=topic).meeting == org.later
    assert "请填写调研完成时限" in act(org, "director", topic, "defer", comment="补充调研")
    assert "无权执行" in act(org, "secretary", topic, "defer", comment="补充调研",
                           research_due=(timezone.localdate() + dt.timedelta(days=20)).isoformat())
    act(org, "director", topic, "defer", comment="补充调研",
        research_due=(timezone.localdate() + dt.timedelta(days=20)).isoformat())
    with tenant_context(org_a):
        topic.refresh_from_db()
        assert (topic.state, topic.research_assignment) == ("deferred", "补充调研")
        assert not AgendaItem.objects.filter(topic=topic).exists()
        assert list(topic.events.values_list("transition", "actor__username")) == [
            ("submit", "head"), ("return", "secretary"), ("submit", "head"), ("accept", "secretary"),
            ("approve", "director"), ("place", "secretary"), ("defer", "director")]
    log = page(org.clients["head"].get(f"/admin/yishi/topics/{topic.pk}/"))
    assert "暂缓，交调研" in log and "补充调研" in log  # the audit log, with names


def test_reject_withdraw_and_late_admission_by_role(org_a, org):
    with tenant_context(org_a):
        second = actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="第二个议题",
                                      content={"background": "b", "proposal": "p"})
        actions.transition_topic(second, "submit", actor=org.users.head)
        late = actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="逾期议题",
                                    content={"background": "b", "proposal": "p"}, meeting=org.meeting)
        actions.transition_topic(late, "submit", actor=org.users.head,
                                 now=actions.topic_deadline(org.meeting) + dt.timedelta(minutes=1))
        assert (late.late, late.meeting) == (True, org.later)
    act(org, "secretary", org.topic, "accept")
    assert "无权执行“不予审定”" in act(org, "head", org.topic, "reject", comment="不属议事范围")
    act(org, "deputy", org.topic, "reject", comment="不属议事范围")  # a leader
    assert state(org_a, org.topic) == "rejected"
    assert "无权执行“撤回”" in act(org, "head2", second, "withdraw")  # the department's other head reads, no more
    assert state(org_a, second) == "submitted"
    act(org, "head", second, "withdraw")
    assert state(org_a, second) == "withdrawn"
    assert "只有会议主持人可以同意逾期议题上会" in act(org, "secretary", late, "admit_late")
    act(org, "director", late, "admit_late", comment="情况紧急")
    with tenant_context(org_a):
        late.refresh_from_db()
        assert (late.meeting, late.admitted_late) == (org.meeting, True)
        assert late.events.last().transition == "admit_late"


def test_who_may_open_topic_and_meeting_pages(org_a, org_b, org):
    topic, meeting = org.topic, org.meeting
    # The department's other head reads the topic, with nothing to do; another department's head gets 404.
    assert "您当前没有可办理的操作" in page(org.clients["head2"].get(f"/admin/yishi/topics/{topic.pk}/"))
    with tenant_context(org_a):
        Department.objects.create(slug="planning", name="规划科")
        _person("吴科长", _user("head3", "department_heads"), department="planning")
    assert admin_client(org_a, "head3").get(f"/admin/yishi/topics/{topic.pk}/").status_code == 404
    assert host_client(org_a).get(f"/admin/yishi/topics/{topic.pk}/").status_code == 302  # to the login page
    assert org.clients["head2"].get(f"/admin/yishi/meetings/{meeting.pk}/").status_code == 404  # not invited
    assert f"/admin/yishi/meetings/{meeting.pk}/" not in page(org.clients["head2"].get("/admin/yishi/meetings/"))
    assert f"/admin/yishi/meetings/{meeting.pk}/" in page(org.clients["secretary"].get("/admin/yishi/meetings/"))
    assert org.clients["head"].get(f"/admin/yishi/meetings/{meeting.pk}/").status_code == 404
    with tenant_context(org_a):
        invite(meeting)  # the head of approvals is an observer
        secret = meeting_on(monday(3), confidentiality="confidential")
    assert org.clients["head"].get(f"/admin/yishi/meetings/{meeting.pk}/").status_code == 200
    # A confidential meeting: its attendees and the roles its rules name (the secretary records it).
    assert org.clients["secretary"].get(f"/admin/yishi/meetings/{secret.pk}/").status_code == 200
    assert org.clients["deputy"].get(f"/admin/yishi/meetings/{secret.pk}/").status_code == 404  # not yet invited
    superuser = host_client(org_a)
    assert superuser.post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    assert superuser.get(f"/admin/yishi/meetings/{secret.pk}/").status_code == 404
    with tenant_context(org_a):
        invite(secret)
    assert org.clients["deputy"].get(f"/admin/yishi/meetings/{secret.pk}/").status_code == 200
    other = host_client(org_b)
    assert other.post("/admin/login/", {"username": "bob", "password": PASSWORD}).status_code == 302
    assert other.get(f"/admin/yishi/meetings/{meeting.pk}/").status_code == 404
    assert other.get(f"/admin/yishi/topics/{topic.pk}/").status_code == 404


def test_agenda_sign_in_and_leave_on_the_meeting_page(org_a, org):
    with tenant_context(org_a):
        meeting = org.meeting
        for topic in (org.topic,):
            actions.transition_topic(topic, "accept", actor=org.users.secretary)
            actions.transition_topic(topic, "approve", actor=org.users.director)
        actions.compile_agenda(meeting)
        standing = actions.add_standing_item(meeting, "上次会议决定事项落实情况")
        first = AgendaItem.objects.get(topic=org.topic)
        invitations = {i.person.name: i for i in invite(meeting)}
    url = f"/admin/yishi/meetings/{meeting.pk}/"
    office, director = org.clients["secretary"], org.clients["director"]
    assert "保存顺序" in page(office.get(url)) and "保存顺序" not in page(director.get(url))
    order = {f"item_{first.pk}": 1, f"item_{standing.pk}": 2}
    assert "只有办公室可以调整议程顺序" in page(director.post(url + "reorder/", order, follow=True))
    page(office.post(url + "reorder/", order, follow=True))
    with tenant_context(org_a):
        assert list(AgendaItem.objects.filter(meeting=meeting).order_by("position")) == [first, standing]
    page(office.post(url + "agenda/", {"transition": "sign_off"}, follow=True))
    assert "无权执行“领导审定”" in page(office.post(url + "agenda/", {"transition": "approve"}, follow=True))
    done = page(director.post(url + "agenda/", {"transition": "approve"}, follow=True))
    assert "议程已办理" in done
    with tenant_context(org_a):
        assert Agenda.objects.get(meeting=meeting).state == "approved"

    deputy = invitations["李副主任"]
    assert "我要请假" in page(org.clients["deputy"].get(url))
    refused = org.clients["head"].post(f"/admin/yishi/invitations/{deputy.pk}/leave/", {"reason": "代请"}, follow=True)
    assert "只有参会人本人或办公室可以请假" in page(refused)
    page(org.clients["deputy"].post(f"/admin/yishi/invitations/{deputy.pk}/leave/", {"reason": "出差"}, follow=True))
    with tenant_context(org_a):
        request = LeaveRequest.objects.get(invitation=deputy)
    decision = {"request": request.pk, "decision": "approve"}
    assert "无权执行“批准请假”" in page(office.post(url + "leave/", decision, follow=True))
    page(director.post(url + "leave/", decision, follow=True))
    with tenant_context(org_a):
        request.refresh_from_db()
        assert request.state == "approved"
        assert Invitation.objects.filter(meeting=meeting, person=org.people.deputy_b).exists()  # the B holder

    chair = invitations["张主任"]
    assert "只有办公室或会议记录人可以代为签到" in page(
        org.clients["head"].post(url + "sign-in/", {"invitation": chair.pk}, follow=True))
    page(office.post(url + "sign-in/", {"invitation": chair.pk}, follow=True))
    with tenant_context(org_a):
        chair.refresh_from_db()
        assert chair.signed_in_by == org.users.secretary


def test_leave_for_a_period_through_the_admin_is_all_or_nothing(org_a, org):
    with tenant_context(org_a):
        invitations = [{i.person.name: i for i in invite(m)}["李副主任"] for m in (org.meeting, org.later)]
        request_leave(invitations[1], "已请过", actor=org.users.deputy)
    period = {"first_day": org.meeting.date.isoformat(), "last_day": org.later.date.isoformat(), "reason": "出差"}
    refused = page(org.clients["deputy"].post("/admin/yishi/leave/", period, follow=True))
    assert "已有待审批或已批准的请假申请" in refused and org.later.date.isoformat() in refused
    with tenant_context(org_a):
        assert not LeaveRequest.objects.filter(invitation=invitations[0]).exists()
        LeaveRequest.objects.filter(invitation=invitations[1]).update(state="cancelled")
    page(org.clients["deputy"].post("/admin/yishi/leave/", period, follow=True))
    with tenant_context(org_a):
        assert LeaveRequest.objects.filter(invitation__in=invitations, state="requested").count() == 2


def test_ad_hoc_meetings_proposed_in_the_admin_by_whom_the_rules_allow(org_a, org):
    starts = timezone.localtime() + dt.timedelta(hours=3)
    form = {"meeting_type_slug": SLUG, "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "reason": "防汛"}
    refused = page(org.clients["head"].post("/admin/yishi/meetings/propose/", form, follow=True))
    assert "您不在任何会议规则的临时会议提议人之列" in refused  # and the meetings page offers no button
    assert "/admin/yishi/meetings/propose/" not in page(org.clients["head"].get("/admin/yishi/meetings/"))
    assert "/admin/yishi/meetings/propose/" in page(org.clients["director"].get("/admin/yishi/meetings/"))
    too_soon = page(org.clients["director"].post("/admin/yishi/meetings/propose/", form))
    assert "临时会议须至少提前 24 小时通知" in too_soon
    with tenant_context(org_a):
        assert not Meeting.objects.filter(kind__in=["ad_hoc", "emergency"]).exists()
    response = org.clients["director"].post("/admin/yishi/meetings/propose/", {**form, "emergency": "on"})
    with tenant_context(org_a):
        meeting = Meeting.objects.get(kind="emergency")
        assert Notice.objects.get(meeting=meeting).immediate is True
    assert response.status_code == 302 and response["Location"] == f"/admin/yishi/meetings/{meeting.pk}/"
