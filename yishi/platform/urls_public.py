"""URLs on the platform's own host (YISHI_BASE_DOMAIN): the organisation list and the staff admin."""

from django.contrib import admin
from django.urls import path

from yishi.graphql.views import platform_graphql_view

from . import views

urlpatterns = [
    path("", views.home, name="platform-home"),
    path("admin/", admin.site.urls),
    path("graphql/", platform_graphql_view, name="platform-graphql"),
]

handler400 = "yishi.platform.views.bad_request"
