import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yishi.content.calendar.workdays import DayEntry, WorkdayCalendar

from .calendars import national

D = dt.date


@pytest.mark.parametrize(
    ("day", "is_workday", "name"),
    [
        (D(2026, 2, 16), False, "春节"),  # a Monday inside the 2026 Spring Festival
        (D(2026, 2, 14), True, "春节调休上班"),  # a make-up working Saturday
        (D(2024, 9, 29), True, "国庆节调休上班"),  # a make-up working Sunday
        (D(2025, 10, 8), False, "国庆节"),  # the eighth day of the 2025 National Day holiday
        (D(2025, 10, 9), True, ""),
        (D(2025, 10, 12), False, "周末"),
    ],
)
def test_days_from_the_national_arrangement(day, is_workday, name):
    info = national().day(day)
    assert (info.is_workday, info.name, info.confirmed) == (is_workday, name, True)


def test_add_workdays_counts_make_up_saturdays_and_skips_holidays():
    # Back from the first working day after the 2026 Spring Festival: 23–15 Feb are holidays,
    # the 14th is a make-up working Saturday.
    assert national().add_workdays(D(2026, 2, 24), -1).value == D(2026, 2, 14)
    assert national().add_workdays(D(2026, 2, 24), -3).value == D(2026, 2, 12)
    assert national().add_workdays(D(2026, 2, 13), 2).value == D(2026, 2, 24)


def test_workdays_between_counts_half_open_ranges():
    # October 2024: 1–7 holiday, the 12th a make-up Saturday.
    answer = national().workdays_between(D(2024, 10, 1), D(2024, 10, 14))
    assert (answer.value, answer.confirmed) == (5, True)  # 8, 9, 10, 11, 12


def test_an_unannounced_year_falls_back_to_monday_to_friday_and_says_so():
    calendar = national()
    answer = calendar.is_workday(D(2027, 2, 8))  # a Monday; the 2027 Spring Festival is not yet entered
    assert (answer.value, answer.confirmed) == (True, False)
    assert calendar.add_workdays(D(2026, 12, 31), 1).confirmed is False
    with pytest.raises(TypeError):
        bool(answer)  # callers must read .value and .confirmed, not truth-test


def test_a_year_becomes_exact_once_its_arrangement_is_entered():
    arrangement = [DayEntry(D(2027, 2, 8), False, "春节"), DayEntry(D(2027, 2, 20), True, "春节调休上班")]
    calendar = WorkdayCalendar(
        [*national_entries(), *arrangement], confirmed_years=[*range(2004, 2027), 2027]
    )
    assert calendar.day(D(2027, 2, 8)) .is_workday is False
    assert calendar.is_workday(D(2027, 2, 8)).confirmed is True
    assert calendar.is_workday(D(2027, 2, 20)).value is True


def national_entries():
    from yishi.content.calendar.workdays import national_days_from_chinese_calendar

    return national_days_from_chinese_calendar()


def test_an_organisations_override_wins_and_is_confirmed():
    local = national().with_overrides([DayEntry(D(2027, 3, 1), False, "县庆")])
    assert local.day(D(2027, 3, 1)).name == "县庆"
    assert local.is_workday(D(2027, 3, 1)).value is False
    assert local.is_workday(D(2027, 3, 1)).confirmed is True
    assert national().is_workday(D(2027, 3, 1)).value is True  # the national calendar is untouched


workday_dates = st.dates(D(2004, 1, 1), D(2026, 12, 31)).filter(lambda d: national().day(d).is_workday)


@given(workday_dates, st.integers(-40, 40))
def test_add_workdays_there_and_back_returns_to_a_working_day(day, n):
    calendar = national()
    assert calendar.add_workdays(calendar.add_workdays(day, n).value, -n).value == day


@given(st.dates(D(2004, 1, 1), D(2026, 12, 20)), st.integers(1, 30))
def test_add_workdays_lands_on_a_working_day(day, n):
    assert national().day(national().add_workdays(day, n).value).is_workday
