"""The API under hostile and real clients (issue 14): malformed parameters, NUL bytes, dates at the
ends of the calendar, version identities for normalised caches, keyset cursors, an error code on
every error, both media types of GraphQL over HTTP — and queries generated from the schema itself
(hypothesis-graphql), none of which may be answered with a 500 or an INTERNAL_ERROR."""

import base64
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import tenant_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from tests.graphql.helpers import ALL_SCOPES, body_of, data_of, issue_key, post
from tests.graphql.sentinels import seed
from tests.graphql.test_portal_fields import publish
from yishi.graphql.api import platform_schema, schema
from yishi.graphql.keys.models import ApiKey
from yishi.tenants.structure.models import Person
from yishi.workflows.scheduling.models import Meeting

GRAPHQL_RESPONSE = "application/graphql-response+json"
NUL = "a\x00b"


def codes(response) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in body_of(response).get("errors", [])]


def raw_post(client, body, **headers):
    return client.post("/graphql/", body if isinstance(body, str) else json.dumps(body),
                       content_type="application/json", **headers)


# --- Request parameters ----------------------------------------------------------------------------

@pytest.mark.parametrize("body, parameter", [
    ({"query": 123}, "query"), ({"query": ["{ organisation { slug } }"]}, "query"),
    ({"query": {"text": "{ organisation { slug } }"}}, "query"), ({"query": True}, "query"),
    ({"query": "{ organisation { slug } }", "variables": [1]}, "variables"),
    ({"query": "{ organisation { slug } }", "variables": 5}, "variables"),
    ({"query": "{ organisation { slug } }", "variables": "[1, 2]"}, "variables"),
    ({"query": "{ organisation { slug } }", "operationName": 7}, "operationName"),
    ({"query": "{ organisation { slug } }", "extensions": "x"}, "extensions"),
    ({}, "query"),
])
def test_a_parameter_of_the_wrong_type_is_a_400_naming_it_on_every_host(client_a, platform_client, body, parameter):
    for client in (client_a, platform_client):
        response = raw_post(client, body)
        assert response.status_code == 400 and response["Content-Type"].startswith("application/json"), response
        (error,) = body_of(response)["errors"]
        assert error["extensions"] == {"code": "BAD_REQUEST", "field": parameter}
        assert error["message"].startswith(f"{parameter}: ")


def test_variables_that_are_not_json_or_not_an_object_over_get(client_a):
    for variables in ("not json", "[1]", "3"):
        response = client_a.get("/graphql/", {"query": "{ organisation { slug } }", "variables": variables})
        assert response.status_code == 400 and codes(response) == ["BAD_REQUEST"], variables


def test_a_body_that_is_not_json_or_not_an_object(client_a):
    for body in ("{not json", "[1, 2]", '"query"'):
        response = raw_post(client_a, body)
        assert response.status_code == 400 and codes(response) == ["BAD_REQUEST"], body


# --- NUL bytes and dates, on every argument --------------------------------------------------------

NUL_CASES = [
    ("query ($v: String!) { regulation(slug: $v) { slug } }", "slug"),
    ("query ($v: String) { regulations(search: $v) { slug } }", "search"),
    ('query ($v: String) { meetings(from: "2026-01-01", to: "2026-12-31", meetingType: $v) { name } }',
     "meetingType"),
    ("query ($v: String) { supervisionBoard(meetingType: $v) { today } }", "meetingType"),
    ("query ($v: ID!) { node(id: $v) { id } }", "id"),
    ('mutation ($v: String!) { submitTopic(meetingTypeSlug: $v, title: "t") { errors { code } } }',
     "meetingTypeSlug"),
    ('mutation ($v: JSONString) { submitTopic(meetingTypeSlug: "x", title: "t", content: $v) { errors { code } } }',
     "content"),
]


@pytest.mark.parametrize("query, argument", NUL_CASES)
def test_a_nul_byte_in_any_string_argument_is_bad_user_input_naming_it(org_a, client_a, query, argument):
    key = issue_key(org_a, ALL_SCOPES)
    value = json.dumps({"x": NUL}) if argument == "content" else NUL
    operation, selection = query.split("{", 1)
    # As a variable, and written into the document (json.dumps writes the NUL as GraphQL's \u0000 escape).
    literal = operation.split("(")[0] + "{" + selection.replace("$v", json.dumps(value))
    for response in (post(client_a, query, {"v": value}, key=key), post(client_a, literal, key=key)):
        assert response.status_code == 200, response.content
        (error,) = body_of(response)["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": argument}, error
        assert error["message"] == f"{argument}: 不能包含 NUL 字符 (must not contain NUL characters)"


