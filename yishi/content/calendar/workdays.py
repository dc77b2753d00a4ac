"""Working days in China: statutory holidays, make-up working days (调休) and local overrides."""

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
WEEKEND = "周末"


@dataclass(frozen=True)
class Flagged(Generic[T]):
    """An answer together with whether the calendar behind it is confirmed.

    For years whose arrangement has not been announced the engine falls back to Monday–Friday;
    `confirmed` is then False. Truth-testing is refused so that no caller can ignore the flag.
    """

    value: T
    confirmed: bool

    def __bool__(self):
        raise TypeError("read .value (and .confirmed) explicitly")


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    is_workday: bool
    name: str  # 春节, 春节调休上班, 周末, or "" for an ordinary working day
    confirmed: bool


@dataclass(frozen=True)
class DayEntry:
    """A day that differs from the Monday–Friday default: a holiday or a make-up working day."""

    date: dt.date
    is_workday: bool
    name: str


class WorkdayCalendar:
    """National arrangement + confirmed years + an organisation's own overrides, immutable."""

    def __init__(
        self,
        national: Iterable[DayEntry] = (),
        confirmed_years: Iterable[int] = (),
        overrides: Iterable[DayEntry] = (),
    ):
        self._days: dict[dt.date, DayEntry] = {entry.date: entry for entry in national}
        self._overridden = set()
        for entry in overrides:
            self._days[entry.date] = entry
            self._overridden.add(entry.date)
        self._confirmed_years = frozenset(confirmed_years)

    def with_overrides(self, overrides: Iterable[DayEntry]) -> "WorkdayCalendar":
        calendar = WorkdayCalendar.__new__(WorkdayCalendar)
        calendar._days = dict(self._days)
        calendar._overridden = set(self._overridden)
        calendar._confirmed_years = self._confirmed_years
        for entry in overrides:
            calendar._days[entry.date] = entry
            calendar._overridden.add(entry.date)
        return calendar

    @property
    def confirmed_years(self) -> frozenset[int]:
        return self._confirmed_years

    def confirmed(self, day: dt.date) -> bool:
        # An organisation's own override is certain even in a year the State Council has not announced.
        return day.year in self._confirmed_years or day in self._overridden

    def workday(self, day: dt.date) -> bool:
        """Plain answer for hot loops that check `confirmed()` themselves."""
        entry = self._days.get(day)
        return entry.is_workday if entry is not None else day.weekday() < 5

    def day(self, day: dt.date) -> DayInfo:
        entry = self._days.get(day)
        if entry is not None:
            return DayInfo(day, entry.is_workday, entry.name, self.confirmed(day))
        workday = day.weekday() < 5
        return DayInfo(day, workday, "" if workday else WEEKEND, self.confirmed(day))

    def is_workday(self, day: dt.date) -> Flagged[bool]:
        return Flagged(self.workday(day), self.confirmed(day))

    def add_workdays(self, day: dt.date, n: int) -> Flagged[dt.date]:
        """The n-th working day after `day` (before it when n < 0).

        n = 0 returns `day` itself even when it is not a working day: “0 working days before the
        meeting” is the meeting day. Confirmed only if every day passed over is.
        """
        step = dt.timedelta(days=1 if n > 0 else -1)
        confirmed = self.confirmed(day)
        remaining = abs(n)
        while remaining:
            day += step
            confirmed = confirmed and self.confirmed(day)
            if self.workday(day):
                remaining -= 1
        return Flagged(day, confirmed)

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        return self.add_workdays(day, 1).value

    def previous_workday(self, day: dt.date) -> dt.date:
        return self.add_workdays(day, -1).value

    def workdays_between(self, start: dt.date, end: dt.date) -> Flagged[int]:
        """Working days in [start, end)."""
        count, confirmed = 0, True
        for day in _dates(start, end):
            confirmed = confirmed and self.confirmed(day)
            count += self.workday(day)
        return Flagged(count, confirmed)

    def special_days(self, start: dt.date, end: dt.date) -> list[DayInfo]:
        """Holidays and make-up working days in [start, end], for calendars shown to people."""
        keys = sorted(self._days)
        first, last = bisect.bisect_left(keys, start), bisect.bisect_right(keys, end)
        return [self.day(day) for day in keys[first:last]]


def _dates(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day < end:
        yield day
        day += dt.timedelta(days=1)


def national_days_from_chinese_calendar(first_year: int = 2004, last_year: int = 2026) -> Iterator[DayEntry]:
    """Holidays and make-up working days from the `chinese-calendar` package (data up to 2026)."""
    import chinese_calendar

    for day, name in sorted(chinese_calendar.holidays.items()):
        if first_year <= day.year <= last_year:
            yield DayEntry(day, False, HOLIDAY_NAMES_ZH.get(name, name))
    for day, name in sorted(chinese_calendar.workdays.items()):
        if first_year <= day.year <= last_year and day.weekday() >= 5:
            yield DayEntry(day, True, HOLIDAY_NAMES_ZH.get(name, name) + "调休上班")
