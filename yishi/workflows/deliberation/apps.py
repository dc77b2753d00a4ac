from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "yishi.workflows.deliberation"
    label = "deliberation"
    verbose_name = _("会议记录与决定")
