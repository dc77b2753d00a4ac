"""Meeting dates from a cadence (RFC 5545 RRULE + time + duration + holiday policy) and a calendar."""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from .workdays import WorkdayCalendar

HOLIDAY_POLICIES = ("keep", "skip", "next_workday", "previous_workday")
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_ANCHOR = dt.date(2000, 1, 3)  # a Monday; only INTERVAL>1 rules depend on it
# A rule date this far outside the range can still be moved into it (the longest holiday is 9 days).
MOVE_MARGIN = dt.timedelta(days=15)

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
            raise CadenceError("holiday_policy", f"must be one of {', '.join(HOLIDAY_POLICIES)}")
        if self.duration_minutes <= 0:
            raise CadenceError("duration_minutes", "must be positive")


@dataclass(frozen=True)
class Occurrence:
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
        raise CadenceError("rrule", "不能为空 / must not be empty")
    if "DTSTART" in body.upper():
        raise CadenceError("rrule", "不要包含 DTSTART / must not contain DTSTART")
    try:
        return _parse(body, DEFAULT_ANCHOR)
    except (ValueError, TypeError) as error:
        raise CadenceError("rrule", f"无效的 RRULE / invalid RRULE {text!r}: {error}") from None


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
    if rule._count is None and rule._freq in _PERIODS and start > anchor:
        periods = _whole_periods(rule._freq, rule._interval, anchor, start)
        moved = anchor + _PERIODS[rule._freq](periods * rule._interval)
        rule = rule.replace(dtstart=dt.datetime.combine(moved, dt.time()))
    return rule


def _whole_periods(freq: int, interval: int, anchor: dt.date, start: dt.date) -> int:
    days = (start - anchor).days - 40  # step back a little: a period may begin before `start`
    if days <= 0:
        return 0
    per_period = {YEARLY: 366, MONTHLY: 31, WEEKLY: 7, DAILY: 1}[freq] * interval
    return max(0, days // per_period)


def occurrences(
    cadence: Cadence, calendar: WorkdayCalendar, start: dt.date, end: dt.date
) -> list[Occurrence]:
    """Meetings whose (possibly moved) date falls in [start, end], in date order."""
    zone = ZoneInfo(cadence.timezone)
    duration = dt.timedelta(minutes=cadence.duration_minutes)
    found: dict[dt.date, Occurrence] = {}
    margin = MOVE_MARGIN if cadence.holiday_policy in POLICY_REASONS else dt.timedelta(0)
    for rule_date in _rule_dates(cadence, start - margin, end + margin):
        placed = place(rule_date, cadence.holiday_policy, calendar)
        if placed is None:
            continue
        day, moved_from, reason, confirmed = placed
        if start <= day <= end and day not in found:  # two rule dates moved onto one day: one meeting
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
