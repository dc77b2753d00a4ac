"""Invitations, leave, sign-in and the attendance sheet — every number from the rules in force.

Public functions (issue 6 and the notices module call these):
    invite(meeting)                              → the meeting's invitations (idempotent)
    request_leave(invitation, reason, delegate, actor, now)   → the approver(s) are told
    decide_leave(request, "approve"|"refuse"|"cancel", …)     → the requester (and a stand-in) are told
    leave_approvers(invitation) / decidable_leave(requests, user, rules, on)   who decides which
    request_leave_for_period(person, first_day, last_day, reason, actor=…)   every meeting in it, or none
    suggest_delegate(invitation)                 → the next B holder on the post's roster
    sign_in(invitation, by=None, at=None)        / sign_in_link(invitation) / sign_in_with_token(token)
    invitation_for_token(token, at=None)         → the invitation a QR token names (this organisation only)
    freeze_attendance(meeting)                   → AttendanceSheet (once; sign-in is closed afterwards)
    attendance_sheet(meeting)                    → Sheet(counts, rows, frozen)
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yishi.content.rules import MeetingRules, rules_in_force_on
from yishi.platform.links import organisation_url
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.notices.models import Notice
from yishi.workflows.notices.outbox import notify
from yishi.workflows.scheduling.links import meeting_link
from yishi.workflows.scheduling.models import Meeting

from .models import LEAVE_STATES, AttendanceSheet, Invitation, LeaveRequest, Status

SIGN_IN_SALT = "yishi.attendance.sign-in"
# A QR link keeps working this long after its sign-in window closes (then: "expired", not "outside").
SIGN_IN_LINK_MARGIN = dt.timedelta(hours=12)
# Meetings still ahead: leave may be asked and a receipt given.
UPCOMING = (Meeting.Status.PLANNED, Meeting.Status.CONVENED)


def _on_leave_person_ids(meeting: Meeting) -> set[int]:
    return set(LeaveRequest.objects.filter(invitation__meeting=meeting, state=LeaveRequest.State.APPROVED)
               .values_list("invitation__person_id", flat=True))


@transaction.atomic
def invite(meeting: Meeting) -> list[Invitation]:
    """Create the invitations the rules call for on the meeting date (idempotent: existing ones stay)."""
    rules = meeting.rules()
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


def confirm_attendance(invitation: Invitation, *, actor, now: dt.datetime | None = None) -> Invitation:
    """回执: the invitee confirms they will attend (idempotent); only before the meeting starts, and only
    the invitee themself — the office sees who has not answered (the sheet's receipts)."""
    now = now or timezone.now()
    person = R.person_of(actor)
    if person is None or person.pk != invitation.person_id:
        raise PermissionDenied(_("只能为自己的参会邀请回执"))
    if now >= invitation.meeting.starts_at or invitation.meeting.status not in UPCOMING:
        raise ValidationError({"invitation": _("会议已开始或已取消，不能再回执")}, code="closed")
    Invitation.objects.filter(pk=invitation.pk, confirmed_at__isnull=True).update(confirmed_at=now)
    invitation.refresh_from_db(fields=["confirmed_at"])
    return invitation


@transaction.atomic
def request_leave(invitation: Invitation, reason: str, *, actor, delegate: Person | None = None,
                  now: dt.datetime | None = None, rules: MeetingRules | None = None) -> LeaveRequest:
    """请假. Asked by the invitee (or the office for them). After the rules' lead time it is still
    recorded, but flagged late (and counted so). Field errors: reason, delegate, invitation.
    `rules`: the meeting's, when the caller read them already."""
    now = now or timezone.now()
    meeting = invitation.meeting
    rules = rules or meeting.rules()
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
    request = LeaveRequest.objects.create(invitation=invitation, reason=reason.strip(), delegate=delegate,
                                          late=late, requested_by=actor, requested_at=now)
    _tell_approvers(request, rules)
    return request


def leave_approvers(invitation: Invitation, rules: MeetingRules | None = None) -> list[Person]:
    """Who decides this invitee's leave: the rules' leave approver (else the chair) — or, when that
    is the invitee themself (nobody approves their own leave), the office."""
    rules = rules or invitation.meeting.rules()
    approvers = R.holders_of(R.LEAVE_APPROVER, rules, invitation.meeting.date)
    if invitation.person_id in {person.pk for person in approvers}:
        return list(Person.objects.filter(user__in=R.office_people()).exclude(pk=invitation.person_id)
                    .select_related("user").order_by("pk"))
    return approvers


def _when(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"


def _tell_approvers(request: LeaveRequest, rules: MeetingRules) -> None:
    invitation, meeting = request.invitation, request.invitation.meeting
    facts = {"name": invitation.person.name, "meeting": meeting.name, "when": _when(meeting)}
    body = _("请假事由：%(reason)s") % {"reason": request.reason}
    if request.delegate:
        body += "\n" + _("委托参会人：%(name)s") % {"name": request.delegate.name}
    if request.late:
        body += "\n" + _("（逾期请假）")
    notify(leave_approvers(invitation, rules), Notice.Kind.LEAVE,
           _("%(name)s 申请请假：%(meeting)s（%(when)s）") % facts,
           body + "\n" + _("审批：%(link)s") % {"link": meeting_link(meeting)},
           meeting=meeting, dedupe_key=f"leave-request:{request.pk}")


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
        meeting__status__in=UPCOMING,
    ).select_related("meeting").order_by("meeting__starts_at", "pk"))
    if not invitations:
        raise ValidationError({"period": _("该期间没有需要参加的会议")}, code="no_meetings")
    requests, refused = [], []
    rules = rules_in_force_on((i.meeting.meeting_type_slug, i.meeting.date) for i in invitations)  # one query
    for invitation in invitations:
        meeting_rules = rules[invitation.meeting.meeting_type_slug, invitation.meeting.date]
        try:
            requests.append(request_leave(invitation, reason, actor=actor, delegate=delegate, now=now,
                                          rules=meeting_rules))
        except ValidationError as error:  # nothing written for it; keep checking the others
            meeting = invitation.meeting
            refused += [f"{meeting.date:%Y-%m-%d} {meeting.name}：{message}" for message in error.messages]
    if refused:
        raise ValidationError({"period": refused}, code="refused")  # rolls back the requests made above
    return requests


