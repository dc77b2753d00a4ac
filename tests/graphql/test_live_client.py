"""A real GraphQL client (the `gql` package) against gunicorn serving the test database."""

import pytest
from django_tenants.utils import tenant_context
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport

from tests.support import database_url, gunicorn_server
from yishi.graphql.keys.models import ApiKey, Scope


@pytest.fixture(scope="module")
def server(organisations, django_db_blocker):
    with django_db_blocker.unblock():
        url = database_url()
    with gunicorn_server(url) as port:
        yield f"http://127.0.0.1:{port}/graphql/"


@pytest.fixture(scope="module")
def key_a(organisations, django_db_blocker):
    """A committed key of A (the server is another process and sees only committed rows)."""
    with django_db_blocker.unblock(), tenant_context(organisations.a):
        key, raw = ApiKey.issue("实时测试", [Scope.READ_PUBLIC])
    yield raw
    with django_db_blocker.unblock(), tenant_context(organisations.a):
        key.delete()


def client(url: str, host: str, key: str | None = None) -> Client:
    headers = {"Host": host, **({"Authorization": f"Bearer {key}"} if key else {})}
    transport = RequestsHTTPTransport(url=url, headers=headers, retries=0)
    return Client(transport=transport, fetch_schema_from_transport=False)


def test_the_organisation_answers_a_gql_client(server, organisations, key_a):
    query = gql("query Portal { organisation { slug name host } regulations { slug title } }")
    for key in (None, key_a):
        with client(server, "org-a.localhost", key) as session:
            result = session.execute(query)
        assert result["organisation"] == {"slug": "org-a", "name": "甲单位", "host": "org-a.localhost"}
        assert isinstance(result["regulations"], list)


def test_the_client_sees_validation_errors_and_a_foreign_key_refused(server, key_a):
    with client(server, "org-a.localhost") as session, pytest.raises(TransportQueryError) as refused:
        session.execute(gql("{ organisation { slug secret } }"))
    assert refused.value.errors[0]["message"] == "Cannot query field 'secret' on type 'Organisation'."
    with client(server, "org-b.localhost", key_a) as session, pytest.raises(TransportQueryError) as foreign:
        session.execute(gql("{ organisation { slug } }"))  # answered 401 with this error
    assert foreign.value.errors[0]["message"] == "接口密钥无效或已吊销 (invalid or revoked API key)"


def test_the_platform_answers_a_gql_client(server):
    with client(server, "localhost") as session:
        result = session.execute(gql("{ organisations(first: 10) { edges { node { slug } } } }"))
    assert {"org-a", "org-b"} <= {edge["node"]["slug"] for edge in result["organisations"]["edges"]}
