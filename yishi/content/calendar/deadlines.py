"""Deadlines written relative to a meeting: topics, materials, notices, leave requests."""

import calendar as monthcalendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .cadence import DEFAULT_TIMEZONE
from .workdays import Flagged, WorkdayCalendar


def parse_time(value: str | dt.time, field: str = "time") -> dt.time:
    if isinstance(value, dt.time):
        return value
    try:
        hours, minutes = str(value).replace("：", ":").split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"{field}: {value!r} 不是时刻 / is not a time (HH:MM)") from None


def _number(rule: Mapping, field: str, low: int, high: int) -> int:
    value = rule.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{field}: {value!r} 应为 {low}–{high} 的整数 / must be an integer from {low} to {high}")
    return value


# The number each kind counts with, and its range.
_KIND_NUMBER = {"workdays_before": ("days", 0, 60), "weekday_of_previous_week": ("weekday", 1, 7),
                "day_of_previous_month": ("day", 1, 31), "day_of_month": ("day", 1, 31)}
DEADLINE_KINDS = tuple(_KIND_NUMBER)


@dataclass(frozen=True)
class Deadline:
    """A deadline written relative to a meeting, as the rules in force state it.

    workdays_before (days) | weekday_of_previous_week (weekday 1=Mon … 7) | day_of_previous_month /
    day_of_month (day)."""

    kind: str
    time: dt.time
    days: int | None = None
    weekday: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, rule: Mapping) -> "Deadline":
        """From the pack's form ({kind, days|weekday|day, time}); a bad part raises naming its field."""
        kind = rule.get("kind")
        if kind not in _KIND_NUMBER:
            kinds = ", ".join(DEADLINE_KINDS)
            raise ValueError(f"kind: {kind!r} 不是已知的期限类型 / unknown deadline kind; expected one of {kinds}")
        field, low, high = _KIND_NUMBER[kind]
        return cls(kind, parse_time(rule.get("time", "17:00")), **{field: _number(rule, field, low, high)})


def workdays_before(
    calendar: WorkdayCalendar, meeting: dt.date, days: int, at: dt.time, timezone: str = DEFAULT_TIMEZONE
) -> Flagged[dt.datetime]:
    """“会前N个工作日HH:MM前”: N working days before the meeting date, at `at`."""
    day = calendar.add_workdays(meeting, -days)
    return Flagged(dt.datetime.combine(day.value, at, tzinfo=ZoneInfo(timezone)), day.confirmed)


def deadline(
    rule: Deadline, meeting: dt.date, calendar: WorkdayCalendar, timezone: str = DEFAULT_TIMEZONE
) -> Flagged[dt.datetime]:
    """The exact moment `rule` gives for a meeting on `meeting` (its kind's number is set: see parse)."""
    if rule.kind == "workdays_before":
        return workdays_before(calendar, meeting, rule.days, rule.time, timezone)
    if rule.kind == "weekday_of_previous_week":
        monday = meeting - dt.timedelta(days=meeting.weekday() + 7)
        day = monday + dt.timedelta(days=rule.weekday - 1)
    elif rule.kind == "day_of_previous_month":
        first = meeting.replace(day=1)
        day = _day_in_month((first - dt.timedelta(days=1)).replace(day=1), rule.day)
    else:
        day = _day_in_month(meeting.replace(day=1), rule.day)
    moment = dt.datetime.combine(day, rule.time, tzinfo=ZoneInfo(timezone))
    return Flagged(moment, calendar.day(day).confirmed)


def _day_in_month(first: dt.date, day: int) -> dt.date:
    """Day `day` of the month starting at `first`, or its last day when the month is shorter (2月30日)."""
    return first.replace(day=min(day, monthcalendar.monthrange(first.year, first.month)[1]))
