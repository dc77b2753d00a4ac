from django.db import connection

from yishi.content.calendar.service import calendar_for
from yishi.content.calendar.workdays import WorkdayCalendar


def organisation_calendar(info) -> WorkdayCalendar:
    """The calendar of the organisation being resolved, built once per request and organisation."""
    calendars = info.context.__dict__.setdefault("calendars", {})
    schema = connection.schema_name
    if schema not in calendars:
        calendars[schema] = calendar_for(schema)
    return calendars[schema]
