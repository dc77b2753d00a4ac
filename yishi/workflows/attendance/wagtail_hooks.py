"""Attendance in the admin: sign-in by the secretary and leave decisions on the meeting page, a
person's leave request from their invitation, and leave for a period (请假). Views in views.py."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from yishi.platform.menus import CheckedMenuItem
from yishi.workflows import roles as R

from . import views


@hooks.register("register_admin_urls")
def urls():
    return [
        path("yishi/meetings/<int:pk>/sign-in/", views.admin_sign_in, name="yishi_sign_in"),
        path("yishi/meetings/<int:pk>/leave/", views.admin_decide_leave, name="yishi_decide_leave"),
        path("yishi/invitations/<int:pk>/leave/", views.admin_request_leave, name="yishi_request_leave"),
        path("yishi/invitations/<int:pk>/confirm/", views.admin_confirm, name="yishi_confirm_attendance"),
        path("yishi/leave/", views.admin_period_leave, name="yishi_leave"),
        path("yishi/leave/<int:pk>/cancel/", views.admin_cancel_leave, name="yishi_cancel_leave"),
    ]


@hooks.register("register_admin_menu_item")
def leave_menu_item():
    return CheckedMenuItem(_("请假"), reverse("yishi_leave"), R.has_person, icon_name="date", order=206)
