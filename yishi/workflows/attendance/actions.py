"""Invitations, leave, sign-in and the attendance sheet — every number from the rules in force.

Public functions (issue 6 and the notices module call these):
    invite(meeting)                              → the meeting's invitations (idempotent)
    request_leave(invitation, reason, delegate, actor, now) / decide_leave(request, "approve"|"refuse", …)
    request_leave_for_period(person, first_day, last_day, reason, actor=…)   every meeting in it, or none
    suggest_delegate(invitation)                 → the next B holder on the post's roster
    sign_in(invitation, by=None, at=None)        / sign_in_link(invitation) / sign_in_with_token(token)
    freeze_attendance(meeting)                   → AttendanceSheet (once; sign-in is closed afterwards)
    attendance_sheet(meeting)                    → Sheet(counts, rows, frozen)
    monthly_statistics(year, month)              → per department and per person
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.rules import MeetingRules, rules_in_force
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.scheduling.models import Meeting

from .models import LEAVE_STATES, AttendanceSheet, Invitation, LeaveRequest, Status

SIGN_IN_SALT = "yishi.attendance.sign-in"


def meeting_rules(meeting: Meeting) -> MeetingRules:
    rules = rules_in_force(meeting.meeting_type_slug, meeting.date)
    if rules is None:
        raise ValidationError({"meeting": _("会议日期没有有效的会议规则")}, code="no_rules")
    return rules


def _on_leave_person_ids(meeting: Meeting) -> set[int]:
    return set(LeaveRequest.objects.filter(invitation__meeting=meeting, state=LeaveRequest.State.APPROVED)
               .values_list("invitation__person_id", flat=True))


@transaction.atomic
def invite(meeting: Meeting) -> list[Invitation]:
    """Create the invitations the rules call for on the meeting date (idempotent: existing ones stay)."""
    rules = meeting_rules(meeting)
    existing = {i.person_id: i for i in meeting.invitations.all()}
    for seat in R.seats(rules, meeting.date):
        if seat.person.pk not in existing:
            existing[seat.person.pk] = Invitation.objects.create(
                meeting=meeting, person=seat.person, role=seat.role, post=seat.post)
    return list(meeting.invitations.select_related("person", "post").order_by("pk"))


def suggest_delegate(invitation: Invitation) -> Person | None:
    """The first B holder of the invitee's post who is not on leave for this meeting (AB岗)."""
    if invitation.post is None:
        return None
    away = _on_leave_person_ids(invitation.meeting) | {invitation.person_id}
    for holder in R.post_roster(invitation.post.slug, invitation.meeting.date):
        if holder.roster_order > 0 and holder.person_id not in away:
            return holder.person
    return None


def _owner_roles(actor, invitation: Invitation, rules: MeetingRules) -> set[str]:
    roles = R.roles_of(actor, rules, invitation.meeting.date)
    person = R.person_of(actor)
    if person is not None and person.pk == invitation.person_id:
        roles.add("owner")
    return roles


@transaction.atomic
def request_leave(invitation: Invitation, reason: str, *, actor, delegate: Person | None = None,
                  now: dt.datetime | None = None) -> LeaveRequest:
    """请假. Asked by the invitee (or the office for them). After the rules' lead time it is still
    recorded, but flagged late (and counted so). Field errors: reason, delegate, invitation."""
    now = now or timezone.now()
    meeting = invitation.meeting
    rules = meeting_rules(meeting)
    roles = _owner_roles(actor, invitation, rules)
    if not roles & {"owner", R.OFFICE}:
        raise PermissionDenied(_("只有参会人本人或办公室可以请假"))
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("请填写请假事由")
    policy = rules.attendance.delegation
    if delegate is not None and policy == "forbidden":
        errors["delegate"] = _("本会议规则不允许委托参会")
    elif delegate is None and policy == "required":
        errors["delegate"] = _("本会议规则要求指定委托参会人")
    elif delegate is not None and delegate.pk == invitation.person_id:
        errors["delegate"] = _("委托参会人不能是本人")
    if now >= meeting.starts_at:
        errors["invitation"] = _("会议已开始，不能再请假")
    if LeaveRequest.objects.filter(invitation=invitation, state__in=["requested", "approved"]).exists():
        errors["invitation"] = _("已有待审批或已批准的请假申请")
    if errors:
        raise ValidationError(errors)
    late = now > meeting.starts_at - dt.timedelta(hours=rules.attendance.leave_lead_hours)
    return LeaveRequest.objects.create(invitation=invitation, reason=reason.strip(), delegate=delegate,
                                       late=late, requested_by=actor, requested_at=now)


