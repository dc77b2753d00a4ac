"""notify(): write a notice into the outbox in the caller's transaction; send after commit.

    notify(people, "meeting_notice", "关于召开处务会的通知", body, meeting=m,
           dedupe_key=f"meeting-notice:{m.pk}:{m.starts_at:%Y%m%d%H%M}")

A second call with the same dedupe key changes nothing and sends nothing (so callers may be re-run).
A notice about a confidential meeting is marked confidential: outside the recipient's own inbox (e-mail,
the portal webhook, the office's delivery list) it shows only CONFIDENTIAL_PLACEHOLDER.
Each enabled channel gets one Delivery per recipient (the webhook one per notice); the deliveries
are handed to Celery only after the transaction commits, and the beat sweep picks up any that the
broker could not take then.
"""

import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from yishi.tenants.structure.models import Person

from .models import ChannelSettings, Delivery, Notice
from .tasks import deliver

logger = logging.getLogger(__name__)


def _channels(settings: ChannelSettings) -> list[str]:
    channels = []
    if settings.inbox_enabled:
        channels.append("inbox")
    if settings.email_enabled:
        channels.append("email")
    # Everyone gets a chat delivery: one without a mobile number fails at once, so the office sees who.
    return channels + settings.chat_services()


@transaction.atomic
def notify(recipients: Iterable[Person], kind: str, subject: str, body: str = "", *, meeting=None,
           dedupe_key: str, immediate: bool = False) -> Notice:
    """Write Notice + Deliveries now (same transaction as the caller); deliver after commit.

    `immediate` records an emergency notice (临时紧急会议) as such; delivery is always as soon as possible.
    The notice is confidential when `meeting` is (its text then stays in the recipients' inboxes).
    Returns the notice — the existing one when `dedupe_key` was used before.
    """
    notice, created = Notice.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={"kind": kind, "subject": subject, "body": body, "meeting": meeting, "immediate": immediate,
                  "confidential": Notice.is_confidential(meeting)},
    )
    if not created:
        return notice
    settings = ChannelSettings.current()
    now = timezone.now()
    people = {person.pk: person for person in recipients}.values()
    deliveries = [
        Delivery(notice=notice, channel=channel, person=person, next_attempt_at=now,
                 address=(person.user.email if channel == "email" and person.user_id else ""))
        for person in people for channel in _channels(settings)
        # No account or no e-mail address: the inbox (and the office) still reach the person.
        if channel != "email" or (person.user_id and person.user.email)
    ]
    if settings.webhook_url:
        deliveries.append(Delivery(notice=notice, channel="webhook", address=settings.webhook_url, next_attempt_at=now))
    created_deliveries = Delivery.objects.bulk_create(deliveries)
    send_after_commit([d.pk for d in created_deliveries])
    return notice


def send_after_commit(delivery_ids: list[int]) -> None:
    """Hand deliveries to Celery once committed. A broker that is down is logged, not raised: the
    rows are committed and the beat sweep (notices.tasks.sweep) sends them later."""
    if not delivery_ids:
        return
    schema = connection.schema_name

    def send():
        for delivery_id in delivery_ids:
            try:
                deliver.apply_async(args=[delivery_id], headers={"_schema_name": schema}, retry=False)
            except Exception:  # noqa: BLE001 — any broker error: the sweep is the fallback
                logger.warning("broker unavailable; delivery %s left for the sweep", delivery_id, exc_info=True)
                return

    transaction.on_commit(send)
