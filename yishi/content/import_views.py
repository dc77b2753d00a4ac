"""The admin upload of issues 9 and 15: a document in; its rules beside their sentences, corrected by the office;
drafts out. The corrections are kept, with the import report, in each draft's history."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from .importer import ImportFailed
from .importer.review import CorrectionInvalid, apply_corrections, feedback_text, review_rows
from .importing import import_for_current_organisation, organisation_directory
from .models import RegulationIndexPage, RegulationPage
from .packs import PackInvalid, apply_pack, dump_pack, load_pack

ACCEPTED = (".docx", ".doc", ".pdf", ".txt", ".html", ".htm")
IMPORT_ACTION = "yishi.import_document"
_SALT = "yishi.content.import_review"


def _salt() -> str:
    return f"{_SALT}:{connection.schema_name}"  # a review signed on one organisation's host is void on another's
# The rules the office reviews, by their place in the pack.
FIELD_LABELS = {
    "cadence.rrule": _("频次（RRULE）"), "cadence.time": _("时间"), "cadence.duration_minutes": _("会期（分钟）"),
    "cadence.location": _("地点"), "cadence.holiday_policy": _("遇节假日"), "roles.chair": _("主持人"),
    "roles.members": _("参会人员"), "roles.observers": _("列席人员"), "roles.organiser": _("组织部门"),
    "topics.deadline": _("议题截止"), "attendance.leave_lead_hours": _("请假提前（小时）"),
    "attendance.leave_approver": _("请假审批"), "attendance.delegation": _("委托参会"),
    "decisions.quorum": _("法定人数"), "decisions.decision_rule": _("决定规则"),
    "decisions.chair_speaks_last": _("主持人末位表态"), "minutes.deadline_workdays": _("纪要时限（工作日）"),
    "minutes.reviewer": _("纪要审定"),
}


class UploadForm(forms.Form):
    document = forms.FileField(
        label=_("制度文件"),
        help_text=_("支持 .docx、.doc（需安装 LibreOffice）、带文字的 .pdf、.txt（UTF-8 或 GB18030）、.html"))

    def clean_document(self):
        document = self.cleaned_data["document"]
        if Path(document.name).suffix.lower() not in ACCEPTED:
            raise forms.ValidationError(_("不支持的文件类型：%(name)s") % {"name": document.name})
        return document


def _index_for(user) -> RegulationIndexPage:
    index = RegulationIndexPage.objects.first()
    if index is None or not index.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied
    return index


def _review_context(source: str, report: str, pack_text: str, rows: list[dict], corrections=None) -> dict:
    """The review page: every rule beside its sentences; `review` carries the rows signed, so that what the
    office sees is what its corrections are checked against."""
    corrections = corrections or {}
    shown = [{**row, "label": FIELD_LABELS[row["path"]], "typed": corrections.get(row["key"], row["value"])}
             for row in rows]
    return {"report": report, "pack": pack_text, "rows": shown,
            "review": signing.dumps({"source": source, "report": report, "rows": rows}, salt=_salt())}


def _create(request, index):
    review = {"source": "", "report": "", "rows": []}  # a pack posted without the review page: no corrections
    if "review" in request.POST:
        try:
            review = signing.loads(request.POST["review"], salt=_salt())
        except signing.BadSignature:
            messages.error(request, _("导入审阅已失效，请重新上传文件"))
            return redirect("content_import")
    corrections = {row["key"]: request.POST[f"fix-{number}"] for number, row in enumerate(review["rows"])
                   if f"fix-{number}" in request.POST}
    try:
        pack = load_pack(request.POST["pack"])
        feedback = apply_corrections(pack, review["rows"], corrections, organisation_directory())
        result = apply_pack(pack, force_draft=True, user=request.user)
    except (PackInvalid, CorrectionInvalid) as error:
        messages.error(request, str(error))
        context = _review_context(review["source"], review["report"], request.POST["pack"], review["rows"], corrections)
        return render(request, "content/admin/import.html", {"form": UploadForm(), **context})
    report = review["report"] + "\n" + feedback_text(feedback)
    slugs = [regulation["slug"] for regulation in pack["regulations"]]
    for page in RegulationPage.objects.child_of(index).filter(slug__in=slugs):
        log(instance=page, action=IMPORT_ACTION, user=request.user,
            data={"source": review["source"], "report": report, "corrections": feedback})
    messages.success(request, _("已作为草稿创建，请审阅后发布：%(report)s；人工更正 %(count)d 处，已记入导入报告") % {
        "report": result, "count": len(feedback)})
    return redirect(reverse("wagtailadmin_explore", args=[index.pk]))


def import_document_view(request):
    index = _index_for(request.user)
    if request.method == "POST" and "pack" in request.POST:
        return _create(request, index)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data["document"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(document.name).name
            path.write_bytes(document.read())
            try:
                result = import_for_current_organisation(path)
            except ImportFailed as error:
                form.add_error("document", str(error))
            else:
                rows = [row.as_dict() for row in review_rows(result)]
                context.update(_review_context(path.name, result.report.render_text(), dump_pack(result.pack), rows))
    return render(request, "content/admin/import.html", context)
