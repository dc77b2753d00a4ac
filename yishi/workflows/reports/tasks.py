import datetime as dt

from django.utils import timezone

from yishi.platform.celery import app, fan_out, organisation_task
from yishi.workflows.supervision.documents import ensure_report, last_closed
from yishi.workflows.supervision.models import SupervisionReport

from .figures import write_annual


@organisation_task(name="yishi.workflows.reports.annual")
def annual(year: int) -> int:
    """Write the year's 年度运行分析 DOCX (a re-run rewrites it)."""
    return write_annual(year).pk


@organisation_task(name="yishi.workflows.reports.periodic")
def periodic(today: str | None = None) -> None:
    """The documents of the periods that have ended: the last month's and quarter's supervision reports
    and the last year's operation analysis, each written once (found by scanning, never by ETA)."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    for period in SupervisionReport.Period.values:
        ensure_report(period, last_closed(period, day))
    write_annual(day.year - 1, rewrite=False)


@app.task(name="yishi.workflows.reports.periodic_all")
def periodic_all() -> None:
    """Periodic: one `periodic` per active organisation (suspended ones are skipped)."""
    fan_out(periodic)
