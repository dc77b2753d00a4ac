"""The admin upload of issue 9: a document in, a report and a draft pack out, drafts on request."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .importer import ImportFailed
from .importing import import_for_current_organisation
from .models import RegulationIndexPage
from .packs import PackInvalid, apply_pack, dump_pack, load_pack

ACCEPTED = (".docx", ".txt", ".html", ".htm")


class UploadForm(forms.Form):
    document = forms.FileField(label=_("制度文件"), help_text=_("支持 .docx、.txt（UTF-8 或 GB18030）、.html"))

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


def import_document_view(request):
    index = _index_for(request.user)
    if request.method == "POST" and "pack" in request.POST:
        try:
            report = apply_pack(load_pack(request.POST["pack"]), force_draft=True, user=request.user)
        except PackInvalid as error:
            messages.error(request, str(error))
            return redirect("content_import")
        messages.success(request, _("已作为草稿创建，请审阅后发布：%(report)s") % {"report": report})
        return redirect(reverse("wagtailadmin_explore", args=[index.pk]))
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
    return render(request, "content/admin/import.html", context)
