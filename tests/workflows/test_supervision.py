"""Action items and supervision: lifecycle by role, change requests, reminders, escalation, board, reports."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.workflows.decision_setup import meeting_on, setup_organisation
from yishi.workflows.notices.models import Delivery, Notice
from yishi.workflows.supervision import actions, board, documents, reminders
from yishi.workflows.supervision.actions import Assignment
from yishi.workflows.supervision.models import ActionItem, ChangeRequest, SupervisionReport


@pytest.fixture
def org(in_org_a):
    return setup_organisation()


def assign(org, **overrides) -> ActionItem:
    fields = {"title": "制定窗口服务提升方案", "owner_department": org.approvals, "owner": org.people.clerk,
              "leader": org.people.deputy, "due_workdays": 5, **overrides}
    return actions.assign(org.meeting, Assignment(**fields), actor=org.people.secretary.user)


def supervision_notices(item, kind=None):
    prefix = f"supervision:{kind}:{item.pk}:" if kind else "supervision:"
    notices = Notice.objects.filter(dedupe_key__startswith=prefix)
    return notices if kind else [n for n in notices if f":{item.pk}" in n.dedupe_key]


def test_an_item_goes_through_its_lifecycle_by_role(org):
    p = org.people
    item = assign(org)
    # Five working days from Friday 26 September 2025: the 28th is a make-up Sunday, then National Day.
    assert item.due_date == dt.date(2025, 10, 10)
    assert Notice.objects.get(dedupe_key=f"supervision:assigned:{item.pk}").deliveries.get(
        channel="inbox").person == p.clerk
    with pytest.raises(PermissionDenied):
        actions.act(item, "start", user=p.outsider.user)
    report = actions.report_progress(item, user=p.clerk.user, text="已完成调研", percent=40,
                                     files=[SimpleUploadedFile("调研.txt", "调研纪要".encode())])
    item.refresh_from_db()
    assert item.state == "in_progress"
    assert report.attachments.get().file.read().decode() == "调研纪要"
    with pytest.raises(PermissionDenied):
        actions.act(item, "complete", user=p.supervisor.user, comment="办完了")
    with pytest.raises(ValidationError) as error:
        actions.act(item, "complete", user=p.clerk.user)
    assert "comment" in error.value.message_dict
    actions.act(item, "complete", user=p.clerk.user, comment="方案已印发")
    with pytest.raises(PermissionDenied):
        actions.act(item, "verify", user=p.clerk.user)
    actions.act(item, "send_back", user=p.supervisor.user, comment="缺少附件")
    assert (item.state, item.done_on) == ("in_progress", None)
    actions.act(item, "complete", user=p.head.user, comment="补充附件")  # the department head may report too
    actions.act(item, "verify", user=p.supervisor.user)
    actions.act(item, "archive", user=p.secretary.user)
    item.refresh_from_db()
    assert item.state == "archived" and item.done_on == timezone.localdate()
    assert list(item.events.values_list("transition", "actor__person__name")) == [
        ("assign", "周秘书"), ("start", "钱办事员"), ("complete", "钱办事员"), ("send_back", "孙督查"),
        ("complete", "赵科长"), ("verify", "孙督查"), ("archive", "周秘书")]


def test_a_department_head_of_another_department_has_no_say(org):
    item = assign(org, owner_department=org.office, owner=org.people.outsider)
    with pytest.raises(PermissionDenied):
        actions.report_progress(item, user=org.people.head.user, text="进展")


def test_bad_assignments_are_refused_with_field_errors_and_nothing_written(org):
    with pytest.raises(ValidationError) as error:
        assign(org, owner=None, due_workdays=None)
    assert set(error.value.message_dict) == {"owner", "due_date"}
    with pytest.raises(ValidationError) as error:
        assign(org, due_workdays=None, due_date=dt.date(2025, 9, 1))
    assert "早于会议日期" in error.value.message_dict["due_date"][0]
    assert not ActionItem.objects.exists() and not Notice.objects.exists()


def test_a_delay_needs_the_chair_and_goes_to_the_next_meeting(org):
    p = org.people
    item = assign(org)
    # "Now" is the real date; a meeting of this type in the future is the next one.
    next_meeting = meeting_on(dt.date.today() + dt.timedelta(days=30), status="planned")
    with pytest.raises(ValidationError) as error:
        actions.request_change(item, user=p.clerk.user, kind="delay", reason="", proposed_due_date=item.due_date)
    assert set(error.value.message_dict) == {"reason", "proposed_due_date"}
    change = actions.request_change(item, user=p.clerk.user, kind="delay", reason="需等待上级批复",
                                    proposed_due_date=dt.date(2025, 10, 31))
    assert change.next_meeting == next_meeting
    with pytest.raises(PermissionDenied):
        actions.decide_change(change, "approve", user=p.supervisor.user)
    actions.decide_change(change, "approve", user=p.director.user, comment="同意延期")
    item.refresh_from_db()
    assert (change.state, item.due_date) == (ChangeRequest.State.APPROVED, dt.date(2025, 10, 31))
    assert item.events.last().transition == "change_delay"


def kinds(item) -> list[str]:
    return sorted(n.dedupe_key.split(":")[1] for n in Notice.objects.filter(dedupe_key__contains=f":{item.pk}:")
                  if n.dedupe_key.split(":")[2] == str(item.pk))


def test_escalation_counts_working_days_across_national_day(org):
    # Due Tuesday 30 September 2025; 1–8 October are holidays, Saturday 11 October is a make-up working day.
    item = assign(org, due_workdays=None, due_date=dt.date(2025, 9, 30))
    # Fresh from the meeting: no progress reminder yet (5 working days), the due date is 2 working days off.
    reminders.scan(dt.date(2025, 9, 26))
    assert kinds(item) == ["due_soon"]
    for day in (dt.date(2025, 10, 3), dt.date(2025, 10, 8)):  # calendar days overdue, no working day yet
        reminders.scan(day)
    assert kinds(item) == ["due_soon"]
    reminders.scan(dt.date(2025, 10, 9))  # 1 working day overdue: the owner is chased
    assert kinds(item) == ["due_soon", "overdue"]
    reminders.scan(dt.date(2025, 10, 10))  # 2: not yet more than escalate_after_workdays
    assert kinds(item) == ["due_soon", "overdue"]
    reminders.scan(dt.date(2025, 10, 11))  # 3, on the make-up Saturday: to the owner's leader
    assert kinds(item) == ["due_soon", "escalate_leader", "overdue"]
    assert Notice.objects.get(dedupe_key=f"supervision:escalate_leader:{item.pk}:2025-09-30").deliveries.get(
        channel="inbox").person == org.people.deputy
    reminders.scan(dt.date(2025, 10, 13))  # 4
    assert "escalate_chair" not in kinds(item)
    reminders.scan(dt.date(2025, 10, 14))  # 5 > 2 × 2: to the chair
    chair_notice = Notice.objects.get(dedupe_key=f"supervision:escalate_chair:{item.pk}:2025-09-30")
    assert chair_notice.deliveries.get(channel="inbox").person == org.people.director
    assert "逾期 5 个工作日" in chair_notice.body


def test_a_duplicated_tick_sends_nothing_twice(org):
    item = assign(org, due_workdays=None, due_date=dt.date(2025, 10, 9))
    first = reminders.scan(dt.date(2025, 10, 20))
    notices, deliveries = Notice.objects.count(), Delivery.objects.count()
    second = reminders.scan(dt.date(2025, 10, 20))
    assert first.sent == {"overdue": 1, "escalate_leader": 1, "escalate_chair": 1}
    assert second.sent == {}
    assert (Notice.objects.count(), Delivery.objects.count()) == (notices, deliveries)
    assert item.state == "assigned"


def test_progress_is_asked_for_at_the_rules_interval(org):
    item = assign(org, due_workdays=None, due_date=dt.date(2025, 12, 31))
    reminders.scan(dt.date(2025, 10, 9))  # 4 working days since the meeting: 26, 28 (make-up Sunday), 29, 30 Sep
    assert kinds(item) == []
    reminders.scan(dt.date(2025, 10, 10))
    assert kinds(item) == ["progress"]


def test_a_rolled_back_transaction_sends_nothing(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            assign(org, due_workdays=None, due_date=dt.date(2025, 10, 9))
            reminders.scan(dt.date(2025, 10, 20))
            assert Notice.objects.exists()
            raise RuntimeError("the clerk's save failed")
    assert callbacks == []
    assert not ActionItem.objects.exists() and not Notice.objects.exists() and not Delivery.objects.exists()


def test_the_board_shows_traffic_lights_per_department_and_leader(org):
    today = dt.date(2025, 10, 13)
    on_track = assign(org, title="甲", due_workdays=None, due_date=dt.date(2025, 10, 31))
    soon = assign(org, title="乙", due_workdays=None, due_date=dt.date(2025, 10, 16))  # 3 working days left
    late = assign(org, title="丙", due_workdays=None, due_date=dt.date(2025, 10, 10), owner_department=org.office,
                  owner=org.people.outsider, leader=None)
    done = assign(org, title="丁", due_workdays=None, due_date=dt.date(2025, 10, 10))
    actions.act(done, "complete", user=org.people.clerk.user, comment="完成")
    result = board.board(today=today)
    lights = {item.title: colour for item, colour in result.items}
    assert lights == {"甲": "green", "乙": "yellow", "丙": "red", "丁": "done"}
    assert [item.title for item, _ in result.items] == ["丙", "乙", "甲", "丁"]
    departments = {row.label: row.counts for row in result.departments}
    assert departments["审批科"] == {"green": 1, "yellow": 1, "red": 0, "done": 1}
    assert departments["办公室"]["red"] == 1
    leaders = {row.label: row.total for row in result.leaders}
    assert leaders == {"李副主任": 3, "未指定分管领导": 1}
    assert on_track.pk and soon.pk and late.pk


def test_the_monthly_report_is_a_document_with_the_overdue_list(org, settings, tmp_path):
    from docx import Document

    settings.MEDIA_ROOT = str(tmp_path)
    late = assign(org, title="逾期未办的事项", due_workdays=None, due_date=dt.date(2025, 10, 9))
    done = assign(org, title="按期办结的事项", due_workdays=None, due_date=dt.date(2025, 10, 31))
    actions.act(done, "complete", user=org.people.clerk.user, comment="完成")
    ActionItem.objects.filter(pk=done.pk).update(done_on=dt.date(2025, 10, 20))
    report = SupervisionReport.objects.create(period="month", start=dt.date(2025, 10, 1), end=dt.date(2025, 10, 31))
    documents.write_report(report.pk)
    report.refresh_from_db()
    assert report.figures["finished"] == 1 and report.figures["on_time_rate"] == 1.0
    assert [row["title"] for row in report.figures["overdue"]] == [late.title]
    text = "\n".join(p.text for p in Document(io.BytesIO(report.file.read())).paragraphs)
    assert "按期办结率 100.0%" in text
    table = Document(io.BytesIO(open(report.file.path, "rb").read())).tables[0]
    assert table.rows[1].cells[0].text == "逾期未办的事项"
    assert documents.period_bounds("quarter", dt.date(2025, 11, 5)) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))


def test_items_and_scans_stay_inside_their_organisation(org, org_b):
    item = assign(org, due_workdays=None, due_date=dt.date(2025, 10, 9))
    with tenant_context(org_b):
        assert not ActionItem.objects.filter(pk=item.pk).exists()
        assert reminders.scan(dt.date(2025, 10, 20)).items == 0
        assert not Notice.objects.exists()


def test_the_next_meeting_opens_with_what_became_of_earlier_decisions(org):
    from yishi.workflows.agenda.actions import compile_agenda
    from yishi.workflows.agenda.models import AgendaItem
    from yishi.workflows.supervision.loop import follow_up_report

    late = assign(org, title="逾期事项", due_workdays=None, due_date=dt.date(2025, 10, 9))
    soon = assign(org, title="临近事项", due_workdays=None, due_date=dt.date(2025, 10, 29))
    done = assign(org, title="已办事项", due_workdays=None, due_date=dt.date(2025, 10, 20))
    actions.act(done, "complete", user=org.people.clerk.user, comment="完成")
    next_meeting = meeting_on(dt.date(2025, 10, 27), status="planned")
    actions.ChangeRequest.objects.create(item=soon, kind="delay", reason="等待批复", previous_due_date=soon.due_date,
                                         proposed_due_date=dt.date(2025, 11, 28), next_meeting=next_meeting)
    report = follow_up_report(next_meeting)
    assert ([i.title for i in report["overdue"]], [i.title for i in report["due_soon"]],
            [i.title for i in report["done"]], len(report["change_requests"])) == (
        ["逾期事项"], ["临近事项"], ["已办事项"], 1)
    compile_agenda(next_meeting, now=next_meeting.starts_at - dt.timedelta(days=3))
    compile_agenda(next_meeting, now=next_meeting.starts_at - dt.timedelta(days=3))  # idempotent
    standing = AgendaItem.objects.get(meeting=next_meeting, kind="standing")
    assert standing.position == 0
    assert standing.title == "上次会议决定事项落实情况（已办结1项，临近时限1项，逾期1项，变更申请1项）"
    assert late.pk
    assert not AgendaItem.objects.filter(meeting=org.meeting).exists()  # the first meeting had nothing earlier
