"""Calling meetings: invitations + 会议通知 at the rules' lead time, the agenda when it is approved later,
临时会议, and 会议调整 notices.

    notice_due_at(meeting)          the moment the notice is due (lead_workdays before, same time of day)
    notice_text(meeting)            what the notice says: time, place, agenda, sign-in, leave, a link
    convene(meeting)                invitations + notice + meeting → convened (idempotent; beat calls it)
    convene_due(now)                convene every meeting whose notice is due (rules read in one batch)
    notify_agendas(now)             会议议程 once, to the invitees, when the agenda was approved after the notice
    propose_ad_hoc(...)             临时会议 by the posts/roles the rules allow, emergency = immediate notice
    notify_changes()                会议调整 to those notified before, once per MeetingChange
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.rules import MeetingRules, rules_in_force_on, rules_required
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.agenda.models import Agenda, AgendaItem
from yishi.workflows.attendance.actions import invite
from yishi.workflows.notices.models import Notice
from yishi.workflows.notices.outbox import notify
from yishi.workflows.notices.timing import workdays_before_meeting
from yishi.workflows.scheduling.links import meeting_link
from yishi.workflows.scheduling.models import MEETING_STATES, Meeting, MeetingChange

# The notices that call a meeting (and list its agenda when it is approved by then).
CONVENING_KINDS = (Notice.Kind.MEETING_NOTICE, Notice.Kind.AD_HOC, Notice.Kind.EMERGENCY)
# An agenda in these states is final: the leader or chair has approved it.
AGENDA_FINAL = (Agenda.State.APPROVED, Agenda.State.DISTRIBUTED)
DELEGATION_TEXT = {
    "allowed": gettext_lazy("可委托他人代为参会。"),
    "forbidden": gettext_lazy("不得委托他人代为参会。"),
    "required": gettext_lazy("须委托他人代为参会。"),
}


def notice_due_at(meeting: Meeting, rules: MeetingRules | None = None, calendar=None) -> dt.datetime:
    rules = rules or meeting.rules()
    return workdays_before_meeting(meeting.starts_at, rules.notice.lead_workdays,
                                   calendar or calendar_for_current_organisation())


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日 %H:%M}"


def _clock(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def _agenda_lines(meeting: Meeting) -> list[str]:
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("title", flat=True)
    return [f"{number}. {title}" for number, title in enumerate(items, start=1)] or [_("（本次会议无议题）")]


def _leave_text(meeting: Meeting, rules: MeetingRules) -> str:
    names = "、".join(person.name for person in R.holders_of(R.LEAVE_APPROVER, rules, meeting.date))
    role = R.ROLE_LABELS[R.LEAVE_APPROVER]
    approver = f"{names}（{role}）" if names else role
    text = _("因故不能参加的，须于会前 %(hours)d 小时提出请假，经%(approver)s批准。") % {
        "hours": rules.attendance.leave_lead_hours, "approver": approver}
    return text + str(DELEGATION_TEXT.get(rules.attendance.delegation, ""))


def notice_text(meeting: Meeting, rules: MeetingRules | None = None, calendar=None,
                now: dt.datetime | None = None) -> str:
    """The 会议通知: meeting type, local date and time, place, the agenda (or when it follows), arrival
    and sign-in, the leave rule and who approves leave, and the link to the meeting's page."""
    rules = rules or meeting.rules()
    now = now or timezone.now()
    name = rules.name if meeting.kind == Meeting.Kind.REGULAR else f"{rules.name}（{meeting.get_kind_display()}）"
    lines = [_("定于 %(when)s 在 %(where)s 召开%(name)s。") % {
        "when": _when(meeting.starts_at), "where": meeting.location or _("另行通知的地点"), "name": name}]
    if Agenda.objects.filter(meeting=meeting, state__in=AGENDA_FINAL).exists():
        lines += [_("议程："), *_agenda_lines(meeting)]
    else:
        materials_at = workdays_before_meeting(meeting.starts_at, rules.materials.distribution_workdays,
                                               calendar or calendar_for_current_organisation())
        if materials_at > now:
            lines.append(_("议程另行通知：议程经领导审定后发出，预计 %(when)s 随会议材料送达。") % {
                "when": _when(materials_at)})
        else:
            lines.append(_("议程另行通知：议程经领导审定后即行发出。"))
    arrive = meeting.starts_at - dt.timedelta(minutes=rules.attendance.arrive_early_minutes)
    opens = arrive - dt.timedelta(minutes=rules.attendance.sign_in_opens_minutes)
    lines.append(_("请于 %(arrive)s 前到会签到（签到 %(opens)s 开始）。") % {
        "arrive": _clock(arrive), "opens": _clock(opens)})
    lines.append(_leave_text(meeting, rules))
    lines.append(_("会议详情、参会回执与请假：%(url)s") % {"url": meeting_link(meeting)})
    return "\n".join(lines)


