from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "yishi.workflows.reports"
    label = "reports"
    verbose_name = _("运行分析")
