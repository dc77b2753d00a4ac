import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture
def platform_client(organisations, db):
    return Client(HTTP_HOST=settings.BASE_DOMAIN)
