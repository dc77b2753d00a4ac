"""One organisation as one zip archive: backing up, restoring, and deleting with a backup first.

The archive holds `organisation.json` — the organisation's row and domains, its regulations as a
pack (readable, and portable to another organisation with `yishi org apply`), and every row of its
schema as Django serialised data (pages, revisions, users, groups, permissions, workflow data) —
and `media/`, the files of its storage directory (MEDIA_ROOT/<schema>/: documents, images, topic
attachments, minutes, reports). Restoring creates the organisation's schema (a clone of the
template), empties it and loads the rows with their own ids, so that every reference between them
holds, then puts the files back under the new organisation's storage directory. Backups written
before media were included (a bare JSON document, format /1) are still read; they have no files.
"""

import json
import shutil
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from .migrating import applied_migrations
from .models import Domain, Organisation
from .provisioning import ProvisioningError, validate_new_organisation
from .template import create_schema

FORMAT = "yishi-organisation-backup/2"
JSON_ONLY_FORMAT = "yishi-organisation-backup/1"  # earlier backups: the document alone, files copied by hand
DOCUMENT = "organisation.json"
MEDIA = "media/"
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


def media_root(organisation: Organisation) -> Path:
    """The organisation's directory in the default storage (django-tenants' TenantFileSystemStorage)."""
    with tenant_context(organisation):
        return Path(default_storage.location)


def write_backup(organisation: Organisation, path: Path) -> Path:
    """Write the archive: the document, then every file of the organisation's storage directory."""
    document = json.dumps(backup(organisation), ensure_ascii=False, default=str)
    root = media_root(organisation)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DOCUMENT, document)
        for file in sorted(root.rglob("*")):
            if file.is_file():
                archive.write(file, MEDIA + file.relative_to(root).as_posix())
    return path


@dataclass(frozen=True)
class Backup:
    data: dict
    archive: Path | None  # the zip holding the files; None for a JSON-only backup (format /1)


def read_backup(path: Path) -> Backup:
    try:
        if not zipfile.is_zipfile(path):
            data, names, expected = json.loads(path.read_text(encoding="utf-8")), [], JSON_ONLY_FORMAT
        else:
            with zipfile.ZipFile(path) as archive:
                names, expected = archive.namelist(), FORMAT
                data = json.loads(archive.read(DOCUMENT))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise ProvisioningError("file", f"{path}: cannot read a backup ({error})") from None
    if not isinstance(data, dict) or data.get("format") != expected:
        raise ProvisioningError("file", f"{path}: not a {FORMAT} archive (nor a {JSON_ONLY_FORMAT} document)")
    if unsafe := [name for name in names if name != DOCUMENT and not _is_media_name(name)]:
        raise ProvisioningError("file", f"{path}: entries outside media/ or leaving it: {', '.join(unsafe)}")
    return Backup(data, path if expected == FORMAT else None)


def _is_media_name(name: str) -> bool:
    """A file under media/ that stays inside the organisation's directory once extracted."""
    relative = PurePosixPath(name.removeprefix(MEDIA))
    return name.startswith(MEDIA) and not relative.is_absolute() and ".." not in relative.parts


def restore(saved: Backup) -> Organisation:
    """Recreate an organisation and its files from a backup; it must not exist. Everything or nothing."""
    from .provisioning import schema_name_for

    data = saved.data
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
        if saved.archive is not None:
            _extract_media(saved.archive, media_root(organisation))
    except BaseException:
        organisation.delete(force_drop=True)
        remove_media(organisation)
        raise
    return organisation


def _extract_media(path: Path, root: Path) -> None:
    """Files go back to the same names under the organisation's directory (read_backup checked them)."""
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            if entry.filename.startswith(MEDIA) and not entry.is_dir():
                target = root / entry.filename.removeprefix(MEDIA)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(entry) as source, target.open("wb") as copy:
                    shutil.copyfileobj(source, copy)


def remove_media(organisation: Organisation) -> None:
    shutil.rmtree(media_root(organisation), ignore_errors=True)


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
    """Write a backup, then drop the schema, the organisation row (and its domains) and its files.

    The files go too, so that a later organisation with the same slug (and schema) starts empty.
    """
    write_backup(organisation, backup_path)
    organisation.delete(force_drop=True)
    remove_media(organisation)
    return backup_path
