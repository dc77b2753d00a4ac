"""The template schema that new organisations are cloned from.

Running the ~230 migrations of a new organisation takes about ten seconds; copying a schema that
has already run them takes about one. The template is a schema like any organisation's, kept
current by `yishi migrate` and `yishi setup`, with no organisation row: nobody is served from it.

django-tenants' clone (a PL/pgSQL `clone_schema`, mode DATA: Wagtail's migrations create the root
page, default Site, Locale and Collection, which a NODATA clone would lack) leaves three
differences from a migrated schema, put right here so that later migrations find what they expect:
UNIQUE constraints come back under PostgreSQL's default names (a migration dropping one by its
Django name would fail), identity sequences of renamed tables get new names, and sequences of
columns widened to bigint by a migration stay integer in the template but come back bigint.
"""

from django.conf import settings
from django.db import connection, transaction
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_exists

from .migrating import pending_migrations

SEQUENCES = """
    SELECT t.relname, a.attname, s.relname, format_type(p.seqtypid, NULL), p.seqstart, p.seqincrement,
           p.seqmin, p.seqmax, p.seqcache, p.seqcycle
    FROM pg_class s
    JOIN pg_namespace n ON n.oid = s.relnamespace
    JOIN pg_sequence p ON p.seqrelid = s.oid
    JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
         AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE n.nspname = %s
"""

RENAMED_CONSTRAINTS = """
    SELECT crel.relname, c.conname, t.conname
    FROM pg_constraint t
    JOIN pg_class trel ON trel.oid = t.conrelid
    JOIN pg_namespace tn ON tn.oid = trel.relnamespace AND tn.nspname = %(template)s
    JOIN pg_namespace cn ON cn.nspname = %(clone)s
    JOIN pg_class crel ON crel.relnamespace = cn.oid AND crel.relname = trel.relname
    JOIN pg_constraint c ON c.conrelid = crel.oid AND c.contype = t.contype
         AND pg_get_constraintdef(c.oid) = pg_get_constraintdef(t.oid)
    WHERE c.conname <> t.conname AND t.contype IN ('u', 'p', 'c', 'x')
"""


def template_schema_name() -> str:
    return settings.YISHI_TEMPLATE_SCHEMA


def template_is_current() -> bool:
    schema_name = template_schema_name()
    return schema_exists(schema_name) and not pending_migrations(schema_name)


def ensure_template() -> None:
    """Create the template schema by migrations, or bring it up to date (in this process)."""
    from .migrating import ensure_schema, migrate_schema

    ensure_schema(template_schema_name())
    outcome = migrate_schema(template_schema_name())
    if outcome.failed:
        raise RuntimeError(f"template schema {template_schema_name()!r}: {outcome.error}")
    install_clone_function()


def install_clone_function() -> None:
    """(Re)create django-tenants' `clone_schema` SQL function, as the installed django-tenants has it.

    Done when the template is migrated, not per clone: django-tenants recreates it on every clone,
    and its `DROP TYPE … CASCADE` grows with the number of schemas (12 s at 60 organisations here).
    """
    CloneSchema()._create_clone_schema_function()


def clone_template(schema_name: str) -> None:
    """Create `schema_name` as a copy of the template, tables, data and all; nothing remains on failure."""
    template = template_schema_name()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_proc WHERE proname = 'clone_schema' AND pronamespace = 'public'::regnamespace")
        if cursor.fetchone() is None:
            install_clone_function()
        cursor.execute("SELECT clone_schema(%s, %s, 'DATA')", [template, schema_name])
        cursor.execute(RENAMED_CONSTRAINTS, {"template": template, "clone": schema_name})
        for table, clone_name, name in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{schema_name}"."{table}" RENAME CONSTRAINT "{clone_name}" TO "{name}"')
        _match_sequences(cursor, template, schema_name)


def _match_sequences(cursor, template: str, schema_name: str) -> None:
    """Give each sequence of the clone the template's name, type, bounds and current value."""
    cursor.execute(SEQUENCES, [schema_name])
    clone = {(row[0], row[1]): row[2:] for row in cursor.fetchall()}
    cursor.execute(SEQUENCES, [template])
    for table, column, name, *parameters in cursor.fetchall():
        clone_name, *clone_parameters = clone[table, column]
        if clone_name != name:
            cursor.execute(f'ALTER SEQUENCE "{schema_name}"."{clone_name}" RENAME TO "{name}"')
        if clone_parameters != parameters:
            data_type, start, increment, minimum, maximum, cache, cycle = parameters
            cursor.execute(
                f'ALTER SEQUENCE "{schema_name}"."{name}" AS {data_type} INCREMENT BY {increment} '
                f"MINVALUE {minimum} MAXVALUE {maximum} START WITH {start} CACHE {cache} "
                f"{'' if cycle else 'NO '}CYCLE"
            )
        # The clone copies values today; setting them states the requirement: no id handed out twice.
        cursor.execute(f'SELECT last_value, is_called FROM "{template}"."{name}"')
        last_value, is_called = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s, %s)", [f'"{schema_name}"."{name}"', last_value, is_called])


def create_schema(organisation) -> str:
    """Create the organisation's schema: by cloning when the template is current, else by migrations.

    Returns how: "clone" or "migrations".
    """
    if template_is_current():
        clone_template(organisation.schema_name)
        return "clone"
    organisation.create_schema(check_if_exists=True, verbosity=0)
    return "migrations"
