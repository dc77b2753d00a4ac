from django.conf import settings
from django.db import connection
from django.http import Http404
from django.shortcuts import render
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


def organisation_media(request, path: str):
    """DEBUG only: this host's organisation's own uploads (Wagtail image renditions in the admin).

    Files of workflows (attachments, materials, minutes, reports) go through checked views instead;
    another organisation's folder is never served here.
    """
    if not path.startswith(f"{connection.schema_name}/") or ".." in path.split("/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
