"""Single sign-on against a real OpenID Connect provider (oidc-provider-mock, a Flask + Authlib
server on a thread): the office configures it in the admin, people sign in from the login page."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import oidc_provider_mock
import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django_tenants.utils import tenant_context

from tests.support import PASSWORD, host_client
from yishi.tenants.sso.models import ExternalIdentity, IdentityProvider, SignInSettings
from yishi.tenants.structure.models import Department, Person, Post


@pytest.fixture(scope="module")
def idp():
    # Clients must be registered, so a code is bound to the client (and organisation) it was issued to.
    with oidc_provider_mock.run_server_in_thread(require_client_registration=True, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def other_idp():
    with oidc_provider_mock.run_server_in_thread(require_client_registration=True, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


def register_client(issuer: str, organisation, slug: str = "tyrz") -> dict:
    response = requests.post(f"{issuer}/oauth2/clients", json={
        "redirect_uris": [f"http://{organisation.primary_host}/sso/{slug}/callback/"]}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def set_user(issuer: str, sub: str, **claims):
    assert requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10).status_code == 204


def admin_client(organisation, username: str):
    client = host_client(organisation)
    assert client.post("/admin/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def configure(organisation, admin: str, issuer: str, registration: dict, slug: str = "tyrz", **fields):
    """The administrator adds the provider on 统一身份认证 → 身份提供方 → 添加."""
    form = {"name": "统一身份认证", "slug": slug, "enabled": "on", "protocol": "oidc", "issuer": issuer,
            "client_id": registration["client_id"], "client_secret": registration["client_secret"],
            "scopes": "openid profile email phone", "username_claim": "preferred_username", "name_claim": "name",
            "email_claim": "email", "phone_claim": "phone_number", "department_claim": "", "post_claim": "",
            "groups_claim": "", "group_map": "", **fields}
    response = admin_client(organisation, admin).post("/admin/sso/providers/new/", form)
    assert response.status_code == 302, response.content.decode()[-3000:]


def provider_login(client, issuer: str, sub: str, slug: str = "tyrz") -> str:
    """Click the button, sign in at the provider as `sub`; return where the provider sends the browser."""
    start = client.get(f"/sso/{slug}/login/")
    assert start.status_code == 302 and start["Location"].startswith(issuer), start
    answer = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def back_at(client, location: str):
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


def test_first_login_creates_a_person_with_no_group_mapped_from_claims(org_a, idp):
    with tenant_context(org_a):
        window = Department.objects.create(slug="window", name="窗口管理科")
        post = Post.objects.create(slug="chief-rep", name="首席代表", department=window)
    configure(org_a, "alice", idp, register_client(idp, org_a), department_claim="dept", post_claim="posts")
    set_user(idp, "u-1001", preferred_username="zhangwei", name="张伟", email="zw@example.cn",
             phone_number="0735-1234567", dept="窗口管理科", posts=["chief-rep"])

    client = host_client(org_a)
    login_page = client.get("/admin/login/").content.decode()
    assert "/sso/tyrz/login/" in login_page and "通过统一身份认证登录" in login_page

    pending = back_at(client, provider_login(client, idp, "u-1001"))
    assert pending.status_code == 200
    assert "等待授权" in pending.content.decode()
    with tenant_context(org_a):
        user = get_user_model().objects.get(username="zhangwei")
        assert not user.groups.exists() and not user.has_usable_password()
        assert (user.first_name, user.email) == ("张伟", "zw@example.cn")
        person = Person.objects.get(user=user)
        assert (person.name, person.department, person.phone) == ("张伟", window, "0735-1234567")
        assert [holder.person for holder in post.roster(date.today())] == [person]  # the A holder: roster was empty
        assert ExternalIdentity.objects.get(user=user).subject == "u-1001"
    # Without a group the admin stays closed.
    assert client.get("/admin/").status_code == 302

    # The office grants a group; the next sign-in opens the admin.
    with tenant_context(org_a):
        user.groups.add(Group.objects.get(name="成员"))
    again = host_client(org_a)
    assert back_at(again, provider_login(again, idp, "u-1001"))["Location"] == "/admin/"
    assert again.get("/admin/").status_code == 200


def test_groups_come_from_a_claim_only_where_the_office_mapped_them(org_a, idp):
    configure(org_a, "alice", idp, register_client(idp, org_a), groups_claim="roles",
              group_map="office = 办公室\nleader = 领导")
    set_user(idp, "u-2002", preferred_username="chenjing", name="陈静", roles=["office", "admin"])
    client = host_client(org_a)
    assert back_at(client, provider_login(client, idp, "u-2002"))["Location"] == "/admin/"
    with tenant_context(org_a):
        user = get_user_model().objects.get(username="chenjing")
        assert list(user.groups.values_list("name", flat=True)) == ["办公室"]  # "admin" is mapped to nothing
        assert not user.is_superuser

    # The claim changes at the provider: the mapped group follows, a group the office gave by hand stays.
    with tenant_context(org_a):
        user.groups.add(Group.objects.get(name="督查"))
    set_user(idp, "u-2002", preferred_username="chenjing", name="陈静", roles=["leader"])
    client = host_client(org_a)
    back_at(client, provider_login(client, idp, "u-2002"))
    with tenant_context(org_a):
        assert set(user.groups.values_list("name", flat=True)) == {"领导", "督查"}


def test_the_client_secret_is_stored_encrypted_and_never_shown(org_a, idp):
    registration = register_client(idp, org_a)
    configure(org_a, "alice", idp, registration)
    with tenant_context(org_a):
        provider = IdentityProvider.objects.get(slug="tyrz")
        with connection.cursor() as cursor:
            cursor.execute("SELECT client_secret FROM sso_identityprovider WHERE id = %s", [provider.pk])
            stored = cursor.fetchone()[0]
    assert registration["client_secret"] not in stored and stored.startswith("gAAAA")  # a Fernet token
    assert provider.client_secret == registration["client_secret"]

    admin = admin_client(org_a, "alice")
    edit = admin.get(f"/admin/sso/providers/edit/{provider.pk}/").content.decode()
    assert registration["client_secret"] not in edit
    # Saving with the secret field left empty keeps the secret.
    response = admin.post(f"/admin/sso/providers/edit/{provider.pk}/", {
        "name": "统一身份认证平台", "slug": "tyrz", "enabled": "on", "protocol": "oidc", "issuer": idp,
        "client_id": registration["client_id"], "client_secret": "", "scopes": "openid profile",
        "username_claim": "preferred_username", "name_claim": "name"})
    assert response.status_code == 302
    with tenant_context(org_a):
        assert IdentityProvider.objects.get(pk=provider.pk).client_secret == registration["client_secret"]


def test_bad_settings_are_refused_naming_the_field(org_a, idp):
    admin = admin_client(org_a, "alice")
    response = admin.post("/admin/sso/providers/new/", {
        "name": "统一身份认证", "slug": "tyrz", "enabled": "on", "protocol": "oidc", "issuer": idp, "client_id": "x",
        "scopes": "profile", "username_claim": "sub", "name_claim": "name", "group_map": "office 办公室"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "group_map" in errors and "第 1 行" in errors["group_map"][0]
    response = admin.post("/admin/sso/providers/new/", {
        "name": "统一身份认证", "slug": "tyrz", "enabled": "on", "protocol": "oidc", "issuer": idp, "client_id": "x",
        "scopes": "profile", "username_claim": "sub", "name_claim": "name", "group_map": "office = 不存在的组"})
    assert "不存在的组" in response.context["form"].errors["group_map"][0]
    response = admin.post("/admin/sso/providers/new/", {
        "name": "统一身份认证", "slug": "tyrz", "enabled": "on", "protocol": "oidc", "issuer": idp, "client_id": "x",
        "scopes": "profile", "username_claim": "sub", "name_claim": "name"})
    assert "openid" in response.context["form"].errors["scopes"][0]


def test_an_existing_account_is_never_taken_over_by_name(org_a, idp):
    with tenant_context(org_a):
        get_user_model().objects.create_user("wangfang", password=PASSWORD)
    configure(org_a, "alice", idp, register_client(idp, org_a))
    set_user(idp, "u-3003", preferred_username="wangfang", name="王芳")
    client = host_client(org_a)
    refused = back_at(client, provider_login(client, idp, "u-3003"))
    assert refused.status_code == 403 and "wangfang" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    with tenant_context(org_a):
        assert not ExternalIdentity.objects.exists()
        provider = IdentityProvider.objects.get(slug="tyrz")
        existing = get_user_model().objects.get(username="wangfang")

    # The office links the account on 统一身份认证 → 外部身份 → 添加; then the provider signs in as it.
    linked = admin_client(org_a, "alice").post("/admin/sso/identities/new/", {
        "provider": provider.pk, "subject": "u-3003", "user": existing.pk})
    assert linked.status_code == 302
    client = host_client(org_a)
    back_at(client, provider_login(client, idp, "u-3003"))
    assert client.session["_auth_user_id"] == str(existing.pk)


def test_local_login_can_be_switched_off_for_everyone_but_administrators(org_a, org_b):
    for organisation in (org_a, org_b):
        with tenant_context(organisation):
            user = get_user_model().objects.create_user("member1", password=PASSWORD)
            user.groups.add(Group.objects.get(name="成员"))
    admin = admin_client(org_a, "alice")
    assert admin.post("/admin/sso/settings/new/", {}).status_code == 302  # the box left unticked: off
    with tenant_context(org_a):
        assert SignInSettings.current().local_login_enabled is False

    page = host_client(org_a).get("/admin/login/").content.decode()
    assert "本单位已关闭账号密码登录" in page
    refused = host_client(org_a).post("/admin/login/", {"username": "member1", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    assert host_client(org_a).post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    # B's switch is its own.
    assert host_client(org_b).post("/admin/login/", {"username": "member1", "password": PASSWORD}).status_code == 302


def test_it_rejects_a_provider_answer_for_another_organisation(org_a, org_b, idp, other_idp):
    """A and B each trust a provider under the same slug; nothing A's provider says signs anyone into B."""
    configure(org_a, "alice", idp, register_client(idp, org_a))
    configure(org_b, "bob", other_idp, register_client(other_idp, org_b))
    set_user(idp, "u-4004", preferred_username="intruder", name="甲的人")

    # 1. A's provider's answer (code and state) taken to B's callback: B has no such state.
    location = provider_login(host_client(org_a), idp, "u-4004")
    client_b = host_client(org_b)
    replayed = back_at(client_b, location)
    assert replayed.status_code == 403 and "_auth_user_id" not in client_b.session
    assert "CSRF" in replayed.content.decode()  # Authlib's "mismatching_state: CSRF Warning!"

    # 2. B's own sign-in started (its state in B's session), then A's code put in its place: B's
    #    provider never issued the code to B's client, so the exchange fails.
    code_for_a = parse_qs(urlsplit(provider_login(host_client(org_a), idp, "u-4004")).query)["code"][0]
    state_for_b = parse_qs(urlsplit(client_b.get("/sso/tyrz/login/")["Location"]).query)["state"][0]
    swapped = client_b.get(f"/sso/tyrz/callback/?code={code_for_a}&state={state_for_b}")
    assert swapped.status_code == 403 and "_auth_user_id" not in client_b.session
    assert "Invalid &#x27;code&#x27; in request" in swapped.content.decode()  # the provider: not this client's code

    # 3. A provider only A configured does not exist on B's host.
    with tenant_context(org_a):
        IdentityProvider.objects.filter(slug="tyrz").update(slug="only-a")
    assert host_client(org_b).get("/sso/only-a/login/").status_code == 404

    with tenant_context(org_b):
        assert not get_user_model().objects.filter(username="intruder").exists()
        assert not ExternalIdentity.objects.exists()


def test_only_who_holds_the_sso_permissions_opens_the_settings(org_a):
    with tenant_context(org_a):
        office = get_user_model().objects.create_user("office1", password=PASSWORD)
        office.groups.add(Group.objects.get(name="办公室"))
    client = admin_client(org_a, "office1")
    for url in ("/admin/sso/providers/", "/admin/sso/providers/new/", "/admin/sso/identities/new/",
                "/admin/sso/settings/new/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url  # Wagtail's "no permission"
    assert admin_client(org_a, "alice").get("/admin/sso/providers/").status_code == 200
