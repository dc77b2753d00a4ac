"""Limits on uploads, for every form that takes files (docs/security.md, "Limits").

- `RequestSizeLimit` (in FILE_UPLOAD_HANDLERS) refuses a multipart request larger than
  YISHI_UPLOAD_MAX_REQUEST_BYTES before any of it is read.
- `MaxFileSize(setting)` is a field validator: each file at most the bytes the setting names.
- `ATTACHMENT_VALIDATORS` is what every attachment field uses: YISHI_ATTACHMENT_MAX_BYTES and
  `AttachmentType` (an extension on the allow-list whose content starts as that kind of file does).
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig, ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, an empty zip
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # Office 97–2003 and WPS documents
_TEXT = ()  # no signature; must hold no NUL byte (that is, not be a binary file renamed)
# Every extension an attachment may have, with how its content starts.
ATTACHMENT_KINDS = {
    "pdf": (b"%PDF-",), "ofd": _ZIP, "zip": _ZIP,
    "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP, "odt": _ZIP, "ods": _ZIP, "odp": _ZIP,
    "doc": _OLE, "xls": _OLE, "ppt": _OLE, "wps": _OLE, "et": _OLE, "dps": _OLE,
    "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "txt": _TEXT, "csv": _TEXT,
}
_SNIFF_BYTES = 8192


class RequestSizeLimit(FileUploadHandler):
    """First upload handler: a multipart body over the limit is refused (400) unread."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        limit = settings.YISHI_UPLOAD_MAX_REQUEST_BYTES
        if content_length > limit:
            raise RequestDataTooBig(f"request body of {content_length} bytes exceeds YISHI_UPLOAD_MAX_REQUEST_BYTES")

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # the next handler stores it

    def file_complete(self, file_size):
        return None


@deconstructible
class MaxFileSize:
    """At most `settings.<setting>` bytes per file, read when validating (env and tests change it)."""

    def __init__(self, setting: str):
        self.setting = setting

    def __call__(self, upload) -> None:
        limit = getattr(settings, self.setting)
        if upload.size > limit:
            raise ValidationError(
                _("文件 %(name)s 大小为 %(size)s，超过上限 %(limit)s"),
                code="file_too_large",
                params={"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxFileSize) and other.setting == self.setting


@deconstructible
class AttachmentType:
    """An extension of YISHI_ATTACHMENT_EXTENSIONS, and content that starts as that kind of file does.

    Web pages, scripts and programs are not on the list; a page renamed .pdf or a program renamed
    .txt is refused by its content.
    """

    def __call__(self, upload) -> None:
        allowed = settings.YISHI_ATTACHMENT_EXTENSIONS
        unknown = set(allowed) - set(ATTACHMENT_KINDS)
        if unknown:
            raise ImproperlyConfigured(f"YISHI_ATTACHMENT_EXTENSIONS: no content check for {sorted(unknown)}")
        extension = Path(upload.name).suffix.lower().lstrip(".")
        if extension not in allowed:
            raise ValidationError(
                _("不接受此类文件：%(name)s；可上传的类型：%(allowed)s"),
                code="file_type", params={"name": upload.name, "allowed": "、".join(allowed)},
            )
        upload.seek(0)
        head = upload.read(_SNIFF_BYTES)
        upload.seek(0)
        signatures = ATTACHMENT_KINDS[extension]
        if (signatures and not head.startswith(signatures)) or (not signatures and b"\0" in head):
            raise ValidationError(
                _("文件 %(name)s 的内容不是 .%(extension)s 文件"),
                code="file_content", params={"name": upload.name, "extension": extension},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, AttachmentType)


ATTACHMENT_VALIDATORS = [MaxFileSize("YISHI_ATTACHMENT_MAX_BYTES"), AttachmentType()]
