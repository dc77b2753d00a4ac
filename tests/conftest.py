"""Test organisations are created once per session: schema creation is the slow part."""

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from tests.support import PASSWORD, database_url, host_client
from yishi.platform.celery import app
from yishi.tenants.provisioning import Administrator, create_organisation, ensure_platform
from yishi.tenants.template import ensure_template

# PBKDF2 costs about 0.3 s per login or set_password, a good part of the suite's time. pytest-django
# reads the settings before this file, so the in-process settings are set here; the environment carries
# the same hasher to the CLI, worker and server subprocesses the tests start.
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
os.environ["YISHI_PASSWORD_HASHERS"] = FAST_HASHER
settings.PASSWORD_HASHERS = [FAST_HASHER]


@pytest.fixture(scope="session", autouse=True)
def test_queue():
    """Every task the tests send goes to a queue of this run, never to a development worker's (a plan
    task for a test schema would run against the development database); what is left is purged."""
    queue = f"test-{os.getpid()}"
    app.conf.task_default_queue = queue
    yield queue
    with app.connection_for_write() as connection_:
        connection_.default_channel.queue_purge(queue)


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """Always the test database, even when no collected test asks for `db`.

    pytest-django creates it only for tests using `db`; a run of tests that use `organisations` alone
    (the CLI tests, which need committed rows for their subprocesses) would otherwise write to the
    development database.
    """
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=0)


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    # Test data is written in a transaction that never commits, so the content version (bumped on
    # commit) would not change between tests: cached GraphQL answers are switched on only in
    # tests/graphql/test_cache.py.
    settings.YISHI_GRAPHQL_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def public_schema_after_each_test():
    """A request through the test client leaves the connection on that host's schema: reset it."""
    yield
    connection.set_schema_to_public()


@pytest.fixture(scope="session")
def organisations(django_db_setup, django_db_blocker):
    """Two organisations, A and B, each with an administrator; every access test uses both."""
    with django_db_blocker.unblock():
        ensure_platform()
        ensure_template()  # migrated once; each organisation is then a one-second clone of it
        a = create_organisation(
            "org-a", "甲单位", administrator=Administrator("alice", PASSWORD), kind="bureau", region="临江市"
        )
        b = create_organisation(
            "org-b", "乙单位", administrator=Administrator("bob", PASSWORD), kind="service_centre", region="云溪县"
        )
    return SimpleNamespace(a=a, b=b)


@pytest.fixture
def org_a(organisations, db):
    return organisations.a


@pytest.fixture
def org_b(organisations, db):
    return organisations.b


@pytest.fixture
def client_a(org_a):
    return host_client(org_a)


@pytest.fixture
def client_b(org_b):
    return host_client(org_b)


@pytest.fixture
def in_org_a(org_a):
    with tenant_context(org_a):
        yield org_a


@pytest.fixture(scope="session")
def celery_worker(organisations, django_db_blocker):
    """A real Celery worker process on the configured broker (Redis when REDIS_URL is set).

    It listens on the run's own queue (`test_queue`), so no other worker on the machine takes its tasks.
    """
    with django_db_blocker.unblock():
        url = database_url()
    queue = app.conf.task_default_queue
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "yishi.platform.celery", "worker",
         "--pool", "prefork", "--concurrency", "2", "--loglevel", "WARNING", "--without-heartbeat",
         "--without-mingle", "--without-gossip"],
        env=dict(os.environ, DATABASE_URL=url, YISHI_CELERY_QUEUE=queue),
        start_new_session=True,
    )
    yield SimpleNamespace(queue=queue, process=worker)
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, 9)

