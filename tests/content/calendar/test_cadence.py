import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yishi.content.calendar.cadence import Cadence, CadenceError, occurrences, validate_rrule

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


def test_a_2027_meeting_is_unconfirmed():
    cadence = Cadence("FREQ=MONTHLY;BYMONTHDAY=-1", dt.time(15, 0), 90, "previous_workday")
    (first,) = occurrences(cadence, national(), D(2027, 1, 1), D(2027, 1, 31))
    assert (first.date, first.calendar_confirmed) == (D(2027, 1, 29), False)  # Sunday the 31st → Friday


def test_times_are_in_the_organisation_time_zone():
    cadence = Cadence("FREQ=WEEKLY;BYDAY=FR", dt.time(15, 0), 120, "keep")
    (meeting,) = occurrences(cadence, national(), D(2026, 3, 6), D(2026, 3, 6))
    assert meeting.starts_at.isoformat() == "2026-03-06T15:00:00+08:00"
    assert meeting.ends_at.isoformat() == "2026-03-06T17:00:00+08:00"


def test_every_other_week_keeps_its_phase_far_from_the_anchor():
    rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    near = dates(rule, "keep", D(2026, 3, 1), D(2026, 3, 31), anchor=D(2026, 1, 2))
    assert [d for d, _, _ in near] == [D(2026, 3, 13), D(2026, 3, 27)]  # 2 Jan + 10 and 12 weeks


@pytest.mark.parametrize("bad", ["", "FREQ=SOMETIMES", "FREQ=WEEKLY;BYDAY=XX", "DTSTART:20260101\nRRULE:FREQ=DAILY"])
def test_an_invalid_rrule_names_the_field(bad):
    with pytest.raises(CadenceError) as error:
        validate_rrule(bad)
    assert error.value.field == "rrule"


def test_an_unknown_holiday_policy_names_the_field():
    with pytest.raises(CadenceError) as error:
        Cadence("FREQ=DAILY", dt.time(9), 60, "sometimes")
    assert error.value.field == "holiday_policy"


RULES = ["FREQ=WEEKLY;BYDAY=MO", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYDAY=+1MO,+3MO",
         "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "FREQ=DAILY"]
years = st.integers(2004, 2026)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(RULES), st.sampled_from(["next_workday", "previous_workday", "skip"]), years)
def test_moved_and_skipped_meetings_land_on_working_days(rule, policy, year):
    cadence = Cadence(rule, dt.time(9), 60, policy)
    found = occurrences(cadence, national(), D(year, 1, 1), D(year, 12, 31))
    assert found
    assert all(national().day(o.date).is_workday for o in found)
