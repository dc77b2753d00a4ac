"""Posting GraphQL to a host, and API keys for tests."""

import json

from django_tenants.utils import tenant_context
from graphql_relay import to_global_id

from yishi.graphql.keys.models import ApiKey, Scope

ALL_SCOPES = [Scope.READ_PUBLIC, Scope.READ_INTERNAL, Scope.SUBMIT]


def post(client, query: str, variables: dict | None = None, key: str | None = None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    body = {"query": query, **({"variables": variables} if variables else {})}
    return client.post("/graphql/", json.dumps(body), content_type="application/json", **headers, **extra)


def body_of(response) -> dict:
    return json.loads(response.content)


def errors_of(response) -> list[str]:
    return [error["message"] for error in body_of(response).get("errors", [])]


def data_of(response) -> dict:
    body = body_of(response)
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def issue_key(organisation, scopes=(Scope.READ_PUBLIC,), name="测试门户") -> str:
    with tenant_context(organisation):
        return ApiKey.issue(name, scopes)[1]


def global_id(organisation, type_name: str, key) -> str:
    """The global id the API gives `key` of `type_name` in `organisation` (see yishi/graphql/core/nodes.py)."""
    return to_global_id(type_name, f"{organisation.slug}:{key}")


def invite(organisation, username: str, meeting_name: str) -> None:
    """The user (given a Person if they have none) invited to the meeting: cleared for it if it is confidential."""
    from django.contrib.auth import get_user_model

    from yishi.tenants.structure.models import Person
    from yishi.workflows.attendance.models import Invitation
    from yishi.workflows.scheduling.models import Meeting

    with tenant_context(organisation):
        user = get_user_model().objects.get(username=username)
        person = Person.objects.filter(user=user).first() or Person.objects.create(name=f"{username}本人", user=user)
        Invitation.objects.create(meeting=Meeting.objects.get(name=meeting_name), person=person, role="member")