def test_a_nul_byte_inside_a_global_id_is_a_malformed_id(client_a):
    for raw in ("Meeting:org-a:1\x00", "Regulation:org-a:x\x00y@1", "Department:org-a:\x00"):
        forged = base64.b64encode(raw.encode()).decode()
        response = post(client_a, "query ($v: ID!) { node(id: $v) { id } }", {"v": forged})
        assert codes(response) == ["BAD_USER_INPUT"] and body_of(response)["errors"][0]["extensions"]["field"] == "id"


def test_a_nul_byte_on_the_platform_host(platform_client):
    response = post(platform_client, "query ($v: String) { organisations(region: $v) { totalCount } }", {"v": NUL})
    assert body_of(response)["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "region"}


DATE_CASES = [
    ('{ meetingTypes { occurrences(from: "%s", to: "%s") { date } } }', "from"),
    ('{ meetings(from: "%s", to: "%s") { name } }', "from"),
    ('{ workdays(from: "%s", to: "%s") { date } }', "from"),
    ('{ regulations(inForceOn: "%s") { slug } } # %s', "inForceOn"),
    ('{ meetingTypes(inForceOn: "%s") { slug } } # %s', "inForceOn"),
    ('{ regulation(slug: "office-meeting-rules", asOf: "%s") { slug } } # %s', "asOf"),
]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("query, argument", DATE_CASES)
def test_dates_at_the_ends_of_the_calendar_are_refused_naming_the_argument(org_a, client_a, query, argument, day):
    publish(org_a)
    response = post(client_a, query % (day, day))
    assert response.status_code == 200
    (error,) = body_of(response)["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": argument}
    assert error["message"] == (f"{argument}: 日期须在 1900-01-01 至 2199-12-31 之间 "
                                "(a date between 1900-01-01 and 2199-12-31)")


def test_the_last_dates_allowed_are_answered(org_a, client_a):
    publish(org_a)
    data = data_of(post(client_a, '{ meetingTypes { occurrences(from: "2199-01-01", to: "2199-12-31") { date } } '
                                  'workdays(from: "2199-12-31", to: "2199-12-31") { date } }'))
    assert data["workdays"] == [{"date": "2199-12-31"}] and data["meetingTypes"][0]["occurrences"]


# --- Identities ------------------------------------------------------------------------------------

VERSIONS = """{ live: regulation(slug: "office-meeting-rules") { id documentNumber }
  then: regulation(slug: "office-meeting-rules", asOf: "2026-03-31") { id documentNumber }
  now: regulation(slug: "office-meeting-rules", asOf: "2026-04-01") { id documentNumber }
  before: meetingTypes(inForceOn: "2026-03-31") { id slug effectiveFrom }
  after: meetingTypes(inForceOn: "2026-04-01") { id slug effectiveFrom } }"""
NODE = """query ($id: ID!) { node(id: $id) { id ... on Regulation { documentNumber }
  ... on MeetingType { slug effectiveFrom } } }"""


def test_each_version_has_its_own_id_and_node_finds_that_version(org_a, client_a):
    publish(org_a, {"effective_from": "2026-04-01", "document_number": "测政服发〔2026〕2号"})
    data = data_of(post(client_a, VERSIONS))
    assert data["then"]["documentNumber"] == "测政服发〔2017〕15号"
    assert data["live"]["documentNumber"] == data["now"]["documentNumber"] == "测政服发〔2026〕2号"
    # A normalised cache (Apollo, Relay) keys by id: two versions must not share one, one version must keep one.
    assert data["then"]["id"] != data["live"]["id"] == data["now"]["id"]
    (before,), (after,) = data["before"], data["after"]
    assert before["slug"] == after["slug"] and before["id"] != after["id"]
    for version in (data["then"], data["live"], before, after):
        assert data_of(post(client_a, NODE, {"id": version["id"]}))["node"] == version


# --- Keyset cursors --------------------------------------------------------------------------------

PAGE = """query ($first: Int, $after: String, $last: Int, $before: String) {
  meetingsConnection(from: "2026-01-01", to: "2026-12-31", first: $first, after: $after, last: $last,
                     before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } }"""
SHANGHAI = ZoneInfo("Asia/Shanghai")


def meeting(name: str, day: str, hour: int = 9) -> Meeting:
    starts = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=SHANGHAI)
    # A type of its own each: one meeting per type and rule date.
    return Meeting.objects.create(meeting_type_slug=f"type-{Meeting.objects.count()}", name=name,
                                  rule_date=starts.date(), date=starts.date(), starts_at=starts,
                                  ends_at=starts + dt.timedelta(hours=1), confidentiality="public")


