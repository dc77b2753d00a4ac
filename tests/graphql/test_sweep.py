"""A cross-organisation sweep built from the schema itself: it grows as domains add fields.

1. Every root Query field without an ID argument: a query selecting every field below it (to a
   depth of six) is sent as organisation B — anonymously, with B's key of every scope and as B's
   signed-in administrator on B's host, and with B's key on A's host (401); and every platform
   root field anonymously on the platform host (where B's organisation node is checked).
2. Every root Query field with an ID argument (`node`, `suggestedDelegate`, …): called on B's host
   by the same three callers with each of A's global ids — every id A's signed-in administrator is
   given by the fields of 1, plus ids made from A's rows of the Node types no list field returns —
   and with each of those ids relabelled as B's (same type and key: B's own row or nothing).
   Every Node type of the schema must have been tried, and B's own ids must find B's rows.
3. Every mutation: called from B's key on B's host with each of A's ids in every ID argument (A's
   sign-in token for a token); each is refused, and A's rows are unchanged.
A's sentinel values must never appear. B's own sentinel must appear somewhere, so an empty answer
cannot pass for a safe one.

Exemptions (with the reason):
- a list nested so deep that one query would pass the cost limit (more than MAX_BRANCH_COST items)
  is left out there and swept where it is shallower — e.g. `meetings { meetingType { occurrences } }`
  (500 × 100) is the resolver swept as `meetingTypes { occurrences }`;
- the platform host has no `node` (nor any field taking an id): asserted, and A's ids sent there
  are refused by validation;
- Node types listed in MADE_IDS are returned by no list field (a person's own submissions; people):
  their ids are made from A's rows instead of harvested.
- the cost limit is raised for the sweep (SWEEP_COST): it selects every field at once, far more than
  any portal query; the limit itself is tested in test_limits.py. Connections are asked for
  `first: CONNECTION_PAGE`.
Required arguments are filled by name or type (ARGUMENT_VALUES); a field with a required argument
of another type fails the sweep until added.
"""

import itertools
import json
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import tenant_context
from graphql import (
    GraphQLID,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
)
from graphql_relay import from_global_id, to_global_id

from tests.graphql.helpers import ALL_SCOPES, body_of, global_id, post
from tests.graphql.sentinels import SENTINELS, leaks, seed
from tests.support import PASSWORD, host_client
from yishi.graphql.api import platform_schema, schema
from yishi.graphql.keys.models import ApiKey
from yishi.tenants.structure.models import Department, Person
from yishi.workflows.agenda.models import Topic
from yishi.workflows.attendance.actions import sign_in_link
from yishi.workflows.attendance.models import Invitation, LeaveRequest
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.models import ActionItem, ProgressReport

EXEMPT: dict[str, str] = {}
MADE_IDS = {"Topic": Topic, "Invitation": Invitation, "LeaveRequest": LeaveRequest, "Person": Person}
ARGUMENT_VALUES = {"to": '"2026-12-31"', "Date": '"2026-01-01"', "String": '"x"', "Int": "10", "Boolean": "true",
                   "ID": '"x"'}
MAX_DEPTH = 6
MAX_BRANCH_COST = 10_000
CONNECTION_PAGE = 10
SWEEP_COST = 5_000_000


@pytest.fixture(autouse=True)
def sweep_limits(settings):
    settings.YISHI_GRAPHQL_LIMITS = {"MAX_COST": SWEEP_COST}


def is_connection(field) -> bool:
    return "pageInfo" in getattr(get_named_type(field.type), "fields", {})


def arguments(field, given: dict[str, str] | None = None) -> str:
    """Required arguments filled by name or type, `first` for a connection; `given` (already GraphQL
    literals) wins and may add optional ones."""
    values = {"first": str(CONNECTION_PAGE)} if is_connection(field) else {}
    values.update({name: ARGUMENT_VALUES.get(name) or ARGUMENT_VALUES[get_named_type(arg.type).name]
                   for name, arg in field.args.items() if is_non_null_type(arg.type)})
    values.update(given or {})
    return "(" + ", ".join(f"{name}: {value}" for name, value in values.items()) + ")" if values else ""


