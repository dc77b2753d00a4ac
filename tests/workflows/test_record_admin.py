"""The admin forms for the meeting record and for action items: allowed and forbidden by role through
the test client (POST with the CSRF token, redirect, a message); refusals change nothing."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import tenant_context

from tests.support import host_client
from tests.workflows.test_deliberation import sitting
from yishi.tenants.structure.models import Person
from yishi.workflows.agenda.models import AgendaItem
from yishi.workflows.deliberation.models import Decision, ItemRecord, Opinion
from yishi.workflows.supervision import actions
from yishi.workflows.supervision.actions import Assignment
from yishi.workflows.supervision.models import ActionItem, ChangeRequest


class Admin:
    """A signed-in admin user whose POSTs carry the CSRF token, as a browser's would."""

    def __init__(self, organisation, user):
        self.client = host_client(organisation, enforce_csrf_checks=True)
        self.organisation = organisation
        with tenant_context(organisation):
            self.client.force_login(user)

    def get(self, url, **params):
        return self.client.get(url, params)

    def post(self, url, data):
        """POST from the page at `url`'s form; returns (response, the messages it left)."""
        self.client.get(reverse("wagtailadmin_home"))  # sets the CSRF cookie
        response = self.client.post(url, {**data, "csrfmiddlewaretoken": self.client.cookies["csrftoken"].value})
        return response, [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def meeting(in_org_a, org_a):
    org = sitting(10)  # 10 of 15 members in the room, sheet frozen, one item record open
    org.admin = lambda person: Admin(org_a, person.user)
    org.page = reverse("yishi_meeting_record", args=[org.meeting.pk])
    return org


def post_opinion(org, admin, person, stance="agree", reason=""):
    return admin.post(reverse("yishi_record_opinion", args=[org.meeting.pk]),
                      {"record": org.record.pk, "person": person.pk, "stance": stance, "reason": reason})


def test_the_secretary_records_opinions_with_the_chair_last_and_the_decision(meeting):
    org, p = meeting, meeting.people
    secretary = org.admin(p.secretary)
    page = secretary.get(org.page)
    assert page.status_code == 200 and "窗口人员调整" in page.content.decode()
    response, messages = post_opinion(org, secretary, p.director)
    assert response.status_code == 302 and response["Location"] == org.page
    assert messages[0].startswith("发言人：主持人须最后表态：") and not Opinion.objects.exists()
    others = [person for person in org.present if person != p.director]
    for person in others:
        assert post_opinion(org, secretary, person)[1] == ["已记录发言意见"]
    assert post_opinion(org, secretary, p.director, "amend", "明确时间表")[1] == ["已记录发言意见"]
    assert list(Opinion.objects.values_list("person", flat=True).order_by("order")) == [
        person.pk for person in [*others, p.director]]
    decide = reverse("yishi_record_decide", args=[org.meeting.pk])
    _response, messages = secretary.post(decide, {"record": org.record.pk, "outcome": "adopted", "text": "同意",
                                                  "method": "show_of_hands", "votes_for": "abc"})
    assert messages == ["同意：输入整数。"] and not Decision.objects.exists()  # the field and the reason
    _response, messages = secretary.post(decide, {"record": org.record.pk, "outcome": "adopted", "text": "同意调整",
                                                  "method": "show_of_hands", "votes_for": 9, "votes_against": 1})
    assert messages == ["已记录决定"]
    decision = Decision.objects.get()
    assert (decision.votes_for, decision.present, decision.members) == (9, 10, 15)
    assign = reverse("yishi_record_assign", args=[org.meeting.pk])
    _response, messages = secretary.post(assign, {"decision": decision.pk, "title": "印发调整通知",
                                                  "owner_department": org.approvals.pk})
    assert "责任人：本会议规则要求每项决定落实到责任人" in messages[0] and not ActionItem.objects.exists()
    _response, messages = secretary.post(assign, {"decision": decision.pk, "title": "印发调整通知",
                                                  "owner_department": org.approvals.pk, "owner": p.clerk.pk,
                                                  "due_workdays": 5})
    assert messages == ["已交办督办事项"]
    item = ActionItem.objects.get()
    assert (item.decision, item.due_date) == (decision, dt.date(2025, 10, 10))
    assert "印发调整通知" in secretary.get(org.page).content.decode()


def test_an_agenda_item_gets_its_record_and_the_quorum_refusal_is_shown(in_org_a, org_a):
    org = sitting(7)
    secretary = Admin(org_a, org.people.secretary.user)
    item = AgendaItem.objects.create(meeting=org.meeting, position=1, title="人事任免")
    _response, messages = secretary.post(reverse("yishi_record_open", args=[org.meeting.pk]),
                                         {"agenda_item": item.pk, "matter": "personnel"})
    assert messages == ["已建立议题记录"]
    record = ItemRecord.objects.get(agenda_item=item)
    _response, messages = secretary.post(reverse("yishi_record_decide", args=[org.meeting.pk]), {
        "record": record.pk, "outcome": "adopted", "text": "同意", "method": "show_of_hands", "votes_for": 7})
    assert messages == ["未达到法定人数：应到 15 人，实到 7 人，须至少 10 人（7 of 15 present, 10 required）"]
    assert not Decision.objects.exists()
    page = secretary.client.get(reverse("yishi_meeting_record", args=[org.meeting.pk]))
    assert "人事任免" in page.content.decode()


def test_only_recorders_record_and_a_confidential_record_is_hidden(meeting, org_b):
    org, p = meeting, meeting.people
    clerk = org.admin(p.clerk)  # invited and present, but not a recorder
    assert clerk.get(org.page).status_code == 200
    _response, messages = post_opinion(org, clerk, org.present[1])
    assert messages == ["只有会议记录人、办公室或主持人可以记录"] and not Opinion.objects.exists()
    type(org.meeting).objects.filter(pk=org.meeting.pk).update(confidentiality="confidential")
    outsider = org.admin(p.outsider)
    assert outsider.get(org.page).status_code == 404
    response, _messages = post_opinion(org, outsider, org.present[1])
    assert response.status_code == 404 and not Opinion.objects.exists()
    bob = host_client(org_b)
    with tenant_context(org_b):
        from django.contrib.auth.models import User

        bob.force_login(User.objects.get(username="bob"))
    assert bob.get(org.page).status_code == 404  # organisation B has no such meeting


def test_a_post_without_the_csrf_token_is_refused(meeting):
    secretary = meeting.admin(meeting.people.secretary)
    response = secretary.client.post(reverse("yishi_record_opinion", args=[meeting.meeting.pk]), {
        "record": meeting.record.pk, "person": meeting.present[1].pk, "stance": "agree"})
    assert response.status_code == 403 and not Opinion.objects.exists()


@pytest.fixture
def item(in_org_a, org_a):
    org = sitting(10)
    org.admin = lambda person: Admin(org_a, person.user)
    org.item = actions.assign(org.meeting, Assignment("制定窗口服务提升方案", org.approvals, org.people.clerk,
                                                      org.people.deputy, due_date=dt.date(2025, 10, 10)),
                              actor=org.people.secretary.user)
    org.url = reverse("supervision_item", args=[org.item.pk])
    return org


def buttons(admin, url) -> set[str]:
    html = admin.get(url).content.decode()
    return {name for name in ("start", "complete", "verify", "send_back", "archive")
            if f'data-transition="{name}"' in html}


def test_action_item_buttons_and_transitions_follow_the_roles(item):
    p = item.people
    clerk, supervisor, outsider = item.admin(p.clerk), item.admin(p.supervisor), item.admin(p.outsider)
    assert buttons(clerk, item.url) == {"start", "complete"}
    assert buttons(supervisor, item.url) == {"start"}  # a member of 办公室, the organiser: the office role
    assert buttons(outsider, item.url) == set()
    act = reverse("supervision_item_act", args=[item.item.pk])
    assert outsider.post(act, {"transition": "start"})[1][0].startswith("无权执行“开始办理”")
    assert clerk.post(act, {"transition": "complete"})[1] == ["意见：此操作必须填写理由"]
    item.item.refresh_from_db()
    assert item.item.state == "assigned"
    progress = reverse("supervision_item_progress", args=[item.item.pk])
    _response, messages = clerk.post(progress, {"text": "已完成调研", "percent": 40,
                                                "files": [SimpleUploadedFile("调研.txt", "调研纪要".encode())]})
    assert messages == ["已反馈进展"]
    report = item.item.progress_reports.get()
    attachment = reverse("supervision_attachment", args=[item.item.pk, report.attachments.get().pk])
    assert b"".join(clerk.get(attachment).streaming_content).decode() == "调研纪要"
    assert clerk.post(act, {"transition": "complete", "comment": "方案已印发"})[1] == ["已办理"]
    assert buttons(supervisor, item.url) == {"verify", "send_back"}
    assert clerk.post(act, {"transition": "verify"})[1][0].startswith("无权执行“核实办结”")
    assert supervisor.post(act, {"transition": "verify"})[1] == ["已办理"]
    item.item.refresh_from_db()
    assert item.item.state == "verified"
    assert list(item.item.events.values_list("transition", flat=True)) == ["assign", "start", "complete", "verify"]


def test_a_change_request_is_decided_by_the_approver_the_rules_name(item):
    p = item.people
    clerk, supervisor, director = item.admin(p.clerk), item.admin(p.supervisor), item.admin(p.director)
    change = reverse("supervision_item_change", args=[item.item.pk])
    assert clerk.post(change, {"kind": "delay", "reason": "等待批复", "proposed_due_date": "2025-10-01"})[1] == [
        "申请时限：新的办结日期须晚于原时限 2025-10-10"]
    assert supervisor.post(change, {"kind": "delay", "reason": "等待批复",
                                    "proposed_due_date": "2025-10-31"})[1][0].startswith("无权执行")
    assert clerk.post(change, {"kind": "delay", "reason": "等待批复", "proposed_due_date": "2025-10-31"})[1] == [
        "变更申请已提交"]
    request = ChangeRequest.objects.get()
    decide = reverse("supervision_change_decide", args=[item.item.pk])
    assert 'class="yishi-change-decide"' not in clerk.get(item.url).content.decode()
    assert clerk.post(decide, {"change": request.pk, "decision": "approve"})[1][0].startswith("无权执行“同意变更”")
    assert 'class="yishi-change-decide"' in director.get(item.url).content.decode()  # the chair of the type
    assert director.post(decide, {"change": request.pk, "decision": "approve", "comment": "同意"})[1] == [
        "变更申请已审批"]
    item.item.refresh_from_db()
    assert item.item.due_date == dt.date(2025, 10, 31)


def test_the_listing_filters_and_its_queries_do_not_grow_with_the_items(item, org_b):
    p = item.people
    clerk = item.admin(p.clerk)
    listing = reverse("supervision_items")
    assert "制定窗口服务提升方案" in clerk.get(listing, state="assigned").content.decode()
    assert "制定窗口服务提升方案" not in clerk.get(listing, state="done").content.decode()
    assert "制定窗口服务提升方案" not in clerk.get(listing, department=item.office.pk).content.decode()
    assert "制定窗口服务提升方案" in clerk.get(listing, due_from="2025-10-10", due_to="2025-10-10").content.decode()
    assert "制定窗口服务提升方案" not in clerk.get(listing, due_to="2025-10-09").content.decode()
    assert clerk.get(listing, due_to="not-a-date").status_code == 200

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert clerk.get(listing).status_code == 200
        return len(captured)

    few = queries()
    for n in range(5):
        actions.assign(item.meeting, Assignment(f"事项{n}", item.approvals, p.clerk, due_workdays=5))
    assert queries() == few
    bob = host_client(org_b)
    with tenant_context(org_b):
        from django.contrib.auth.models import User

        bob.force_login(User.objects.get(username="bob"))
    assert bob.get(item.url).status_code == 404
    assert "制定窗口服务提升方案" not in bob.get(listing).content.decode()


def test_the_record_page_offers_the_rules_methods_and_matters_and_says_where_things_stand(meeting):
    org, p = meeting, meeting.people
    secretary = org.admin(p.secretary)
    page = secretary.get(org.page).content.decode()
    assert "会议状态：已召开" in page and "考勤：已冻结，到会 10 人" in page
    assert "一把手末位表态：主持人（王主任）须在其他到会成员发言后最后表态" in page
    assert '<option value="personnel">人事任免（须三分之二以上成员到会）</option>' in page
    assert '<option value="" selected>一般事项（须半数以上成员到会）</option>' in page
    assert '<option value="roll_call">逐一表决</option>' in page and "secret_ballot" not in page
    waiting = page.split("尚未发言：", 1)[1].split("</p>", 1)[0]
    assert waiting == "、".join(sorted(person.name for person in org.present))
    absent = next(person for person in Person.objects.filter(invitations__meeting=org.meeting)
                  if person not in org.present)
    assert f'<option value="{absent.pk}">' not in page.split('class="yishi-opinion"', 1)[1].split("</form>")[0]
    _response, messages = post_opinion(org, secretary, absent)  # opinions are the voters'
    assert messages[0].startswith("发言人：选择一个有效的选项") and not Opinion.objects.exists()
    decide = reverse("yishi_record_decide", args=[org.meeting.pk])
    response, messages = secretary.post(decide, {"record": org.record.pk, "outcome": "adopted", "text": "同意",
                                                 "method": "secret_ballot", "votes_for": 9})
    assert response.status_code == 302 and messages[0].startswith("表决方式：") and not Decision.objects.exists()
    _response, messages = secretary.post(reverse("yishi_record_open", args=[org.meeting.pk]),
                                         {"title": "预算调整", "matter": "finance"})
    assert messages[0].startswith("事项类别：") and not ItemRecord.objects.filter(title="预算调整").exists()
