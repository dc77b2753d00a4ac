"""Single sign-on by SAML 2.0 against a real identity provider: pysaml2's own IdP (saml2.server.Server)
with its own signing key, answering the AuthnRequest the organisation's login page sends. The office
pastes the IdP's metadata in the admin and registers the organisation's SP metadata there."""

import base64
import datetime as dt
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context
from saml2 import BINDING_HTTP_REDIRECT, saml
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import AUTHN_PASSWORD
from saml2.server import Server

from tests.support import PASSWORD, host_client
from yishi.tenants.sso.models import ExternalIdentity, IdentityProvider
from yishi.tenants.structure.models import Person

IDP = "https://tyrz.example.gov.cn/idp"


def keypair(directory, name: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


def idp_config(keys: tuple[str, str], sp_metadata: str | None = None, entity: str = IDP) -> IdPConfig:
    config = IdPConfig()
    config.load({
        "entityid": entity, "xmlsec_binary": shutil.which("xmlsec1"), "key_file": keys[0], "cert_file": keys[1],
        "metadata": {"inline": [sp_metadata]} if sp_metadata else {},
        "service": {"idp": {
            "endpoints": {"single_sign_on_service": [(f"{entity}/sso", BINDING_HTTP_REDIRECT)]},
            "name_id_format": [saml.NAMEID_FORMAT_PERSISTENT],
            "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None}},
        }},
    })
    return config


@pytest.fixture(scope="module")
def idp_keys(tmp_path_factory):
    directory = tmp_path_factory.mktemp("idp")
    return keypair(directory, "tyrz"), keypair(directory, "impostor")


def admin_client(organisation, username: str):
    client = host_client(organisation)
    assert client.post("/admin/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def configure(organisation, keys, admin: str = "alice", slug: str = "tyrz") -> None:
    """The administrator adds the provider on 统一身份认证 → 身份提供方 → 添加, pasting the IdP's metadata."""
    metadata = create_metadata_string(None, config=idp_config(keys)).decode()
    response = admin_client(organisation, admin).post("/admin/sso/providers/new/", {
        "name": "统一身份认证", "slug": slug, "enabled": "on", "protocol": "saml", "saml_metadata": metadata,
        "scopes": "openid", "username_claim": "uid", "name_claim": "displayName", "email_claim": "mail",
        "phone_claim": "", "department_claim": "", "post_claim": "", "groups_claim": "", "group_map": ""})
    assert response.status_code == 302, response.content.decode()[-2000:]


def signed_in_at_idp(client, keys, identity: dict, user_id: str, slug: str = "tyrz", signing_keys=None):
    """Click the button; the IdP reads the AuthnRequest and answers with a signed assertion; the
    browser posts it back. Returns (the SAMLResponse, the answer of the organisation's ACS)."""
    sp_metadata = client.get(f"/sso/{slug}/metadata/").content.decode()
    start = client.get(f"/sso/{slug}/login/")
    assert start.status_code == 302 and start["Location"].startswith(f"{IDP}/sso?"), start
    query = parse_qs(urlsplit(start["Location"]).query)
    server = Server(config=idp_config(signing_keys or keys, sp_metadata))
    request = server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
    answer = server.create_authn_response(
        identity=identity, userid=user_id, authn={"class_ref": AUTHN_PASSWORD}, sign_assertion=True,
        name_id=saml.NameID(format=saml.NAMEID_FORMAT_PERSISTENT, text=user_id),
        **server.response_args(request.message))
    encoded = base64.b64encode(str(answer).encode()).decode()
    return encoded, client.post(urlsplit(server.response_args(request.message)["destination"]).path,
                                {"SAMLResponse": encoded})


def test_the_service_provider_metadata_names_this_organisation_s_endpoints(org_a, idp_keys):
    configure(org_a, idp_keys[0])
    metadata = host_client(org_a).get("/sso/tyrz/metadata/")
    assert metadata.status_code == 200 and metadata["Content-Type"] == "application/samlmetadata+xml"
    text = metadata.content.decode()
    assert f'entityID="http://{org_a.primary_host}/sso/tyrz/metadata/"' in text
    assert f'Location="http://{org_a.primary_host}/sso/tyrz/callback/"' in text and "HTTP-POST" in text


def test_a_person_signs_in_through_the_saml_identity_provider(org_a, idp_keys):
    configure(org_a, idp_keys[0])
    client = host_client(org_a)
    _encoded, answer = signed_in_at_idp(client, idp_keys[0], {"uid": ["liming"], "displayName": ["李明"],
                                                              "mail": ["lm@example.cn"]}, "tyrz-7788")
    assert answer.status_code == 200 and "等待授权" in answer.content.decode()  # signed in, no group yet
    with tenant_context(org_a):
        user = get_user_model().objects.get(username="liming")
        assert (user.first_name, user.email, user.groups.count()) == ("李明", "lm@example.cn", 0)
        assert ExternalIdentity.objects.get(user=user).subject == "tyrz-7788"  # linked by the NameID
        assert Person.objects.get(user=user).name == "李明"


def test_a_replayed_forged_or_foreign_assertion_signs_nobody_in(org_a, org_b, idp_keys):
    configure(org_a, idp_keys[0])
    configure(org_b, idp_keys[1], admin="bob")  # B trusts another IdP key under the same name
    client = host_client(org_a)
    identity = {"uid": ["wangfang"], "displayName": ["王芳"]}
    encoded, answer = signed_in_at_idp(client, idp_keys[0], identity, "tyrz-1")
    assert answer.status_code == 200
    replay = host_client(org_a).post("/sso/tyrz/callback/", {"SAMLResponse": encoded})  # no request of its own
    assert replay.status_code == 403 and "SAML 响应无效" in replay.content.decode()
    _encoded, forged = signed_in_at_idp(host_client(org_a), idp_keys[0], {"uid": ["zhaolei"]}, "tyrz-2",
                                        signing_keys=idp_keys[1])  # signed by a key A's metadata does not have
    assert forged.status_code == 403
    b_client = host_client(org_b)
    b_client.get("/sso/tyrz/login/")  # B's own request outstanding in B's session
    foreign = b_client.post("/sso/tyrz/callback/", {"SAMLResponse": encoded})  # A's assertion at B
    assert foreign.status_code == 403
    with tenant_context(org_a):
        assert not get_user_model().objects.filter(username="zhaolei").exists()
    with tenant_context(org_b):
        assert not ExternalIdentity.objects.exists()


def test_a_saml_provider_without_metadata_is_refused_naming_the_field(org_a):
    response = admin_client(org_a, "alice").post("/admin/sso/providers/new/", {
        "name": "统一身份认证", "slug": "tyrz", "enabled": "on", "protocol": "saml", "saml_metadata": "<x/>",
        "scopes": "openid", "username_claim": "uid", "name_claim": "displayName"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["saml_metadata"]
    with tenant_context(org_a):
        assert not IdentityProvider.objects.exists()  # nothing saved
