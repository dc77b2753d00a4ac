import datetime as dt

from django.db import connection

from yishi.platform.celery import app, organisation_task
from yishi.tenants.models import Organisation

from . import reminders


@organisation_task(name="yishi.workflows.supervision.scan")
def scan(today: str | None = None) -> dict:
    """Record and send the reminders and escalations due today in this organisation (idempotent)."""
    result = reminders.scan(dt.date.fromisoformat(today) if today else None)
    return {"schema": connection.schema_name, "items": result.items, "sent": result.sent}


@app.task(name="yishi.workflows.supervision.scan_all")
def scan_all() -> None:
    """Periodic: one scan per organisation. A duplicated tick is harmless (reminders are keyed)."""
    for schema_name in Organisation.objects.served().values_list("schema_name", flat=True):
        scan.apply_async(headers={"_schema_name": schema_name})


@organisation_task(name="yishi.workflows.supervision.build_report")
def build_report(report_id: int) -> None:
    """Write the DOCX of one SupervisionReport (re-running rewrites the same file)."""
    from .documents import write_report

    write_report(report_id)
