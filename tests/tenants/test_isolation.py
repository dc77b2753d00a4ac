"""One organisation never sees another's pages, users, cache entries or files."""

import json

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from tests.support import PASSWORD, host_client
from yishi.content.models import RegulationIndexPage, RegulationPage


def make_regulation(organisation, title: str) -> RegulationPage:
    with tenant_context(organisation):
        index = RegulationIndexPage.objects.get()
        page = index.add_child(instance=RegulationPage(title=title, document_number="甲发〔2026〕1号"))
        page.save_revision().publish()
        return page


def graphql(client, query: str) -> dict:
    response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_each_organisation_has_its_own_schema(org_a, org_b):
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM information_schema.schemata")
        schemas = {row[0] for row in cursor.fetchall()}
    assert {org_a.schema_name, org_b.schema_name} <= schemas
    assert org_a.schema_name != org_b.schema_name


def test_it_hides_a_page_of_another_organisation_from_the_orm_and_wagtail(org_a, org_b):
    page = make_regulation(org_a, "甲单位哨兵制度")
    with tenant_context(org_b):
        assert not Page.objects.filter(title="甲单位哨兵制度").exists()
        assert not RegulationPage.objects.exists()
        assert Site.objects.get().hostname == org_b.primary_host
    with tenant_context(org_a):
        assert RegulationPage.objects.get().title == "甲单位哨兵制度"
    assert host_client(org_a).get(f"/{page.slug}/").status_code == 200
    assert host_client(org_b).get("/" + page.slug + "/").status_code == 404


def test_it_hides_a_page_of_another_organisation_from_graphql(org_a, org_b, client_a, client_b):
    make_regulation(org_a, "甲单位哨兵制度")
    assert graphql(client_a, "{ regulations { title } }")["data"]["regulations"] == [{"title": "甲单位哨兵制度"}]
    assert graphql(client_b, "{ regulations { title } }")["data"]["regulations"] == []


def test_graphql_answers_with_the_organisation_of_the_host(client_a, client_b):
    assert graphql(client_a, "{ organisation { slug name } }")["data"]["organisation"] == {
        "slug": "org-a", "name": "甲单位",
    }
    assert graphql(client_b, "{ organisation { slug } }")["data"]["organisation"]["slug"] == "org-b"


def test_graphql_post_with_a_session_cookie_and_no_csrf_token_is_refused(org_a):
    client = host_client(org_a, enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session"
    response = client.post("/graphql/", json.dumps({"query": "{ organisation { slug } }"}),
                           content_type="application/json")
    assert response.status_code == 403


def test_it_rejects_a_login_from_another_organisation(org_a, org_b):
    own = host_client(org_a).post("/admin/login/", {"username": "alice", "password": PASSWORD})
    assert own.status_code == 302
    other = host_client(org_b).post("/admin/login/", {"username": "alice", "password": PASSWORD})
    assert other.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in host_client(org_b).session


def test_cache_keys_carry_the_schema(org_a, org_b):
    with tenant_context(org_a):
        cache.set("wagtail_site_root_paths", "A's roots")
    with tenant_context(org_b):
        assert cache.get("wagtail_site_root_paths") is None
    with tenant_context(org_a):
        assert cache.get("wagtail_site_root_paths") == "A's roots"
        cache.delete("wagtail_site_root_paths")


def test_site_root_paths_are_per_organisation(org_a, org_b):
    page_a = make_regulation(org_a, "甲单位制度")
    with tenant_context(org_a):
        assert org_a.primary_host in page_a.full_url
    page_b = make_regulation(org_b, "乙单位制度")
    with tenant_context(org_b):
        assert org_b.primary_host in page_b.full_url


def test_uploaded_files_live_under_the_organisation_prefix(org_a, org_b):
    with tenant_context(org_a):
        name = default_storage.save("sentinel.txt", ContentFile(b"A"))
        path_a = default_storage.path(name)
    with tenant_context(org_b):
        assert not default_storage.exists(name)
    assert f"/{org_a.schema_name}/" in path_a
    with tenant_context(org_a):
        default_storage.delete(name)


def test_set_call_limiting_stays_off():
    # With it on, a savepoint rollback can keep a stale search_path (django-tenants #1262).
    assert not getattr(settings, "TENANT_LIMIT_SET_CALLS", False)
