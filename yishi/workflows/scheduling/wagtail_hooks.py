"""我的日历订阅 in the admin (views in subscription.py); every signed-in person has the entry."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from yishi.platform.menus import CheckedMenuItem
from yishi.workflows import roles as R

from . import subscription


@hooks.register("register_admin_urls")
def urls():
    return [
        path("calendar/subscription/", subscription.subscription, name="calendar_subscription"),
        path("calendar/subscription/issue/", subscription.issue, name="calendar_subscription_issue"),
        path("calendar/subscription/revoke/", subscription.revoke, name="calendar_subscription_revoke"),
    ]


@hooks.register("register_admin_menu_item")
def subscription_menu_item():
    # Like 请假: only an account linked to a person has meetings of its own to subscribe to.
    return CheckedMenuItem(_("我的日历订阅"), reverse("calendar_subscription"), R.has_person, icon_name="date",
                           order=207)
