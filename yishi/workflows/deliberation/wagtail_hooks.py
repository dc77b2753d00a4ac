"""The meeting record page in the admin, reached from each meeting's page."""

from django.urls import path
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def urls():
    return [
        path("yishi/meetings/<int:pk>/record/", views.record_page, name="yishi_meeting_record"),
        path("yishi/meetings/<int:pk>/record/open/", views.open_record, name="yishi_record_open"),
        path("yishi/meetings/<int:pk>/record/opinion/", views.state_opinion, name="yishi_record_opinion"),
        path("yishi/meetings/<int:pk>/record/decide/", views.decide, name="yishi_record_decide"),
        path("yishi/meetings/<int:pk>/record/assign/", views.assign, name="yishi_record_assign"),
    ]
