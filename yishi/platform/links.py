"""Absolute addresses of an organisation's pages, for links that leave the request (notices, e-mail)."""

from django.conf import settings
from django.db import connection


def organisation_url(path: str = "/") -> str:
    """`path` on the current organisation's primary domain, with the public scheme and port."""
    domain = connection.tenant.get_primary_domain().domain
    scheme, port = settings.YISHI_PUBLIC_SCHEME, settings.YISHI_PUBLIC_PORT
    default_port = {"http": 80, "https": 443}.get(scheme)
    host = domain if port == default_port else f"{domain}:{port}"
    return f"{scheme}://{host}{path}"
