import datetime as dt

import pytest

from yishi.content.calendar.deadlines import Deadline, deadline

from .calendars import national


def at(rule, meeting):
    answer = deadline(Deadline.parse(rule), meeting, national())
    return answer.value.isoformat(), answer.confirmed


def test_n_working_days_before_skips_the_spring_festival_and_counts_the_make_up_saturday():
    rule = {"kind": "workdays_before", "days": 3, "time": "17:00"}
    assert at(rule, dt.date(2026, 2, 24)) == ("2026-02-12T17:00:00+08:00", True)


def test_weekday_of_the_previous_week():
    rule = {"kind": "weekday_of_previous_week", "weekday": 4, "time": "17:00"}  # 每周四17:00前
    assert at(rule, dt.date(2026, 3, 2)) == ("2026-02-26T17:00:00+08:00", True)
    assert at(rule, dt.date(2026, 3, 6)) == ("2026-02-26T17:00:00+08:00", True)  # Friday of the same week


def test_day_of_the_previous_month_clamps_to_short_months():
    assert at({"kind": "day_of_previous_month", "day": 25, "time": "17:00"}, dt.date(2026, 3, 30))[0] == (
        "2026-02-25T17:00:00+08:00"
    )
    assert at({"kind": "day_of_previous_month", "day": 30, "time": "12:00"}, dt.date(2026, 3, 2))[0] == (
        "2026-02-28T12:00:00+08:00"
    )


def test_day_of_the_same_month():
    assert at({"kind": "day_of_month", "day": 25, "time": "17:00"}, dt.date(2026, 1, 30)) == (
        "2026-01-25T17:00:00+08:00", True,
    )


def test_a_2027_deadline_is_flagged_unconfirmed():
    assert at({"kind": "workdays_before", "days": 2, "time": "09:00"}, dt.date(2027, 3, 3))[1] is False


@pytest.mark.parametrize(("rule", "field"), [
    ({"kind": "whenever"}, "kind"),
    ({"kind": "workdays_before", "time": "17:00"}, "days"),
    ({"kind": "weekday_of_previous_week", "weekday": 8, "time": "17:00"}, "weekday"),
    ({"kind": "day_of_month", "day": "25", "time": "17:00"}, "day"),
    ({"kind": "day_of_month", "day": 25, "time": "17点"}, "time"),
])
def test_a_bad_rule_names_the_field(rule, field):
    with pytest.raises(ValueError, match=f"^{field}: "):
        Deadline.parse(rule)
