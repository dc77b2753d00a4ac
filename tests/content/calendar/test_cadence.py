import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.content.calendar.cadence import Cadence, CadenceError, occurrences, validate_rrule
from yishi.content.calendar.workdays import DayEntry, WorkdayCalendar, national_days_from_chinese_calendar

from .calendars import national

D = dt.date


def dates(rrule, policy, start, end, **cadence):
    cadence = Cadence(rrule, dt.time(9, 0), 120, policy, **cadence)
    return [(o.date, o.moved_from, o.reason) for o in occurrences(cadence, national(), start, end)]


def test_a_weekly_monday_meeting_through_the_spring_festival_is_skipped():
    assert dates("FREQ=WEEKLY;BYDAY=MO", "skip", D(2026, 2, 1), D(2026, 2, 28)) == [
        (D(2026, 2, 2), None, None), (D(2026, 2, 9), None, None),
    ]


def test_two_mondays_moved_onto_one_day_give_one_meeting():
    # 16 and 23 Feb 2026 are both in the Spring Festival; both move to Tuesday the 24th.
    assert dates("FREQ=WEEKLY;BYDAY=MO", "next_workday", D(2026, 2, 10), D(2026, 2, 28)) == [
        (D(2026, 2, 24), D(2026, 2, 16), "春节，顺延至下一工作日"),
    ]


def test_a_rule_date_on_a_make_up_working_saturday_stays():
    # Saturdays with `skip`: only the make-up working Saturdays of autumn 2024 remain.
    assert [d for d, _, _ in dates("FREQ=WEEKLY;BYDAY=SA", "skip", D(2024, 9, 1), D(2024, 10, 31))] == [
        D(2024, 9, 14), D(2024, 10, 12),
    ]
    assert dates("FREQ=MONTHLY;BYMONTHDAY=14", "next_workday", D(2026, 2, 1), D(2026, 2, 28)) == [
        (D(2026, 2, 14), None, None),
    ]


def test_a_month_end_that_is_a_holiday_moves_to_the_previous_working_day():
    assert dates("FREQ=MONTHLY;BYMONTHDAY=-1", "previous_workday", D(2025, 1, 1), D(2025, 1, 31)) == [
        (D(2025, 1, 27), D(2025, 1, 31), "春节，提前至前一工作日"),
    ]


def test_next_working_day_crosses_into_the_next_month():
    assert dates("FREQ=MONTHLY;BYMONTHDAY=-1", "next_workday", D(2025, 1, 15), D(2025, 2, 15)) == [
        (D(2025, 2, 5), D(2025, 1, 31), "春节，顺延至下一工作日"),
    ]


def test_previous_working_day_crosses_into_the_previous_month():
    assert dates("FREQ=MONTHLY;BYMONTHDAY=1", "previous_workday", D(2025, 9, 15), D(2025, 10, 15)) == [
        (D(2025, 9, 30), D(2025, 10, 1), "国庆节，提前至前一工作日"),
    ]


def test_a_quarterly_date_inside_the_national_day_holiday():
    quarterly_start = "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=1"
    assert dates(quarterly_start, "next_workday", D(2025, 9, 1), D(2025, 12, 31)) == [
        (D(2025, 10, 9), D(2025, 10, 1), "国庆节，顺延至下一工作日"),
    ]
    quarter_end = "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
    assert [d for d, _, _ in dates(quarter_end, "previous_workday", D(2024, 1, 1), D(2024, 12, 31))] == [
        D(2024, 3, 29), D(2024, 6, 28), D(2024, 9, 30), D(2024, 12, 31),
    ]


def test_a_quarter_end_inside_the_national_day_holiday():
    # 2024–2026 have no quarter end inside a holiday; 30 Sep 2023 (a Saturday) was 国庆节, 29 Sep 中秋节,
    # and 7–8 Oct 2023 were make-up working days.
    quarter_end = "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
    assert dates(quarter_end, "previous_workday", D(2023, 7, 1), D(2023, 12, 31)) == [
        (D(2023, 9, 28), D(2023, 9, 30), "国庆节，提前至前一工作日"),
        (D(2023, 12, 29), D(2023, 12, 31), "元旦，提前至前一工作日"),
    ]
    assert dates(quarter_end, "next_workday", D(2023, 7, 1), D(2023, 12, 31)) == [
        (D(2023, 10, 7), D(2023, 9, 30), "国庆节，顺延至下一工作日"),  # onto the make-up Saturday
    ]  # 31 Dec moves to 2 Jan 2024, outside the range


def test_a_2027_meeting_is_unconfirmed_until_the_arrangement_is_entered():
    cadence = Cadence("FREQ=MONTHLY;BYMONTHDAY=1", dt.time(15, 0), 90, "next_workday")
    (guess,) = occurrences(cadence, national(), D(2027, 2, 1), D(2027, 2, 28))
    assert (guess.date, guess.moved_from, guess.calendar_confirmed) == (D(2027, 2, 1), None, False)
    # A made-up arrangement (the real one is announced around November 2026).
    arrangement = [DayEntry(D(2027, 2, 1), False, "春节"), DayEntry(D(2027, 2, 2), False, "春节")]
    entered = WorkdayCalendar([*national_days_from_chinese_calendar(), *arrangement], [*range(2004, 2028)])
    (exact,) = occurrences(cadence, entered, D(2027, 2, 1), D(2027, 2, 28))
    assert (exact.date, exact.moved_from, exact.reason, exact.calendar_confirmed) == (
        D(2027, 2, 3), D(2027, 2, 1), "春节，顺延至下一工作日", True,
    )


