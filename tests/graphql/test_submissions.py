"""Mutations for portals and apps: topic, leave, sign-in, progress — errors as data, bad input changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.graphql.helpers import data_of, errors_of, global_id, post
from tests.workflows.agenda_people import SLUG, organisation
from yishi.graphql.keys.models import ApiKey, Scope
from yishi.tenants.structure.models import Department
from yishi.workflows.agenda.models import Topic
from yishi.workflows.attendance import actions as attendance
from yishi.workflows.attendance.models import Invitation, LeaveRequest
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
    progress { percent itemState } errors { field message code } } }"""


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
    org.id_of = lambda type_name, pk: global_id(org_a, type_name, pk)
    return org


def result(response, name):
    return data_of(response)[name]


def counts(org_a):
    with tenant_context(org_a):
        return Topic.objects.count(), LeaveRequest.objects.count(), ProgressReport.objects.count(), \
            Invitation.objects.filter(signed_in_at__isnull=False).count()


def test_a_department_head_submits_a_topic(org, client_a):
    content = '{"background": "窗口排队时间长", "proposal": "增设综合受理窗口"}'
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
                  "reportActionItemProgress") == {"progress": {"percent": 40, "itemState": "in_progress"},
                                                  "errors": []}


def test_submitting_needs_the_submit_scope_and_a_key_of_this_organisation(org, org_b, client_a, client_b):
    response = post(client_a, TOPIC, {"title": "议题"}, key=org.keys["reader"])
    assert errors_of(response) == ["需要权限 submit (requires scope submit)"]
    assert errors_of(post(client_a, TOPIC, {"title": "议题"})) == ["需要权限 submit (requires scope submit)"]
    assert post(client_b, TOPIC, {"title": "议题"}, key=org.keys["head"]).status_code == 401
