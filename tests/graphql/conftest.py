import pytest
from django.conf import settings as django_settings
from django.test import Client


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    # Test data is written in a transaction that never commits, so the content version (bumped on
    # commit) would not change between tests: cached answers are switched on only in test_cache.py.
    settings.YISHI_GRAPHQL_CACHE_SECONDS = 0


@pytest.fixture
def platform_client(organisations, db):
    return Client(HTTP_HOST=django_settings.BASE_DOMAIN)
