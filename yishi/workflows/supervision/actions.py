"""What people do with action items: assign, report progress, finish, verify, ask for changes.

Each action checks its input (ValidationError naming the field) and the actor's roles before it
writes anything, and runs in one transaction.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.rules import MeetingRules, rules_in_force
from yishi.tenants.structure.models import Department, Person
from yishi.workflows.core.statemachine import TransitionForbidden
from yishi.workflows.roles import CHAIR, DEPARTMENT_HEAD, OFFICE, SUPERVISOR, person_of, roles_of
from yishi.workflows.scheduling.models import Meeting

from .models import (
    ACTION_ITEM_STATES,
    CHANGE_REQUEST_STATES,
    OPEN_STATES,
    ActionItem,
    ChangeRequest,
    ProgressAttachment,
    ProgressReport,
)
from .reminders import Kind, Notice, owner_recipients, record


def meeting_rules(meeting: Meeting) -> MeetingRules | None:
    return rules_in_force(meeting.meeting_type_slug, meeting.date)


def roles_for(user, item: ActionItem) -> set[str]:
    """The roles `user` holds for `item`: owner, department_head (of the owner department only),
    supervisor, office, and approver (the chair of the item's meeting type today)."""
    held = roles_of(user, meeting_rules(item.meeting), timezone.localdate())
    roles = held & {SUPERVISOR, OFFICE}
    person = person_of(user)
    if person is not None and item.owner_id == person.pk:
        roles.add("owner")
    if DEPARTMENT_HEAD in held and person is not None and person.department_id == item.owner_department_id:
        roles.add("department_head")
    # The rules name no separate approver for change requests: the meeting type's chair decides them.
    if CHAIR in held:
        roles.add("approver")
    return roles


@dataclass(frozen=True)
class Assignment:
    """One piece of work in a decision: who does what by when (absolute or N working days)."""

    title: str
    owner_department: Department | None
    owner: Person | None = None
    leader: Person | None = None
    due_date: dt.date | None = None
    due_workdays: int | None = None
    description: str = ""


def clean_assignment(meeting: Meeting, assignment: Assignment, rules: MeetingRules | None,
                     prefix: str = "") -> dt.date:
    """Validate one assignment; return its due date. Errors name the field (with `prefix`)."""
    errors = {}
    if not assignment.title.strip():
        errors[f"{prefix}title"] = _("请填写事项内容")
    if assignment.owner_department is None:
        errors[f"{prefix}owner_department"] = _("请指定责任科室")
    if rules is not None and rules.follow_up.require_owner and assignment.owner is None:
        errors[f"{prefix}owner"] = _("本会议规则要求每项决定落实到责任人")
    if (assignment.due_date is None) == (assignment.due_workdays is None):
        errors[f"{prefix}due_date"] = _("请填写办结日期或工作日数（二选一）")
    elif assignment.due_workdays is not None and assignment.due_workdays < 1:
        errors[f"{prefix}due_workdays"] = _("工作日数至少为 1")
    elif assignment.due_date is not None and assignment.due_date < meeting.date:
        errors[f"{prefix}due_date"] = _("办结日期 %(due)s 早于会议日期 %(date)s") % {
            "due": assignment.due_date, "date": meeting.date}
    if errors:
        raise ValidationError(errors)
    if assignment.due_date is not None:
        return assignment.due_date
    return calendar_for_current_organisation().add_workdays(meeting.date, assignment.due_workdays).value


@transaction.atomic
def assign(meeting: Meeting, assignment: Assignment, *, decision=None, actor=None) -> ActionItem:
    """Create an action item and tell its owner (the outbox sends after commit)."""
    rules = meeting_rules(meeting)
    due = clean_assignment(meeting, assignment, rules)
    item = ActionItem.objects.create(
        meeting=meeting, decision=decision, title=assignment.title.strip(), description=assignment.description,
        owner_department=assignment.owner_department, owner=assignment.owner, leader=assignment.leader,
        due_date=due, due_workdays=assignment.due_workdays, meeting_type_slug=meeting.meeting_type_slug,
    )
    ACTION_ITEM_STATES.created(item, "assign", actor=actor)
    record(item, Notice(
        key=f"assigned:{item.pk}", kind=Kind.ASSIGNED, recipients=owner_recipients(item),
        subject=_("督办事项交办：%(title)s") % {"title": item.title},
        body=_("请于 %(due)s 前办结并反馈。") % {"due": item.due_date},
    ))
    return item


def act(item: ActionItem, name: str, *, user, comment: str = "") -> ActionItem:
    """Move an item along ACTION_ITEM_STATES as `user` (start, complete, verify, send_back, archive)."""
    changes = {}
    if name == "complete":
        changes["done_on"] = timezone.localdate()
    elif name == "verify":
        changes["verified_at"] = timezone.now()
    elif name == "send_back":
        changes["done_on"] = None
    return ACTION_ITEM_STATES.apply(item, name, actor=user, roles=roles_for(user, item), comment=comment,
                                    changes=changes, direct=True)


@transaction.atomic
def report_progress(item: ActionItem, *, user, text: str, percent: int = 0, files=()) -> ProgressReport:
    """进展反馈 with attachments; the first report of an assigned item starts it."""
    roles = roles_for(user, item)
    if not roles & {"owner", "department_head"}:
        raise TransitionForbidden(ACTION_ITEM_STATES.by_name["start"], roles)
    errors = {}
    if not text.strip():
        errors["text"] = _("请填写进展情况")
    if not 0 <= percent <= 100:
        errors["percent"] = _("完成进度应在 0 到 100 之间")
    if item.state not in OPEN_STATES:
        errors["item"] = _("事项已办结，不能再反馈进展")
    if errors:
        raise ValidationError(errors)
    if item.state == ActionItem.State.ASSIGNED:
        act(item, "start", user=user)
    report = ProgressReport.objects.create(item=item, author=user, text=text.strip(), percent=percent)
    for upload in files:
        ProgressAttachment.objects.create(report=report, file=upload, name=upload.name[:200])
    return report


def next_meeting_of_type(meeting_type_slug: str, after: dt.datetime | None = None) -> Meeting | None:
    return (Meeting.objects.filter(meeting_type_slug=meeting_type_slug, starts_at__gt=after or timezone.now(),
                                   status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED])
            .order_by("starts_at").first())


