"""Single sign-on by CAS 3.0 against a real CAS server: django-mama-cas in a Django project of its own
(tests/tenants/casserver), run in a subprocess on its own PostgreSQL database. A person signs in at
the CAS server's login form; the ticket it sends back is validated by the CAS server itself."""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context

from tests.support import PASSWORD, free_port, host_client, wait_for_http
from yishi.tenants.sso.models import ExternalIdentity

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cas_server():
    parts = urlsplit(settings.DATABASE_URL)
    name = f"yishi_cas_{os.getpid()}"
    server_db = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server_db, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "CAS_DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}")),
           "DJANGO_SETTINGS_MODULE": "tests.tenants.casserver.settings", "PYTHONPATH": str(ROOT)}
    django = [sys.executable, "-m", "django"]
    subprocess.run([*django, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT, timeout=120)
    subprocess.run([*django, "shell", "-c", "from django.contrib.auth.models import User; "
                    "User.objects.create_user('zhaomin', 'zm@example.cn', 'cas-pass', first_name='赵敏')"],
                   env=env, check=True, cwd=ROOT, timeout=60)
    port = free_port()
    process = subprocess.Popen([*django, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/cas/"
    try:
        wait_for_http(f"{url}login")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        with psycopg.connect(server_db, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def configure(organisation, admin: str, server: str) -> None:
    """The administrator adds the CAS server on 统一身份认证 → 身份提供方 → 添加."""
    client = host_client(organisation)
    assert client.post("/admin/login/", {"username": admin, "password": PASSWORD}).status_code == 302
    response = client.post("/admin/sso/providers/new/", {
        "name": "统一身份认证", "slug": "tyrz", "enabled": "on", "protocol": "cas", "issuer": server,
        "scopes": "openid", "username_claim": "username", "name_claim": "full_name", "email_claim": "email"})
    assert response.status_code == 302, response.content.decode()[-2000:]


def ticket_from_cas(client, server: str) -> str:
    """Click the button, sign in on the CAS server's own form; return the callback it sends back to."""
    start = client.get("/sso/tyrz/login/")
    assert start.status_code == 302 and start["Location"].startswith(f"{server}login?service="), start
    browser = requests.Session()
    form = browser.get(start["Location"], timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = browser.post(form.url, data={"csrfmiddlewaretoken": token, "username": "zhaomin",
                                          "password": "cas-pass"}, headers={"Referer": form.url},
                          allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and "ticket=ST-" in answer.headers["Location"], answer.text[-500:]
    parts = urlsplit(answer.headers["Location"])
    return f"{parts.path}?{parts.query}"


def test_a_person_signs_in_through_the_cas_server(org_a, cas_server):
    configure(org_a, "alice", cas_server)
    client = host_client(org_a)
    answer = client.get(ticket_from_cas(client, cas_server))
    assert answer.status_code == 200 and "等待授权" in answer.content.decode()  # signed in, no group yet
    with tenant_context(org_a):
        user = get_user_model().objects.get(username="zhaomin")
        assert (user.first_name, user.email, user.groups.count()) == ("赵敏", "zm@example.cn", 0)
        assert ExternalIdentity.objects.get(user=user).subject == "zhaomin"


def test_a_used_or_another_organisation_s_ticket_signs_nobody_in(org_a, org_b, cas_server):
    configure(org_a, "alice", cas_server)
    configure(org_b, "bob", cas_server)
    client = host_client(org_a)
    callback = ticket_from_cas(client, cas_server)
    at_b = host_client(org_b).get(callback)  # a ticket for A's service, brought to B
    assert at_b.status_code == 403 and "CAS 服务器没有确认这张票据" in at_b.content.decode()
    assert client.get(callback).status_code == 403  # tickets are single-use: spent at B's attempt
    with tenant_context(org_b):
        assert not ExternalIdentity.objects.exists()
    with tenant_context(org_a):
        assert not ExternalIdentity.objects.exists()
