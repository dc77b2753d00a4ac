"""SAML 2.0 with pysaml2: this organisation is a service provider of the identity provider whose
metadata the office pasted in. One pysaml2 client per request, built from the provider row (nothing
process-wide); the AuthnRequest goes by HTTP-Redirect, the signed Response comes back by HTTP-POST.

The assertion must be signed by a key of the IdP's metadata, be addressed to this organisation's
entity id and assertion consumer service, and answer the request this browser's session started
(no unsolicited responses): pysaml2 checks all of these, and xmlsec1 checks the signatures."""

import shutil

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, SAMLError, saml
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.s_utils import SamlException

from .accounts import SignInRefused
from .models import IdentityProvider

OUTSTANDING_KEY = "sso_saml_outstanding"  # session: the ids of the requests this browser started


def xmlsec() -> str:
    binary = shutil.which("xmlsec1")
    if binary is None:
        raise SignInRefused(_("服务器未安装 xmlsec1，无法校验 SAML 签名（apt-get install xmlsec1）"))
    return binary


def entity_id(provider: IdentityProvider, request) -> str:
    return request.build_absolute_uri(reverse("sso-metadata", args=[provider.slug]))


def config_for(provider: IdentityProvider, request) -> SPConfig:
    acs = request.build_absolute_uri(reverse("sso-callback", args=[provider.slug]))
    config = SPConfig()
    try:
        config.load({
            "entityid": entity_id(provider, request),
            "xmlsec_binary": xmlsec(),
            "metadata": {"inline": [provider.saml_metadata]},
            "allow_unknown_attributes": True,
            "service": {"sp": {
                "endpoints": {"assertion_consumer_service": [(acs, BINDING_HTTP_POST)]},
                "name_id_format": [saml.NAMEID_FORMAT_PERSISTENT, saml.NAMEID_FORMAT_UNSPECIFIED],
                "want_assertions_signed": True,
                "want_response_signed": False,  # the assertion's own signature is what vouches
                "authn_requests_signed": False,
                "allow_unsolicited": False,
            }},
        })
    except (SAMLError, SamlException, ValueError, SyntaxError) as error:
        raise SignInRefused(_("身份提供方的 SAML 元数据无效：%(error)s") % {"error": error}) from None
    return config


def metadata_xml(provider: IdentityProvider, request) -> str:
    """This organisation's SP metadata, for the office to register at the identity provider."""
    return create_metadata_string(None, config=config_for(provider, request)).decode()


def _idp(client: Saml2Client) -> str:
    providers = list(client.metadata.identity_providers())
    if len(providers) != 1:
        raise SignInRefused(_("SAML 元数据中应有且只有一个身份提供方（IdPSSODescriptor）"))
    return providers[0]


def authorize_redirect(provider: IdentityProvider, request):
    client = Saml2Client(config=config_for(provider, request))
    request_id, info = client.prepare_for_authenticate(entityid=_idp(client), binding=BINDING_HTTP_REDIRECT)
    request.session[OUTSTANDING_KEY] = [*request.session.get(OUTSTANDING_KEY, [])[-4:], request_id]
    return redirect(dict(info["headers"])["Location"])


def verified_claims(provider: IdentityProvider, request) -> dict:
    """The POSTed Response's assertion, checked, as claims: its attributes, and its NameID as sub."""
    encoded = request.POST.get("SAMLResponse", "")
    if not encoded:
        raise SignInRefused(_("没有收到 SAML 响应"))
    outstanding = {request_id: "" for request_id in request.session.get(OUTSTANDING_KEY, [])}
    client = Saml2Client(config=config_for(provider, request))
    try:
        response = client.parse_authn_request_response(encoded, BINDING_HTTP_POST, outstanding=outstanding)
    except (SAMLError, SamlException, ValueError, SyntaxError) as error:  # unsigned, unsolicited, expired …
        raise SignInRefused(_("SAML 响应无效：%(error)s") % {"error": type(error).__name__}) from None
    if response is None or response.assertion is None:
        raise SignInRefused(_("SAML 响应无效：%(error)s") % {"error": "no assertion"})
    request.session[OUTSTANDING_KEY] = [i for i in outstanding if i != response.in_response_to]
    return {**response.get_identity(), "sub": response.name_id.text}