@transaction.atomic
def request_change(item: ActionItem, *, user, kind: str, reason: str, proposed_due_date: dt.date | None = None,
                   proposed_description: str = "") -> ChangeRequest:
    """申请延期/调整: checked, queued for the approver and for the next meeting of the item's type."""
    roles = roles_for(user, item)
    if not roles & {"owner", "department_head"}:
        raise TransitionForbidden(CHANGE_REQUEST_STATES.by_name["approve"], roles)
    errors = {}
    if kind not in ChangeRequest.Kind.values:
        errors["kind"] = _("未知的变更类型 %(kind)s") % {"kind": kind}
    if not reason.strip():
        errors["reason"] = _("请说明理由")
    if kind == ChangeRequest.Kind.DELAY:
        if proposed_due_date is None:
            errors["proposed_due_date"] = _("申请延期须填写新的办结日期")
        elif proposed_due_date <= item.due_date:
            errors["proposed_due_date"] = _("新的办结日期须晚于原时限 %(due)s") % {"due": item.due_date}
    if kind == ChangeRequest.Kind.RESCOPE and not proposed_description.strip():
        errors["proposed_description"] = _("请填写调整后的工作要求")
    if item.state not in OPEN_STATES:
        errors["item"] = _("事项已办结，不能申请变更")
    if item.change_requests.filter(state=ChangeRequest.State.PENDING).exists():
        errors["item"] = _("该事项已有待审批的变更申请")
    if errors:
        raise ValidationError(errors)
    return ChangeRequest.objects.create(
        item=item, kind=kind, reason=reason.strip(), proposed_due_date=proposed_due_date,
        proposed_description=proposed_description.strip(), previous_due_date=item.due_date, requested_by=user,
        next_meeting=next_meeting_of_type(item.meeting_type_slug),
    )


@transaction.atomic
def decide_change(change: ChangeRequest, name: str, *, user, comment: str = "") -> ChangeRequest:
    """approve / reject; an approved change moves the due date or the task of the item."""
    CHANGE_REQUEST_STATES.apply(change, name, actor=user, roles=roles_for(user, change.item), comment=comment)
    if name == "approve":
        changes = {}
        if change.proposed_due_date:
            changes.update(due_date=change.proposed_due_date, due_workdays=None)
        if change.proposed_description:
            changes["description"] = change.proposed_description
        ACTION_ITEM_STATES.apply(change.item, f"change_{change.kind}", actor=user, roles=roles_for(user, change.item),
                                 comment=comment or change.reason, changes=changes)
    return change
