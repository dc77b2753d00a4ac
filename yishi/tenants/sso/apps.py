from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SingleSignOnConfig(AppConfig):
    name = "yishi.tenants.sso"
    label = "sso"
    verbose_name = _("统一身份认证")
