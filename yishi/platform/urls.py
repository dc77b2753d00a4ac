"""URLs on every organisation's host."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from yishi.graphql.oparl import views as oparl
from yishi.graphql.views import organisation_graphql_view
from yishi.platform import views
from yishi.tenants.sso import views as sso
from yishi.workflows.attendance import views as attendance
from yishi.workflows.scheduling import views as scheduling

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sso/<slug:slug>/login/", sso.start, name="sso-login"),
    path("sso/<slug:slug>/callback/", sso.callback, name="sso-callback"),
    path("sso/<slug:slug>/metadata/", sso.metadata, name="sso-metadata"),
    path("graphql/", organisation_graphql_view, name="graphql"),
    path("oparl/v1/", oparl.system, name="oparl-system"),
    path("oparl/v1/bodies/", oparl.bodies, name="oparl-bodies"),
    path("oparl/v1/body/", oparl.body, name="oparl-body"),
    path("oparl/v1/body/organizations/", oparl.organizations, name="oparl-organizations"),
    path("oparl/v1/body/meetings/", oparl.meetings, name="oparl-meetings"),
    path("oparl/v1/body/papers/", oparl.papers, name="oparl-papers"),
    path("oparl/v1/body/people/", oparl.people, name="oparl-people"),
    path("oparl/v1/organization/<slug:slug>/", oparl.organization, name="oparl-organization"),
    path("oparl/v1/meeting/<int:pk>/", oparl.meeting, name="oparl-meeting"),
    path("oparl/v1/agendaitem/<int:pk>/", oparl.agenda_item, name="oparl-agenda-item"),
    path("oparl/v1/paper/<int:pk>/", oparl.paper, name="oparl-paper"),
    path("oparl/v1/file/<int:pk>/", oparl.file, name="oparl-file"),
    path("oparl/v1/file/<int:pk>/access/", oparl.file_access, name="oparl-file-access"),
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
