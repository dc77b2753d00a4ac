from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render

from yishi.workflows import roles as R
from yishi.workflows.scheduling.visibility import visible_meetings
from yishi.workflows.supervision.board import LIGHT_LABELS
from yishi.workflows.supervision.board import board as build_board
from yishi.workflows.supervision.models import ActionItem, SupervisionReport

from .models import AnnualAnalysis

# The stored reports are the same for every reader: they count confidential meetings' items but do
# not name them (supervision.documents.figures), and they go to these roles only.
REPORT_READERS = {R.OFFICE, R.LEADER, R.SUPERVISOR}
DOCUMENTS = {"supervision": SupervisionReport, "annual": AnnualAnalysis}


def board(request):
    """督查看板: traffic lights per department and per 分管领导, then every item, reddest first.

    Items of a confidential meeting appear only to those who may read that meeting's decisions."""
    items = ActionItem.objects.exclude(state=ActionItem.State.ARCHIVED).filter(
        meeting__in=visible_meetings(request.user))
    return render(request, "reports/board.html", {"board": build_board(items), "labels": LIGHT_LABELS})


def may_read_reports(user) -> bool:
    return user.is_superuser or bool(R.group_roles(user) & REPORT_READERS)


def _require_reader(user) -> None:
    if not may_read_reports(user):
        raise PermissionDenied


def documents(request):
    """督查通报 and 年度运行分析, as the beat wrote them, for the office, leaders and supervisors."""
    _require_reader(request.user)
    return render(request, "reports/documents.html", {
        "supervision": SupervisionReport.objects.exclude(file=""),
        "annual": AnnualAnalysis.objects.exclude(file=""), "header_icon": "doc-full"})


def download(request, kind: str, pk: int):
    _require_reader(request.user)
    document = DOCUMENTS[kind].objects.filter(pk=pk).exclude(file="").first() if kind in DOCUMENTS else None
    if document is None:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
