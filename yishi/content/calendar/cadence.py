"""Meeting dates from a cadence (RFC 5545 RRULE + time + duration + holiday policy) and a calendar."""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from django.utils.translation import gettext as _

from .workdays import WorkdayCalendar

HOLIDAY_POLICIES = ("keep", "skip", "next_workday", "previous_workday")
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_ANCHOR = dt.date(2000, 1, 3)  # a Monday; only INTERVAL>1 rules depend on it
# Meetings are planned per day: finer rules mean nothing here and would iterate for ever.
SUB_DAILY = ("HOURLY", "MINUTELY", "SECONDLY")

POLICY_REASONS = {
    "next_workday": "{name}，顺延至下一工作日",
    "previous_workday": "{name}，提前至前一工作日",
}


class CadenceError(ValueError):
    """A cadence that cannot be used; the message names the part that is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Cadence:
    rrule: str
    time: dt.time
    duration_minutes: int
    holiday_policy: str = "keep"
    timezone: str = DEFAULT_TIMEZONE
    anchor: dt.date = DEFAULT_ANCHOR  # DTSTART: the first date the rule counts from

    def __post_init__(self):
        validate_rrule(self.rrule)
        if self.holiday_policy not in HOLIDAY_POLICIES:
            choices = ", ".join(HOLIDAY_POLICIES)
            raise CadenceError("holiday_policy", _("%(value)r 不是可选值，应为 %(choices)s 之一") % {
                "value": self.holiday_policy, "choices": choices})
        if not isinstance(self.duration_minutes, int) or self.duration_minutes <= 0:
            raise CadenceError("duration_minutes", _("%(value)r 应为正整数") % {"value": self.duration_minutes})


class Occurrence(NamedTuple):
    """One meeting; a named tuple because a year for every organisation builds a great many of them."""

    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    moved_from: dt.date | None
    reason: str | None
    calendar_confirmed: bool


def validate_rrule(text: str) -> rrule:
    """Parse an RRULE (without DTSTART); raise CadenceError naming the problem."""
    body = text.strip().removeprefix("RRULE:")
    if not body:
        raise CadenceError("rrule", _("不能为空"))
    if "DTSTART" in body.upper():
        raise CadenceError("rrule", _("不要包含 DTSTART：制度的施行日期就是起点"))
    if any(f"FREQ={freq}" in body.upper() for freq in SUB_DAILY):
        raise CadenceError("rrule", _("会议频次至少以天计（FREQ 不能短于 DAILY）"))
    try:
        return _parse(body, DEFAULT_ANCHOR)
    except (ValueError, TypeError) as error:
        raise CadenceError("rrule", _("无效的 RRULE %(rule)r：%(error)s") % {"rule": text, "error": error}) from None


@lru_cache(maxsize=4096)
def _parse(body: str, anchor: dt.date) -> rrule:
    start = dt.datetime.combine(anchor, dt.time())
    rule = rrulestr(body, dtstart=start, forceset=False, cache=False)
    if not isinstance(rule, rrule):
        raise ValueError("a single RRULE is expected")
    return rule


_PERIODS = {
    YEARLY: lambda n: relativedelta(years=n),
    MONTHLY: lambda n: relativedelta(months=n),
    WEEKLY: lambda n: relativedelta(weeks=n),
    DAILY: lambda n: relativedelta(days=n),
}


def _rule_dates(cadence: Cadence, start: dt.date, end: dt.date) -> list[dt.date]:
    rule = _restarted(cadence.rrule.strip().removeprefix("RRULE:"), cadence.anchor, start)
    first = dt.datetime.combine(start, dt.time())
    last = dt.datetime.combine(end, dt.time())
    return [moment.date() for moment in rule.between(first, last, inc=True)]


@lru_cache(maxsize=4096)
def _restarted(body: str, anchor: dt.date, start: dt.date) -> rrule:
    """The rule restarted a whole number of periods after its anchor, close to `start`.

    Same dates, far less work: a weekly rule need not iterate from the year 2000.
    """
    rule = _parse(body, anchor)
    # From the 29th on, whole months/years after the anchor may fall on another day of the month,
    # and a rule that takes its day from DTSTART would change: such anchors iterate from the start.
    if rule._count is None and rule._freq in _PERIODS and start > anchor and anchor.day <= 28:
        periods = _whole_periods(rule._freq, rule._interval, anchor, start)
        moved = anchor + _PERIODS[rule._freq](periods * rule._interval)
        rule = rule.replace(dtstart=dt.datetime.combine(moved, dt.time()))
    return rule


def _whole_periods(freq: int, interval: int, anchor: dt.date, start: dt.date) -> int:
    """Whole periods of the rule from its anchor to the last one that begins on or before `start`."""
    if freq == YEARLY:
        elapsed = start.year - anchor.year - ((start.month, start.day) < (anchor.month, anchor.day))
    elif freq == MONTHLY:
        elapsed = (start.year - anchor.year) * 12 + start.month - anchor.month - (start.day < anchor.day)
    else:
        elapsed = (start - anchor).days // (7 if freq == WEEKLY else 1)
    return elapsed // interval


def occurrences(
    cadence: Cadence, calendar: WorkdayCalendar, start: dt.date, end: dt.date
) -> list[Occurrence]:
    """Meetings whose (possibly moved) date falls in [start, end], in date order.

    A rule date outside the range that is moved into it counts; one inside that is moved out does not.
    """
    zone = ZoneInfo(cadence.timezone)
    duration = dt.timedelta(minutes=cadence.duration_minutes)
    # Exactly the rule dates that can be moved into the range, however long a closure lasts: after the
    # last working day before `start` (next_workday), or up to the first one after `end` (previous).
    first = calendar.previous_workday(start) if cadence.holiday_policy == "next_workday" else start
    last = calendar.next_workday(end) if cadence.holiday_policy == "previous_workday" else end
    found: dict[dt.date, Occurrence] = {}
    for rule_date in _rule_dates(cadence, first, last):
        placed = place(rule_date, cadence.holiday_policy, calendar)
        if placed is None:
            continue
        day, moved_from, reason, confirmed = placed
        if not start <= day <= end:
            continue
        # Rule dates moved onto one day give one meeting; the one the rule puts there anyway wins.
        if day not in found or (found[day].moved_from is not None and moved_from is None):
            starts_at = dt.datetime.combine(day, cadence.time, tzinfo=zone)
            found[day] = Occurrence(day, starts_at, starts_at + duration, moved_from, reason, confirmed)
    return [found[day] for day in sorted(found)]


def place(rule_date: dt.date, policy: str, calendar: WorkdayCalendar):
    """Apply the holiday policy to one rule date: (date, moved_from, reason, confirmed) or None."""
    if policy == "keep" or calendar.workday(rule_date):
        return rule_date, None, None, calendar.confirmed(rule_date)
    if policy == "skip":
        return None
    moved = calendar.next_workday(rule_date) if policy == "next_workday" else calendar.previous_workday(rule_date)
    confirmed = calendar.confirmed(rule_date) and calendar.confirmed(moved)
    return moved, rule_date, POLICY_REASONS[policy].format(name=calendar.day(rule_date).name), confirmed
