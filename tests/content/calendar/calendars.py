"""Calendars for the engine tests: the real national arrangement, 2004–2026."""

from functools import lru_cache

from yishi.content.calendar.workdays import WorkdayCalendar, national_days_from_chinese_calendar


@lru_cache(maxsize=1)
def national() -> WorkdayCalendar:
    return WorkdayCalendar(national_days_from_chinese_calendar(), confirmed_years=range(2004, 2027))
