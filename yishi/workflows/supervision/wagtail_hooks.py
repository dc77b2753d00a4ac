"""督办事项 in the admin: the listing and a page per item."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def urls():
    return [
        path("supervision/items/", views.item_list, name="supervision_items"),
        path("supervision/items/<int:pk>/", views.item_page, name="supervision_item"),
        path("supervision/items/<int:pk>/act/", views.act, name="supervision_item_act"),
        path("supervision/items/<int:pk>/progress/", views.report_progress, name="supervision_item_progress"),
        path("supervision/items/<int:pk>/change/", views.request_change, name="supervision_item_change"),
        path("supervision/items/<int:pk>/change/decide/", views.decide_change, name="supervision_change_decide"),
        path("supervision/items/<int:pk>/attachments/<int:attachment_pk>/", views.attachment,
             name="supervision_attachment"),
    ]


@hooks.register("register_admin_menu_item")
def items_menu_item():
    return MenuItem(_("督办事项"), reverse("supervision_items"), icon_name="tasks", order=890)
