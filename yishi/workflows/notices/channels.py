"""Delivery channels. A channel sends one Delivery and raises on failure; the task retries.

Add a channel (SMS, enterprise chat …) by writing a class with ``send(delivery)`` and listing its
dotted path in ``settings.YISHI_NOTICE_CHANNELS``.
"""

import hashlib
import hmac
import json

from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from yishi.platform.links import organisation_url

from .models import ChannelSettings, Delivery, InboxMessage, channel_paths
from .webhooks import post

WEBHOOK_TIMEOUT_SECONDS = 10


class Undeliverable(Exception):
    """This delivery can never succeed (the person is not on the platform): stop retrying, show why."""


class Channel:
    def send(self, delivery: Delivery) -> None:
        raise NotImplementedError


class EmailChannel(Channel):
    """Through Django's configured mail backend (SMTP in production, locmem in tests). A confidential
    notice is not sent by mail: the e-mail says only that there is one, and where to read it."""

    def send(self, delivery: Delivery) -> None:
        notice = delivery.notice
        body = notice.shown_body
        if notice.confidential:
            body = f"{body}\n{organisation_url(reverse('notices_inbox'))}"
        send_mail(str(notice.shown_subject), str(body), None, [delivery.address], fail_silently=False)


class InboxChannel(Channel):
    """站内消息: a row the person sees in the admin; idempotent on (person, notice)."""

    def send(self, delivery: Delivery) -> None:
        InboxMessage.objects.get_or_create(person_id=delivery.person_id, notice_id=delivery.notice_id,
                                           defaults={"created_at": timezone.now()})


class WebhookChannel(Channel):
    """POST the notice as JSON to the organisation's portal; signed with HMAC-SHA256 when a secret is set."""

    def send(self, delivery: Delivery) -> None:
        notice = delivery.notice
        payload = json.dumps({
            "id": notice.pk, "kind": notice.kind, "subject": str(notice.shown_subject), "body": str(notice.shown_body),
            "meeting": notice.meeting_id, "immediate": notice.immediate, "confidential": notice.confidential,
            "created_at": notice.created_at.isoformat(),
        }, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "X-Yishi-Delivery": str(delivery.pk)}
        secret = ChannelSettings.current().webhook_secret
        if secret:
            headers["X-Yishi-Signature"] = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
        status = post(delivery.address, payload, headers, timeout=WEBHOOK_TIMEOUT_SECONDS)  # public addresses only
        if status >= 300:
            raise OSError(f"webhook answered {status}")


def channel(name: str) -> Channel:
    return import_string(channel_paths()[name])()