def page(client, **variables) -> dict:
    return data_of(post(client, PAGE, variables))["meetingsConnection"]


def names(connection) -> list[str]:
    return [edge["node"]["name"] for edge in connection["edges"]]


def test_rows_inserted_between_pages_neither_repeat_nor_hide_a_row(org_a, client_a):
    with tenant_context(org_a):
        for name, day in (("一", "2026-05-01"), ("三", "2026-05-03"), ("三乙", "2026-05-03"), ("五", "2026-05-05")):
            meeting(name, day)  # 三 and 三乙 start at the same time: the pk orders them
    first = page(client_a, first=2)
    assert names(first) == ["一", "三"] and first["pageInfo"]["hasNextPage"] and first["totalCount"] == 4
    with tenant_context(org_a):
        meeting("零", "2026-04-30")  # before the cursor: an offset would repeat 三
        meeting("四", "2026-05-04")  # after it: must appear on the next page
    second = page(client_a, first=10, after=first["pageInfo"]["endCursor"])
    assert names(second) == ["三乙", "四", "五"] and not second["pageInfo"]["hasNextPage"]
    back = page(client_a, last=2, before=second["pageInfo"]["startCursor"])
    assert names(back) == ["一", "三"] and back["pageInfo"]["hasPreviousPage"]  # 零 is before them
    assert names(page(client_a, last=1)) == ["五"]
    # Opaque, but not an offset: graphql-relay's "arrayconnection:N" means nothing here.
    assert "arrayconnection" not in base64.b64decode(first["pageInfo"]["endCursor"]).decode()


@pytest.mark.parametrize("cursor", ["garbage"] + [base64.b64encode(raw).decode() for raw in (
    b"arrayconnection:1", b'["x", 1]', b'["a\\u0000", 1]', b'["2026-01-01T00:00:00", "NaN"]', b'[1, 2, 3]')])
def test_a_cursor_that_is_not_one_of_this_list_is_bad_user_input(client_a, cursor):
    for argument in ("after", "before"):
        response = post(client_a, PAGE, {"first": 2, argument: cursor})
        (error,) = body_of(response)["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": argument}, (cursor, error)


def test_the_supervision_board_pages_by_its_own_order(org_a, client_a):
    seed(org_a)
    key = issue_key(org_a, ALL_SCOPES)  # the public and the internal meeting's action items
    query = """query ($after: String) { supervisionBoard { items(first: 1, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { title } } } } }"""
    first = data_of(post(client_a, query, key=key))["supervisionBoard"]["items"]
    second = data_of(post(client_a, query, {"after": first["pageInfo"]["endCursor"]}, key=key))
    second = second["supervisionBoard"]["items"]
    titles = [page["edges"][0]["node"]["title"] for page in (first, second)]
    assert sorted(titles) == ["甲内部哨兵会督办事项", "甲哨兵会督办事项"]
    assert first["pageInfo"]["hasNextPage"] and not second["pageInfo"]["hasNextPage"]


# --- Codes and media types -------------------------------------------------------------------------

def test_every_error_carries_a_code(org_a, client_a):
    cases = {
        "{ organisation { slug nope } }": "GRAPHQL_VALIDATION_FAILED",
        "{ organisation { slug ": "GRAPHQL_PARSE_FAILED",
        '{ regulations(search: "") { slug } }': "BAD_USER_INPUT",
        "{ a0: organisation { slug } " + " ".join(f"a{n}: organisation {{ slug }}" for n in range(1, 31)) + " }":
            "QUERY_TOO_COMPLEX",
    }
    for query, code in cases.items():
        assert codes(post(client_a, query)) == [code], query
    coerced = post(client_a, "query ($d: Date!) { workdays(from: $d, to: $d) { date } }", {"d": "not a date"})
    assert coerced.status_code == 400 and codes(coerced) == ["BAD_USER_INPUT"]
    unknown = raw_post(client_a, {"query": "query A { organisation { slug } }", "operationName": "B"})
    assert unknown.status_code == 400 and codes(unknown) == ["BAD_USER_INPUT"]
    mutation_over_get = client_a.get("/graphql/", {"query": 'mutation { signIn(token: "x") { errors { code } } }'})
    assert mutation_over_get.status_code == 405 and codes(mutation_over_get) == ["METHOD_NOT_ALLOWED"]
    assert codes(post(client_a, "{ organisation { slug } }", key="no-such-key")) == ["UNAUTHENTICATED"]