def items(field, parent=None) -> int:
    """How many items the cost limit counts for the field (yishi.graphql.core.limits.list_size)."""
    if "pageInfo" in getattr(parent, "fields", {}):
        return 1  # `edges`: counted on the connection field
    if is_connection(field):
        return CONNECTION_PAGE  # `arguments` asks for that many
    return (field.extensions or {}).get("max_items", 100) if is_list_type(get_nullable_type(field.type)) else 1


def selection(graphql_type, depth: int = 1, multiplier: int = 1, only: str | None = None) -> str:
    """Every field of the type, recursively; a branch too deep or too costly for the limits is left out.

    An interface gets a fragment per type implementing it (only the type `only` names, when given).
    """
    named = get_named_type(graphql_type)
    parts = []
    for name, field in named.fields.items():
        target = get_named_type(field.type)
        if is_leaf_type(target):
            parts.append(name + arguments(field))
        elif depth < MAX_DEPTH and hasattr(target, "fields") and multiplier * items(field, named) <= MAX_BRANCH_COST:
            parts.append(f"{name}{arguments(field)} {selection(target, depth + 1, multiplier * items(field, named))}")
    if is_abstract_type(named):
        for possible in schema.graphql_schema.get_possible_types(named):
            if only in (None, possible.name):
                parts.append(f"... on {possible.name} {selection(possible, depth, multiplier)}")
    return "{ " + " ".join(parts or ["__typename"]) + " }"


def id_arguments(field) -> list[str]:
    return [name for name, arg in field.args.items() if get_named_type(arg.type) is GraphQLID]


def root_queries(built) -> dict[str, str]:
    """Every root field that takes no id, selecting everything below it."""
    queries = {}
    for name, field in built.graphql_schema.query_type.fields.items():
        if name in EXEMPT or id_arguments(field):
            continue
        target = get_named_type(field.type)
        body = name + arguments(field) + ("" if is_leaf_type(target) else " " + selection(target, 2, items(field)))
        queries[name] = "{ " + body + " }"
    return queries


def with_id(name: str, field, global_id_value: str) -> str:
    """`field` with the id in every ID argument, selecting everything the id's type has."""
    given = {argument: json.dumps(global_id_value) for argument in id_arguments(field)}
    kind = from_global_id(global_id_value)[0]
    target = get_named_type(field.type)
    body = "" if is_leaf_type(target) else " " + selection(target, 2, items(field), only=kind)
    return f"{name}{arguments(field, given)}{body}"


def node_types() -> set[str]:
    built = schema.graphql_schema
    return {t.name for t in built.get_possible_types(built.get_type("Node"))}


