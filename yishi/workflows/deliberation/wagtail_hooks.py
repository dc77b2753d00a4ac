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
        path("yishi/meetings/<int:pk>/record/poll/", views.open_poll, name="yishi_record_poll_open"),
        path("yishi/meetings/<int:pk>/record/poll/close/", views.close_poll, name="yishi_record_poll_close"),
        path("yishi/meetings/<int:pk>/record/candidate/", views.add_candidate, name="yishi_record_candidate"),
        path("yishi/meetings/<int:pk>/record/candidate/vote/", views.vote_candidate,
             name="yishi_record_candidate_vote"),
        path("yishi/meetings/<int:pk>/recuse/", views.recuse, name="yishi_meeting_recuse"),
        path("yishi/meetings/<int:pk>/written-opinion/", views.written_opinion, name="yishi_meeting_written_opinion"),
        path("yishi/meetings/<int:pk>/vote/", views.vote, name="yishi_meeting_vote"),
    ]
