"""The calendar as stored: the national arrangement (public schema) + this organisation's overrides."""

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from .local.models import CalendarOverride
from .models import CalendarYear, NationalDay
from .workdays import DayEntry, WorkdayCalendar


class ArrangementError(ValueError):
    """Bad calendar input; `errors` lists (path, message) pairs, all of them."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors))
        self.errors = errors


def national_calendar() -> WorkdayCalendar:
    """The national calendar, rebuilt only when the stored arrangement changes (one cheap query)."""
    version = CalendarYear.objects.aggregate(changed=Max("updated_at"), years=Count("id"), days=Count("days"))
    return _national_calendar(tuple(sorted(version.items(), key=lambda item: item[0])))


@lru_cache(maxsize=2)
def _national_calendar(version) -> WorkdayCalendar:
    days = [DayEntry(day.date, day.is_workday, day.name) for day in NationalDay.objects.all()]
    confirmed = CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)
    return WorkdayCalendar(days, confirmed_years=list(confirmed))


# Writes that bypass the model signals (queryset.update, bulk_create) are seen when this runs out.
OVERRIDES_CACHE_SECONDS = 3600


def calendar_for(organisation_or_schema) -> WorkdayCalendar:
    """One organisation's calendar (an Organisation or its schema name): national + its own overrides.

    The overrides are cached per organisation and forgotten when one changes; the public schema has
    none and gets the national calendar.
    """
    schema = getattr(organisation_or_schema, "schema_name", organisation_or_schema)
    if schema == get_public_schema_name():
        return national_calendar()
    with schema_context(schema):
        # Rows read inside a transaction may be uncommitted or rolled back: never share them.
        shared = not connection.in_atomic_block
        overrides = cache.get(_overrides_key()) if shared else None
        if overrides is None:
            overrides = tuple(DayEntry(o.date, o.is_workday, o.name) for o in CalendarOverride.objects.all())
            if shared:
                cache.set(_overrides_key(), overrides, OVERRIDES_CACHE_SECONDS)
    return national_calendar().with_overrides(overrides)


def calendar_for_current_organisation() -> WorkdayCalendar:
    """The calendar of the organisation whose schema the connection is on."""
    return calendar_for(connection.schema_name)


def _overrides_key() -> str:
    # The cache's KEY_FUNCTION adds the schema; the database name keeps the test database's entries
    # apart from the development server's, which share the file cache.
    return f"workcalendar-overrides:{connection.settings_dict['NAME']}"


def overrides_changed(**kwargs) -> None:
    """CalendarOverride saved or deleted: forget the organisation's cached overrides once committed."""
    schema = connection.schema_name

    def forget() -> None:
        with schema_context(schema):
            cache.delete(_overrides_key())

    transaction.on_commit(forget)


def national_day_changed(instance, **kwargs) -> None:
    """A day edited on its own (admin) changes the national calendar's version too."""
    CalendarYear.objects.filter(pk=instance.calendar_year_id).update(updated_at=timezone.now())


# --- Entering a year's arrangement ----------------------------------------------------------------


def _date(value, path: str, errors: list) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.append((path, f"{value!r} 不是日期 / is not a date (YYYY-MM-DD)"))
        return None


def parse_arrangement(data: Mapping) -> tuple[int, str, list[DayEntry]]:
    """Read one year's arrangement (see docs/calendar.md); raise ArrangementError listing every error."""
    errors: list[tuple[str, str]] = []
    if not isinstance(data, Mapping):
        raise ArrangementError([("", "expected a mapping with year, holidays and workdays")])
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors.append(("year", f"{year!r} 不是有效年份 / is not a year"))
        year = None
    entries: dict[dt.date, DayEntry] = {}

    def add(day: dt.date, is_workday: bool, name: str, path: str) -> None:
        if year and day.year != year:
            errors.append((path, f"{day} 不在 {year} 年 / is outside {year}"))
        elif day in entries:
            errors.append((path, f"{day} 重复 / appears twice"))
        else:
            entries[day] = DayEntry(day, is_workday, name)

    for index, item in enumerate(data.get("holidays") or []):
        path = f"holidays[{index}]"
        name = str(item.get("name", "")).strip()
        if not name:
            errors.append((f"{path}.name", "必填 / required"))
        first = _date(item.get("from"), f"{path}.from", errors)
        last = _date(item.get("to", item.get("from")), f"{path}.to", errors)
        if first and last:
            if last < first:
                errors.append((f"{path}.to", f"{last} 早于开始日期 {first} / is before from"))
            day = first
            while day <= last:
                add(day, False, name, path)
                day += dt.timedelta(days=1)
    for index, item in enumerate(data.get("workdays") or []):
        path = f"workdays[{index}]"
        name = str(item.get("name", "")).strip() or "调休上班"
        day = _date(item.get("date"), f"{path}.date", errors)
        if day:
            add(day, True, name, path)
    if errors:
        raise ArrangementError(errors)
    return year, str(data.get("source", "")), sorted(entries.values(), key=lambda entry: entry.date)


@transaction.atomic
def enter_arrangement(data: Mapping) -> CalendarYear:
    """Replace a year's national arrangement and mark the year confirmed (all or nothing)."""
    year, source, entries = parse_arrangement(data)
    calendar_year, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"confirmed": True, "source": source}
    )
    calendar_year.days.all().delete()
    NationalDay.objects.bulk_create(
        NationalDay(calendar_year=calendar_year, date=e.date, is_workday=e.is_workday, name=e.name) for e in entries
    )
    return calendar_year


def _wanted_overrides(entries: list[Mapping]) -> dict[dt.date, tuple[bool, str]]:
    return {dt.date.fromisoformat(str(e["date"])): (bool(e["workday"]), str(e.get("name", ""))) for e in entries}


@transaction.atomic
def replace_overrides(entries: list[Mapping]) -> None:
    """Make the current organisation's overrides exactly `entries` ({date, workday, name})."""
    wanted = _wanted_overrides(entries)
    CalendarOverride.objects.exclude(date__in=wanted).delete()
    for day, (is_workday, name) in wanted.items():
        CalendarOverride.objects.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name})


def override_changes(entries: list[Mapping]) -> dict[str, list[tuple]]:
    """What `replace_overrides(entries)` would do: {"add"/"change": [(date, workday, name)], "delete": [...]}."""
    wanted = _wanted_overrides(entries)
    current = {o.date: (o.is_workday, o.name) for o in CalendarOverride.objects.all()}
    changes = {"add": [], "change": [], "delete": []}
    for day, value in sorted(wanted.items()):
        if current.get(day) != value:
            changes["add" if day not in current else "change"].append((day, *value))
    changes["delete"] = [(day, *value) for day, value in sorted(current.items()) if day not in wanted]
    return changes


def export_overrides() -> list[dict]:
    return [
        {"date": o.date.isoformat(), "workday": o.is_workday, "name": o.name}
        for o in CalendarOverride.objects.order_by("date")
    ]
