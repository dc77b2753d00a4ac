"""Sign-in through an identity provider: /sso/<slug>/login/ sends the browser there, its answer
comes back to /sso/<slug>/callback/ on the same organisation host (OpenID Connect: a GET with the
code; SAML 2.0: the IdP's POST to the assertion consumer service). /sso/<slug>/metadata/ is a SAML
provider's service-provider metadata."""

from django.contrib.auth import login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import cas, oidc, saml
from .accounts import SignInRefused, account_for
from .models import IdentityProvider

NEXT_KEY = "sso_next"
PROTOCOLS = {IdentityProvider.Protocol.OIDC: oidc, IdentityProvider.Protocol.SAML: saml,
             IdentityProvider.Protocol.CAS: cas}


def _provider(slug: str) -> IdentityProvider:
    # The row is read from this host's schema: another organisation's provider does not exist here.
    return get_object_or_404(IdentityProvider, slug=slug, enabled=True)


def _refused(request, provider, error: SignInRefused):
    return render(request, "sso/refused.html", {"provider": provider, "reason": str(error)}, status=403)


def start(request, slug: str):
    provider = _provider(slug)
    next_url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure())
    request.session[NEXT_KEY] = next_url if safe else ""
    try:
        return PROTOCOLS[provider.protocol].authorize_redirect(provider, request)
    except SignInRefused as error:
        return _refused(request, provider, error)


# The IdP's POST carries no CSRF token: the signed assertion answering this session's request is the check.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request, slug: str):
    provider = _provider(slug)
    protocol = PROTOCOLS[provider.protocol]
    try:
        user = account_for(provider, protocol.verified_claims(provider, request))
    except SignInRefused as error:
        return _refused(request, provider, error)
    next_url = request.session.pop(NEXT_KEY, "")
    login(request, user, backend="yishi.tenants.sso.backends.SingleSignOnBackend")
    if not user.has_perm("wagtailadmin.access_admin"):
        return render(request, "sso/pending.html", {"provider": provider})
    return redirect(next_url or reverse("wagtailadmin_home"))


@require_GET
def metadata(request, slug: str):
    provider = get_object_or_404(IdentityProvider, slug=slug, protocol=IdentityProvider.Protocol.SAML)
    try:
        return HttpResponse(saml.metadata_xml(provider, request), content_type="application/samlmetadata+xml")
    except SignInRefused as error:
        return _refused(request, provider, error)
