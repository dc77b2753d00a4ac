import datetime as dt

from django.db import connection

from yishi.platform.celery import app, enqueue, fan_out, organisation_task

from . import reminders
from .documents import period_bounds, write_report
from .models import SupervisionReport


@organisation_task(name="yishi.workflows.supervision.scan")
def scan(today: str | None = None) -> dict:
    """Record and send the reminders and escalations due today in this organisation (idempotent)."""
    result = reminders.scan(dt.date.fromisoformat(today) if today else None)
    return {"schema": connection.schema_name, "items": result.items, "sent": result.sent}


@app.task(name="yishi.workflows.supervision.scan_all")
def scan_all() -> None:
    """Periodic: one scan per active organisation. A duplicated tick is harmless (reminders are keyed)."""
    fan_out(scan)


@organisation_task(name="yishi.workflows.supervision.build_report")
def build_report(report_id: int) -> None:
    """Write the DOCX of one SupervisionReport (re-running rewrites the same file)."""
    write_report(report_id)


def request_report(period: str, day: dt.date) -> SupervisionReport:
    """Create (or reuse) the report for the period containing `day` and queue its DOCX."""
    start, end = period_bounds(period, day)
    report, _created = SupervisionReport.objects.get_or_create(period=period, start=start, defaults={"end": end})
    enqueue(build_report, connection.schema_name, report.pk)
    return report
