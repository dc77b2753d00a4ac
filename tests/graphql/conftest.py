import pytest
from django.conf import settings as django_settings
from django.test import Client


@pytest.fixture
def platform_client(organisations, db):
    return Client(HTTP_HOST=django_settings.BASE_DOMAIN)
