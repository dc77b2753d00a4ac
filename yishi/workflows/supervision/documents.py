"""Monthly and quarterly supervision reports (督查通报): figures and the DOCX built from them."""

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.rules import Confidentiality

from .models import FINISHED_STATES, OPEN_STATES, ActionItem, SupervisionReport
from .reminders import workdays_overdue

CONFIDENTIAL_ITEM = _lazy("涉密会议事项")


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The month or quarter containing `day`, as (first day, last day)."""
    first_month = day.month if period == SupervisionReport.Period.MONTH else 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    months = 1 if period == SupervisionReport.Period.MONTH else 3
    year, month = divmod(first_month - 1 + months, 12)
    return start, dt.date(day.year + year, month + 1, 1) - dt.timedelta(days=1)


def on_time_figures(items) -> dict:
    """Of the items finished: how many on or before their due date, and the rate (None if none)."""
    finished = items.filter(state__in=FINISHED_STATES, done_on__isnull=False)
    total = finished.count()
    on_time = sum(1 for done_on, due in finished.values_list("done_on", "due_date") if done_on <= due)
    return {"finished": total, "on_time": on_time, "on_time_rate": round(on_time / total, 4) if total else None}


def figures(start: dt.date, end: dt.date, today: dt.date | None = None) -> dict:
    """Counts for [start, end]: assigned, finished, on time, still open, and the overdue list."""
    today = min(today or timezone.localdate(), end)
    calendar = calendar_for_current_organisation()
    assigned = ActionItem.objects.filter(meeting__date__range=(start, end))
    finished_in = ActionItem.objects.filter(done_on__range=(start, end))
    overdue = (ActionItem.objects.filter(state__in=OPEN_STATES, due_date__lt=today)
               .select_related("owner_department", "owner", "meeting").order_by("due_date", "pk"))
    return {
        "start": start.isoformat(), "end": end.isoformat(),
        "assigned": assigned.count(),
        **on_time_figures(finished_in),
        "open": ActionItem.objects.filter(state__in=OPEN_STATES, meeting__date__lte=end).count(),
        # The report goes to the office, leaders and supervisors, not only to a confidential meeting's
        # readers: its items are counted and listed by department and date, but not named.
        "overdue": [{
            "id": item.pk, "department": item.owner_department.name,
            "owner": item.owner.name if item.owner_id else "", "due_date": item.due_date.isoformat(),
            "workdays_overdue": workdays_overdue(item.due_date, today, calendar),
            **({"title": str(CONFIDENTIAL_ITEM), "meeting": ""}
               if item.meeting.confidentiality == Confidentiality.CONFIDENTIAL
               else {"title": item.title, "meeting": item.meeting.name}),
        } for item in overdue],
    }


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def report_docx(title: str, data: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    heading = document.add_heading(title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(_("统计期间：%(start)s 至 %(end)s") % data)
    document.add_paragraph(_(
        "本期交办事项 %(assigned)s 项，办结 %(finished)s 项，其中按期办结 %(on_time)s 项，按期办结率 %(rate)s；"
        "截至期末尚在办理 %(open)s 项，逾期 %(overdue)s 项。") % {
        **data, "rate": percent(data["on_time_rate"]), "overdue": len(data["overdue"])})
    document.add_heading(_("逾期事项清单"), level=2)
    if data["overdue"]:
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, [_("事项"), _("责任科室"), _("责任人"), _("办结时限"),
                                                     _("逾期工作日")], strict=True):
            cell.text = text
        for row in data["overdue"]:
            cells = table.add_row().cells
            for cell, text in zip(cells, [row["title"], row["department"], row["owner"], row["due_date"],
                                          str(row["workdays_overdue"])], strict=True):
                cell.text = text
    else:
        document.add_paragraph(_("无。"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def last_closed(period: str, today: dt.date) -> dt.date:
    """A day of the last month or quarter that has ended by `today`."""
    start, _end = period_bounds(period, today)
    return start - dt.timedelta(days=1)


def ensure_report(period: str, day: dt.date) -> SupervisionReport:
    """The report of the period containing `day`, written once: a re-run (a duplicated beat tick, two
    ticks at once) finds it written and creates nothing."""
    start, end = period_bounds(period, day)
    SupervisionReport.objects.get_or_create(period=period, start=start, defaults={"end": end})
    with transaction.atomic():
        report = SupervisionReport.objects.select_for_update().get(period=period, start=start)
        if not report.file:
            _write(report)
        return report


def write_report(report_id: int) -> SupervisionReport | None:
    """(Re)write one report's figures and DOCX, e.g. on request from the admin."""
    with transaction.atomic():
        report = SupervisionReport.objects.select_for_update().filter(pk=report_id).first()
        if report is not None:
            _write(report)
        return report


def _write(report: SupervisionReport) -> None:
    data = figures(report.start, report.end)
    label = _("月度") if report.period == SupervisionReport.Period.MONTH else _("季度")
    title = _("督查督办%(label)s通报（%(start)s 至 %(end)s）") % {"label": label, "start": report.start,
                                                              "end": report.end}
    report.figures = data
    if report.file:
        report.file.delete(save=False)
    report.file.save(f"supervision-{report.period}-{report.start}.docx", ContentFile(report_docx(title, data)),
                     save=False)
    report.save()