def notice_key(meeting: Meeting) -> str:
    # Keyed by the start time too: a meeting moved after its notice gets a change notice, and if
    # it is ever convened again at the new time, a fresh notice.
    return f"meeting-notice:{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}"


@transaction.atomic
def convene(meeting: Meeting, *, kind: str = Notice.Kind.MEETING_NOTICE, immediate: bool = False,
            actor=None, roles=(R.SYSTEM,), rules: MeetingRules | None = None, calendar=None,
            now: dt.datetime | None = None) -> Notice:
    """Invite, write the notice and mark the meeting convened — all in one transaction."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    people = [invitation.person for invitation in invite(meeting)]
    notice = notify(people, kind, _("关于召开%(name)s的通知") % {"name": meeting.name},
                    notice_text(meeting, rules, calendar, now), meeting=meeting,
                    dedupe_key=notice_key(meeting), immediate=immediate)
    if meeting.status == Meeting.Status.PLANNED:
        MEETING_STATES.apply(meeting, "convene", actor=actor, roles=roles)
    return notice


def convene_due(now: dt.datetime | None = None) -> list[int]:
    """Convene every planned meeting whose notice time has come (and that has not started). The rules
    of all planned meetings are read in one query, the calendar once."""
    now = now or timezone.now()
    calendar = calendar_for_current_organisation()
    planned = list(Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gt=now))
    rules = rules_in_force_on((meeting.meeting_type_slug, meeting.date) for meeting in planned)
    convened = []
    for meeting in planned:
        meeting_rules = rules[meeting.meeting_type_slug, meeting.date]
        if meeting_rules is not None and notice_due_at(meeting, meeting_rules, calendar) <= now:
            convene(meeting, rules=meeting_rules, calendar=calendar, now=now)
            convened.append(meeting.pk)
    return convened


def agenda_key(meeting: Meeting) -> str:
    return f"meeting-agenda:{meeting.pk}"


@transaction.atomic
def notify_agendas(now: dt.datetime | None = None) -> list[int]:
    """会议议程 for each upcoming convened meeting whose agenda was approved after its notice went out
    (that notice said 议程另行通知): to the invitees, once per meeting. Returns the meetings' ids."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.CONVENED, starts_at__gt=now, agenda__state__in=AGENDA_FINAL)
        .exclude(notices__kind=Notice.Kind.AGENDA)
        .annotate(noticed_at=Max("notices__created_at", filter=Q(notices__kind__in=CONVENING_KINDS)),
                  approved_at=Max("agenda__events__at", filter=Q(agenda__events__to_state=Agenda.State.APPROVED)))
        .filter(approved_at__gt=F("noticed_at"))
    )
    sent = []
    for meeting in meetings:
        body = "\n".join([
            _("%(when)s 召开的%(name)s，议程已经审定：") % {"when": _when(meeting.starts_at), "name": meeting.name},
            *_agenda_lines(meeting), _("会议详情：%(url)s") % {"url": meeting_link(meeting)}])
        notify(Person.objects.filter(invitations__meeting=meeting).order_by("pk"), Notice.Kind.AGENDA,
               _("%(name)s议程") % {"name": meeting.name}, body, meeting=meeting, dedupe_key=agenda_key(meeting))
        sent.append(meeting.pk)
    return sent


