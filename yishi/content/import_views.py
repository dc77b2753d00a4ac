"""The admin upload of issues 9 and 15: a document in; its rules beside their sentences, corrected by
the office; regulation drafts out. The corrections are kept, with the import report, in each draft's
history.

Importing creates regulation drafts. What a pack would change besides (departments and posts, the
calendar's overrides) is listed apart, needs the user's model permissions for each change, and is
applied only once the user has confirmed exactly that list (docs/security.md).
"""

import hashlib
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from yishi.platform.uploads import MaxFileSize

from .importer import ImportFailed
from .importer.report import RULE_LABELS
from .importer.review import CorrectionInvalid, apply_corrections, feedback_text, review_rows
from .importing import import_for_current_organisation, organisation_directory
from .models import RegulationIndexPage, RegulationPage
from .packs import PackInvalid, apply_pack, dump_pack, load_pack, pack_changes

ACCEPTED = (".docx", ".doc", ".pdf", ".txt", ".html", ".htm")
IMPORT_ACTION = "yishi.import_document"
_SALT = "yishi.content.import_review"


def _salt() -> str:
    return f"{_SALT}:{connection.schema_name}"  # a review signed on one organisation's host is void on another's


class UploadForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("制度文件"), validators=[MaxFileSize("YISHI_IMPORT_MAX_BYTES")],
        help_text=gettext_lazy("支持 .docx、.doc（需安装 LibreOffice）、带文字的 .pdf、"
                               ".txt（UTF-8 或 GB18030）、.html"),
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if Path(document.name).suffix.lower() not in ACCEPTED:
            raise forms.ValidationError(_("不支持的文件类型：%(name)s") % {"name": document.name})
        return document


def may_import(user) -> bool:
    """Importing creates regulation drafts: for those who may add regulations under 制度汇编."""
    index = RegulationIndexPage.objects.first()
    return index is not None and index.permissions_for_user(user).can_add_subpage()


def _index_for(user) -> RegulationIndexPage:
    if not may_import(user):
        raise PermissionDenied
    return RegulationIndexPage.objects.first()


def _review_context(source: str, report: str, pack_text: str, rows: list[dict], corrections=None) -> dict:
    """Every rule beside its sentences; `review` carries the rows signed, so that what the office sees
    is what its corrections are checked against."""
    corrections = corrections or {}
    shown = [{**row, "label": RULE_LABELS[row["path"]], "typed": corrections.get(row["key"], row["value"])}
             for row in rows]
    return {"report": report, "pack": pack_text, "rows": shown,
            "review": signing.dumps({"source": source, "report": report, "rows": rows}, salt=_salt())}


def _digest(changes) -> str:
    """What the user confirms: exactly this list of changes (a different pack needs a new confirmation)."""
    return hashlib.sha256("\n".join(f"{c.permission} {c.text}" for c in changes).encode()).hexdigest()


def _refusals(user, index: RegulationIndexPage, pack: dict, changes) -> list[str]:
    """Every change of this pack the user may not make: structure and calendar permissions, existing regulations."""
    refused = [_("%(change)s（需要权限 %(permission)s）") % {"change": c.text, "permission": c.permission}
               for c in changes if not user.has_perm(c.permission)]
    slugs = [regulation.get("slug") for regulation in pack.get("regulations", [])]
    refused += [_("制度 %(slug)s 已存在，你没有编辑它的权限") % {"slug": page.slug}
                for page in RegulationPage.objects.child_of(index).filter(slug__in=slugs)
                if not page.permissions_for_user(user).can_edit()]
    return refused


def _changes_context(user, index: RegulationIndexPage, pack: dict, changes) -> dict:
    return {
        "structure_changes": [c.text for c in changes if c.section == "structure"],
        "calendar_changes": [c.text for c in changes if c.section == "calendar"],
        "refused": _refusals(user, index, pack, changes),
        "confirm": _digest(changes) if changes else "",
    }


def _create_drafts(request, index: RegulationIndexPage):
    review = {"source": "", "report": "", "rows": []}  # a pack posted without the review page: no corrections
    if "review" in request.POST:
        try:
            review = signing.loads(request.POST["review"], salt=_salt())
        except signing.BadSignature:
            messages.error(request, _("导入审阅已失效，请重新上传文件"))
            return redirect("content_import")
    corrections = {row["key"]: request.POST[f"fix-{number}"] for number, row in enumerate(review["rows"])
                   if f"fix-{number}" in request.POST}
    text = request.POST["pack"]

    def again(**extra):
        context = _review_context(review["source"], review["report"], text, review["rows"], corrections)
        return render(request, "content/admin/import.html", {"form": UploadForm(), **context, **extra})

    try:
        with transaction.atomic():  # checked and written on one snapshot of the organisation
            pack = load_pack(text)
            feedback = apply_corrections(pack, review["rows"], corrections, organisation_directory())
            changes = pack_changes(pack)
            checked = _changes_context(request.user, index, pack, changes)
            if checked["refused"] or (changes and request.POST.get("confirm") != checked["confirm"]):
                if checked["refused"]:
                    messages.error(request, _("未创建任何内容：制度包包含你无权进行的修改，请删去后重试。"))
                else:
                    messages.warning(request, _("制度包除制度草稿外还会修改组织架构或日历，请核对下列修改后确认。"))
                return again(**checked)
            result = apply_pack(pack, force_draft=True, user=request.user)
            report = review["report"] + "\n" + feedback_text(feedback)
            slugs = [regulation["slug"] for regulation in pack["regulations"]]
            for page in RegulationPage.objects.child_of(index).filter(slug__in=slugs):
                log(instance=page, action=IMPORT_ACTION, user=request.user,
                    data={"source": review["source"], "report": report, "corrections": feedback})
    except (PackInvalid, CorrectionInvalid) as error:
        messages.error(request, str(error))
        return again()
    messages.success(request, _("已作为草稿创建，请审阅后发布：%(report)s；人工更正 %(count)d 处，已记入导入报告") % {
        "report": result, "count": len(feedback)})
    for heading, section in ((_("组织架构已修改"), "structure"), (_("本单位日历已修改"), "calendar")):
        texts = [c.text for c in changes if c.section == section]
        if texts:
            messages.success(request, f"{heading}：{'；'.join(texts)}")
    return redirect(reverse("wagtailadmin_explore", args=[index.pk]))


def import_document_view(request):
    index = _index_for(request.user)
    if request.method == "POST" and "pack" in request.POST:
        return _create_drafts(request, index)
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
                try:
                    context.update(_changes_context(request.user, index, result.pack, pack_changes(result.pack)))
                except PackInvalid as error:  # e.g. a slug taken by another regulation: shown, fixed in the pack
                    messages.error(request, str(error))
    return render(request, "content/admin/import.html", context)
