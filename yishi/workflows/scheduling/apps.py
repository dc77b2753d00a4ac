from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "yishi.workflows.scheduling"
    label = "scheduling"
    verbose_name = _("会议安排")

    def ready(self):
        from . import signals

        signals.connect()
