"""CAS 3.0 (the protocol of Apereo CAS, which many 统一身份认证 platforms run) with python-cas: the
browser goes to the CAS server's /login with this organisation's callback as `service`; the ticket it
brings back is validated by this server against /p3/serviceValidate for exactly that service, so a
ticket issued for another organisation's host is refused by the CAS server itself."""

from xml.etree.ElementTree import ParseError

import requests
from cas import CASClient
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .accounts import SignInRefused
from .models import IdentityProvider

TIMEOUT_SECONDS = 10


class _TimedSession(requests.Session):
    """python-cas calls the CAS server without a timeout: give every call one."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return super().request(*args, **kwargs)


def _client(provider: IdentityProvider, request) -> CASClient:
    service = request.build_absolute_uri(reverse("sso-callback", args=[provider.slug]))
    return CASClient(version=3, server_url=provider.issuer.rstrip("/") + "/", service_url=service,
                     session=_TimedSession())


def authorize_redirect(provider: IdentityProvider, request):
    return redirect(_client(provider, request).get_login_url())


def verified_claims(provider: IdentityProvider, request) -> dict:
    """The ticket validated by the CAS server: its user as `sub`, its attributes as claims."""
    ticket = request.GET.get("ticket", "")
    if not ticket:
        raise SignInRefused(_("没有收到 CAS 票据"))
    try:
        user, attributes, _proxy = _client(provider, request).verify_ticket(ticket)
    except (requests.RequestException, ParseError) as error:
        raise SignInRefused(_("与 CAS 服务器通信失败：%(error)s") % {"error": type(error).__name__}) from None
    if not user:
        raise SignInRefused(_("CAS 服务器没有确认这张票据"))
    return {**(attributes or {}), "sub": user}
