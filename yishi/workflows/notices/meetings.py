"""Meeting notices: invitations + 会议通知 at the rules' lead time, 临时会议, and 会议调整 notices.

    notice_due_at(meeting)          the moment the notice is due (lead_workdays before, same time of day)
    convene(meeting, now)           invitations + notice + meeting → convened (idempotent; beat calls it)
    propose_ad_hoc(...)             临时会议 by the posts/roles the rules allow, emergency = immediate notice
    notify_changes()                会议调整 to those notified before, once per MeetingChange
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.rules import MeetingRules, rules_in_force
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.attendance.actions import invite
from yishi.workflows.scheduling.models import MEETING_STATES, Meeting, MeetingChange

from .models import Notice
from .outbox import notify
from .timing import workdays_before_meeting


def _rules(meeting: Meeting) -> MeetingRules:
    rules = rules_in_force(meeting.meeting_type_slug, meeting.date)
    if rules is None:
        raise ValidationError({"meeting": _("会议日期没有有效的会议规则")}, code="no_rules")
    return rules


def notice_due_at(meeting: Meeting, rules: MeetingRules | None = None, calendar=None) -> dt.datetime:
    rules = rules or _rules(meeting)
    return workdays_before_meeting(meeting.starts_at, rules.notice.lead_workdays,
                                   calendar or calendar_for_current_organisation())


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日 %H:%M}"


def notice_key(meeting: Meeting) -> str:
    # Keyed by the start time too: a meeting moved after its notice gets a change notice, and if
    # it is ever convened again at the new time, a fresh notice.
    return f"meeting-notice:{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}"


@transaction.atomic
def convene(meeting: Meeting, *, kind: str = Notice.Kind.MEETING_NOTICE, immediate: bool = False,
            actor=None, roles=(R.SYSTEM,)) -> Notice:
    """Invite, write the notice and mark the meeting convened — all in one transaction."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    people = [invitation.person for invitation in invite(meeting)]
    body = _("定于 %(when)s 在 %(where)s 召开%(name)s，请准时参加。不能参加者请提前请假。") % {
        "when": _when(meeting.starts_at), "where": meeting.location or _("另行通知的地点"), "name": meeting.name}
    notice = notify(people, kind, _("关于召开%(name)s的通知") % {"name": meeting.name}, body, meeting=meeting,
                    dedupe_key=notice_key(meeting), immediate=immediate)
    if meeting.status == Meeting.Status.PLANNED:
        MEETING_STATES.apply(meeting, "convene", actor=actor, roles=roles)
    return notice


def convene_due(now: dt.datetime | None = None) -> list[int]:
    """Convene every planned meeting whose notice time has come (and that has not started)."""
    now = now or timezone.now()
    calendar = calendar_for_current_organisation()
    convened = []
    for meeting in Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gt=now):
        rules = rules_in_force(meeting.meeting_type_slug, meeting.date)
        if rules is not None and notice_due_at(meeting, rules, calendar) <= now:
            convene(meeting)
            convened.append(meeting.pk)
    return convened


@transaction.atomic
def propose_ad_hoc(meeting_type_slug: str, starts_at: dt.datetime, *, actor, reason: str,
                   emergency: bool = False, location: str = "", now: dt.datetime | None = None) -> Meeting:
    """临时会议. Allowed only when the rules allow ad-hoc meetings and the actor is one of the rules'
    `roles.ad_hoc_proposers` (a role name they hold, or the post/department/person named).
    Ordinary ones need the rules' ad_hoc_notice_hours; an emergency is notified immediately and the
    notice is recorded as immediate."""
    now = now or timezone.now()
    day = timezone.localdate(starts_at)
    rules = rules_in_force(meeting_type_slug, day)
    if rules is None:
        raise ValidationError({"meeting_type_slug": _("该会议类型在会议日期没有有效的议事规则")}, code="no_rules")
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
            actor=actor, roles={R.OFFICE})
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
