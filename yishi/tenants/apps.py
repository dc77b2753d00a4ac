from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class TenantsConfig(AppConfig):
    name = "yishi.tenants"
    label = "tenants"
    verbose_name = pgettext_lazy("plural", "组织")  # the app lists organisations
