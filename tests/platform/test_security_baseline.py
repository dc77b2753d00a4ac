"""Issue 14, finding 11: sign-in throttling per organisation, password rules, session length, and
under DEBUG=false the HTTPS settings and headers (behind a TLS-terminating ingress) and a CSP the
Wagtail admin works under."""

import re
from types import SimpleNamespace

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import tenant_context
from playwright.sync_api import sync_playwright

from tests.support import PASSWORD, database_url, gunicorn_server, host_client, yishi_command
from tests.workflows.test_admin_browser import CHROMIUM, CHROMIUM_ARGS
from yishi.content.models import RegulationIndexPage
from yishi.tenants.provisioning import Administrator, create_organisation


def sign_in(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_it_refuses_the_right_password_after_five_wrong_ones_in_that_organisation_only(org_a, org_b):
    with tenant_context(org_b):
        get_user_model().objects.create_user("alice", password=PASSWORD)  # the same username in B
    client = host_client(org_a)
    statuses = [sign_in(client, "alice", f"wrong-{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429 and "已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Attempts are counted in A's schema: the same username in B is not locked.
    assert sign_in(host_client(org_b), "alice", PASSWORD).status_code == 302


def test_it_refuses_short_common_numeric_and_look_alike_passwords(org_a):
    user = get_user_model()(username="zhangwei", email="zhangwei@example.cn")
    for password, code in (("Qx7#kd2", "password_too_short"), ("password123", "password_too_common"),
                           ("2024061812345", "password_entirely_numeric"), ("zhangwei2024", "password_too_similar")):
        with pytest.raises(ValidationError) as refused:
            validate_password(password, user)
        assert code in [error.code for error in refused.value.error_list], password
    validate_password(PASSWORD, user)
    # The admin's own form applies them.
    client = host_client(org_a)
    sign_in(client, "alice", PASSWORD)
    response = client.post("/admin/users/new/", {
        "username": "zhangwei", "email": "zhangwei@example.cn", "first_name": "伟", "last_name": "张",
        "password1": "12345678901", "password2": "12345678901"})
    assert response.status_code == 200 and "密码只包含数字" in response.content.decode()
    with tenant_context(org_a):
        assert not get_user_model().objects.filter(username="zhangwei").exists()


def test_it_refuses_to_keep_a_session_past_ten_hours(org_a):
    client = host_client(org_a)
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    assert client.session.get_expiry_age() == 10 * 3600  # the server's end, also for a browser-session cookie
    remembered = client.post("/admin/login/", {"username": "alice", "password": PASSWORD, "remember": "on"})
    assert remembered.cookies["sessionid"]["max-age"] == 10 * 3600


def test_the_signed_in_admin_answers_with_the_csp(org_a):
    client = host_client(org_a)
    sign_in(client, "alice", PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


@pytest.fixture(scope="module")
def served(organisations, django_db_blocker, tmp_path_factory):
    """An organisation of its own, committed (the servers are other processes; dropped after), and the
    static files collected for them (outside DEBUG whitenoise serves only collected files)."""
    static = tmp_path_factory.mktemp("static")
    collected = yishi_command("collectstatic", "--noinput", "--link", env={"YISHI_STATIC_ROOT": str(static)})
    assert collected.returncode == 0, collected.stderr
    with django_db_blocker.unblock():
        tenant = create_organisation("org-headers", "安全头测试单位", administrator=Administrator("carol", PASSWORD))
        with tenant_context(tenant):
            index = RegulationIndexPage.objects.get().pk
        connection.set_schema_to_public()
        url, host = database_url(), tenant.primary_host
    try:
        yield SimpleNamespace(url=url, host=host, index=index, env={"YISHI_STATIC_ROOT": str(static)})
    finally:
        with django_db_blocker.unblock():
            tenant.delete(force_drop=True)


def test_it_refuses_insecure_cookies_and_cross_origin_posts_behind_a_tls_ingress(served):
    host = served.host
    # YISHI_HTTPS as in production (DEBUG=false); gunicorn trusts no proxy, so the scheme comes from
    # Django's own SECURE_PROXY_SSL_HEADER, whichever WSGI server runs it.
    with gunicorn_server(served.url, env={"YISHI_HTTPS": ""}, args=("--forwarded-allow-ips", "")) as port:
        base, proxied = f"http://127.0.0.1:{port}", {"Host": host, "X-Forwarded-Proto": "https"}
        login = requests.get(f"{base}/admin/login/", headers=proxied, timeout=30)
        assert login.status_code == 200
        assert login.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        policy = login.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        assert re.search(r"csrftoken=\w+;.*Secure", login.headers["Set-Cookie"])
        token = login.cookies["csrftoken"]

        def post(origin):
            return requests.post(f"{base}/admin/login/", allow_redirects=False, timeout=30, headers={
                **proxied, "Origin": origin, "Referer": f"{origin}/admin/login/", "Cookie": f"csrftoken={token}",
            }, data={"csrfmiddlewaretoken": token, "username": "carol", "password": PASSWORD})

        assert post("https://evil.example").status_code == 403
        signed_in = post(f"https://{host}")
        assert signed_in.status_code == 302
        session = next(c for c in signed_in.raw.headers.getlist("Set-Cookie") if c.startswith("sessionid="))
        assert "Secure" in session and "HttpOnly" in session


def test_graphiql_in_debug_is_left_out_of_the_csp(served):
    """GraphiQL (DEBUG only) loads its scripts from a CDN: /graphql/ is deliberately outside the policy."""
    with gunicorn_server(served.url, env={"DEBUG": "true", **served.env}) as port:
        base, headers = f"http://127.0.0.1:{port}", {"Host": served.host, "Accept": "text/html"}
        graphiql = requests.get(f"{base}/graphql/", headers=headers, timeout=30)
        assert graphiql.status_code == 200 and "graphiql" in graphiql.text.lower()
        assert "Content-Security-Policy" not in graphiql.headers
        assert "Content-Security-Policy" in requests.get(f"{base}/admin/login/", headers=headers, timeout=30).headers


def test_the_wagtail_admin_works_in_a_browser_under_the_csp(served):
    host, index = served.host, served.index
    with gunicorn_server(served.url, env=served.env) as port, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            page.add_init_script("window.violations = [];"
                                 "document.addEventListener('securitypolicyviolation',"
                                 " e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));")
            base = f"http://{host}:{port}"
            page.goto(f"{base}/admin/login/")
            page.fill("input[name=username]", "carol")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/admin/")
            assert page.evaluate("window.violations") == []
            # A regulation's edit form: inline panels (meeting types) and date pickers run inline scripts.
            page.goto(f"{base}/admin/pages/add/content/regulationpage/{index}/")
            page.wait_for_load_state("networkidle")
            forms = page.locator("#id_meeting_types-TOTAL_FORMS")
            before = int(forms.input_value())
            page.click("#id_meeting_types-ADD")  # wired up by the InlinePanel's inline script
            assert int(forms.input_value()) == before + 1
            assert page.evaluate("window.violations") == []
        finally:
            browser.close()
