"""Mutations for portals and apps: topic, leave, sign-in, progress — errors as data, bad input changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.graphql.helpers import ALL_SCOPES, data_of, errors_of, global_id, post
from tests.workflows.agenda_people import SLUG, organisation
from yishi.graphql.core.mutations import errors_from
from yishi.graphql.keys.models import ApiKey, Scope
from yishi.graphql.submissions.enums import SubmissionErrorCode
from yishi.graphql.submissions.mutations.report_progress import ReportActionItemProgress
from yishi.tenants.structure.models import Department
from yishi.workflows.agenda.models import Topic
from yishi.workflows.attendance import actions as attendance
from yishi.workflows.attendance.models import Invitation, LeaveRequest
from yishi.workflows.core.statemachine import TransitionError
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.actions import Assignment, assign
from yishi.workflows.supervision.models import ProgressReport

SUBMIT = [Scope.READ_PUBLIC, Scope.SUBMIT]
TOPIC = """mutation ($title: String!, $content: JSONString, $meeting: ID) {
  submitTopic(meetingTypeSlug: "office-meeting", title: $title, content: $content, meeting: $meeting) {
    topic { title state late } errors { field message code } } }"""
LEAVE = """mutation ($meeting: ID!, $reason: String!) { requestLeave(meeting: $meeting, reason: $reason) {
  leaveRequest { state late } errors { field message code } } }"""
SIGN_IN = """mutation ($token: String!) { signIn(token: $token) { signIn { late } errors { field code } } }"""
PROGRESS = """mutation ($item: ID!, $text: String!, $percent: Int) {
  reportActionItemProgress(item: $item, text: $text, percent: $percent) {
    progress { percent itemState } actionItem { id state progress } errors { field message code } } }"""


@pytest.fixture
def org(org_a):
    with tenant_context(org_a):
        org = organisation()
        now = timezone.now()
        starts = now + dt.timedelta(days=7)
        org.meeting = Meeting.objects.create(
            meeting_type_slug=SLUG, name="处务会", rule_date=starts.date(), date=timezone.localdate(starts),
            starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
        soon = now + dt.timedelta(minutes=30)  # its sign-in window is open, arrival not yet due
        org.soon = Meeting.objects.create(
            meeting_type_slug=SLUG, name="处务会", rule_date=soon.date() - dt.timedelta(days=1),
            date=timezone.localdate(soon), starts_at=soon, ends_at=soon + dt.timedelta(hours=2))
        attendance.invite(org.meeting)
        org.token = attendance.sign_in_link(attendance.invite(org.soon)[0]).split("/")[-2]
        org.item = assign(org.meeting, Assignment("落实窗口改造", Department.objects.get(slug="approvals"),
                                                  owner=org.people.head, due_date=starts.date() + dt.timedelta(30)))
        org.keys = {name: ApiKey.issue(name, SUBMIT, acts_as=getattr(org.users, name))[1]
                    for name in ("head", "deputy", "outsider")}
        org.keys["nobody"] = ApiKey.issue("门户", SUBMIT)[1]
        org.keys["reader"] = ApiKey.issue("只读", [Scope.READ_INTERNAL], acts_as=org.users.head)[1]
        org.keys["deputy_internal"] = ApiKey.issue("副主任", ALL_SCOPES, acts_as=org.users.deputy)[1]
        org.invitation = Invitation.objects.get(meeting=org.meeting, person=org.people.deputy)
    org.id_of = lambda type_name, pk: global_id(org_a, type_name, pk)
    return org


def result(response, name):
    return data_of(response)[name]


def counts(org_a):
    with tenant_context(org_a):
        return Topic.objects.count(), LeaveRequest.objects.count(), ProgressReport.objects.count(), \
            Invitation.objects.filter(signed_in_at__isnull=False).count()


CONTENT = '{"background": "窗口排队时间长", "proposal": "增设综合受理窗口"}'


def test_a_department_head_submits_a_topic(org, client_a):
    content = CONTENT
    variables = {"title": "关于增设综合受理窗口的议题", "content": content,
                 "meeting": org.id_of("Meeting", org.meeting.pk)}  # a week ahead: before its deadline
    answer = result(post(client_a, TOPIC, variables, key=org.keys["head"]), "submitTopic")
    assert answer == {"topic": {"title": "关于增设综合受理窗口的议题", "state": "submitted", "late": False},
                      "errors": []}


def test_bad_submissions_are_field_errors_and_change_nothing(org, org_a, client_a):
    before = counts(org_a)
    missing = result(post(client_a, TOPIC, {"title": "议题", "content": '{"background": "有"}'},
                          key=org.keys["head"]), "submitTopic")
    assert missing["topic"] is None
    assert [(e["field"], e["code"]) for e in missing["errors"]] == [("proposal", "INVALID")]  # no per-field code
    assert result(post(client_a, TOPIC, {"title": "议题", "meeting": "bm90LWFuLWlk"}, key=org.keys["head"]),
                  "submitTopic")["errors"][0]["field"] == "meeting"
    refused = result(post(client_a, TOPIC, {"title": "议题"}, key=org.keys["outsider"]), "submitTopic")
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    nobody = result(post(client_a, TOPIC, {"title": "议题"}, key=org.keys["nobody"]), "submitTopic")
    assert [(e["field"], e["code"]) for e in nobody["errors"]] == [(None, "NO_ACTING_USER")]
    meeting = org.id_of("Meeting", org.meeting.pk)
    empty = result(post(client_a, LEAVE, {"meeting": meeting, "reason": " "}, key=org.keys["deputy"]), "requestLeave")
    assert [(e["field"], e["message"]) for e in empty["errors"]] == [("reason", "请填写请假事由")]
    stranger = result(post(client_a, LEAVE, {"meeting": meeting, "reason": "出差"}, key=org.keys["outsider"]),
                      "requestLeave")
    assert [(e["field"], e["code"]) for e in stranger["errors"]] == [("meeting", "NOT_FOUND")]
    assert result(post(client_a, SIGN_IN, {"token": org.token + "x"}, key=org.keys["nobody"]),
                  "signIn")["errors"] == [{"field": "token", "code": "INVALID"}]
    item = org.id_of("ActionItem", org.item.pk)
    bad = result(post(client_a, PROGRESS, {"item": item, "text": "", "percent": 120}, key=org.keys["head"]),
                 "reportActionItemProgress")
    assert {e["field"] for e in bad["errors"]} == {"text", "percent"}
    not_owner = result(post(client_a, PROGRESS, {"item": item, "text": "进行中"}, key=org.keys["deputy"]),
                       "reportActionItemProgress")
    assert [e["code"] for e in not_owner["errors"]] == ["FORBIDDEN"]
    assert counts(org_a) == before


def test_leave_sign_in_and_progress(org, org_a, client_a):
    meeting = org.id_of("Meeting", org.meeting.pk)
    assert result(post(client_a, LEAVE, {"meeting": meeting, "reason": "出差"}, key=org.keys["deputy"]),
                  "requestLeave") == {"leaveRequest": {"state": "requested", "late": False}, "errors": []}
    assert result(post(client_a, SIGN_IN, {"token": org.token}, key=org.keys["nobody"]),
                  "signIn") == {"signIn": {"late": False}, "errors": []}
    item = org.id_of("ActionItem", org.item.pk)
    assert result(post(client_a, PROGRESS, {"item": item, "text": "已完成方案", "percent": 40}, key=org.keys["head"]),
                  "reportActionItemProgress") == {
        "progress": {"percent": 40, "itemState": "in_progress"},
        "actionItem": {"id": item, "state": "in_progress", "progress": 40}, "errors": []}


def test_submitting_needs_the_submit_scope_and_a_key_of_this_organisation(org, org_b, client_a, client_b):
    response = post(client_a, TOPIC, {"title": "议题"}, key=org.keys["reader"])
    assert errors_of(response) == ["需要权限 submit (requires scope submit)"]
    assert errors_of(post(client_a, TOPIC, {"title": "议题"})) == ["需要权限 submit (requires scope submit)"]
    assert post(client_b, TOPIC, {"title": "议题"}, key=org.keys["head"]).status_code == 401


# --- Nodes in and out: global ids, the delegate, errors naming the argument ---------------------------

NODE = """query ($id: ID!) { node(id: $id) { id ... on Topic { title state } ... on LeaveRequest { state reason }
  ... on Invitation { role } } }"""
LEAVE_WITH_DELEGATE = """mutation ($meeting: ID!, $delegate: ID) {
  requestLeave(meeting: $meeting, reason: "出差", delegate: $delegate) {
    leaveRequest { id state delegate { id name } invitation { id meeting { id } } } errors { field message code } } }"""
SUGGESTED = "query ($invitation: ID!) { suggestedDelegate(invitation: $invitation) { id name } }"


def test_mutations_return_nodes_their_author_can_fetch_again(org, client_a):
    query = TOPIC.replace("topic { title", "topic { id title")
    topic = result(post(client_a, query, {"title": "议题甲", "content": CONTENT},
                        key=org.keys["head"]), "submitTopic")["topic"]
    assert data_of(post(client_a, NODE, {"id": topic["id"]}, key=org.keys["head"]))["node"] == {
        "id": topic["id"], "title": "议题甲", "state": "submitted"}
    for other in (org.keys["deputy"], None):  # a topic is its submitter's, not a colleague's or a portal's
        assert data_of(post(client_a, NODE, {"id": topic["id"]}, key=other))["node"] is None
    meeting = org.id_of("Meeting", org.meeting.pk)
    # The meeting is internal: its invitee sees it, and their leave, with read_internal only.
    deputy = org.keys["deputy_internal"]
    leave = result(post(client_a, LEAVE_WITH_DELEGATE, {"meeting": meeting}, key=deputy),
                   "requestLeave")["leaveRequest"]
    assert leave["invitation"] == {"id": org.id_of("Invitation", org.invitation.pk), "meeting": {"id": meeting}}
    assert data_of(post(client_a, NODE, {"id": leave["id"]}, key=deputy))["node"] == {
        "id": leave["id"], "state": "requested", "reason": "出差"}
    assert data_of(post(client_a, NODE, {"id": leave["id"]}, key=org.keys["deputy"]))["node"] is None
    assert data_of(post(client_a, NODE, {"id": leave["id"]}, key=org.keys["head"]))["node"] is None


def test_leave_names_the_delegate_the_ab_roster_suggests(org, org_a, client_a):
    invitation = org.id_of("Invitation", org.invitation.pk)
    suggested = data_of(post(client_a, SUGGESTED, {"invitation": invitation}, key=org.keys["deputy_internal"]))
    assert suggested["suggestedDelegate"] == {"id": org.id_of("Person", org.people.deputy_b.pk), "name": "周副主任"}
    for other in (org.keys["deputy"], org.keys["head"]):  # no read_internal; not the invitee
        assert data_of(post(client_a, SUGGESTED, {"invitation": invitation}, key=other))["suggestedDelegate"] is None
    answer = result(post(client_a, LEAVE_WITH_DELEGATE, {"meeting": org.id_of("Meeting", org.meeting.pk),
                                                          "delegate": suggested["suggestedDelegate"]["id"]},
                         key=org.keys["deputy_internal"]), "requestLeave")
    assert answer["errors"] == [] and answer["leaveRequest"]["delegate"]["name"] == "周副主任"
    with tenant_context(org_a):
        assert LeaveRequest.objects.get().delegate == org.people.deputy_b


def test_a_bad_delegate_or_a_refused_state_is_a_field_error_and_changes_nothing(org, org_a, org_b, client_a):
    meeting = org.id_of("Meeting", org.meeting.pk)
    before = counts(org_a)
    for delegate in (global_id(org_b, "Person", org.people.deputy_b.pk),  # another organisation's id
                     org.id_of("Meeting", org.meeting.pk), org.id_of("Person", 10**9), "garbage"):
        answer = result(post(client_a, LEAVE_WITH_DELEGATE, {"meeting": meeting, "delegate": delegate},
                             key=org.keys["deputy"]), "requestLeave")
        assert [(e["field"], e["code"]) for e in answer["errors"]] == [("delegate", "NOT_FOUND")], delegate
    myself = result(post(client_a, LEAVE_WITH_DELEGATE, {"meeting": meeting,
                                                         "delegate": org.id_of("Person", org.people.deputy.pk)},
                         key=org.keys["deputy"]), "requestLeave")
    assert [(e["field"], e["code"], e["message"]) for e in myself["errors"]] == [
        ("delegate", "INVALID", "委托参会人不能是本人")]
    assert counts(org_a) == before
    assert result(post(client_a, LEAVE, {"meeting": meeting, "reason": "出差"}, key=org.keys["deputy"]),
                  "requestLeave")["errors"] == []
    again = result(post(client_a, LEAVE, {"meeting": meeting, "reason": "出差"}, key=org.keys["deputy"]),
                   "requestLeave")  # the action refuses the invitation's state: named as the `meeting` argument
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("meeting", "INVALID")]
    assert counts(org_a)[1] == before[1] + 1


def test_a_workflow_state_refusal_is_invalid_on_the_argument_that_named_the_object():
    refusal = TransitionError("当前状态“已办结”下不能执行“开始办理”", code="invalid_transition")
    assert errors_from(refusal, SubmissionErrorCode, ReportActionItemProgress._meta.error_fields) == [
        {"field": "item", "message": "当前状态“已办结”下不能执行“开始办理”", "code": SubmissionErrorCode.INVALID}]