def harvested_ids(value) -> set[str]:
    """Every `id` anywhere in a response's data."""
    if isinstance(value, dict):
        found = {value["id"]} if isinstance(value.get("id"), str) else set()
        return found.union(*(harvested_ids(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(harvested_ids(v) for v in value))
    return set()


def seed_submissions(organisation) -> SimpleNamespace:
    """A member invited to every sentinel meeting, with a leave request and a topic; a sign-in token."""
    word, slug = SENTINELS[organisation.slug]
    with tenant_context(organisation):
        user = get_user_model().objects.create_user(f"{slug}-member", password=PASSWORD)
        person = Person.objects.create(name=f"{word}委员", user=user,
                                       department=Department.objects.get(slug=f"{slug}-dept"))
        invitations = [Invitation.objects.create(meeting=meeting, person=person, role="member")
                       for meeting in Meeting.objects.order_by("pk")]
        LeaveRequest.objects.create(invitation=invitations[0], reason=f"{word}请假", requested_by=user,
                                    requested_at=timezone.now())
        Topic.objects.create(meeting_type_slug=f"{slug}-meeting", title=f"{word}议题", submitted_by=user,
                             state=Topic.State.SUBMITTED)
        key = ApiKey.issue(f"{word}门户", ALL_SCOPES, acts_as=user)[1]
        return SimpleNamespace(user=user, key=key, token=sign_in_link(invitations[0]).split("/")[-2])


def a_rows(org_a) -> tuple:
    with tenant_context(org_a):
        return (Topic.objects.count(), LeaveRequest.objects.count(), ProgressReport.objects.count(),
                Invitation.objects.filter(signed_in_at__isnull=False).count(),
                sorted(ActionItem.objects.values_list("state", flat=True)))


def signed_in(organisation, username: str):
    client = host_client(organisation)
    assert client.post("/admin/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def callers_on_b(org_b, client_b, b):
    return (("anonymous on B", client_b, None), ("B's key on B", client_b, b.key),
            ("B's administrator on B", signed_in(org_b, "bob"), None))


def ids_of(organisation, username: str) -> set[str]:
    """Every id the organisation's signed-in administrator is given, and ids made from its rows for MADE_IDS."""
    administrator = signed_in(organisation, username)
    found = set()
    for name, query in root_queries(schema).items():
        response = post(administrator, query)
        assert response.status_code == 200 and "errors" not in body_of(response), (name, response.content)
        found |= harvested_ids(body_of(response)["data"])
    with tenant_context(organisation):
        for type_name, model in MADE_IDS.items():
            found |= {global_id(organisation, type_name, pk) for pk in model.objects.values_list("pk", flat=True)}
    return found


def relabelled(global_id_value: str, organisation) -> str:
    """The same type and key, said to be `organisation`'s."""
    kind, key = from_global_id(global_id_value)
    return to_global_id(kind, f"{organisation.slug}:{key.partition(':')[2]}")


def test_the_sweep_covers_the_contract_fields():
    queries = root_queries(schema)
    assert {"organisation", "regulations", "meetingTypes", "meetings", "workdays"} <= set(queries)
    assert "occurrences(from:" in queries["meetingTypes"] and "meetingType {" in queries["meetings"]
    assert "organisations" in root_queries(platform_schema)
    assert MADE_IDS.keys() <= node_types()
    query_fields = schema.graphql_schema.query_type.fields
    assert "node" in query_fields and "id" in with_id("node", query_fields["node"], to_global_id("Meeting", "a:1"))
    assert not any(id_arguments(field) for field in platform_schema.graphql_schema.query_type.fields.values())


def test_organisation_b_never_sees_organisation_a(org_a, org_b, client_a, client_b, platform_client):
    seed(org_a)
    seed(org_b)
    seed_submissions(org_a)
    b = seed_submissions(org_b)
    own_seen = False
    for name, query in root_queries(schema).items():
        for label, client, key in callers_on_b(org_b, client_b, b):
            response = post(client, query, key=key)
            text = response.content.decode()
            assert response.status_code == 200 and "errors" not in body_of(response), (name, label, text)
            assert not leaks(text, "org-a"), f"{name} as {label} leaks A's data: {text}"
            own_seen |= bool(leaks(text, "org-b"))
        response = post(client_a, query, key=b.key)
        assert response.status_code == 401 and not leaks(response.content.decode(), "org-a"), name
    assert own_seen, "the sweep never saw B's own sentinel: it would not notice a leak either"

    for name, query in root_queries(platform_schema).items():
        response = post(platform_client, query)
        assert response.status_code == 200 and "errors" not in body_of(response), (name, response.content)
        if name == "organisations":
            nodes = {edge["node"]["slug"]: edge["node"] for edge in body_of(response)["data"][name]["edges"]}
            assert leaks(str(nodes["org-b"]), "org-b") and not leaks(str(nodes["org-b"]), "org-a")
            assert not leaks(str(nodes["org-a"]), "org-b")


def test_a_global_ids_resolve_to_nothing_of_a_on_b_host_or_the_platform(org_a, org_b, client_b, platform_client):
    seed(org_a)
    seed(org_b)
    seed_submissions(org_a)
    b = seed_submissions(org_b)
    ids = ids_of(org_a, "alice")
    assert {from_global_id(i)[0] for i in ids} == node_types(), "a Node type without one of A's ids to try"
    callers = callers_on_b(org_b, client_b, b)
    id_fields = {name: field for name, field in schema.graphql_schema.query_type.fields.items() if id_arguments(field)}
    for (name, field), a_id in itertools.product(id_fields.items(), sorted(ids)):
        for tried in (a_id, relabelled(a_id, org_b)):
            for label, client, key in callers:
                response = post(client, "{ " + with_id(name, field, tried) + " }", key=key)
                text = response.content.decode()
                assert response.status_code == 200 and "errors" not in body_of(response), (name, label, text)
                assert not leaks(text, "org-a"), f"{name}({from_global_id(tried)}) as {label} leaks A's data: {text}"
                if tried == a_id:
                    assert body_of(response)["data"][name] is None, (name, label, text)
    # The same queries with B's own ids do find B's rows: an answer of nulls is not the only one possible.
    bob = callers[-1][1]
    own = [post(bob, "{ " + with_id("node", id_fields["node"], b_id) + " }").content.decode()
           for b_id in sorted(ids_of(org_b, "bob"))]
    assert any(leaks(text, "org-b") for text in own), "B's own ids found none of B's sentinels"
    response = post(platform_client, "{ node(id: " + json.dumps(sorted(ids)[0]) + ") { id } }")
    assert response.status_code == 400 and not leaks(response.content.decode(), "org-a")


def test_every_id_a_caller_is_given_fetches_the_same_object_again(org_a):
    """On its own host, node(id:) finds what a list gave: each Node type's get_node agrees with its lists."""
    seed(org_a)
    alice = signed_in(org_a, "alice")
    field = schema.graphql_schema.query_type.fields["node"]
    harvested = {i for i in ids_of(org_a, "alice") if from_global_id(i)[0] not in MADE_IDS}
    assert {from_global_id(i)[0] for i in harvested} == node_types() - MADE_IDS.keys()
    for a_id in sorted(harvested):
        response = post(alice, "{ " + with_id("node", field, a_id) + " }")
        assert body_of(response)["data"]["node"]["id"] == a_id, (from_global_id(a_id), response.content)


def test_mutations_from_b_with_a_ids_are_refused_and_change_nothing(org_a, org_b, client_b):
    seed(org_a)
    seed(org_b)
    a = seed_submissions(org_a)
    b = seed_submissions(org_b)
    ids = sorted(ids_of(org_a, "alice"))
    before = a_rows(org_a)
    word, slug = SENTINELS["org-a"]
    strings = {"token": json.dumps(a.token), "meetingTypeSlug": json.dumps(f"{slug}-meeting")}
    tried = set()
    for name, field in schema.graphql_schema.mutation_type.fields.items():
        for a_id in ids if id_arguments(field) else [None]:
            given = {argument: value for argument, value in strings.items() if argument in field.args}
            given.update({argument: json.dumps(a_id) for argument in id_arguments(field)})
            query = "mutation { " + name + arguments(field, given) + " " + selection(field.type, 2) + " }"
            response = post(client_b, query, key=b.key)
            text = response.content.decode()
            assert response.status_code == 200 and not leaks(text, "org-a"), (name, a_id, text)
            payload = body_of(response)["data"][name]
            assert payload["errors"], f"{name} with A's {a_id and from_global_id(a_id)} was not refused: {text}"
            tried.add(name)
    assert tried == set(schema.graphql_schema.mutation_type.fields)
    assert a_rows(org_a) == before
