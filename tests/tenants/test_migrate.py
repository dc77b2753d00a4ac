"""`yishi migrate`: parallel, one failing schema reported by name without stopping the others, resumable."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.support import yishi_command
from yishi.tenants.migrating import pending_migrations
from yishi.tenants.provisioning import create_organisation

SESSIONS = ("sessions", "0001_initial")


@pytest.fixture
def broken_and_behind(organisations, django_db_blocker):
    """Two organisations each missing the sessions migration: one really, one only in its records.

    In `org_mig_behind` the migration is properly reversed (its table dropped); in `org_mig_broken`
    only the record is gone, so applying it again meets a table that already exists.
    """
    with django_db_blocker.unblock():
        broken = create_organisation("mig-broken", "迁移失败单位")
        behind = create_organisation("mig-behind", "迁移落后单位")
        call_command("migrate_schemas", SESSIONS[0], "zero", schema_name=behind.schema_name,
                     interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {broken.schema_name}.django_migrations WHERE app = %s AND name = %s",
                           list(SESSIONS))
        yield broken, behind
        broken.delete(force_drop=True)
        behind.delete(force_drop=True)


def test_a_failing_schema_is_named_and_the_others_are_migrated_then_a_rerun_continues(
        broken_and_behind, django_db_blocker):
    broken, behind = broken_and_behind
    with django_db_blocker.unblock():
        assert pending_migrations(broken.schema_name) == [SESSIONS]
        assert pending_migrations(behind.schema_name) == [SESSIONS]

    first = yishi_command("migrate", "--processes", "2")
    assert first.returncode == 2, first.stderr
    assert first.stderr.strip().splitlines()[-1].endswith(f"1 schema(s) failed: {broken.schema_name}")
    assert f'FAILED {broken.schema_name}: ProgrammingError: relation "django_session" already exists' in first.stdout
    assert "migrated: 1 (1 migrations), failed: 1" in first.stdout
    with django_db_blocker.unblock():
        assert pending_migrations(behind.schema_name) == []
        assert pending_migrations(broken.schema_name) == [SESSIONS]
        with connection.cursor() as cursor:  # the operator repairs the schema by hand
            cursor.execute(f"DROP TABLE {broken.schema_name}.django_session")

    second = yishi_command("migrate")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "migrated: 1 (1 migrations), failed: 0" in second.stdout
    with django_db_blocker.unblock():
        assert pending_migrations(broken.schema_name) == []

    third = yishi_command("migrate")
    assert third.returncode == 0
    assert "migrated: 0 (0 migrations), failed: 0" in third.stdout


def test_processes_must_be_positive(organisations):
    result = yishi_command("migrate", "--processes", "0")
    assert result.returncode == 2
    assert "--processes" in result.stderr
