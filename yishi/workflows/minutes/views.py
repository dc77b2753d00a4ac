import base64
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from yishi.workflows import roles as R

from .models import Seal, visible_minutes

SEAL_MAX_BYTES = 2**20
SEAL_MIN_PIXELS = 200  # below this the 40 mm seal prints blurred


def download(request, pk: int, kind: str):
    """The issued minutes' DOCX or PDF, for those who may read the meeting's minutes only."""
    minutes = visible_minutes(request.user).filter(pk=pk).exclude(number="").first()
    document = getattr(minutes, kind, None) if minutes is not None and kind in ("docx", "pdf") else None
    if not document:
        raise Http404
    return FileResponse(document.open("rb"), as_attachment=True, filename=f"{minutes.number}.{kind}")


def may_keep_seal(user) -> bool:
    return user.has_perm("minutes.change_seal")


class SealForm(forms.Form):
    image = forms.FileField(label=gettext_lazy("印章图片"), required=False,
                            help_text=gettext_lazy("透明背景的 PNG 图片，近似正方形，边长至少 200 像素，不超过 1 MB"))
    remove = forms.BooleanField(label=gettext_lazy("移除印章"), required=False)

    def clean_image(self) -> bytes | None:
        from PIL import Image, UnidentifiedImageError

        upload = self.cleaned_data["image"]
        if not upload:
            return None
        if upload.size > SEAL_MAX_BYTES:
            raise forms.ValidationError(_("文件大小为 %(size)s，超过上限 %(limit)s") % {
                "size": filesizeformat(upload.size), "limit": filesizeformat(SEAL_MAX_BYTES)})
        data = upload.read()
        try:
            image = Image.open(io.BytesIO(data))
            image.verify()  # a truncated or forged file stops here
            image = Image.open(io.BytesIO(data))
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise forms.ValidationError(_("不是有效的图片文件")) from None
        if image.format != "PNG":
            raise forms.ValidationError(_("应为 PNG 图片（现为 %(format)s）") % {"format": image.format})
        width, height = image.size
        if min(width, height) < SEAL_MIN_PIXELS:
            raise forms.ValidationError(_("图片为 %(w)s×%(h)s 像素，边长至少 %(min)s 像素") % {
                "w": width, "h": height, "min": SEAL_MIN_PIXELS})
        if not 0.8 <= width / height <= 1.25:
            raise forms.ValidationError(_("印章应近似正方形（现为 %(w)s×%(h)s 像素）") % {"w": width, "h": height})
        if image.mode not in ("RGBA", "LA") and "transparency" not in image.info:
            raise forms.ValidationError(_("图片没有透明背景：印章会遮住下面的文字"))
        return data

    def clean(self):
        data = super().clean()
        if not data.get("remove") and not data.get("image") and "image" not in self.errors:
            self.add_error("image", _("请选择印章图片，或勾选“移除印章”"))
        return data


@never_cache
@transaction.atomic  # the old seal is deleted and the new one stored together, or neither
def seal(request):
    """电子印章: the office uploads, sees and removes the organisation's seal. Signed minutes exported
    from then on carry it; documents already written keep what they have."""
    if not may_keep_seal(request.user):
        raise PermissionDenied
    form = SealForm(request.POST, request.FILES) if request.method == "POST" else SealForm()
    if form.is_bound and form.is_valid():
        Seal.objects.all().delete()  # one seal: a new one replaces it
        if form.cleaned_data["remove"]:
            messages.success(request, _("电子印章已移除，此后签发的纪要不再加盖"))
        else:
            person = R.person_of(request.user)
            Seal.objects.create(image=form.cleaned_data["image"], uploaded_by=person.name if person else
                                request.user.get_full_name() or request.user.get_username())
            messages.success(request, _("电子印章已保存，此后签发的纪要将加盖"))
        return redirect("minutes_seal")
    current = Seal.objects.first()
    preview = f"data:image/png;base64,{base64.b64encode(bytes(current.image)).decode()}" if current else ""
    return TemplateResponse(request, "minutes/seal.html", {"form": form, "seal": current, "preview": preview})