def test_application_graphql_response_json_when_the_client_asks_for_it(client_a):
    accept = {"HTTP_ACCEPT": f"{GRAPHQL_RESPONSE}, application/json;q=0.9"}
    ok = post(client_a, "{ organisation { slug } }", **accept)
    assert ok.status_code == 200 and ok["Content-Type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    # The spec's status codes for this media type: no `data` (a request that did not validate) → 4xx …
    invalid = post(client_a, "{ organisation { nope } }", **accept)
    assert invalid.status_code == 400 and "data" not in body_of(invalid)
    assert invalid["Content-Type"].startswith(GRAPHQL_RESPONSE)
    malformed = raw_post(client_a, {"query": 1}, **accept)
    assert malformed.status_code == 400 and malformed["Content-Type"].startswith(GRAPHQL_RESPONSE)
    # … `data` present, errors in fields → 200.
    partial = post(client_a, '{ organisation { slug } regulation(slug: "x", asOf: "0001-01-01") { slug } }', **accept)
    assert partial.status_code == 200 and body_of(partial)["data"] == {"organisation": {"slug": "org-a"},
                                                                       "regulation": None}
    # No Accept, or application/json first: application/json, as legacy clients expect.
    for headers in ({}, {"HTTP_ACCEPT": f"application/json, {GRAPHQL_RESPONSE};q=0.5"}, {"HTTP_ACCEPT": "*/*"}):
        assert post(client_a, "{ organisation { slug } }", **headers)["Content-Type"] == \
            "application/json; charset=utf-8"


def test_a_csrf_refusal_is_a_graphql_error_too(org_a):
    client = Client(HTTP_HOST=org_a.primary_host, enforce_csrf_checks=True)
    with tenant_context(org_a):
        client.force_login(get_user_model().objects.get(username="alice"))
    response = post(client, "{ organisation { slug } }")
    assert response.status_code == 403 and codes(response) == ["FORBIDDEN"]


# --- Generated from the schema ---------------------------------------------------------------------

def json_values():
    return st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                     max_size=3), max_leaves=6)


SCALARS = {
    "Date": st.dates().map(lambda day: nodes.String(day.isoformat())),
    "DateTime": st.datetimes(timezones=st.just(dt.UTC)).map(lambda at: nodes.String(at.isoformat())),
    "JSONString": json_values().map(lambda value: nodes.String(json.dumps(value))),
}
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def assert_answered(response, query):
    """Any answer but a crash: 200 or 400 (or 405/413 for what the HTTP layer refuses), every error coded,
    none an INTERNAL_ERROR."""
    assert response.status_code in (200, 400, 413), (response.status_code, query, response.content[:500])
    found = codes(response)
    assert None not in found and "INTERNAL_ERROR" not in found, (query, body_of(response))


@pytest.fixture
def fuzz_key(org_a):
    """A key of every scope acting as a member: the generated mutations reach their actions."""
    seed(org_a)
    with tenant_context(org_a):
        user = get_user_model().objects.create_user("fuzz-member")
        Person.objects.create(name="测试委员", user=user)
        return ApiKey.issue("fuzz", ALL_SCOPES, acts_as=user)[1]


@FUZZ
@given(data=st.data())
def test_generated_queries_never_crash(client_a, fuzz_key, data):
    query = data.draw(queries(str(schema), custom_scalars=SCALARS))
    key = data.draw(st.sampled_from([None, fuzz_key]))
    assert_answered(post(client_a, query, key=key), query)


@FUZZ
@given(data=st.data())
def test_generated_mutations_never_crash(client_a, fuzz_key, data):
    mutation = data.draw(mutations(str(schema), custom_scalars=SCALARS))
    assert_answered(post(client_a, mutation, key=fuzz_key), mutation)


@FUZZ
@given(query=queries(str(platform_schema), custom_scalars=SCALARS))
def test_generated_platform_queries_never_crash(platform_client, query):
    assert_answered(post(platform_client, query), query)
