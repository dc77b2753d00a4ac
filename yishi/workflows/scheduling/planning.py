"""Materialise meetings over a rolling horizon from the rules and the calendar, idempotently.

Planning the same horizon twice changes nothing. When a rule or the calendar changes, future
meetings that have not started are moved or cancelled (with a MeetingChange, so that people
already notified are told); meetings that have started or lie in the past are never touched.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from yishi.content.calendar.cadence import Occurrence, occurrences
from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.models import RegulationVersion
from yishi.content.rules import MeetingRules, meeting_types_in_force
from yishi.workflows.roles import SYSTEM

from .actions import cancel
from .models import Meeting, MeetingChange

DEFAULT_HORIZON_DAYS = 90
REPLANNABLE = (Meeting.Status.PLANNED, Meeting.Status.CONVENED)


@dataclass(frozen=True)
class PlanResult:
    created: int = 0
    moved: int = 0
    cancelled: int = 0


def _segments(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Split [start, end] where a regulation version starts or ends, so each part has one rule set."""
    cuts = {start, end + dt.timedelta(days=1)}
    for first, last in RegulationVersion.objects.values_list("effective_from", "effective_until"):
        cuts.update(day for day in (first, last and last + dt.timedelta(days=1)) if day and start < day <= end)
    ordered = sorted(cuts)
    return [(a, b - dt.timedelta(days=1)) for a, b in zip(ordered, ordered[1:], strict=False)]


def planned_occurrences(start: dt.date, end: dt.date) -> dict[tuple[str, dt.date], tuple[Occurrence, MeetingRules]]:
    """Every meeting the rules in force call for in [start, end], keyed by (type slug, rule date)."""
    calendar = calendar_for_current_organisation()
    wanted = {}
    for first, last in _segments(start, end):
        for rules in meeting_types_in_force(first):
            for occurrence in occurrences(rules.schedule(), calendar, first, last):
                wanted[(rules.slug, occurrence.moved_from or occurrence.date)] = (occurrence, rules)
    return wanted


def _fields(occurrence: Occurrence, rules: MeetingRules) -> dict:
    return {
        "name": rules.name,
        "confidentiality": rules.confidentiality,
        "date": occurrence.date,
        "starts_at": occurrence.starts_at,
        "ends_at": occurrence.ends_at,
        "moved_from": occurrence.moved_from,
        "move_reason": occurrence.reason or "",
        "calendar_confirmed": occurrence.calendar_confirmed,
        "location": rules.cadence.location,
        "regulation_slug": rules.regulation_slug,
        "revision_id": rules.revision_id,
    }


@transaction.atomic
def plan_meetings(now: dt.datetime | None = None, horizon_days: int = DEFAULT_HORIZON_DAYS) -> PlanResult:
    # One planner per organisation at a time (a beat tick and a publish may overlap): the second waits
    # here until the first commits, then finds its meetings and creates nothing.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"yishi.plan:{connection.schema_name}"])
    now = now or timezone.now()
    today = timezone.localdate(now)
    end = today + dt.timedelta(days=horizon_days)
    wanted = planned_occurrences(today, end)
    existing = {
        (m.meeting_type_slug, m.rule_date): m
        for m in Meeting.objects.select_for_update().filter(kind=Meeting.Kind.REGULAR, rule_date__isnull=False)
        .filter(rule_date__gte=today - dt.timedelta(days=31), rule_date__lte=end + dt.timedelta(days=31))
    }
    created = moved = cancelled = 0
    new = []
    for (slug, rule_date), (occurrence, rules) in wanted.items():
        meeting = existing.get((slug, rule_date))
        fields = _fields(occurrence, rules)
        if meeting is None:
            new.append(Meeting(meeting_type_slug=slug, rule_date=rule_date, **fields))
        elif _replannable(meeting, now) and any(getattr(meeting, k) != v for k, v in fields.items()):
            if meeting.starts_at != occurrence.starts_at:
                MeetingChange.objects.create(
                    meeting=meeting, previous_starts_at=meeting.starts_at, starts_at=occurrence.starts_at,
                    reason=occurrence.reason or "会议规则或日历调整",
                    was_notified=meeting.status == Meeting.Status.CONVENED,
                )
                moved += 1
            Meeting.objects.filter(pk=meeting.pk).update(**fields)
    Meeting.objects.bulk_create(new)
    created = len(new)
    for key, meeting in existing.items():
        if key not in wanted and today <= meeting.date <= end and _replannable(meeting, now):
            reason = "会议规则或日历调整，本次会议不再召开"
            cancel(meeting, actor=None, roles=[SYSTEM], reason=reason)
            cancelled += 1
    return PlanResult(created, moved, cancelled)


def _replannable(meeting: Meeting, now: dt.datetime) -> bool:
    return meeting.status in REPLANNABLE and meeting.starts_at > now
