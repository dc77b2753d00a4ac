"""/healthz and /readyz answer on every host, before tenant routing; /readyz checks database and broker."""

import os
import subprocess
import sys

import pytest
from django.test import Client

from yishi.platform.celery import app

HOSTS = ["localhost", "org-a.localhost", "10.1.2.3", "unknown.example.cn"]


@pytest.mark.parametrize("host", HOSTS)
def test_healthz_answers_on_any_host(host, org_a):
    response = Client(HTTP_HOST=host).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("host", HOSTS)
def test_readyz_reports_the_database_and_the_broker(host, org_a):
    response = Client(HTTP_HOST=host).get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_readyz_is_503_when_the_broker_is_unreachable(org_a, monkeypatch):
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:9/0")  # nothing listens on port 9
    response = Client(HTTP_HOST="org-a.localhost").get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["database"] == "ok" and body["broker"] != "ok"


def test_readyz_is_503_when_the_database_is_unreachable():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client(HTTP_HOST='localhost').get('/readyz'); print(r.status_code, r.json()['database'][:40])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "yishi.platform.settings",
             "DATABASE_URL": "postgresql://postgres@127.0.0.1:9/nowhere"},
    )
    assert result.stdout.startswith("503 OperationalError"), result.stdout + result.stderr
