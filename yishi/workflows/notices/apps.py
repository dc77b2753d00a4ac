from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "yishi.workflows.notices"
    label = "notices"
    verbose_name = _("会议通知")
