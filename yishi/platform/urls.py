"""URLs on every organisation's host."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from yishi.graphql.views import organisation_graphql_view
from yishi.platform import views
from yishi.workflows.attendance import views as attendance
from yishi.workflows.scheduling import views as scheduling

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("graphql/", organisation_graphql_view, name="graphql"),
    path("calendar.ics", scheduling.calendar_feed, name="calendar-feed"),
    path("calendar/<slug:meeting_type>.ics", scheduling.calendar_feed, name="meeting-type-feed"),
    path("calendar/personal/<slug:token>.ics", scheduling.personal_feed, name="personal-feed"),
    path("meetings/<int:pk>/", scheduling.meeting_page, name="meeting"),
    path("attendance/sign-in/<str:token>/", attendance.sign_in_page, name="attendance-sign-in"),
]
if settings.DEBUG:
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.organisation_media)]
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "yishi.platform.views.bad_request"
