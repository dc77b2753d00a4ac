"""Every safety limit answers with a GraphQL error that says which limit, never with HTTP 500."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from tests.graphql.helpers import errors_of, issue_key, post
from yishi.tenants.models import Organisation


def test_a_query_deeper_than_the_limit_is_refused(client_a):
    ok = "{ regulations { slug } }"
    assert post(client_a, ok).status_code == 200
    deep = "{ a: regulations { slug } " + "meetingTypes { cadence { rrule } } }"
    assert post(client_a, deep).status_code == 200
    with override_settings(YISHI_GRAPHQL_LIMITS={"MAX_DEPTH": 2}):
        response = post(client_a, deep)
    assert response.status_code == 400
    assert errors_of(response) == ["查询深度 depth 超过上限 2 (exceeds the limit of 2)"]
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_depth_ten_is_the_default_and_counts_through_fragments(client_a):
    # Eleven levels through a chain of fragments on Cadence's parent would need a deeper schema than
    # exists yet; the walk is the same for fragments as for fields, so a limit of 1 shows it.
    query = ("{ ...Types } fragment Types on Query { meetingTypes { ...Cad } } "
             "fragment Cad on MeetingType { cadence { rrule } }")
    with override_settings(YISHI_GRAPHQL_LIMITS={"MAX_DEPTH": 2}):
        assert errors_of(post(client_a, query)) == ["查询深度 depth 超过上限 2 (exceeds the limit of 2)"]
    from yishi.graphql.core.limits import DEFAULT_LIMITS
    assert DEFAULT_LIMITS["MAX_DEPTH"] == 10


def test_a_self_referencing_fragment_is_a_graphql_error_not_a_500(client_a):
    # graphene's depth_limit_validator recursed without end here (RecursionError → HTTP 500).
    response = post(client_a, "{ ...A } fragment A on Query { ...A }")
    assert response.status_code == 400
    assert errors_of(response) == ["Cannot spread fragment 'A' within itself."]


def test_a_fragment_cycle_through_two_fragments_is_refused(client_a):
    response = post(client_a, "{ ...A } fragment A on Query { organisation { slug } ...B } "
                               "fragment B on Query { ...A }")
    assert response.status_code == 400
    assert "Cannot spread fragment 'A' within itself via 'B'." in errors_of(response)


def test_an_unknown_fragment_is_a_graphql_error_not_a_500(client_a):
    # graphene's depth_limit_validator raised KeyError here (HTTP 500).
    response = post(client_a, "{ ...Missing }")
    assert response.status_code == 400
    assert errors_of(response) == ["Unknown fragment 'Missing'."]


def test_unknown_fields_and_arguments_are_refused(client_a):
    # With validation_rules=[DisableIntrospection] alone, graphene-django validated nothing else.
    response = post(client_a, "{ organisation { slug secret } }")
    assert response.status_code == 400
    assert errors_of(response) == ["Cannot query field 'secret' on type 'Organisation'."]
    response = post(client_a, "{ organisation(id: 1) { slug } }")
    assert errors_of(response) == ["Unknown argument 'id' on field 'Query.organisation'."]


def test_no_did_you_mean_suggestions_outside_debug(client_a):
    response = post(client_a, "{ organisation { slugg } }")
    assert errors_of(response) == ["Cannot query field 'slugg' on type 'Organisation'."]
    with override_settings(DEBUG=True):
        response = post(client_a, "{ organisation { slugg } }")
    assert errors_of(response) == ["Cannot query field 'slugg' on type 'Organisation'. Did you mean 'slug'?"]


def test_the_cost_limit_counts_list_sizes_times_fields(client_a):
    # regulations is a list of at most 100: 1 + 100 × 2 fields = 201.
    query = "{ regulations { slug title } }"
    assert post(client_a, query).status_code == 200
    with override_settings(YISHI_GRAPHQL_LIMITS={"MAX_COST": 200}):
        response = post(client_a, query)
    assert errors_of(response) == ["查询成本 cost 超过上限 200 (exceeds the limit of 200)"]


def test_the_cost_of_a_connection_follows_first(platform_client):
    client = platform_client
    query = "{ organisations(first: %d) { edges { node { slug name } } } }"
    with override_settings(YISHI_GRAPHQL_LIMITS={"MAX_COST": 100}):
        assert post(client, query % 10).status_code == 200   # 1 + 10 × (1 + 1 + 2) = 41
        response = post(client, query % 50)                  # 1 + 50 × 4 = 201
    assert errors_of(response) == ["查询成本 cost 超过上限 100 (exceeds the limit of 100)"]


def test_a_connection_without_first_costs_a_full_page(platform_client):
    with override_settings(YISHI_GRAPHQL_LIMITS={"MAX_COST": 300}):
        response = post(platform_client, "{ organisations { edges { node { slug name } } } }")  # 1 + 100 × 4
    assert errors_of(response) == ["查询成本 cost 超过上限 300 (exceeds the limit of 300)"]


def test_too_many_aliases_are_refused(client_a):
    def aliases(count):
        return "{ " + " ".join(f"a{n}: organisation {{ slug }}" for n in range(count)) + " }"

    assert post(client_a, aliases(30)).status_code == 200
    response = post(client_a, aliases(31))
    assert errors_of(response) == ["别名数 aliases 超过上限 30 (exceeds the limit of 30)"]
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    # 2000 aliases are over 5,000 tokens: the parser stops before validation starts, whose standard
    # rules are quadratic in the aliases (what is asserted is the refusal, never the time it took).
    huge = "{ " + " ".join(f"a{n}: __typename" for n in range(2000)) + " }"
    response = post(client_a, huge)
    assert response.status_code == 400
    assert errors_of(response) == ["Syntax Error: Document contains more than 5000 tokens. Parsing aborted."]
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_too_many_fields_are_refused(client_a):
    query = "{ " + " ".join("organisation { slug name kind region host }" for _ in range(101)) + " }"
    assert errors_of(post(client_a, query)) == ["字段数 fields 超过上限 500 (exceeds the limit of 500)"]


def test_fragments_spread_many_times_cannot_make_the_walk_explode(client_a):
    fragments = " ".join(
        f"fragment F{n} on Query {{ __typename ...F{n + 1} ...F{n + 1} ...F{n + 1} }}" for n in range(20)
    ) + " fragment F20 on Query { __typename }"
    # 3^20 spreads if walked naively: the walk stops at the field limit (it counts every step).
    response = post(client_a, "{ ...F0 } " + fragments)
    assert errors_of(response) == ["字段数 fields 超过上限 500 (exceeds the limit of 500)"]


@override_settings(YISHI_GRAPHQL_INTROSPECTION=False)
def test_introspection_can_be_switched_off(client_a):
    response = post(client_a, "{ __schema { queryType { name } } }")
    assert response.status_code == 400
    assert errors_of(response)[0] == (
        "GraphQL introspection has been disabled, but the requested query contained the field '__schema'.")
    assert post(client_a, "{ __typename }").status_code == 200


@override_settings(YISHI_GRAPHQL_INTROSPECTION=None, DEBUG=False)
def test_introspection_is_off_by_default_outside_debug(client_a):
    assert post(client_a, "{ __schema { queryType { name } } }").status_code == 400
    with override_settings(DEBUG=True):
        assert post(client_a, "{ __schema { queryType { name } } }").status_code == 200


@override_settings(YISHI_GRAPHQL_INTROSPECTION=True)
def test_introspection_can_be_switched_on(client_a):
    response = post(client_a, "{ __schema { queryType { name } } }")
    assert response.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}


@override_settings(YISHI_GRAPHQL_MAX_BODY_BYTES=1000)
def test_a_request_body_over_the_limit_is_refused(client_a):
    response = post(client_a, "{ organisation { slug } }" + " " * 1000)
    assert response.status_code == 413
    assert errors_of(response) == ["请求过大：上限 1000 字节 (request larger than 1000 bytes)"]


@override_settings(YISHI_GRAPHQL_RATE_LIMIT=3)
def test_an_api_key_over_its_rate_is_told_when_to_retry(org_a, client_a):
    key = issue_key(org_a)
    cache.clear()
    responses = [post(client_a, "{ organisation { slug } }", key=key) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    refused = responses[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert errors_of(refused)[0].startswith("请求过于频繁")
    other = issue_key(org_a)  # another key has its own budget
    assert post(client_a, "{ organisation { slug } }", key=other).status_code == 200
    cache.clear()


@override_settings(YISHI_GRAPHQL_ANONYMOUS_RATE_LIMIT=2)
def test_anonymous_callers_are_limited_per_address(client_a):
    cache.clear()
    codes = [post(client_a, "{ organisation { slug } }").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    cache.clear()


def test_a_database_error_reaches_the_client_without_schema_or_table_names(client_a, monkeypatch, caplog):
    def broken(organisation):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM org_a.secret_table_x")

    monkeypatch.setattr(Organisation, "primary_host", property(broken))
    response = post(client_a, "{ organisation { slug host } }")
    body = response.json()
    (error,) = body["errors"]
    request_id = response["X-Request-ID"]
    assert error["extensions"] == {"code": "INTERNAL_ERROR", "requestId": request_id}
    assert error["message"] == (f"服务器内部错误，请联系管理员并提供请求编号 {request_id}。"
                                f"Internal error, request id {request_id}.")
    assert "secret_table_x" not in response.content.decode() and "org_a" not in response.content.decode()
    assert error["path"] == ["organisation", "host"], body
    logged = [record for record in caplog.records if request_id in record.getMessage()]
    assert logged and "secret_table_x" in str(logged[0].exc_info[1])


def test_mutations_over_get_are_not_allowed(client_a):
    for query in ("mutation { x }", 'mutation { signIn(token: "t") { errors { code } } }'):
        assert client_a.get("/graphql/", {"query": query}).status_code == 405


@pytest.mark.parametrize("header", ["Token abc", "Bearer", "Basic dXNlcjpwYXNz"])
def test_a_malformed_authorization_header_is_refused(client_a, header):
    response = client_a.post("/graphql/", '{"query": "{ organisation { slug } }"}', content_type="application/json",
                             HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert errors_of(response) == ["Authorization 头的格式应为 “Bearer <密钥>” (expected “Bearer <key>”)"]