def _approver_ids(rules: MeetingRules, on: dt.date) -> set[int]:
    return {person.pk for person in R.holders_of(R.LEAVE_APPROVER, rules, on)}


def _deciding_roles(roles: set[str], me: Person | None, invitee_id: int, approver_ids: set[int]) -> set[str]:
    """Roles for deciding one invitee's leave: nobody holds `leave_approver` for their own leave
    (they are its `owner`); when the approver the rules name is the invitee, the office holds it."""
    roles = set(roles)
    if me is not None and me.pk == invitee_id:
        roles.add("owner")
        roles.discard(R.LEAVE_APPROVER)
    elif R.OFFICE in roles and invitee_id in approver_ids:
        roles.add(R.LEAVE_APPROVER)
    return roles


def decidable_leave(requests, user, rules: MeetingRules, on: dt.date) -> set[int]:
    """The pending requests (of one meeting) `user` may approve or refuse: the buttons on its page."""
    roles, me, approver_ids = R.roles_of(user, rules, on), R.person_of(user), _approver_ids(rules, on)
    return {lr.pk for lr in requests if lr.state == LeaveRequest.State.REQUESTED and R.LEAVE_APPROVER
            in _deciding_roles(roles, me, lr.invitation.person_id, approver_ids)}


@transaction.atomic
def decide_leave(request: LeaveRequest, decision: str, *, actor, comment: str = "") -> LeaveRequest:
    """approve | refuse (by the approver the rules name, never for their own leave) | cancel (by the
    invitee or the office). Refused once the attendance sheet is frozen.

    Approving the A holder's leave invites the next B holder of the post (AB岗) — unless a delegate
    was named, who is invited in the A holder's place instead. The requester hears the decision and
    the stand-in gets an invitation."""
    invitation = request.invitation
    meeting = invitation.meeting
    rules = meeting.rules()
    approver_ids = _approver_ids(rules, meeting.date)
    roles = _deciding_roles(R.roles_of(actor, rules, meeting.date), R.person_of(actor), invitation.person_id,
                            approver_ids)
    if decision in ("approve", "refuse") and "owner" in roles and invitation.person_id in approver_ids:
        raise PermissionDenied(_("请假审批人不能审批本人的请假：由办公室审批"))
    if AttendanceSheet.objects.filter(meeting=meeting).exists():
        raise ValidationError({"request": _("考勤表已冻结，不能再审批或撤销请假")})
    if decision == "approve" and Invitation.objects.filter(pk=invitation.pk, signed_in_at__isnull=False).exists():
        raise ValidationError({"request": _("%(name)s 已签到，不能再批准请假") % {"name": invitation.person.name}})
    LEAVE_STATES.apply(request, decision, actor=actor, roles=roles, comment=comment)
    if decision == "approve":
        stand_in = _invite_stand_in(invitation, request.delegate)
        if stand_in is not None:
            _invite_notice(stand_in)
    elif decision == "cancel":
        invitation.substitutes.filter(signed_in_at__isnull=True).delete()
    _tell_decision(request, decision, comment)
    return request


