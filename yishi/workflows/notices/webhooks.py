"""Where a portal webhook may point, and posting to it.

An organisation administrator types the URL, and Yishi's servers post to it: without a check it could
reach the platform's own internal services (the database, Redis, a cloud metadata endpoint). So
only http(s) to public addresses is allowed — checked when the URL is saved, and again when each
notice is posted, after resolving the host name, connecting to exactly the address that was checked
(a DNS answer that changes in between cannot redirect the post). On-premises installs whose portal
is on the internal network set YISHI_WEBHOOK_ALLOW_PRIVATE: private and loopback addresses are then
allowed; link-local (cloud metadata), multicast and reserved addresses never are.
"""

import ipaddress
import socket
from http.client import HTTPConnection, HTTPSConnection
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

SCHEMES = {"http": HTTPConnection, "https": HTTPSConnection}
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class WebhookRefused(ValueError):
    """The URL's scheme or address is not one Yishi posts to; the message says which and why."""


def refusal(address: Address) -> str | None:
    """Why a post may not go to this address, or None when it may."""
    private_allowed = settings.YISHI_WEBHOOK_ALLOW_PRIVATE
    # The order matters: 127.0.0.1 and 169.254.0.0/16 are also "private" to the ipaddress module.
    if address.is_loopback:
        return None if private_allowed else _("回环地址")
    if address.is_link_local:
        return _("链路本地地址")
    if address.is_multicast:
        return _("组播地址")
    if address.is_unspecified or address.is_reserved:
        return _("保留地址")
    if address.is_private:
        return None if private_allowed else _("内网地址")
    if not address.is_global:  # e.g. 100.64.0.0/10, shared by carriers
        return _("保留地址")
    return None


def address_of(sockaddr: tuple) -> Address:
    address = ipaddress.ip_address(sockaddr[0].split("%")[0])  # without an IPv6 scope ("fe80::1%eth0")
    return getattr(address, "ipv4_mapped", None) or address  # ::ffff:127.0.0.1 is judged as 127.0.0.1


def checked_target(url: str) -> tuple[SplitResult, int, Address]:
    """(parts, port, address) of a URL Yishi may post to; WebhookRefused otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise WebhookRefused(_("只能推送到 http 或 https 地址"))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        answers = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (ValueError, OSError):
        raise WebhookRefused(_("无法解析主机名 %(host)s") % {"host": parts.hostname}) from None
    addresses = [address_of(sockaddr) for *_, sockaddr in answers]
    for address in addresses:  # every answer must pass: the connection may use any of them
        if reason := refusal(address):
            raise WebhookRefused(
                _("不能推送到%(reason)s %(address)s，只允许公网地址")
                % {"reason": reason, "address": address})
    return parts, port, addresses[0]


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST to a checked address; returns the status. Redirects are not followed (they could lead inside)."""
    parts, port, address = checked_target(url)
    connection = SCHEMES[parts.scheme](parts.hostname, port, timeout=timeout)
    # Connect to the checked address; TLS still verifies the certificate against the host name.
    connection._create_connection = (  # http.client's hook for opening the socket
        lambda _host_port, *args: socket.create_connection((str(address), port), *args))
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("POST", target, body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()
