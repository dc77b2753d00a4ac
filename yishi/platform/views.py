from django.conf import settings
from django.shortcuts import render

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
