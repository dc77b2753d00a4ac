"""The stored calendar: seeded national data, a year entered by file, organisation overrides."""

import datetime as dt

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.support import yishi_command
from yishi.content.calendar.local.models import CalendarOverride
from yishi.content.calendar.models import CalendarYear, NationalDay
from yishi.content.calendar.service import (
    ArrangementError,
    calendar_for,
    calendar_for_current_organisation,
    enter_arrangement,
    national_calendar,
    replace_overrides,
)

ARRANGEMENT_2027 = {
    "year": 2027,
    "source": "测试用安排",
    "holidays": [{"name": "春节", "from": "2027-02-05", "to": "2027-02-11"}],
    "workdays": [{"name": "春节调休上班", "date": "2027-02-14"}],
}


def test_the_national_calendar_is_seeded_for_2004_to_2026(db):
    assert set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)) == set(range(2004, 2027))
    assert NationalDay.objects.get(date=dt.date(2026, 2, 14)).name == "春节调休上班"
    assert national_calendar().is_workday(dt.date(2026, 2, 16)).value is False


def test_entering_a_year_confirms_it(db):
    assert national_calendar().is_workday(dt.date(2027, 2, 8)).confirmed is False
    enter_arrangement(ARRANGEMENT_2027)
    answer = national_calendar().is_workday(dt.date(2027, 2, 8))
    assert (answer.value, answer.confirmed) == (False, True)
    assert national_calendar().day(dt.date(2027, 2, 14)).is_workday is True


def test_a_bad_arrangement_names_every_field_and_writes_nothing(db):
    bad = {"year": 2027, "holidays": [{"name": "", "from": "2027-02-30"}, {"name": "春节", "from": "2028-01-01"}]}
    with pytest.raises(ArrangementError) as error:
        enter_arrangement(bad)
    paths = [path for path, _ in error.value.errors]
    assert paths == ["holidays[0].name", "holidays[0].from", "holidays[0].to", "holidays[1]"]
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_overrides_belong_to_one_organisation(org_a, org_b):
    with tenant_context(org_a):
        replace_overrides([{"date": "2026-03-02", "workday": False, "name": "县庆"}])
        assert calendar_for_current_organisation().day(dt.date(2026, 3, 2)).name == "县庆"
    with tenant_context(org_b):
        assert not CalendarOverride.objects.exists()
        assert calendar_for_current_organisation().is_workday(dt.date(2026, 3, 2)).value is True


def test_a_day_edited_on_its_own_changes_the_national_calendar(db):
    assert national_calendar().is_workday(dt.date(2026, 2, 14)).value is True
    day = NationalDay.objects.get(date=dt.date(2026, 2, 14))
    day.is_workday = False
    day.save()
    assert national_calendar().is_workday(dt.date(2026, 2, 14)).value is False


def test_calendar_for_an_organisation_or_its_schema(org_a, org_b):
    with tenant_context(org_a):
        replace_overrides([{"date": "2026-03-02", "workday": False, "name": "县庆"}])
    assert calendar_for(org_a).day(dt.date(2026, 3, 2)).name == "县庆"
    assert calendar_for(org_a.schema_name).is_workday(dt.date(2026, 3, 2)).value is False
    assert calendar_for(org_b).is_workday(dt.date(2026, 3, 2)).value is True
    assert calendar_for("public").is_workday(dt.date(2026, 3, 2)).value is True  # the national calendar


def test_overrides_are_cached_per_organisation_until_one_changes(organisations, django_db_blocker):
    # Committed rows (no test transaction): inside a transaction nothing is shared through the cache.
    a, b = organisations.a, organisations.b
    day = dt.date(2026, 3, 3)
    with django_db_blocker.unblock():
        try:
            with tenant_context(a):
                replace_overrides([{"date": day.isoformat(), "workday": False, "name": "县庆"}])
            assert calendar_for(a).day(day).name == "县庆"
            with CaptureQueriesContext(connection) as queries:
                assert calendar_for(a).day(day).name == "县庆"
            assert not [q for q in queries.captured_queries if "calendaroverride" in q["sql"]]
            assert calendar_for(b).is_workday(day).value is True  # B's key is its own
            with tenant_context(a):
                replace_overrides([{"date": day.isoformat(), "workday": True, "name": "补班"}])
            assert calendar_for(a).day(day).name == "补班"  # the change dropped the cached overrides
        finally:
            with tenant_context(a):
                replace_overrides([])


def test_yishi_calendar_import(tmp_path, organisations, django_db_blocker):
    good = tmp_path / "2027.yaml"
    good.write_text(yaml.safe_dump(ARRANGEMENT_2027, allow_unicode=True), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 2027\nworkdays:\n  - {date: 2027-02-31}\n", encoding="utf-8")
    try:
        refused = yishi_command("calendar", "import", str(bad))
        assert refused.returncode == 2
        assert "line 3, workdays[0].date" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
        result = yishi_command("calendar", "import", str(good))
        assert result.returncode == 0, result.stderr
        with django_db_blocker.unblock():
            assert CalendarYear.objects.get(year=2027).confirmed
            assert NationalDay.objects.filter(calendar_year__year=2027).count() == 8
    finally:
        with django_db_blocker.unblock():
            CalendarYear.objects.filter(year=2027).delete()
