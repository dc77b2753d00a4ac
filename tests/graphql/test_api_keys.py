"""API keys: hashed, scoped, revocable, and worthless on another organisation's host."""

import re
from enum import Enum

import graphene
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django_tenants.utils import tenant_context

from tests.graphql.helpers import ALL_SCOPES, data_of, errors_of, issue_key, post
from tests.support import PASSWORD, host_client
from yishi.graphql.core.dataloaders import DataLoader
from yishi.graphql.core.mutations import BaseMutation
from yishi.graphql.core.permissions import PermissionField
from yishi.graphql.core.schema import build_schema
from yishi.graphql.keys.models import ApiKey, Scope, hash_key
from yishi.graphql.views import YishiGraphQLView

QUERY = "{ organisation { slug } }"


def test_a_key_works_on_its_own_host(org_a, client_a):
    key = issue_key(org_a)
    assert data_of(post(client_a, QUERY, key=key)) == {"organisation": {"slug": "org-a"}}
    with tenant_context(org_a):
        stored = ApiKey.objects.get(prefix=key[:12])
        assert stored.key_hash == hash_key(key) and key not in str(stored.__dict__)
        assert stored.last_used_at is not None


def test_it_rejects_a_key_from_another_organisation(org_b, client_a, client_b):
    key_b = issue_key(org_b, ALL_SCOPES)
    assert post(client_b, QUERY, key=key_b).status_code == 200
    response = post(client_a, QUERY, key=key_b)
    assert response.status_code == 401
    assert errors_of(response) == ["接口密钥无效或已吊销 (invalid or revoked API key)"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_rejects_a_revoked_or_made_up_key(org_a, client_a):
    key = issue_key(org_a)
    with tenant_context(org_a):
        ApiKey.objects.get(prefix=key[:12]).revoke()
    assert post(client_a, QUERY, key=key).status_code == 401
    assert post(client_a, QUERY, key=key[:12] + "x" * 40).status_code == 401
    assert post(client_a, QUERY, key="yk_short").status_code == 401


def test_the_platform_host_takes_no_keys(org_a, platform_client):
    key = issue_key(org_a, ALL_SCOPES)
    response = post(platform_client, "{ platform }", key=key)
    assert response.status_code == 401
    assert errors_of(response) == ["平台接口只提供公开数据，不接受接口密钥 (the platform API takes no API keys)"]


def test_keys_are_created_in_the_admin_shown_once_and_revoked_there(org_a, org_b):
    admin = host_client(org_a)
    assert admin.post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    response = admin.post("/admin/apikeys/new/", {"name": "市政务门户", "scopes": ["read_public", "submit"]})
    assert response.status_code == 200, response.content.decode()[:2000]
    raw = re.search(r'<code id="api-key"[^>]*>(yk_[^<]+)</code>', response.content.decode())[1]
    with tenant_context(org_a):
        key = ApiKey.objects.get(name="市政务门户")
        assert key.key_hash == hash_key(raw) and key.scopes == ["read_public", "submit"]
        assert key.created_by.username == "alice"
    assert raw not in admin.get("/admin/apikeys/").content.decode()  # never shown again
    assert post(host_client(org_a), QUERY, key=raw).status_code == 200
    assert post(host_client(org_b), QUERY, key=raw).status_code == 401
    edit = admin.post(f"/admin/apikeys/edit/{key.pk}/",
                      {"name": "市政务门户", "scopes": ["read_public"], "revoke": "on"})
    assert edit.status_code == 302
    with tenant_context(org_a):
        assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    assert post(host_client(org_a), QUERY, key=raw).status_code == 401
    assert host_client(org_b).get("/admin/apikeys/").status_code == 302  # alice is not a user of B


# --- Scopes, mutations and loaders, on a small schema served by the real view -----------------------

class NoteErrorCode(Enum):
    REQUIRED = "required"
    INVALID = "invalid"


batches: list = []


class KeyNameLoader(DataLoader):
    def batch_load(self, keys):
        batches.append(sorted(keys))
        names = dict(ApiKey.objects.filter(pk__in=keys).values_list("pk", "name"))
        return [names.get(key) for key in keys]


class AddKey(BaseMutation):
    """Creates a key, then validates the input: a bad input must leave nothing behind."""

    class Arguments:
        name = graphene.String(required=True)

    class Meta:
        permissions = [Scope.SUBMIT]
        error_codes = NoteErrorCode

    name = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, name):
        ApiKey.issue(name, [Scope.READ_PUBLIC])
        if not name.strip():
            raise ValidationError({"name": ValidationError("名称不能为空", code=NoteErrorCode.REQUIRED)})
        return cls(errors=[], name=name)


