from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .todo import todos


@hooks.register("register_admin_urls")
def urls():
    return [
        path("yishi/meetings/", views.meetings, name="yishi_meetings"),
        path("yishi/meetings/propose/", views.propose_meeting, name="yishi_meeting_propose"),
        path("yishi/meetings/<int:pk>/", views.meeting_detail, name="yishi_meeting"),
        path("yishi/meetings/<int:pk>/step/", views.meeting_step, name="yishi_meeting_step"),
        path("yishi/meetings/<int:pk>/minutes/", views.minutes_review, name="yishi_minutes_review"),
    ]


@hooks.register("register_admin_menu_item")
def meetings_menu_item():
    return MenuItem(_("会议"), reverse("yishi_meetings"), icon_name="date", order=205)


class TodoPanel(Component):
    name = "yishi_todo"
    template_name = "meetings/todo_panel.html"
    order = 50  # first on the dashboard

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"parts": todos(self.user)}


@hooks.register("construct_homepage_panels")
def add_todo_panel(request, panels):
    panels.append(TodoPanel(request.user))
