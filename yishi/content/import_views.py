"""The admin upload of issue 9: a document in, a report and a draft pack out, drafts on request.

Importing creates regulation drafts. What a pack would change besides (departments and posts, the
calendar's overrides) is listed apart, needs the user's model permissions for each change, and is
applied only once the user has confirmed exactly that list (docs/security.md).
"""

import hashlib
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yishi.platform.uploads import MaxFileSize

from .importer import ImportFailed
from .importing import import_for_current_organisation
from .models import RegulationIndexPage, RegulationPage
from .packs import PackInvalid, apply_pack, dump_pack, load_pack, pack_changes

ACCEPTED = (".docx", ".txt", ".html", ".htm")


class UploadForm(forms.Form):
    document = forms.FileField(label=gettext_lazy("制度文件"), validators=[MaxFileSize("YISHI_IMPORT_MAX_BYTES")],
                               help_text=gettext_lazy("支持 .docx、.txt（UTF-8 或 GB18030）、.html"))

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


def _review_context(user, index: RegulationIndexPage, pack: dict, changes) -> dict:
    return {
        "structure_changes": [c.text for c in changes if c.section == "structure"],
        "calendar_changes": [c.text for c in changes if c.section == "calendar"],
        "refused": _refusals(user, index, pack, changes),
        "confirm": _digest(changes) if changes else "",
    }


def _create_drafts(request, index: RegulationIndexPage):
    text = request.POST["pack"]
    try:
        with transaction.atomic():  # checked and written on one snapshot of the organisation
            pack = load_pack(text)
            changes = pack_changes(pack)
            review = _review_context(request.user, index, pack, changes)
            if review["refused"] or (changes and request.POST.get("confirm") != review["confirm"]):
                if review["refused"]:
                    messages.error(request, _("未创建任何内容：制度包包含你无权进行的修改，请删去后重试。"))
                else:
                    messages.warning(request, _("制度包除制度草稿外还会修改组织架构或日历，请核对下列修改后确认。"))
                return render(request, "content/admin/import.html",
                              {"form": UploadForm(), "pack": text, "review": True, **review})
            report = apply_pack(pack, force_draft=True, user=request.user)
    except PackInvalid as error:
        messages.error(request, str(error))
        return redirect("content_import")
    messages.success(request, _("已作为草稿创建，请审阅后发布：%(report)s") % {"report": report})
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
                context.update(report=result.report.render_text(), pack=dump_pack(result.pack))
                try:
                    context.update(_review_context(request.user, index, result.pack, pack_changes(result.pack)))
                except PackInvalid as error:  # e.g. a slug taken by another regulation: shown, fixed in the pack
                    messages.error(request, str(error))
    return render(request, "content/admin/import.html", context)
