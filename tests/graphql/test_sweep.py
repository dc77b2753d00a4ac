"""A cross-organisation sweep built from the schema itself: it grows as domains add fields.

For every root Query field, a query selecting every field below it (to a depth of six) is sent as
organisation B — anonymously and with B's key of every scope on B's host, with B's key on A's host,
and as anonymous on the platform host (where B's node is checked). A's sentinel values must never
appear. B's own sentinel must appear somewhere, so an empty answer cannot pass for a safe one.

Exemptions (fields not swept, with the reason): a list nested so deep that one query would pass the
cost limit (more than MAX_BRANCH_COST items) is left out there and swept where it is shallower — e.g.
`meetings { meetingType { occurrences } }` (500 × 100) is the resolver swept as `meetingTypes { occurrences }`.
Required arguments are filled by name or type
(ARGUMENT_VALUES); a field with a required argument of another type fails the sweep until added.
"""

from graphql import get_named_type, get_nullable_type, is_leaf_type, is_list_type, is_non_null_type

from tests.graphql.helpers import ALL_SCOPES, body_of, issue_key, post
from tests.graphql.sentinels import leaks, seed
from yishi.graphql.api import platform_schema, schema

EXEMPT: dict[str, str] = {
    "node": "needs real ids: swept below with A's global ids of every Node type",
}
ARGUMENT_VALUES = {"to": '"2026-12-31"', "Date": '"2026-01-01"', "String": '"x"', "Int": "10", "Boolean": "true",
                   "ID": '"x"'}
MAX_DEPTH = 6
MAX_BRANCH_COST = 10_000


def arguments(field) -> str:
    required = {name: arg for name, arg in field.args.items() if is_non_null_type(arg.type)}
    if not required:
        return ""
    values = [f"{name}: {ARGUMENT_VALUES.get(name) or ARGUMENT_VALUES[get_named_type(arg.type).name]}"
              for name, arg in required.items()]
    return "(" + ", ".join(values) + ")"


def items(field) -> int:
    return (field.extensions or {}).get("max_items", 100) if is_list_type(get_nullable_type(field.type)) else 1


def selection(graphql_type, depth: int = 1, multiplier: int = 1) -> str:
    """Every field of the type, recursively; a branch too deep or too costly for the limits is left out."""
    named = get_named_type(graphql_type)
    parts = []
    for name, field in named.fields.items():
        target = get_named_type(field.type)
        if is_leaf_type(target):
            parts.append(name + arguments(field))
        elif depth < MAX_DEPTH and hasattr(target, "fields") and multiplier * items(field) <= MAX_BRANCH_COST:
            parts.append(f"{name}{arguments(field)} {selection(target, depth + 1, multiplier * items(field))}")
    return "{ " + " ".join(parts or ["__typename"]) + " }"


def root_queries(built) -> dict[str, str]:
    query_type = built.graphql_schema.query_type
    queries = {}
    for name, field in query_type.fields.items():
        if name in EXEMPT:
            continue
        target = get_named_type(field.type)
        body = name + arguments(field) + ("" if is_leaf_type(target) else " " + selection(target, 2, items(field)))
        queries[name] = "{ " + body + " }"
    return queries


def test_the_sweep_covers_the_contract_fields():
    queries = root_queries(schema)
    assert {"organisation", "regulations", "meetingTypes", "meetings", "workdays"} <= set(queries)
    assert "occurrences(from:" in queries["meetingTypes"] and "meetingType {" in queries["meetings"]
    assert "organisations" in root_queries(platform_schema)


def test_organisation_b_never_sees_organisation_a(org_a, org_b, client_a, client_b, platform_client):
    seed(org_a)
    seed(org_b)
    key_b = issue_key(org_b, ALL_SCOPES)
    own_seen = False
    for name, query in root_queries(schema).items():
        for label, client, key in (("anonymous on B", client_b, None), ("B's key on B", client_b, key_b)):
            response = post(client, query, key=key)
            text = response.content.decode()
            assert response.status_code == 200 and "errors" not in body_of(response), (name, label, text)
            assert not leaks(text, "org-a"), f"{name} as {label} leaks A's data: {text}"
            own_seen |= bool(leaks(text, "org-b"))
        response = post(client_a, query, key=key_b)
        assert response.status_code == 401 and not leaks(response.content.decode(), "org-a"), name
    assert own_seen, "the sweep never saw B's own sentinel: it would not notice a leak either"

    for name, query in root_queries(platform_schema).items():
        response = post(platform_client, query)
        assert response.status_code == 200 and "errors" not in body_of(response), (name, response.content)
        if name == "organisations":
            nodes = {edge["node"]["slug"]: edge["node"] for edge in body_of(response)["data"][name]["edges"]}
            assert leaks(str(nodes["org-b"]), "org-b") and not leaks(str(nodes["org-b"]), "org-a")
            assert not leaks(str(nodes["org-a"]), "org-b")
