"""Migrating many schemas: only those with something to apply, in parallel, one failure not stopping the rest.

django-tenants' executors run Django's `migrate` in every schema even when nothing is pending, and
that no-op still costs a third of a second per schema (loading the graph, post_migrate handlers);
the standard executor also stops at the first failing schema. Here one query per schema finds the
pending ones, a pool of forked processes (each with its own database connection) migrates them,
and each schema's outcome is reported by name. A failed schema keeps its pending migrations, so
running again continues where it stopped.
"""

import io
import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import get_public_schema_name, get_tenant_base_migrate_command_class, schema_exists
from tqdm import tqdm

from .models import Organisation


@dataclass(frozen=True)
class Outcome:
    schema_name: str
    applied: int = 0  # migrations applied in this run
    error: str = ""  # empty when the schema is now up to date

    @property
    def failed(self) -> bool:
        return bool(self.error)


@dataclass
class Summary:
    up_to_date: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.failed]

    @property
    def migrated(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.failed]

    def lines(self) -> list[str]:
        applied = sum(outcome.applied for outcome in self.migrated)
        lines = [
            f"schemas: {len(self.up_to_date) + len(self.outcomes)}, up to date: {len(self.up_to_date)}, "
            f"migrated: {len(self.migrated)} ({applied} migrations), failed: {len(self.failed)}"
        ]
        lines += [f"FAILED {outcome.schema_name}: {outcome.error}" for outcome in self.failed]
        return lines


@cache
def known_migrations() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """Every migration on disk, each with the migrations it replaces (squashes), read once per process."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return {key: tuple(migration.replaces or ()) for key, migration in graph.nodes.items()}


def applied_migrations(schema_name: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = 'django_migrations'",
            [schema_name],
        )
        if cursor.fetchone() is None:
            return set()
        cursor.execute(f'SELECT app, name FROM "{schema_name}".django_migrations')
        return set(cursor.fetchall())


def pending_migrations(schema_name: str) -> list[tuple[str, str]]:
    applied = applied_migrations(schema_name)
    return [
        key for key, replaces in known_migrations().items()
        if key not in applied and not (replaces and set(replaces) <= applied)
    ]


def migrate_schema(schema_name: str) -> Outcome:
    """Apply the pending migrations of one existing schema, in this process; never raises for a bad schema."""
    pending = len(pending_migrations(schema_name))
    if not pending:
        return Outcome(schema_name)
    output = io.StringIO()
    try:
        # django_migrations must exist in the schema itself, or the public one's would be read.
        connection.set_schema(schema_name, include_public=False)
        MigrationRecorder(connection).ensure_schema()
        connection.set_schema(schema_name)
        migrate = get_tenant_base_migrate_command_class()(stdout=output, stderr=output)
        call_command(migrate, interactive=False, verbosity=1, skip_checks=True)
    except Exception as error:  # reported per schema, so that the others go on
        connection.close()  # the connection may be mid-transaction; the next schema opens a fresh one
        message = str(error).strip().splitlines()
        return Outcome(schema_name, error=f"{type(error).__name__}: {message[0] if message else ''}".strip())
    finally:
        connection.set_schema_to_public()
    return Outcome(schema_name, applied=pending - len(pending_migrations(schema_name)))


def template_schema_name() -> str:
    """The schema new organisations are cloned from (yishi/tenants/template.py)."""
    return settings.YISHI_TEMPLATE_SCHEMA


def organisation_schemas() -> list[str]:
    """The template schema first (new organisations are cloned from it), then every organisation's."""
    schemas = list(Organisation.objects.served().order_by("schema_name").values_list("schema_name", flat=True))
    return [template_schema_name(), *schemas]


def migrate_all(processes: int | None = None, progress: bool = False) -> Summary:
    """Migrate public, then every organisation schema and the template (created if missing), in parallel.

    With `progress`, a tqdm bar on stderr when stderr is a terminal.
    """
    public = migrate_schema(get_public_schema_name())
    if public.failed:  # organisations rely on the platform's tables; do not go on without them
        return Summary(outcomes=[public])
    ensure_schema(organisation_schemas()[0])
    summary = Summary()
    pending = []
    for schema_name in organisation_schemas():
        (pending if pending_migrations(schema_name) else summary.up_to_date).append(schema_name)
    if public.applied:
        summary.outcomes.append(public)
    else:
        summary.up_to_date.insert(0, public.schema_name)
    if not pending:
        return summary
    processes = max(1, min(processes or os.cpu_count() or 1, len(pending)))
    connections.close_all()  # forked children must not share the parent's socket
    # fork: children inherit the loaded apps and settings instead of starting Django again.
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        outcomes = pool.imap_unordered(migrate_schema, pending)
        bar = tqdm(outcomes, total=len(pending), unit="schema", file=sys.stderr, disable=None if progress else True)
        summary.outcomes.extend(bar)
    summary.outcomes.sort(key=lambda outcome: outcome.schema_name)
    return summary


def ensure_schema(schema_name: str) -> None:
    if not schema_exists(schema_name):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema_name}"')
