"""Delivering the outbox: one task per delivery (by id, idempotent) and a sweep for what is left."""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from yishi.platform.celery import app, fan_out, organisation_task

from .channels import Undeliverable, channel
from .models import Delivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # 1, 2, 4 … 512 minutes, then capped: about a day of trying before giving up
BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 3600
SWEEP_BATCH = 500


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def deliver_now(delivery_id: int) -> str:
    """Send one delivery unless it was sent already. The row lock makes two concurrent runs (the
    on-commit send and a sweep) send once: the second waits, then sees SENT."""
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(of=("self",)).select_related("notice", "person", "person__user")
                    .filter(pk=delivery_id).first())
        if delivery is None or delivery.state != Delivery.State.PENDING:
            return "skipped"
        now = timezone.now()
        try:
            channel(delivery.channel).send(delivery)
        except Exception as error:  # noqa: BLE001 — any channel failure is recorded and retried
            delivery.attempts += 1
            delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
            delivery.first_failed_at = delivery.first_failed_at or now
            delivery.next_attempt_at = now + backoff(delivery.attempts)
            if delivery.attempts >= MAX_ATTEMPTS or isinstance(error, Undeliverable):
                delivery.state = Delivery.State.FAILED
            delivery.save(update_fields=["attempts", "last_error", "first_failed_at", "next_attempt_at", "state"])
            logger.warning("delivery %s failed (attempt %s): %s", delivery_id, delivery.attempts, error)
            return "failed"
        delivery.attempts += 1
        delivery.state = Delivery.State.SENT
        delivery.sent_at = now
        delivery.save(update_fields=["attempts", "state", "sent_at"])
        return "sent"


@organisation_task(name="yishi.workflows.notices.deliver", bind=True)
def deliver(self, delivery_id: int) -> str:
    outcome = deliver_now(delivery_id)
    if outcome == "failed":
        delivery = Delivery.objects.get(pk=delivery_id)
        if delivery.state == Delivery.State.PENDING:
            # Backoff lives on the row; the retry is only a wake-up call (the sweep would do too).
            countdown = max((delivery.next_attempt_at - timezone.now()).total_seconds(), 1)
            self.apply_async(args=[delivery_id], countdown=countdown,
                             headers={"_schema_name": connection.schema_name}, retry=False)
    return outcome


def sweep_now(now=None) -> int:
    """Send every due pending delivery of this organisation (those the broker never got, and retries)."""
    ids = list(Delivery.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:SWEEP_BATCH])
    for delivery_id in ids:
        deliver_now(delivery_id)
    return len(ids)


@organisation_task(name="yishi.workflows.notices.sweep")
def sweep() -> int:
    return sweep_now()


@app.task(name="yishi.workflows.notices.sweep_all")
def sweep_all() -> None:
    """Periodic: sweep every active organisation's outbox, one task per organisation."""
    fan_out(sweep)
