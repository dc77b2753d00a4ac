from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from yishi.content.models import RegulationPage
from yishi.content.rules import meeting_types_in_force
from yishi.platform.urls import urlpatterns as project_urls

api = WagtailAPIRouter("wagtailapi")
api.register_endpoint("pages", PagesAPIViewSet)


def regulations(request):
    """The ceiling for `{ regulations { slug title } }`: the same rows, straight to JSON."""
    rows = RegulationPage.objects.live().order_by("title").values("slug", "title")
    return JsonResponse({"data": {"regulations": list(rows)}})


def portal(request):
    """The ceiling for the typical portal query: the same data, computed the same way, without GraphQL."""
    organisation = connection.tenant
    return JsonResponse({"data": {
        "organisation": {"slug": organisation.slug, "name": organisation.name},
        "regulations": [
            {"slug": page.slug, "title": page.title, "documentNumber": page.document_number,
             "effectiveFrom": page.effective_from.isoformat(), "text": page.text}
            for page in RegulationPage.objects.live().order_by("title")
        ],
        "meetingTypes": [
            {"slug": rules.slug, "name": rules.name, "cadence": {
                "rrule": rules.cadence.rrule, "time": rules.cadence.time.strftime("%H:%M"),
                "durationMinutes": rules.cadence.duration_minutes, "holidayPolicy": rules.cadence.holiday_policy}}
            for rules in meeting_types_in_force(timezone.localdate())
        ],
    }}, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("api/v2/", api.urls),
    path("bench/regulations.json", regulations),
    path("bench/portal.json", portal),
    *project_urls,
]
