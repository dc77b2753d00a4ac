"""Deadlines written relative to a meeting: topics, materials, notices, leave requests."""

import calendar as monthcalendar
import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from .cadence import DEFAULT_TIMEZONE
from .workdays import Flagged, WorkdayCalendar

DEADLINE_KINDS = ("workdays_before", "weekday_of_previous_week", "day_of_previous_month", "day_of_month")


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


def workdays_before(
    calendar: WorkdayCalendar, meeting: dt.date, days: int, at: dt.time, timezone: str = DEFAULT_TIMEZONE
) -> Flagged[dt.datetime]:
    """“会前N个工作日HH:MM前”: N working days before the meeting date, at `at`."""
    day = calendar.add_workdays(meeting, -days)
    return Flagged(dt.datetime.combine(day.value, at, tzinfo=ZoneInfo(timezone)), day.confirmed)


def deadline(
    rule: Mapping, meeting: dt.date, calendar: WorkdayCalendar, timezone: str = DEFAULT_TIMEZONE
) -> Flagged[dt.datetime]:
    """The exact moment a relative deadline rule gives for a meeting on `meeting`.

    rule: {kind: workdays_before, days, time} | {kind: weekday_of_previous_week, weekday (1=Mon), time}
          | {kind: day_of_previous_month, day, time} | {kind: day_of_month, day, time}
    """
    kind = rule.get("kind")
    if kind not in DEADLINE_KINDS:
        kinds = ", ".join(DEADLINE_KINDS)
        raise ValueError(f"kind: {kind!r} 不是已知的期限类型 / unknown deadline kind; expected one of {kinds}")
    at = parse_time(rule.get("time", "17:00"))
    if kind == "workdays_before":
        return workdays_before(calendar, meeting, _number(rule, "days", 0, 60), at, timezone)
    if kind == "weekday_of_previous_week":
        monday = meeting - dt.timedelta(days=meeting.weekday() + 7)
        day = monday + dt.timedelta(days=_number(rule, "weekday", 1, 7) - 1)
    elif kind == "day_of_previous_month":
        first = meeting.replace(day=1)
        day = _day_in_month((first - dt.timedelta(days=1)).replace(day=1), _number(rule, "day", 1, 31))
    else:
        day = _day_in_month(meeting.replace(day=1), _number(rule, "day", 1, 31))
    moment = dt.datetime.combine(day, at, tzinfo=ZoneInfo(timezone))
    return Flagged(moment, calendar.day(day).confirmed)


def _day_in_month(first: dt.date, day: int) -> dt.date:
    """Day `day` of the month starting at `first`, or its last day when the month is shorter (2月30日)."""
    return first.replace(day=min(day, monthcalendar.monthrange(first.year, first.month)[1]))
