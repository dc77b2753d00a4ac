"""The template schema that new organisations are cloned from.

Running the ~230 migrations of a new organisation takes about ten seconds; copying a schema that
has already run them takes about one. The template is a schema like any organisation's, kept
current by `yishi migrate` and `yishi setup`, with no organisation row: nobody is served from it.

The copy is ours, not django-tenants' `clone_schema`: that PL/pgSQL function looks tables and
columns up through `information_schema`, whose views scan every schema of the database, so each
clone took longer as organisations were added (40 s at 160 organisations on a loaded 2-core VM).
Here every catalogue lookup is by the template's namespace, and the copy is a batch of plain DDL:
tables `LIKE` the template's (columns, defaults, identity), their rows (Wagtail's migrations create
the root page, default Site, Locale and Collection), then constraints and indexes under the
template's own names — later migrations drop and alter them by those names — and last the
identity sequences, which `LIKE` names by PostgreSQL's default rule and starts at 1.
"""

from django.db import connection, transaction
from django_tenants.utils import schema_exists

from .migrating import ensure_schema, migrate_schema, pending_migrations, template_schema_name

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

# Tables LIKE the template's copy columns, defaults, identity, checks and indexes as parsed trees (a
# partial index re-created from its printed definition would read differently in the catalogue), but
# name indexes and unique constraints by PostgreSQL's default rule; RENAMES puts the template's back.
# Foreign keys come last: they need the referenced unique constraints and find the rows in place.
TABLES = """
    SELECT format('CREATE TABLE %%I.%%I (LIKE %%I.%%I INCLUDING ALL)', %(clone)s, c.relname, %(template)s, c.relname),
           format('INSERT INTO %%I.%%I SELECT * FROM %%I.%%I', %(clone)s, c.relname, %(template)s, c.relname)
    FROM pg_class c WHERE c.relnamespace = %(template)s::regnamespace AND c.relkind = 'r'
"""

FOREIGN_KEYS = """
    SELECT format('ALTER TABLE %%I.%%I ADD CONSTRAINT %%I %%s', %(clone)s, t.relname, k.conname,
                  replace(pg_get_constraintdef(k.oid), format(' REFERENCES %%I.', %(template)s),
                          format(' REFERENCES %%I.', %(clone)s)))
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
    WHERE t.relnamespace = %(template)s::regnamespace AND k.contype = 'f'
"""

RENAMES = """
    WITH plain_indexes AS (  -- indexes without a constraint, numbered among equal definitions of a table
        SELECT tab.relnamespace AS ns, tab.relname AS tab, x.relname AS name, definition,
               row_number() OVER (PARTITION BY tab.relnamespace, tab.relname, definition ORDER BY x.relname) AS nth
        FROM pg_index i
        JOIN pg_class x ON x.oid = i.indexrelid
        JOIN pg_class tab ON tab.oid = i.indrelid
        CROSS JOIN LATERAL substring(pg_get_indexdef(i.indexrelid) FROM ' USING .*$') AS definition
        WHERE tab.relnamespace IN (%(template)s::regnamespace, %(clone)s::regnamespace)
          AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid)
    )
    SELECT format('ALTER TABLE %%I.%%I RENAME CONSTRAINT %%I TO %%I', %(clone)s, ct.relname, c.conname, t.conname)
    FROM pg_constraint t
    JOIN pg_class tt ON tt.oid = t.conrelid AND tt.relnamespace = %(template)s::regnamespace
    JOIN pg_class ct ON ct.relnamespace = %(clone)s::regnamespace AND ct.relname = tt.relname
    JOIN pg_constraint c ON c.conrelid = ct.oid AND c.contype = t.contype
         AND pg_get_constraintdef(c.oid) = pg_get_constraintdef(t.oid)
    WHERE c.conname <> t.conname AND t.contype IN ('p', 'u', 'x', 'c')
    UNION ALL
    SELECT format('ALTER INDEX %%I.%%I RENAME TO %%I', %(clone)s, c.name, t.name)
    FROM plain_indexes t
    JOIN plain_indexes c ON c.tab = t.tab AND c.definition = t.definition AND c.nth = t.nth
    WHERE t.ns = %(template)s::regnamespace AND c.ns = %(clone)s::regnamespace AND c.name <> t.name
"""


def template_is_current() -> bool:
    schema_name = template_schema_name()
    return schema_exists(schema_name) and not pending_migrations(schema_name)


def ensure_template() -> None:
    """Create the template schema by migrations, or bring it up to date (in this process)."""
    ensure_schema(template_schema_name())
    outcome = migrate_schema(template_schema_name())
    if outcome.failed:
        raise RuntimeError(f"template schema {template_schema_name()!r}: {outcome.error}")


def clone_template(schema_name: str) -> None:
    """Create `schema_name` as a copy of the template, tables, data and all; nothing remains on failure."""
    names = {"template": template_schema_name(), "clone": schema_name}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema_name}"')
        cursor.execute(TABLES, names)
        statements = [statement for row in cursor.fetchall() for statement in row]
        cursor.execute(FOREIGN_KEYS, names)
        foreign_keys = [row[0] for row in cursor.fetchall()]
        cursor.execute(";\n".join(statements))
        cursor.execute(RENAMES, names)
        renames = [row[0] for row in cursor.fetchall()]
        cursor.execute(";\n".join(renames + foreign_keys))
        _match_sequences(cursor, names["template"], schema_name)


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
