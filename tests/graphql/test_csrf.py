"""CSRF for cookie (session) requests only; API-key and anonymous requests need none; never GET for a mutation."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.utils.crypto import get_random_string
from django_tenants.utils import tenant_context

from tests.graphql.helpers import ALL_SCOPES, issue_key, post
from tests.support import host_client

MUTATION = 'mutation { signIn(token: "x") { errors { field code } } }'
QUERY = "{ organisation { slug } }"


@pytest.fixture
def session(org_a):
    """A signed-in admin's browser on A's host, with CSRF checks on as in a real browser."""
    client = host_client(org_a, enforce_csrf_checks=True)
    with tenant_context(org_a):
        client.force_login(get_user_model().objects.get(username="alice"))
    return client


def csrf_token(client) -> str:
    """What a page of the admin would have given the browser: the cookie, and the same value for the header."""
    token = get_random_string(CSRF_SECRET_LENGTH)
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return token


def test_a_cookie_post_without_a_csrf_token_is_refused(session):
    for query in (QUERY, MUTATION):
        assert post(session, query).status_code == 403


def test_a_cookie_post_with_the_csrf_token_is_answered(session):
    token = csrf_token(session)
    response = post(session, MUTATION, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and response.json()["data"]["signIn"]["errors"]


def test_api_key_and_anonymous_posts_need_no_csrf_token(org_a, session):
    key = issue_key(org_a, ALL_SCOPES)
    anonymous = host_client(org_a, enforce_csrf_checks=True)
    assert post(anonymous, QUERY).status_code == 200
    # A key request is not cookie-based, even from a browser that also holds a session.
    assert post(session, QUERY, key=key).status_code == 200
    assert post(session, MUTATION, key=key).status_code == 200


def test_mutations_over_get_are_refused_whoever_asks(org_a, session):
    key = issue_key(org_a, ALL_SCOPES)
    for client, headers in ((session, {}), (session, {"HTTP_AUTHORIZATION": f"Bearer {key}"}),
                            (host_client(org_a), {})):
        response = client.get("/graphql/", {"query": MUTATION}, **headers)
        assert response.status_code == 405 and response["Allow"] == "POST"
    assert session.get("/graphql/", {"query": QUERY}).status_code == 200  # reading over GET is fine
