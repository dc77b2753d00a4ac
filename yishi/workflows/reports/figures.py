"""How the meeting system ran in a period: meetings, topics, attendance, action items."""

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from yishi.workflows.agenda.models import TopicEvent
from yishi.workflows.attendance.models import Invitation, Status
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.documents import on_time_figures, percent
from yishi.workflows.supervision.models import ActionItem

from .models import AnnualAnalysis

ATTENDED = (Status.PRESENT, Status.LATE, Status.DELEGATE)


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def period_figures(start: dt.date, end: dt.date) -> dict:
    """Figures for [start, end]. Planned: every meeting in the period that was not ad hoc, cancelled
    ones included; held: those that took place (ad hoc ones included)."""
    meetings = Meeting.objects.filter(date__range=(start, end))
    events = TopicEvent.objects.filter(at__date__range=(start, end))
    invitations = Invitation.objects.filter(meeting__date__range=(start, end), role="member").exclude(status="")
    attended = invitations.filter(status__in=ATTENDED).count()
    return {
        "start": start.isoformat(), "end": end.isoformat(),
        "meetings_planned": meetings.filter(kind=Meeting.Kind.REGULAR).count(),
        "meetings_held": meetings.filter(status=Meeting.Status.HELD).count(),
        "topics_submitted": events.filter(transition="submit").values("topic").distinct().count(),
        "topics_returned": events.filter(transition="return").values("topic").distinct().count(),
        "topics_decided": events.filter(transition="decide").values("topic").distinct().count(),
        "attendance_rate": rate(attended, invitations.count()),
        **{f"actions_{key}": value for key, value in on_time_figures(
            ActionItem.objects.filter(done_on__range=(start, end))).items()},
        "actions_assigned": ActionItem.objects.filter(meeting__date__range=(start, end)).count(),
    }


def monthly(year: int) -> list[dict]:
    months = []
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        end = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
        months.append({"month": month, **period_figures(start, end)})
    return months


def annual_docx(year: int, total: dict, months: list[dict]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    document.add_heading(_("%(year)s年度会议制度运行分析") % {"year": year}, level=1).alignment = \
        WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(_("一、总体情况"), level=2)
    document.add_paragraph(_(
        "全年计划召开例会 %(meetings_planned)s 次，实际召开 %(meetings_held)s 次；报送议题 %(topics_submitted)s 个，"
        "退回 %(topics_returned)s 个，作出决定 %(topics_decided)s 个；参会率 %(attendance)s；交办事项 "
        "%(actions_assigned)s 项，办结 %(actions_finished)s 项，按期办结率 %(on_time)s。") % {
        **total, "attendance": percent(total["attendance_rate"]), "on_time": percent(total["actions_on_time_rate"])})
    document.add_heading(_("二、分月情况"), level=2)
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("月份"), _("计划"), _("召开"), _("议题决定"), _("参会率"),
                                                 _("按期办结率")], strict=True):
        cell.text = text
    for row in months:
        values = [f"{row['month']}月", str(row["meetings_planned"]), str(row["meetings_held"]),
                  str(row["topics_decided"]), percent(row["attendance_rate"]), percent(row["actions_on_time_rate"])]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_annual(year: int, *, rewrite: bool = True) -> AnnualAnalysis:
    """Compute the year and write its DOCX, one row per year. `rewrite=False` (the beat's way) leaves a
    year already written alone, so a duplicated tick creates nothing."""
    AnnualAnalysis.objects.get_or_create(year=year)
    with transaction.atomic():
        analysis = AnnualAnalysis.objects.select_for_update().get(year=year)
        if analysis.file and not rewrite:
            return analysis
        months = monthly(year)
        total = period_figures(dt.date(year, 1, 1), dt.date(year, 12, 31))
        analysis.figures = {"total": total, "months": months}
        if analysis.file:
            analysis.file.delete(save=False)
        analysis.file.save(f"annual-{year}.docx", ContentFile(annual_docx(year, total, months)), save=False)
        analysis.save()
        return analysis