def _tell_decision(request: LeaveRequest, decision: str, comment: str) -> None:
    """Approved or refused: the invitee (and whoever asked for them). Cancelled: the approvers."""
    invitation, meeting = request.invitation, request.invitation.meeting
    facts = {"name": invitation.person.name, "meeting": meeting.name, "when": _when(meeting),
             "state": request.get_state_display()}
    if decision == "cancel":
        recipients = leave_approvers(invitation)
    else:
        recipients = [invitation.person, *Person.objects.filter(user_id=request.requested_by_id)]
    body = _("意见：%(comment)s") % {"comment": comment} if comment else ""
    notify(recipients, Notice.Kind.LEAVE, _("%(name)s 的请假%(state)s：%(meeting)s（%(when)s）") % facts,
           body, meeting=meeting, dedupe_key=f"leave-{decision}:{request.pk}")


def _invite_notice(stand_in: Invitation) -> None:
    meeting = stand_in.meeting
    seat = stand_in.substitute_for.person.name
    body = "\n".join([
        _("时间：%(when)s") % {"when": _when(meeting)},
        _("地点：%(location)s") % {"location": meeting.location or "—"},
        _("签到：%(link)s") % {"link": organisation_url(sign_in_link(stand_in))},
    ])
    notify([stand_in.person], Notice.Kind.MEETING_NOTICE,
           _("会议通知：请代 %(seat)s 参加 %(meeting)s") % {"seat": seat, "meeting": meeting.name}, body,
           meeting=meeting, dedupe_key=f"stand-in:{stand_in.pk}")


def _invite_stand_in(invitation: Invitation, delegate: Person | None) -> Invitation | None:
    stand_in = delegate
    if stand_in is None and invitation.post is not None:
        roster = R.post_roster(invitation.post.slug, invitation.meeting.date)
        if roster and roster[0].person_id == invitation.person_id:  # only the A holder's seat passes to B
            stand_in = suggest_delegate(invitation)
    if stand_in is None:
        return None
    substitute, created = Invitation.objects.get_or_create(
        meeting=invitation.meeting, person=stand_in,
        defaults={"role": invitation.role, "post": invitation.post, "substitute_for": invitation},
    )
    return substitute if created else None  # already invited in a seat of their own: nothing changes


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
    Late when after the arrival time the rules give (start − arrive_early_minutes). Refused for a
    person on approved leave: their stand-in signs in (or the leave is cancelled first)."""
    at = at or timezone.now()
    meeting = invitation.meeting
    rules = meeting.rules()
    if by is not None and not R.roles_of(by, rules, meeting.date) & {R.OFFICE, R.SECRETARY}:
        raise PermissionDenied(_("只有办公室或会议记录人可以代为签到"))
    if AttendanceSheet.objects.filter(meeting=meeting).exists():
        raise ValidationError({"invitation": _("考勤表已冻结，不能再签到")}, code="frozen")
    if LeaveRequest.objects.filter(invitation=invitation, state=LeaveRequest.State.APPROVED).exists():
        raise ValidationError({"invitation": _on_leave_message(invitation)})
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


def _on_leave_message(invitation: Invitation) -> str:
    name = invitation.person.name
    stand_in = invitation.substitutes.select_related("person").first()
    if stand_in is not None:
        return _("%(name)s 已获准请假，不能签到：由代为参会的 %(stand_in)s 签到（本人到会请先撤销请假）") % {
            "name": name, "stand_in": stand_in.person.name}
    return _("%(name)s 已获准请假，不能签到（本人到会请先撤销请假）") % {"name": name}


def _token_salt() -> str:
    # Per organisation: a token signed for one schema does not verify in another.
    return f"{SIGN_IN_SALT}:{connection.schema_name}"


def sign_in_link(invitation: Invitation) -> str:
    """The path of the person's QR sign-in link (signed for this organisation)."""
    return f"/attendance/sign-in/{signing.dumps({'i': invitation.pk}, salt=_token_salt())}/"


