from django.db.models import F, Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from yishi.platform.menus import CheckedMenuItem

from .import_views import IMPORT_ACTION, import_document_view, may_import

page_permission_policy = PagePermissionPolicy()


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("import/", import_document_view, name="content_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return CheckedMenuItem(_("导入制度文件"), reverse("content_import"), may_import, icon_name="upload", order=250)


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    # A draft made from an uploaded document: its history keeps the import report and the office's corrections.
    actions.register_action(IMPORT_ACTION, _("从文件导入"), _("从文件导入为草稿（含导入报告与人工更正）"))


@hooks.register("construct_page_chooser_queryset")
def hide_drafts_from_who_may_not_edit_them(pages, request):
    """Any admin user may open the page chooser; a draft's title is seen only by who may edit the page.

    The chooser shows `draft_title`, so a live page whose draft renamed it is hidden from the others too.
    """
    editable = page_permission_policy.instances_user_has_any_permission_for(request.user, ["change", "publish"])
    published_as_shown = Q(live=True) & (Q(draft_title=F("title")) | Q(draft_title=""))
    shown = Page.objects.filter(published_as_shown | Q(pk__in=editable.values("pk")))
    return pages.filter(pk__in=shown.values("pk"))  # by id: the chooser's search filters only indexed fields
