"""Organisations are cloned from the template schema; a clone is the same as a migrated schema."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context, tenant_context
from taggit.models import Tag
from wagtail.models import Collection, Locale, Page, Site

from yishi.content.models import RegulationIndexPage, RegulationPage
from yishi.tenants.provisioning import create_organisation
from yishi.tenants.template import SEQUENCES, clone_template, ensure_template, template_is_current, template_schema_name

CATALOGUE = {
    "columns": """
        SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, is_nullable,
               column_default, is_identity, identity_generation, is_generated
        FROM information_schema.columns WHERE table_schema = %s""",
    "constraints": """
        SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = rel.relnamespace WHERE n.nspname = %s""",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s",
    "sequences": SEQUENCES,
    "relations": """
        SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s""",
    "triggers": """
        SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal""",
}


def catalogue(schema_name: str) -> dict[str, set[tuple]]:
    """Everything PostgreSQL knows about a schema's structure, with the schema's own name taken out."""
    result = {}
    with connection.cursor() as cursor:
        for kind, query in CATALOGUE.items():
            cursor.execute(query, [schema_name])
            result[kind] = {
                tuple(str(value).replace(f"{schema_name}.", "SCHEMA.") for value in row) for row in cursor.fetchall()
            }
    return result


def row_counts(schema_name: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema_name])
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema_name}"."{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def committed(organisations, django_db_blocker):
    """Autocommit, outside any test transaction: migrations cannot run inside one. Cleans up after."""
    created = []
    with django_db_blocker.unblock():
        connection.set_schema_to_public()  # a test client request before may have left an organisation's
        yield created
        for organisation in created:
            organisation.delete(force_drop=True)
        with schema_context(template_schema_name()):
            Tag.objects.filter(slug="template-sentinel").delete()


def test_a_clone_is_identical_to_a_schema_made_by_migrations(committed):
    with schema_context(template_schema_name()):
        Tag.objects.create(name="模板哨兵", slug="template-sentinel")
    cloned = create_organisation("clone-check", "克隆单位")
    committed.append(cloned)
    with override_settings(YISHI_TEMPLATE_SCHEMA="no_template_here"):
        migrated = create_organisation("migrate-check", "迁移单位")
    committed.append(migrated)
    # The sentinel shows which way each was made.
    with tenant_context(cloned):
        assert Tag.objects.filter(slug="template-sentinel").exists()
        Tag.objects.filter(slug="template-sentinel").delete()
    with tenant_context(migrated):
        assert not Tag.objects.exists()

    clone, reference = catalogue(cloned.schema_name), catalogue(migrated.schema_name)
    assert len(clone["relations"]) > 100
    for kind in CATALOGUE:
        assert clone[kind] == reference[kind], kind
    assert row_counts(cloned.schema_name) == row_counts(migrated.schema_name)


def test_wagtail_has_its_root_site_locale_and_collection_in_a_clone(in_org_a):
    assert Page.get_first_root_node().depth == 1
    assert Site.objects.get().hostname == in_org_a.primary_host
    assert Locale.get_default().language_code
    assert Collection.get_first_root_node().name
    index = RegulationIndexPage.objects.get()
    page = index.add_child(instance=RegulationPage(title="克隆后新建的制度"))
    page.save_revision().publish()
    assert RegulationPage.objects.live().filter(pk=page.pk).exists()
    user = get_user_model().objects.create_user("clone-user", password="x" * 12)
    collection = Collection.get_first_root_node().add_child(name="克隆后的集合")
    assert user.pk and collection.pk


def test_no_sequence_of_a_clone_hands_out_an_id_already_taken(in_org_a):
    with connection.cursor() as cursor:
        cursor.execute(SEQUENCES, [in_org_a.schema_name])
        for table, column, sequence, *_ in cursor.fetchall():
            cursor.execute(f'SELECT max("{column}") FROM "{in_org_a.schema_name}"."{table}"')
            highest = cursor.fetchone()[0]
            cursor.execute(f'SELECT last_value, is_called FROM "{in_org_a.schema_name}"."{sequence}"')
            last_value, is_called = cursor.fetchone()
            next_value = last_value + 1 if is_called else last_value
            assert highest is None or next_value > highest, (table, column)


def test_a_template_behind_the_migrations_is_not_cloned_and_is_brought_up_to_date(organisations, db):
    clone_template("stale_template")
    call_command("migrate_schemas", "sessions", "zero", schema_name="stale_template", interactive=False, verbosity=0)
    with override_settings(YISHI_TEMPLATE_SCHEMA="stale_template"):
        assert not template_is_current()
        ensure_template()
        assert template_is_current()
        with schema_context("stale_template"), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_session")


def test_a_new_organisation_reviews_regulations_with_the_regulation_workflow(org_a, client_a):
    from wagtail.models import Task, Workflow

    from yishi.content.moderation import REVIEW_WORKFLOW

    with tenant_context(org_a):
        assert Page.get_first_root_node().get_workflow().name == REVIEW_WORKFLOW
        assert Site.objects.get().root_page.get_workflow().name == REVIEW_WORKFLOW
        assert not Workflow.objects.filter(name="Moderators approval").exists()
        assert not Task.objects.filter(name="Moderators approval").exists()
        client_a.force_login(get_user_model().objects.get(username="alice"))
    html = client_a.get("/admin/workflows/list/").content.decode()
    assert REVIEW_WORKFLOW in html and "Moderators approval" not in html
