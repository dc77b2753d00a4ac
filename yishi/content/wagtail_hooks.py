from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .import_views import IMPORT_ACTION, import_document_view


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("import/", import_document_view, name="content_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return MenuItem(_("导入制度文件"), reverse("content_import"), icon_name="upload", order=250)


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    # A draft made from an uploaded document: its history keeps the import report and the office's corrections.
    actions.register_action(IMPORT_ACTION, _("从文件导入"), _("从文件导入为草稿（含导入报告与人工更正）"))
