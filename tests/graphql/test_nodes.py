"""Relay global ids and `node(id:)`: only this organisation's objects, only what the caller may see."""

import base64

import pytest
from django_tenants.utils import tenant_context
from graphql_relay import from_global_id

from tests.graphql.helpers import ALL_SCOPES, body_of, data_of, invite, issue_key, post
from tests.graphql.sentinels import seed
from tests.support import PASSWORD, host_client
from yishi.content.models import RegulationPage
from yishi.graphql.keys.models import Scope
from yishi.workflows.attendance.models import Invitation

IDS = """{ organisation { id slug } regulations { id slug } meetingTypes { id slug }
  meetings(from: "2026-01-01", to: "2026-12-31") { id name } }"""
NODE = """query ($id: ID!) { node(id: $id) { __typename id
  ... on Organisation { slug name } ... on Regulation { slug title } ... on MeetingType { slug name }
  ... on Meeting { name location } } }"""


@pytest.fixture
def seeded(org_a, org_b):
    seed(org_a)
    seed(org_b)


def ids_of(client, key=None) -> dict[str, str]:
    """Every id the list fields give, by what it names (slug or meeting name)."""
    data = data_of(post(client, IDS, key=key))
    found = {data["organisation"]["slug"]: data["organisation"]["id"]}
    for field in ("regulations", "meetingTypes"):
        found.update({item["slug"]: item["id"] for item in data[field]})
    found.update({item["name"]: item["id"] for item in data["meetings"]})
    return found


def node(client, global_id, key=None):
    return data_of(post(client, NODE, {"id": global_id}, key=key))["node"]


def test_global_ids_name_the_type_and_the_organisation(seeded, org_a, client_a):
    ids = ids_of(client_a)
    assert from_global_id(ids["org-a"]) == ("Organisation", "org-a:org-a")
    # A regulation's and a meeting type's ids name the version (docs/graphql.md, "Identities").
    with tenant_context(org_a):
        revision = RegulationPage.objects.get(slug="jia-sentinel-rules").live_revision_id
    assert from_global_id(ids["jia-sentinel-rules"]) == ("Regulation", f"org-a:jia-sentinel-rules@{revision}")
    assert from_global_id(ids["jia-sentinel-meeting"]) == ("MeetingType", "org-a:jia-sentinel-meeting@2017-03-21")
    kind, key = from_global_id(ids["甲哨兵会"])
    assert kind == "Meeting" and key.startswith("org-a:")


def test_every_id_resolves_to_its_object(seeded, client_a):
    for name, global_id in ids_of(client_a).items():
        found = node(client_a, global_id)
        assert found["id"] == global_id and name in str(found), (name, found)


def test_another_organisations_ids_resolve_to_nothing(seeded, org_a, client_a, client_b, org_b):
    """A's ids on B's host are null, even where B has a row with the same key (Meeting pks are alike)."""
    key_b = issue_key(org_b, ALL_SCOPES)
    for name, global_id in ids_of(client_a, issue_key(org_a, ALL_SCOPES)).items():
        for key in (None, key_b):
            assert node(client_b, global_id, key) is None, name


def test_a_forged_id_for_this_organisation_finds_only_its_own_row(seeded, client_a, client_b):
    """Rewriting the organisation in A's meeting id gives B's id of the same pk: B's meeting or nothing."""
    kind, key = from_global_id(ids_of(client_a)["甲哨兵会"])
    forged = base64.b64encode(f"{kind}:org-b:{key.split(':')[1]}".encode()).decode()
    found = node(client_b, forged)
    assert found is None or "甲" not in str(found)


def test_node_keeps_confidentiality(seeded, org_a, client_a):
    invite(org_a, "alice", "甲绝密哨兵会")  # a confidential meeting is for its invitees (and named roles) only
    everything = ids_of(host_client_signed_in(org_a))
    internal, confidential = everything["甲内部哨兵会"], everything["甲绝密哨兵会"]
    public_key, internal_key = issue_key(org_a, [Scope.READ_PUBLIC]), issue_key(org_a, ALL_SCOPES)
    for key in (None, public_key):
        assert node(client_a, internal, key) is None and node(client_a, confidential, key) is None
    assert node(client_a, internal, internal_key)["name"] == "甲内部哨兵会"
    assert node(client_a, confidential, internal_key) is None  # a key is never cleared for confidential
    assert node(client_a, everything["jia-sentinel-secret"], internal_key) is None
    assert node(host_client_signed_in(org_a), confidential)["name"] == "甲绝密哨兵会"
    with tenant_context(org_a):
        Invitation.objects.filter(meeting__name="甲绝密哨兵会").delete()
    assert node(host_client_signed_in(org_a), confidential) is None  # signed in, but no longer invited


def host_client_signed_in(organisation):
    client = host_client(organisation)
    assert client.post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("bad", ["not-base64!", base64.b64encode(b"Meeting:1").decode(), ""])
def test_a_malformed_id_is_an_input_error(seeded, client_a, bad):
    errors = body_of(post(client_a, NODE, {"id": bad}))["errors"]
    assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


def test_an_unknown_type_or_a_huge_key_is_null(seeded, client_a):
    for raw in ("Nothing:org-a:1", "Meeting:org-a:99999999999999999999999", "Workday:org-a:2026-01-01"):
        assert node(client_a, base64.b64encode(raw.encode()).decode()) is None, raw
