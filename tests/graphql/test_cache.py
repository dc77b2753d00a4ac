"""The public response cache: per organisation, per content version; never for more than public scope."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.graphql.helpers import ALL_SCOPES, data_of, issue_key, post
from tests.graphql.sentinels import SENTINEL_DAY, seed
from tests.support import PASSWORD, host_client
from yishi.content.models import RegulationPage
from yishi.graphql.keys.models import ApiKey, Scope
from yishi.workflows.scheduling.models import Meeting

QUERY = """query ($from: Date!, $to: Date!) { regulations { slug title }
  meetings(from: $from, to: $to) { name location } }"""
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def cached(settings, org_a, org_b):
    settings.YISHI_GRAPHQL_CACHE_SECONDS = 60
    cache.clear()
    seed(org_a)
    seed(org_b)
    yield
    cache.clear()


# Routing the host to its organisation and checking an API key: every request does these.
BEFORE_GRAPHQL = ("tenants_", "search_path", "apikeys_apikey")


def answer(client, key=None) -> tuple[dict, list[str]]:
    """The data, and the SQL run for it beyond routing and authentication."""
    with CaptureQueriesContext(connection) as queries:
        data = data_of(post(client, QUERY, YEAR, key=key))
    return data, [q["sql"] for q in queries.captured_queries if not any(word in q["sql"] for word in BEFORE_GRAPHQL)]


def test_the_same_public_query_is_answered_from_the_cache(cached, client_a, org_a):
    first, sql = answer(client_a)
    assert sql and "甲哨兵议事规则" in str(first)
    again, sql = answer(client_a)
    assert again == first and sql == []
    # A read_public key acting as nobody sees what anonymous callers see: the same cached answer.
    assert answer(client_a, issue_key(org_a, [Scope.READ_PUBLIC])) == (first, [])


def test_publishing_or_a_meeting_change_gives_a_fresh_answer(cached, client_a, org_a,
                                                            django_capture_on_commit_callbacks):
    before, _sql = answer(client_a)
    with tenant_context(org_a), django_capture_on_commit_callbacks(execute=True):
        page = RegulationPage.objects.get(slug="jia-sentinel-rules")
        page.title = "甲哨兵议事规则（修订）"
        page.save_revision().publish()
    after, sql = answer(client_a)
    assert sql and "甲哨兵议事规则（修订）" in str(after)
    with tenant_context(org_a), django_capture_on_commit_callbacks(execute=True):
        meeting = Meeting.objects.get(meeting_type_slug="jia-sentinel-meeting", date=SENTINEL_DAY)
        meeting.location = "甲新会议室"
        meeting.save()
    assert "甲新会议室" in str(answer(client_a)[0])
    with tenant_context(org_a), django_capture_on_commit_callbacks(execute=True):
        RegulationPage.objects.get(slug="jia-sentinel-rules").unpublish()
    assert "jia-sentinel-rules" not in str(answer(client_a)[0]) and before != after


def test_an_organisations_cached_answer_is_never_served_on_another_host(cached, client_a, client_b):
    a, _sql = answer(client_a)
    b, sql = answer(client_b)
    assert sql, "B's host answered from A's cache entry"
    assert "乙哨兵议事规则" in str(b) and "甲" not in str(b) and "乙" not in str(a)
    assert answer(client_b) == (b, [])


def test_internal_scopes_signed_in_users_and_keys_acting_as_a_person_are_never_cached(cached, org_a, client_a):
    internal = issue_key(org_a, ALL_SCOPES)
    with tenant_context(org_a):
        member = ApiKey.issue("门户", [Scope.READ_PUBLIC], acts_as=get_user_model().objects.get(username="alice"))[1]
    alice = host_client(org_a)
    assert alice.post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    callers = ((client_a, internal), (client_a, member), (alice, None))
    for client, key in ((client_a, None), *callers):
        answer(client, key)
    with tenant_context(org_a):  # an update() sends no signal: only an answer computed afresh shows it
        Meeting.objects.filter(meeting_type_slug="jia-sentinel-meeting").update(location="甲悄悄换的会议室")
    for client, key in callers:
        assert "甲悄悄换的会议室" in str(answer(client, key)[0]), key
    assert "甲悄悄换的会议室" not in str(answer(client_a)[0])  # anonymous: still the cached answer
    assert "甲内部哨兵会" in str(answer(client_a, internal)[0]) and "甲内部哨兵会" not in str(answer(client_a)[0])


def test_variables_are_part_of_the_key(cached, client_a):
    answer(client_a)
    with CaptureQueriesContext(connection) as queries:
        other = data_of(post(client_a, QUERY, {"from": "2026-04-01", "to": "2026-12-31"}))
    assert other["meetings"] == []  # the sentinel meetings are in March
    assert any(not any(word in q["sql"] for word in BEFORE_GRAPHQL) for q in queries.captured_queries)
