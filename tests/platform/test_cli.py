"""The `yishi` CLI: one line on stderr and exit status 2 for every error, never a traceback."""

from tests.support import yishi_command
from yishi.tenants.models import Organisation


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_a_bad_slug_is_refused(organisations):
    assert_one_line_error(yishi_command("org", "create", "Bad_Slug!", "--name", "坏"), "slug")


def test_a_taken_domain_is_refused(organisations, django_db_blocker):
    result = yishi_command("org", "create", "org-c", "--name", "丙单位", "--domain", "org-a.localhost")
    assert_one_line_error(result, "domain", "org-a.localhost", "already taken")
    with django_db_blocker.unblock():
        assert not Organisation.objects.filter(slug="org-c").exists()


def test_a_taken_slug_is_refused(organisations):
    assert_one_line_error(yishi_command("org", "create", "org-a", "--name", "重复"), "slug", "already exists")


def test_a_missing_database_is_one_line(organisations):
    result = yishi_command("org", "list", env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:9/nowhere"})
    assert_one_line_error(result, "database unavailable")


def test_org_list_shows_each_organisation_with_its_host(organisations):
    result = yishi_command("org", "list")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.strip().splitlines()]
    assert ["org-a", "甲单位", "org-a.localhost", "org_org_a"] in rows
    assert all(row[0] != "platform" for row in rows)


def test_django_management_commands_pass_through(organisations):
    result = yishi_command("help", "migrate_schemas")
    assert result.returncode == 0
    assert "migrate_schemas" in result.stdout
