"""API keys in each organisation's Wagtail admin: created (the secret shown once) and revoked there."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import ApiKeyEditForm, ApiKeyForm
from .models import ApiKey


class CreateApiKeyView(generic.CreateView):
    def save_instance(self):
        key = self.form.instance
        key.created_by = self.request.user
        self.raw_key = key.assign_secret()
        return super().save_instance()

    def save_action(self):
        # The secret is rendered into this one response and kept nowhere: not in a message, not in the session.
        return TemplateResponse(self.request, "apikeys/created.html", {
            "key": self.object, "raw_key": self.raw_key, "index_url": self.get_success_url(),
            "header_title": _("接口密钥已创建"),
        })


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_label = _("接口密钥")
    add_to_admin_menu = True
    add_view_class = CreateApiKeyView
    list_display = [
        "name", "prefix", Column("scopes", label=_("权限范围")), DateColumn("created_at", label=_("创建时间")),
        DateColumn("last_used_at", label=_("最近使用")), DateColumn("revoked_at", label=_("吊销时间")),
    ]
    search_fields = ["name", "prefix"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ApiKeyEditForm if for_update else ApiKeyForm


@hooks.register("register_admin_viewset")
def register_api_keys():
    return ApiKeyViewSet("apikeys")
