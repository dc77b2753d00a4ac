"""The platform API: organisations, paginated and filtered, each with its own public data only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import get_public_schema_name

from tests.graphql.helpers import data_of, errors_of, post
from tests.graphql.sentinels import seed
from yishi.tenants.models import Domain, Organisation

PAGE = "{ organisations(first: %d%s) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } }"


def slugs(data) -> list[str]:
    return [edge["node"]["slug"] for edge in data["organisations"]["edges"]]


def test_organisations_are_listed_and_filtered(platform_client):
    data = data_of(post(platform_client, "{ organisations { edges { node { slug name kind region host } } } }"))
    nodes = {edge["node"]["slug"]: edge["node"] for edge in data["organisations"]["edges"]}
    assert nodes["org-a"] == {"slug": "org-a", "name": "甲单位", "kind": "bureau", "region": "临江市",
                              "host": "org-a.localhost"}
    assert "platform" not in nodes and "template" not in nodes
    filtered = "{ organisations(%s) { edges { node { slug } } } }"
    assert slugs(data_of(post(platform_client, filtered % "kind: SERVICE_CENTRE"))) == ["org-b"]
    assert slugs(data_of(post(platform_client, filtered % 'region: "临江市"'))) == ["org-a"]


def test_pages_follow_cursors(platform_client):
    first = data_of(post(platform_client, PAGE % (1, "")))
    assert slugs(first) == ["org-a"] and first["organisations"]["pageInfo"]["hasNextPage"]
    cursor = first["organisations"]["pageInfo"]["endCursor"]
    second = data_of(post(platform_client, PAGE % (1, f', after: "{cursor}"')))
    assert slugs(second) == ["org-b"]
    assert first["organisations"]["totalCount"] == second["organisations"]["totalCount"] >= 2


@pytest.mark.parametrize("argument", ["first: 101", "last: 101", "first: -1"])
def test_a_page_larger_than_100_is_refused(platform_client, argument):
    response = post(platform_client, f"{{ organisations({argument}) {{ edges {{ node {{ slug }} }} }} }}")
    name = argument.split(":")[0]
    assert errors_of(response) == [f"{name}: 每页 0–100 条 (must be between 0 and 100)"]


def test_each_organisation_shows_its_own_public_data(org_a, org_b, platform_client):
    seed(org_a)
    seed(org_b)
    query = "{ organisations { edges { node { slug regulations { slug title } meetingTypes { slug name } } } } }"
    data = data_of(post(platform_client, query))
    nodes = {edge["node"]["slug"]: edge["node"] for edge in data["organisations"]["edges"]}
    assert nodes["org-a"]["regulations"] == [{"slug": "jia-sentinel-rules", "title": "甲哨兵议事规则"}]
    assert nodes["org-b"]["regulations"] == [{"slug": "yi-sentinel-rules", "title": "乙哨兵议事规则"}]
    assert nodes["org-b"]["meetingTypes"] == [{"slug": "yi-sentinel-meeting", "name": "乙哨兵会"}]
    assert connection.schema_name == get_public_schema_name()  # the request left the connection on public


def make_organisations(total: int) -> None:
    """Rows only, no schemas: the list's own fields never enter an organisation's schema."""
    for n in range(Organisation.objects.filter(slug__startswith="bulk-").count(), total):
        organisation = Organisation(schema_name=f"org_bulk_{n}", slug=f"bulk-{n:03}", name=f"批量{n}", kind="other")
        organisation.auto_create_schema = False
        organisation.save()
        Domain.objects.create(domain=f"bulk-{n:03}.localhost", tenant=organisation, is_primary=True)


def test_the_organisation_list_takes_a_constant_number_of_queries(platform_client):
    query = "{ organisations(first: 100) { totalCount edges { node { slug name kind region host } } } }"
    counts = []
    for total in (10, 100):
        make_organisations(total)
        with CaptureQueriesContext(connection) as queries:
            data = data_of(post(platform_client, query))
        assert len(data["organisations"]["edges"]) >= min(total, 100) - 2
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
