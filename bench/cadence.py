"""Materialise one year of meetings for many organisations: the cadence engine vs bare dateutil.

    python bench/cadence.py [--organisations 1000] [--types 8] [--year 2026] [--rounds 3]

Prints the time for the engine (holiday policies, moves, organisation overrides) and for a plain
python-dateutil expansion of the same rules without any calendar logic, and their ratio.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dateutil.rrule import rrulestr  # noqa: E402

from yishi.content.calendar.cadence import Cadence, occurrences  # noqa: E402
from yishi.content.calendar.workdays import (  # noqa: E402
    DayEntry,
    WorkdayCalendar,
    national_days_from_chinese_calendar,
)

MEETING_TYPES = [
    ("FREQ=WEEKLY;BYDAY=MO", "skip"),
    ("FREQ=WEEKLY;BYDAY=FR", "previous_workday"),
    ("FREQ=MONTHLY;BYDAY=+1MO,+3MO", "next_workday"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "previous_workday"),
    ("FREQ=MONTHLY;BYMONTHDAY=25", "next_workday"),
    ("FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", "previous_workday"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "keep"),
    ("FREQ=YEARLY;BYMONTH=6;BYDAY=-1FR", "next_workday"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--types", type=int, default=8)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    start, end = dt.date(options.year, 1, 1), dt.date(options.year, 12, 31)
    rules = (MEETING_TYPES * (options.types // len(MEETING_TYPES) + 1))[: options.types]
    national = WorkdayCalendar(national_days_from_chinese_calendar(), confirmed_years=range(2004, 2027))
    # Organisations differ by a local holiday or two, as real ones do.
    calendars = [
        national.with_overrides([DayEntry(start + dt.timedelta(days=7 + n % 300), False, "地方节日")])
        for n in range(options.organisations)
    ]

    # The baseline parses each rule once and starts it at the range, as the engine does.
    first, last = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time())
    expansions = [rrulestr(rule, dtstart=first) for rule, _policy in rules]
    cadences = [Cadence(rule, dt.time(9), 120, policy) for rule, policy in rules]

    def bare() -> int:
        return sum(len(expansion.between(first, last, inc=True)) for _ in calendars for expansion in expansions)

    def engine() -> int:
        return sum(len(occurrences(cadence, calendar, start, end)) for calendar in calendars for cadence in cadences)

    # Interleaved rounds, best of each: other work on the machine then slows both sides alike.
    timings: dict = {bare: [], engine: []}
    for _ in range(options.rounds):
        for measured in timings:
            began = time.perf_counter()
            count = measured()
            timings[measured].append((time.perf_counter() - began, count))
    (baseline, dates), (planned, meetings) = min(timings[bare]), min(timings[engine])

    print(f"organisations × meeting types: {options.organisations} × {options.types}, year {options.year}")
    print(f"best of {options.rounds} interleaved rounds each")
    print(f"bare dateutil expansion:  {baseline:8.2f} s  ({dates} dates, no calendar)")
    print(f"cadence engine:           {planned:8.2f} s  ({meetings} meetings, holidays applied)")
    print(f"ratio engine / bare:      {planned / baseline:8.2f}×  (aim: under 2×)")


if __name__ == "__main__":
    main()
