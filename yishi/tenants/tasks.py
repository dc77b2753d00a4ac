from django.db import connection
from django.utils import timezone

from yishi.platform.celery import app, fan_out, organisation_task

from .models import Organisation, WorkerHeartbeat


@organisation_task(name="yishi.tenants.tasks.heartbeat")
def heartbeat() -> None:
    """Record that a worker reached this organisation's schema (shown on the platform page)."""
    organisation = Organisation.objects.get(schema_name=connection.schema_name)
    WorkerHeartbeat.objects.update_or_create(
        organisation=organisation,
        defaults={"schema_name": connection.schema_name, "seen_at": timezone.now()},
    )


@app.task(name="yishi.tenants.tasks.heartbeat_all")
def heartbeat_all() -> None:
    """Periodic fan-out: one heartbeat task per active organisation, each carrying its schema."""
    fan_out(heartbeat)
