"""The `yishi` CLI: one line on stderr and exit status 2 for every error, never a traceback."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django_tenants.utils import tenant_context

from tests.support import host_client, yishi_command
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


@pytest.fixture
def removed_after(organisations, django_db_blocker):
    """Organisations the test creates through the CLI, by slug; deleted after it."""
    slugs = []
    yield slugs
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        for organisation in Organisation.objects.filter(slug__in=slugs):
            organisation.delete(force_drop=True)


def signs_in(organisation, username: str, password: str) -> bool:
    response = host_client(organisation).post("/admin/login/", {"username": username, "password": password})
    return response.status_code == 302 and response.url == "/admin/"


def test_org_create_makes_the_administrator_and_prints_the_next_steps(removed_after, django_db_blocker):
    removed_after.append("org-admin")
    result = yishi_command("org", "create", "org-admin", "--name", "管理员单位", "--admin", "chief",
                           "--admin-email", "chief@example.cn", "--admin-name", "王芳")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "org-admin\torg-admin.localhost\torg_org_admin"
    password = re.search(r"管理员 chief 的一次性密码：(\S+)", result.stdout).group(1)
    assert re.search(r"登录后台：https?://org-admin\.localhost(:\d+)?/admin/$", result.stdout, re.M)
    assert "org-admin.localhost" in next(line for line in lines if "/admin/snippets/structure/person/" in line)
    assert "yishi org apply org-admin template:" in result.stdout
    with django_db_blocker.unblock():
        organisation = Organisation.objects.get(slug="org-admin")
        assert signs_in(organisation, "chief", password)
        assert not signs_in(organisation, "chief", "yishi-demo")
        with tenant_context(organisation):
            chief = get_user_model().objects.get(username="chief")
            assert chief.person.name == "王芳" and chief.get_full_name() == "王芳"
            assert chief.email == "chief@example.cn" and chief.is_superuser
            assert list(chief.groups.values_list("name", flat=True)) == ["管理员"]
    reset = yishi_command("org", "admin", "org-admin", "chief")  # a forgotten password: a new one, all else kept
    assert reset.returncode == 0, reset.stderr
    new_password = re.search(r"管理员 chief 的一次性密码：(\S+)", reset.stdout).group(1)
    with django_db_blocker.unblock():
        assert signs_in(organisation, "chief", new_password) and not signs_in(organisation, "chief", password)
        with tenant_context(organisation):
            chief = get_user_model().objects.get(username="chief")
            assert (chief.person.name, chief.email) == ("王芳", "chief@example.cn")


def test_org_create_without_an_administrator_says_how_to_add_one(removed_after, django_db_blocker):
    removed_after.append("org-later")
    result = yishi_command("org", "create", "org-later", "--name", "后补管理员单位")
    assert result.returncode == 0, result.stderr
    assert "一次性密码" not in result.stdout
    assert "yishi org admin org-later" in result.stdout
    added = yishi_command("org", "admin", "org-later", "keeper", "--email", "keeper@example.cn")
    assert added.returncode == 0, added.stderr
    password = re.search(r"管理员 keeper 的一次性密码：(\S+)", added.stdout).group(1)
    with django_db_blocker.unblock():
        assert signs_in(Organisation.objects.get(slug="org-later"), "keeper", password)
    assert_one_line_error(yishi_command("org", "admin", "nobody-here", "keeper"), "nobody-here")
