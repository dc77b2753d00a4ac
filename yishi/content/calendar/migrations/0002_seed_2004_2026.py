"""Seed the national calendar 2004–2026 from the chinese-calendar package (it has nothing later)."""

from itertools import groupby

from django.db import migrations

SOURCE = "chinese-calendar（国务院办公厅历年节假日安排通知）"


def seed(apps, schema_editor):
    from yishi.content.calendar.workdays import national_days_from_chinese_calendar

    CalendarYear = apps.get_model("workcalendar", "CalendarYear")
    NationalDay = apps.get_model("workcalendar", "NationalDay")
    entries = sorted(national_days_from_chinese_calendar(2004, 2026), key=lambda entry: entry.date)
    for year, days in groupby(entries, key=lambda entry: entry.date.year):
        calendar_year, _ = CalendarYear.objects.get_or_create(year=year, defaults={"confirmed": True, "source": SOURCE})
        NationalDay.objects.bulk_create(
            [NationalDay(calendar_year=calendar_year, date=d.date, is_workday=d.is_workday, name=d.name) for d in days],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