@transaction.atomic
def propose_ad_hoc(meeting_type_slug: str, starts_at: dt.datetime, *, actor, reason: str,
                   emergency: bool = False, location: str = "", now: dt.datetime | None = None) -> Meeting:
    """临时会议. Allowed only when the rules allow ad-hoc meetings and the actor is one of the rules'
    `roles.ad_hoc_proposers` (a role name they hold, or the post/department/person named).
    Ordinary ones need the rules' ad_hoc_notice_hours; an emergency is notified immediately and the
    notice is recorded as immediate."""
    now = now or timezone.now()
    day = timezone.localdate(starts_at)
    rules = rules_required(meeting_type_slug, day, "meeting_type_slug")
    if not R.may_propose_ad_hoc(actor, rules, day):
        raise PermissionDenied(_("无权提议召开临时会议：本会议规则未列入您的岗位或角色"))
    errors = {}
    if not rules.cadence.ad_hoc_allowed:
        errors["meeting_type_slug"] = _("该会议类型的规则不允许召开临时会议")
    if not (reason or "").strip():
        errors["reason"] = _("请填写召开事由")
    if starts_at <= now:
        errors["starts_at"] = _("会议时间须晚于现在")
    elif not emergency and starts_at < now + dt.timedelta(hours=rules.cadence.ad_hoc_notice_hours):
        errors["starts_at"] = _("临时会议须至少提前 %(hours)d 小时通知；紧急情况请选择紧急会议") % {
            "hours": rules.cadence.ad_hoc_notice_hours}
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        meeting_type_slug=meeting_type_slug, name=rules.name,
        kind=Meeting.Kind.EMERGENCY if emergency else Meeting.Kind.AD_HOC, confidentiality=rules.confidentiality,
        date=day, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=rules.cadence.duration_minutes),
        location=location or rules.cadence.location, regulation_slug=rules.regulation_slug,
        revision_id=rules.revision_id, move_reason=reason.strip(),
    )
    convene(meeting, kind=Notice.Kind.EMERGENCY if emergency else Notice.Kind.AD_HOC, immediate=emergency,
            actor=actor, roles={R.OFFICE}, rules=rules, now=now)
    meeting.refresh_from_db()
    return meeting


def _notified_people(meeting: Meeting) -> list[Person]:
    return list(Person.objects.filter(deliveries__notice__meeting=meeting, deliveries__notice__kind__in=[
        Notice.Kind.MEETING_NOTICE, Notice.Kind.AD_HOC, Notice.Kind.EMERGENCY]).distinct().order_by("pk"))


@transaction.atomic
def notify_changes() -> int:
    """One 会议调整 notice per MeetingChange with was_notified=True, to everyone notified of the meeting."""
    sent = 0
    for change in MeetingChange.objects.filter(was_notified=True).select_related("meeting"):
        key = f"meeting-change:{change.pk}"
        if Notice.objects.filter(dedupe_key=key).exists():
            continue
        meeting = change.meeting
        previous = _when(change.previous_starts_at)
        if change.starts_at is None:
            body = _("原定于 %(previous)s 召开的%(name)s取消。原因：%(reason)s") % {
                "previous": previous, "name": meeting.name, "reason": change.reason}
        else:
            body = _("原定于 %(previous)s 召开的%(name)s调整至 %(when)s。原因：%(reason)s") % {
                "previous": previous, "name": meeting.name, "when": _when(change.starts_at),
                "reason": change.reason}
        notify(_notified_people(meeting), Notice.Kind.MEETING_CHANGE, _("会议调整：%(name)s") % {"name": meeting.name},
               body, meeting=meeting, dedupe_key=key)
        sent += 1
    return sent
