"""The meeting day, owned here: convene → open → sign-in → freeze → record → close → minutes.

Every step is a button on the meeting page for the roles the rules name (`DAY`); the meeting's own
states change only through `MEETING_STATES`. Closing freezes attendance, returns undecided topics to
the queue and drafts the minutes in one transaction, so a held meeting never lacks its record.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yishi.workflows import roles as R
from yishi.workflows.agenda.actions import carry_over
from yishi.workflows.attendance.actions import freeze_attendance, invite
from yishi.workflows.attendance.models import AttendanceSheet
from yishi.workflows.minutes.actions import draft_minutes
from yishi.workflows.minutes.models import Minutes
from yishi.workflows.scheduling.actions import cancel
from yishi.workflows.scheduling.models import MEETING_STATES, Meeting

from .convening import convene

S = Meeting.Status


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def convene_now(meeting: Meeting, *, actor, roles, comment="") -> Meeting:
    """发出通知 ahead of the rules' notice time (the beat sends it at that time otherwise)."""
    MEETING_STATES.check(meeting, "convene", roles)
    convene(meeting, actor=actor, roles=roles)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def open_meeting(meeting: Meeting, *, actor, roles, comment="") -> Meeting:
    """开始会议: everyone invited has an invitation (a meeting opened without a notice included)."""
    meeting = _locked(meeting)
    invite(meeting)
    return MEETING_STATES.apply(meeting, "open", actor=actor, roles=roles)


@transaction.atomic
def freeze(meeting: Meeting, *, actor, roles, comment="") -> Meeting:
    """冻结考勤: from now on the quorum and the votes count the people in the room."""
    meeting = _locked(meeting)
    if meeting.status != S.IN_SESSION:
        raise ValidationError(_("会议开始后才能冻结考勤"), code="not_in_session")
    freeze_attendance(meeting)
    return meeting


@transaction.atomic
def close_meeting(meeting: Meeting, *, actor, roles, comment="") -> Meeting:
    """结束会议: freeze (if not yet), undecided topics back to the queue, held, minutes drafted."""
    meeting = _locked(meeting)
    MEETING_STATES.check(meeting, "close", roles)
    freeze_attendance(meeting)
    carry_over(meeting)
    MEETING_STATES.apply(meeting, "close", actor=actor, roles=roles)
    if meeting.rules().minutes.required:
        draft_minutes(meeting, user=actor)
    return meeting


@transaction.atomic
def start_minutes(meeting: Meeting, *, actor, roles, comment="") -> Meeting:
    """起草纪要 for a held meeting whose rules do not require minutes (closing drafts them otherwise)."""
    meeting = _locked(meeting)
    if meeting.status != S.HELD:
        raise ValidationError(_("会议结束后才能起草纪要"), code="not_held")
    draft_minutes(meeting, user=actor)
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, actor, roles, comment="") -> Meeting:
    return cancel(meeting, actor=actor, roles=roles, reason=comment)


@dataclass(frozen=True)
class Step:
    """One button of the meeting day: who may press it, when it applies, and what it does."""

    name: str
    label: str
    roles: frozenset[str]
    applies: Callable[[Meeting, bool, bool], bool]  # (meeting, attendance frozen, minutes exist)
    perform: Callable
    hint: str = ""
    requires_comment: bool = False


RECORDERS = frozenset({R.OFFICE, R.SECRETARY, R.CHAIR})
DAY = [
    Step("convene", gettext_lazy("立即发出通知"), frozenset({R.OFFICE}),
         lambda m, frozen, minutes: m.status == S.PLANNED, convene_now,
         gettext_lazy("否则系统按规则时限自动发出")),
    Step("open", gettext_lazy("开始会议"), frozenset({R.OFFICE, R.CHAIR}),
         lambda m, frozen, minutes: m.status in (S.PLANNED, S.CONVENED), open_meeting,
         gettext_lazy("开始后参会人员可扫码签到")),
    Step("freeze", gettext_lazy("冻结考勤"), RECORDERS,
         lambda m, frozen, minutes: m.status == S.IN_SESSION and not frozen, freeze,
         gettext_lazy("冻结后按到会人数计算法定人数，才能记录意见和表决；签到随之关闭")),
    Step("close", gettext_lazy("结束会议"), frozenset({R.OFFICE, R.CHAIR}),
         lambda m, frozen, minutes: m.status == S.IN_SESSION, close_meeting,
         gettext_lazy("未作决定的议题退回待上会；按规则起草会议纪要")),
    Step("draft_minutes", gettext_lazy("起草纪要"), frozenset({R.OFFICE, R.SECRETARY}),
         lambda m, frozen, minutes: m.status == S.HELD and not minutes, start_minutes),
    Step("cancel", gettext_lazy("取消会议"), frozenset({R.OFFICE, R.CHAIR}),
         lambda m, frozen, minutes: m.status in (S.PLANNED, S.CONVENED), cancel_meeting,
         gettext_lazy("已通知的参会人员会收到取消通知"), requires_comment=True),
]
STEPS = {step.name: step for step in DAY}


def day_steps(meeting: Meeting, roles: set[str]) -> list[Step]:
    """The steps `roles` may take on `meeting` now, in the order of the day."""
    frozen = AttendanceSheet.objects.filter(meeting=meeting).exists()
    minutes = Minutes.objects.filter(meeting=meeting).exists()
    return [step for step in DAY if step.roles & roles and step.applies(meeting, frozen, minutes)]


def take_step(meeting: Meeting, name: str, *, actor, comment: str = "") -> Meeting:
    """Run step `name` for `actor` with the roles the rules give them; refusals name the reason."""
    step = STEPS.get(name)
    roles = R.roles_of(actor, meeting.rules(), meeting.date)
    if step is None or step not in day_steps(meeting, roles):
        raise ValidationError({"step": _("当前不能执行此操作")}, code="unavailable")
    if step.requires_comment and not comment.strip():
        raise ValidationError({"comment": _("此操作必须填写理由")}, code="comment_required")
    return step.perform(meeting, actor=actor, roles=roles, comment=comment)
