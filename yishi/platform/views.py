from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views import defaults
from django.views.static import serve

from yishi.tenants.models import Organisation


def organisation_url(host: str) -> str:
    port = "" if settings.PORT == 80 else f":{settings.PORT}"
    return f"http://{host}{port}/"


def home(request):
    organisations = [
        {
            "name": org.name,
            "host": org.primary_host,
            "url": organisation_url(org.primary_host),
            "heartbeat": getattr(getattr(org, "heartbeat", None), "seen_at", None),
        }
        for org in Organisation.objects.served().select_related("heartbeat").prefetch_related("domains")
    ]
    return render(request, "platform/home.html", {"organisations": organisations})


# Wagtail's image folders: the only uploads served as plain files (an attachment is not an image).
IMAGE_FOLDERS = ("original_images", "images")


def organisation_media(request, path: str):
    """DEBUG only: this host's organisation's own uploads (Wagtail image renditions in the admin).

    Files of workflows (attachments, materials, minutes, reports) go through checked views instead;
    another organisation's folder is never served here.
    """
    folders = [f"{connection.schema_name}/{folder}/" for folder in IMAGE_FOLDERS]
    if not any(path.startswith(folder) for folder in folders) or ".." in path.split("/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def bad_request(request, exception):
    """handler400: a request over the upload or form limits is told which limits (413), not a bare 400."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "platform/too_large.html", {
            "request_limit": filesizeformat(settings.YISHI_UPLOAD_MAX_REQUEST_BYTES),
            "form_limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        }, status=413)
    return defaults.bad_request(request, exception)


def login_locked_out(request, response, credentials):
    """django-axes' answer to a sign-in of a locked username (AXES_LOCKOUT_CALLABLE)."""
    return render(request, "platform/lockout.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }, status=429)