class ToyQuery(graphene.ObjectType):
    internal_note = PermissionField(graphene.String, permissions=[Scope.READ_INTERNAL], description="内部")
    key_name = graphene.String(pk=graphene.Int(required=True))

    @staticmethod
    def resolve_internal_note(root, info):
        return "内部说明"

    @staticmethod
    def resolve_key_name(root, info, pk):
        return KeyNameLoader.of(info).load(pk)


class ToyMutation(graphene.ObjectType):
    add_key = AddKey.Field()


toy_view = YishiGraphQLView.as_view(schema=build_schema(query=ToyQuery, mutation=ToyMutation))


def call(organisation, query, key=None):
    import json

    from django.contrib.auth.models import AnonymousUser
    request = RequestFactory().post("/graphql/", json.dumps({"query": query}), content_type="application/json",
                                    **({"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}))
    request.user = AnonymousUser()
    with tenant_context(organisation):
        return toy_view(request)


def test_a_field_needs_its_declared_scope(org_a):
    public, internal = issue_key(org_a, [Scope.READ_PUBLIC]), issue_key(org_a, [Scope.READ_INTERNAL])
    refused = ["需要权限 read_internal (requires scope read_internal)"]
    assert errors_of(call(org_a, "{ internalNote }")) == refused
    assert errors_of(call(org_a, "{ internalNote }", public)) == refused
    assert data_of(call(org_a, "{ internalNote }", internal)) == {"internalNote": "内部说明"}


def test_a_mutation_needs_its_declared_scope(org_a):
    response = call(org_a, 'mutation { addKey(name: "x") { name } }', issue_key(org_a, [Scope.READ_INTERNAL]))
    assert errors_of(response) == ["需要权限 submit (requires scope submit)"]


def test_a_bad_mutation_input_is_a_field_error_and_changes_nothing(org_a):
    key = issue_key(org_a, [Scope.SUBMIT])
    with tenant_context(org_a):
        before = ApiKey.objects.count()
    response = call(org_a, 'mutation { addKey(name: " ") { name errors { field message code } } }', key)
    assert data_of(response) == {"addKey": {"name": None, "errors": [
        {"field": "name", "message": "名称不能为空", "code": "REQUIRED"}]}}
    with tenant_context(org_a):
        assert ApiKey.objects.count() == before  # the key made before the check was rolled back
    ok = call(org_a, 'mutation { addKey(name: "好") { name errors { code } } }', key)
    assert data_of(ok) == {"addKey": {"name": "好", "errors": []}}


def test_loaders_batch_per_request_and_stay_in_their_schema(org_a, org_b):
    with tenant_context(org_a):
        keys = [ApiKey.issue(f"甲{n}", [])[0].pk for n in range(3)]
    batches.clear()
    query = "{ " + " ".join(f"k{n}: keyName(pk: {pk})" for n, pk in enumerate(keys)) + " }"
    assert data_of(call(org_a, query)) == {"k0": "甲0", "k1": "甲1", "k2": "甲2"}
    assert batches == [sorted(keys)]
    assert data_of(call(org_b, query)) == {"k0": None, "k1": None, "k2": None}  # A's ids mean nothing in B
