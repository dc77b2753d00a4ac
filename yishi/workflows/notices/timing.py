"""When something is due relative to a meeting, in working days of the organisation's calendar."""

import datetime as dt

from django.utils import timezone

from yishi.content.calendar.workdays import WorkdayCalendar


def workdays_before_meeting(starts_at: dt.datetime, workdays: int, calendar: WorkdayCalendar) -> dt.datetime:
    """The same time of day as the meeting, `workdays` working days earlier (0: the meeting itself).

    "会前一个工作日通知" for a Monday 09:00 meeting after a holiday is the last working day before it,
    09:00 — holidays and make-up working days come from the calendar.
    """
    local = timezone.localtime(starts_at)
    day = calendar.add_workdays(local.date(), -workdays).value
    return local.replace(year=day.year, month=day.month, day=day.day)