class TokenExpired(ValidationError):
    """A genuine QR token whose meeting's sign-in is long over."""


def invitation_for_token(token: str, at: dt.datetime | None = None) -> Invitation:
    """The invitation a QR token names, in this organisation only. Forged, another organisation's or
    unknown: "invalid"; past its sign-in window's close + SIGN_IN_LINK_MARGIN: "expired"."""
    invalid = ValidationError({"token": _("签到二维码无效")}, code="bad_token")
    try:
        data = signing.loads(token, salt=_token_salt())
    except signing.BadSignature:
        raise invalid from None
    invitation = Invitation.objects.select_related("meeting", "person").filter(
        pk=data.get("i") if isinstance(data, dict) else None).first()
    if invitation is None:
        raise invalid
    # The link's lifetime is its meeting's window (read now, so a moved meeting keeps its links).
    _opens, closes = sign_in_window(invitation.meeting, invitation.meeting.rules())
    if (at or timezone.now()) > closes + SIGN_IN_LINK_MARGIN:
        raise TokenExpired({"token": _("签到二维码已过期：%(meeting)s 的签到已于 %(closes)s 结束") % {
            "meeting": invitation.meeting.name, "closes": f"{timezone.localtime(closes):%Y-%m-%d %H:%M}"}})
    return invitation


def sign_in_with_token(token: str, at: dt.datetime | None = None) -> Invitation:
    return sign_in(invitation_for_token(token, at), at=at)


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
    receipt: str = "none"  # 回执: "confirmed", "leave" (asked or granted) or "none" (not answered)

    @property
    def receipt_label(self) -> str:
        return str(RECEIPT_LABELS[self.receipt])

    @property
    def role_label(self) -> str:
        return str(R.ROLE_LABELS.get(self.role, self.role))

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass(frozen=True)
class Sheet:
    meeting_id: int
    frozen: bool
    rows: list[Row]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def unanswered(self) -> list[Row]:
        """Invitees who neither confirmed nor asked leave: the office follows them up."""
        return [row for row in self.rows if row.receipt == "none"]

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


RECEIPT_LABELS = {"confirmed": gettext_lazy("已确认参会"), "leave": gettext_lazy("请假"),
                  "none": gettext_lazy("未回执")}


def _rows(meeting: Meeting, frozen: bool) -> list[Row]:
    invitations = list(meeting.invitations.select_related("person", "substitute_for__person").order_by("pk"))
    approved = {lr.invitation_id: lr for lr in LeaveRequest.objects.filter(
        invitation__meeting=meeting, state=LeaveRequest.State.APPROVED).select_related("delegate")}
    asked = set(LeaveRequest.objects.filter(invitation__meeting=meeting, state=LeaveRequest.State.REQUESTED)
                .values_list("invitation_id", flat=True))
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
            receipt="leave" if leave or invitation.pk in asked else "confirmed" if invitation.confirmed_at else "none",
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
