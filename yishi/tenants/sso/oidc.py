"""OpenID Connect with Authlib: one client per request, built from the provider row of the current
organisation (Authlib's registry is process-wide, so nothing is registered there)."""

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import DjangoOAuth2App
from authlib.integrations.django_client.integration import DjangoIntegration
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _
from joserfc.errors import JoseError
from requests import RequestException

from .accounts import SignInRefused
from .models import IdentityProvider

METADATA_SECONDS = 3600  # discovery documents change rarely; the cache key carries the schema
TIMEOUT_SECONDS = 10


def _issuer(url: str) -> str:
    return url.rstrip("/")


def _metadata(provider: IdentityProvider, client: DjangoOAuth2App) -> dict:
    key = f"sso:oidc-metadata:{provider.pk}:{_issuer(provider.issuer)}"
    metadata = cache.get(key)
    if metadata is None:
        try:
            metadata = client.load_server_metadata()
        except (RequestException, ValueError) as error:
            raise SignInRefused(_("无法读取身份提供方的配置：%(error)s") % {"error": error}) from None
        # OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched for.
        if _issuer(metadata.get("issuer", "")) != _issuer(provider.issuer):
            raise SignInRefused(_("身份提供方配置中的 issuer 与设置不符"))
        cache.set(key, metadata, METADATA_SECONDS)
    return metadata


def client_for(provider: IdentityProvider) -> DjangoOAuth2App:
    client = DjangoOAuth2App(
        DjangoIntegration(f"yishi-{provider.slug}"),
        name=provider.slug,
        client_id=provider.client_id,
        client_secret=provider.client_secret or None,
        server_metadata_url=f"{_issuer(provider.issuer)}/.well-known/openid-configuration",
        client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256", "timeout": TIMEOUT_SECONDS},
    )
    client.server_metadata.update(_metadata(provider, client))
    return client


def authorize_redirect(provider: IdentityProvider, request):
    """The redirect to the provider; state, nonce and PKCE verifier wait in this host's session."""
    callback = request.build_absolute_uri(reverse("sso-callback", args=[provider.slug]))
    return client_for(provider).authorize_redirect(request, callback)


def verified_claims(provider: IdentityProvider, request) -> dict:
    """The callback's code exchanged and its ID token checked (signature, issuer, audience, nonce,
    expiry); claims of the userinfo endpoint are added when the provider has one."""
    client = client_for(provider)
    try:
        token = client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise SignInRefused(_("身份提供方没有返回 ID Token"))
        if client.server_metadata.get("userinfo_endpoint"):
            extra = client.userinfo(token=token)
            if extra.get("sub") == claims.get("sub"):  # OIDC Core §5.3.2: a different sub is not this person
                claims.update(extra)
    except AuthlibBaseError as error:  # state, token endpoint errors, ID token claims
        reason = error.description or error.error
        raise SignInRefused(_("身份提供方拒绝了登录：%(error)s") % {"error": reason}) from None
    except JoseError as error:  # the ID token's signature or encoding
        raise SignInRefused(_("ID Token 无效：%(error)s") % {"error": error.description or error.error}) from None
    except (RequestException, ValueError) as error:
        raise SignInRefused(_("与身份提供方通信失败：%(error)s") % {"error": error}) from None
    return claims