@transaction.atomic
def request_leave_for_period(person: Person, first_day: dt.date, last_day: dt.date, reason: str, *, actor,
                             delegate: Person | None = None, now: dt.datetime | None = None) -> list[LeaveRequest]:
    """请假 for every meeting `person` is invited to from `first_day` to `last_day` (inclusive), each
    checked by `request_leave` against its own meeting's rules — all of them, or none (the errors of
    every meeting that refuses, under ``period``)."""
    if last_day < first_day:
        raise ValidationError({"last_day": _("结束日期不能早于开始日期")}, code="invalid")
    invitations = list(Invitation.objects.filter(
        person=person, meeting__date__range=(first_day, last_day),
        meeting__status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED],
    ).select_related("meeting").order_by("meeting__starts_at", "pk"))
    if not invitations:
        raise ValidationError({"period": _("该期间没有需要参加的会议")}, code="no_meetings")
    requests, refused = [], []
    for invitation in invitations:
        try:
            requests.append(request_leave(invitation, reason, actor=actor, delegate=delegate, now=now))
        except ValidationError as error:  # nothing written for it; keep checking the others
            meeting = invitation.meeting
            refused += [f"{meeting.date:%Y-%m-%d} {meeting.name}：{message}" for message in error.messages]
    if refused:
        raise ValidationError({"period": refused}, code="refused")  # rolls back the requests made above
    return requests


@transaction.atomic
def decide_leave(request: LeaveRequest, decision: str, *, actor, comment: str = "") -> LeaveRequest:
    """approve | refuse (by the approver the rules name) | cancel (by the invitee or the office).

    Approving the A holder's leave invites the next B holder of the post (AB岗) — unless a delegate
    was named, who is invited in the A holder's place instead."""
    invitation = request.invitation
    rules = meeting_rules(invitation.meeting)
    roles = _owner_roles(actor, invitation, rules)
    LEAVE_STATES.apply(request, decision, actor=actor, roles=roles, comment=comment)
    if decision == "approve":
        _invite_stand_in(invitation, request.delegate)
    elif decision == "cancel":
        invitation.substitutes.filter(signed_in_at__isnull=True).delete()
    return request


def _invite_stand_in(invitation: Invitation, delegate: Person | None) -> Invitation | None:
    stand_in = delegate
    if stand_in is None and invitation.post is not None:
        roster = R.post_roster(invitation.post.slug, invitation.meeting.date)
        if roster and roster[0].person_id == invitation.person_id:  # only the A holder's seat passes to B
            stand_in = suggest_delegate(invitation)
    if stand_in is None:
        return None
    substitute, _created = Invitation.objects.get_or_create(
        meeting=invitation.meeting, person=stand_in,
        defaults={"role": invitation.role, "post": invitation.post, "substitute_for": invitation},
    )
    return substitute


# --- Sign-in ----------------------------------------------------------------------------------------


def sign_in_window(meeting: Meeting, rules: MeetingRules) -> tuple[dt.datetime, dt.datetime]:
    """When the QR link works: `sign_in_opens_minutes` before the arrival time the rules give, until
    `sign_in_closes_minutes` after the start (or the end of the meeting when the rules give none)."""
    attendance = rules.attendance
    arrive_by = meeting.starts_at - dt.timedelta(minutes=attendance.arrive_early_minutes)
    closes = meeting.ends_at if attendance.sign_in_closes_minutes is None else \
        meeting.starts_at + dt.timedelta(minutes=attendance.sign_in_closes_minutes)
    return arrive_by - dt.timedelta(minutes=attendance.sign_in_opens_minutes), closes


@transaction.atomic
def sign_in(invitation: Invitation, *, by=None, at: dt.datetime | None = None) -> Invitation:
    """签到. `by` is the secretary/office signing for the person (None: the person via the QR link).
    Late when after the arrival time the rules give (start − arrive_early_minutes)."""
    at = at or timezone.now()
    meeting = invitation.meeting
    rules = meeting_rules(meeting)
    if by is not None and not R.roles_of(by, rules, meeting.date) & {R.OFFICE, R.SECRETARY}:
        raise PermissionDenied(_("只有办公室或会议记录人可以代为签到"))
    if AttendanceSheet.objects.filter(meeting=meeting).exists():
        raise ValidationError({"invitation": _("考勤表已冻结，不能再签到")}, code="frozen")
    opens, closes = sign_in_window(meeting, rules)
    if by is None and not opens <= at <= closes:
        window = {"opens": f"{timezone.localtime(opens):%H:%M}", "closes": f"{timezone.localtime(closes):%H:%M}"}
        raise ValidationError({"token": _("不在签到时间内（%(opens)s 至 %(closes)s）") % window}, code="outside_window")
    late = at > meeting.starts_at - dt.timedelta(minutes=rules.attendance.arrive_early_minutes)
    updated = Invitation.objects.filter(pk=invitation.pk, signed_in_at__isnull=True).update(
        signed_in_at=at, signed_in_by=by, late=late)
    if updated:
        invitation.signed_in_at, invitation.signed_in_by, invitation.late = at, by, late
    return invitation


