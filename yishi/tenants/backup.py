"""One organisation as one JSON document: backing up, restoring, and deleting with a backup first.

A backup holds the organisation's row and domains, its regulations as a pack (readable, and
portable to another organisation with `yishi org apply`), and every row of its schema as Django
serialised data (pages, revisions, users, groups, permissions, workflow data). Restoring creates
the organisation's schema (a clone of the template), empties it and loads the rows with their own
ids, so that every reference between them holds. Uploaded files stay in the media storage under
the schema's prefix and are backed up with it (docs/operations.md).
"""

import json
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from .migrating import applied_migrations
from .models import Domain, Organisation
from .provisioning import ProvisioningError, validate_new_organisation
from .template import create_schema

FORMAT = "yishi-organisation-backup/1"
# Sessions are not worth keeping: restored users sign in again.
SKIPPED_APPS = {"sessions"}


def tenant_app_labels() -> list[str]:
    return [config.label for config in apps.get_app_configs()
            if config.name in settings.TENANT_APPS and config.models_module and config.label not in SKIPPED_APPS]


def backup(organisation: Organisation) -> dict:
    from yishi.content.packs import export_pack

    rows = StringIO()
    with tenant_context(organisation):
        pack = export_pack()
        call_command("dumpdata", *tenant_app_labels(), format="json", stdout=rows)
    return {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "organisation": {
            "slug": organisation.slug, "name": organisation.name, "kind": organisation.kind,
            "region": organisation.region,
            "domains": [{"domain": d.domain, "is_primary": d.is_primary} for d in organisation.domains.all()],
        },
        "migrations": sorted(applied_migrations(organisation.schema_name)),
        "pack": pack,
        "rows": json.loads(rows.getvalue()),
    }


def write_backup(organisation: Organisation, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(backup(organisation), ensure_ascii=False, default=str), encoding="utf-8")
    return path


def read_backup(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ProvisioningError("file", f"{path}: cannot read a backup ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProvisioningError("file", f"{path}: not a {FORMAT} document")
    return data


def restore(data: dict) -> Organisation:
    """Recreate an organisation from a backup; it must not exist. Everything or nothing."""
    from .provisioning import schema_name_for

    described = data["organisation"]
    slug, domains = described["slug"], described["domains"]
    for domain in domains:
        validate_new_organisation(slug, described["name"], domain["domain"])
    organisation = Organisation(
        schema_name=schema_name_for(slug), slug=slug, name=described["name"], kind=described["kind"],
        region=described["region"],
    )
    organisation.auto_create_schema = False
    organisation.save(verbosity=0)
    try:
        create_schema(organisation)
        migrations = {tuple(key) for key in data["migrations"]}
        if migrations != applied_migrations(organisation.schema_name):
            raise ProvisioningError(
                "migrations", "the backup was made by another version of Yishi; restore it with that version, "
                "then run `yishi migrate`")
        with transaction.atomic():
            for domain in domains:
                Domain.objects.create(tenant=organisation, **domain)
            with tenant_context(organisation):
                _load_rows(organisation.schema_name, data["rows"])
    except BaseException:
        organisation.delete(force_drop=True)
        raise
    return organisation


def _load_rows(schema_name: str, rows: list[dict]) -> None:
    """Replace every row of the schema (but its migration records) by the backup's, ids included."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(table_name) FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE' AND table_name <> 'django_migrations'",
            [schema_name],
        )
        tables = ", ".join(f'"{schema_name}".{row[0]}' for row in cursor.fetchall())
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        models = set()
        for item in serializers.deserialize("json", json.dumps(rows)):
            item.save()  # raw: no signals that would add rows of their own
            models.add(type(item.object))
        # Rows came with their ids; the sequences must continue after them.
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def delete_organisation(organisation: Organisation, backup_path: Path) -> Path:
    """Write a backup, then drop the schema and the organisation row (and its domains)."""
    write_backup(organisation, backup_path)
    organisation.delete(force_drop=True)
    return backup_path
