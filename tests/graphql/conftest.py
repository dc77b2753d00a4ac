import pytest
from django.conf import settings as django_settings
from django.test import Client


@pytest.fixture
def platform_client(organisations, db):
    return Client(HTTP_HOST=django_settings.BASE_DOMAIN)


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    # Every test client calls from 127.0.0.1, counted per minute in the shared cache across tests: the
    # sweeps alone send more than a minute's allowance. test_limits.py sets the limits it tests.
    settings.YISHI_GRAPHQL_RATE_LIMIT = settings.YISHI_GRAPHQL_ANONYMOUS_RATE_LIMIT = 0