def sign_in_link(invitation: Invitation) -> str:
    """The path of the person's QR sign-in link (signed; names the organisation's schema too)."""
    token = signing.dumps({"s": connection.schema_name, "i": invitation.pk}, salt=SIGN_IN_SALT, compress=True)
    return f"/attendance/sign-in/{token}/"


def sign_in_with_token(token: str, at: dt.datetime | None = None) -> Invitation:
    try:
        data = signing.loads(token, salt=SIGN_IN_SALT)
    except signing.BadSignature:
        raise ValidationError({"token": _("签到二维码无效")}, code="bad_token") from None
    if data.get("s") != connection.schema_name:
        raise ValidationError({"token": _("签到二维码无效")}, code="bad_token")
    invitation = Invitation.objects.select_related("meeting").filter(pk=data.get("i")).first()
    if invitation is None:
        raise ValidationError({"token": _("签到二维码无效")}, code="bad_token")
    return sign_in(invitation, at=at)


# --- The sheet --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    invitation_id: int
    person_id: int
    person: str
    department_id: int | None
    role: str
    status: str
    late: bool
    delegate: str = ""
    substitute_for: str = ""


@dataclass(frozen=True)
class Sheet:
    meeting_id: int
    frozen: bool
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def present(self) -> int:
        """People in the room: present + late (members and stand-ins alike)."""
        return self.counts.get(Status.PRESENT, 0) + self.counts.get(Status.LATE, 0)


def _live_status(invitation: Invitation, leave: LeaveRequest | None, stand_in_signed: bool) -> str:
    if invitation.signed_in_at:
        return Status.LATE if invitation.late else Status.PRESENT
    if leave is not None:
        return Status.DELEGATE if stand_in_signed else Status.ON_LEAVE
    return Status.ABSENT


def _rows(meeting: Meeting, frozen: bool) -> list[Row]:
    invitations = list(meeting.invitations.select_related("person", "substitute_for__person").order_by("pk"))
    approved = {lr.invitation_id: lr for lr in LeaveRequest.objects.filter(
        invitation__meeting=meeting, state=LeaveRequest.State.APPROVED).select_related("delegate")}
    signed_stand_ins = {i.substitute_for_id for i in invitations if i.substitute_for_id and i.signed_in_at}
    rows = []
    for invitation in invitations:
        leave = approved.get(invitation.pk)
        status = invitation.status if frozen and invitation.status else _live_status(
            invitation, leave, invitation.pk in signed_stand_ins)
        rows.append(Row(
            invitation.pk, invitation.person_id, invitation.person.name, invitation.person.department_id,
            invitation.role, status, invitation.late,
            delegate=leave.delegate.name if leave and leave.delegate else "",
            substitute_for=invitation.substitute_for.person.name if invitation.substitute_for else "",
        ))
    return rows


def attendance_sheet(meeting: Meeting) -> Sheet:
    """Per-person rows and counts by status; the frozen record once `freeze_attendance` has run."""
    frozen = AttendanceSheet.objects.filter(meeting=meeting).exists()
    rows = _rows(meeting, frozen)
    return Sheet(meeting.pk, frozen, rows, dict(Counter(row.status for row in rows)))


@transaction.atomic
def freeze_attendance(meeting: Meeting, now: dt.datetime | None = None) -> AttendanceSheet:
    """Freeze the sheet when deliberation starts: each invitation's status is written; idempotent."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # one freezer at a time
    sheet = AttendanceSheet.objects.filter(meeting=meeting).first()
    if sheet is not None:
        return sheet
    rows = _rows(meeting, frozen=False)
    for row in rows:
        Invitation.objects.filter(pk=row.invitation_id).update(status=row.status)
    return AttendanceSheet.objects.create(meeting=meeting, frozen_at=now or timezone.now(),
                                          counts=dict(Counter(row.status for row in rows)))


def monthly_statistics(year: int, month: int) -> dict:
    """Frozen sheets of meetings in the month: {"people": {person_id: Counter}, "departments": {…}}."""
    people: dict[int, Counter] = defaultdict(Counter)
    departments: dict[int | None, Counter] = defaultdict(Counter)
    invitations = Invitation.objects.filter(meeting__date__year=year, meeting__date__month=month,
                                            meeting__attendance_sheet__isnull=False).exclude(status="")
    for person_id, department_id, status in invitations.values_list("person_id", "person__department_id", "status"):
        people[person_id][status] += 1
        departments[department_id][status] += 1
    return {"people": dict(people), "departments": dict(departments)}