def test_a_move_that_crosses_into_an_unconfirmed_year_is_unconfirmed():
    cadence = Cadence("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=27", dt.time(9), 60, "next_workday")
    (meeting,) = occurrences(cadence, national(), D(2026, 12, 1), D(2027, 1, 31))
    assert (meeting.date, meeting.moved_from, meeting.calendar_confirmed) == (D(2026, 12, 28), D(2026, 12, 27), True)
    late = Cadence("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", dt.time(9), 60, "next_workday")
    national_with_closure = national().with_overrides([DayEntry(D(2026, 12, 31), False, "年终盘点")])
    (moved,) = occurrences(late, national_with_closure, D(2026, 12, 1), D(2027, 1, 31))
    assert (moved.date, moved.calendar_confirmed) == (D(2027, 1, 1), False)  # 2027's 元旦 not yet entered


def test_the_meeting_the_rule_puts_on_a_day_is_not_reported_as_moved():
    # Daily meetings 1–8 Oct 2025 (National Day) all move to the 9th, where the rule has its own meeting.
    found = dates("FREQ=DAILY", "next_workday", D(2025, 10, 1), D(2025, 10, 10))
    assert found == [(D(2025, 10, 9), None, None), (D(2025, 10, 10), None, None)]


def test_a_long_closure_moves_a_meeting_from_weeks_before_the_range():
    cadence = Cadence("FREQ=MONTHLY;BYMONTHDAY=10", dt.time(9), 60, "next_workday")
    closed = national().with_overrides(
        DayEntry(D(2026, 3, 1) + dt.timedelta(days=n), False, "闭馆改造") for n in range(50)  # 1 Mar – 19 Apr
    )
    assert [(o.date, o.moved_from) for o in occurrences(cadence, closed, D(2026, 4, 15), D(2026, 4, 30))] == [
        (D(2026, 4, 20), D(2026, 3, 10)),
    ]


def test_a_month_day_anchor_after_the_28th_keeps_its_day_far_from_the_anchor():
    cadence = Cadence("FREQ=MONTHLY;INTERVAL=5", dt.time(9), 60, "keep", anchor=D(2004, 12, 29))
    assert [o.date for o in occurrences(cadence, WorkdayCalendar(), D(2014, 8, 25), D(2015, 9, 1))] == [
        D(2014, 12, 29), D(2015, 5, 29),
    ]


def test_times_are_in_the_organisation_time_zone():
    cadence = Cadence("FREQ=WEEKLY;BYDAY=FR", dt.time(15, 0), 120, "keep")
    (meeting,) = occurrences(cadence, national(), D(2026, 3, 6), D(2026, 3, 6))
    assert meeting.starts_at.isoformat() == "2026-03-06T15:00:00+08:00"
    assert meeting.ends_at.isoformat() == "2026-03-06T17:00:00+08:00"


def test_every_other_week_keeps_its_phase_far_from_the_anchor():
    rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    near = dates(rule, "keep", D(2026, 3, 1), D(2026, 3, 31), anchor=D(2026, 1, 2))
    assert [d for d, _, _ in near] == [D(2026, 3, 13), D(2026, 3, 27)]  # 2 Jan + 10 and 12 weeks


@pytest.mark.parametrize(
    "bad", ["", "FREQ=SOMETIMES", "FREQ=WEEKLY;BYDAY=XX", "DTSTART:20260101\nRRULE:FREQ=DAILY", "FREQ=HOURLY"]
)
def test_an_invalid_rrule_names_the_field(bad):
    with pytest.raises(CadenceError) as error:
        validate_rrule(bad)
    assert error.value.field == "rrule"
    with translation.override("en"), pytest.raises(CadenceError) as in_english:
        validate_rrule(bad)
    assert in_english.value.message != error.value.message  # Chinese by default, English when asked


@pytest.mark.parametrize(("field", "arguments"), [
    ("holiday_policy", ("FREQ=DAILY", dt.time(9), 60, "sometimes")),
    ("duration_minutes", ("FREQ=DAILY", dt.time(9), 0, "keep")),
])
def test_bad_cadence_parts_name_the_field(field, arguments):
    with pytest.raises(CadenceError) as error:
        Cadence(*arguments)
    assert error.value.field == field


RULES = ["FREQ=WEEKLY;BYDAY=MO", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYDAY=+1MO,+3MO",
         "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "FREQ=DAILY"]
years = st.integers(2004, 2026)


POLICIES = ["keep", "skip", "next_workday", "previous_workday"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(RULES), st.sampled_from(["next_workday", "previous_workday", "skip"]), years)
def test_moved_and_skipped_meetings_land_on_working_days(rule, policy, year):
    cadence = Cadence(rule, dt.time(9), 60, policy)
    found = occurrences(cadence, national(), D(year, 1, 1), D(year, 12, 31))
    assert found
    assert all(national().day(o.date).is_workday for o in found)
    assert all((o.moved_from is None) == (o.reason is None) for o in found)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(RULES), st.sampled_from(POLICIES), st.dates(D(2005, 1, 1), D(2026, 6, 1)),
       st.integers(1, 120), st.integers(1, 120))
def test_splitting_a_range_changes_nothing(rule, policy, start, first_days, second_days):
    """Meetings moved across a range's edge are counted once, in the range where they are held."""
    cadence = Cadence(rule, dt.time(9), 60, policy)
    middle, end = start + dt.timedelta(days=first_days), start + dt.timedelta(days=first_days + second_days)
    whole = occurrences(cadence, national(), start, end)
    parts = occurrences(cadence, national(), start, middle) + occurrences(
        cadence, national(), middle + dt.timedelta(days=1), end
    )
    assert whole == parts
    assert all(start <= o.date <= end for o in whole)
