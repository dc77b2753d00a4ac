from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "yishi.workflows.minutes"
    label = "minutes"
    verbose_name = _("会议纪要")

    def ready(self):
        from wagtail.signals import published

        from .models import Minutes

        def on_published(sender, instance, **kwargs):
            from .actions import number_and_export

            number_and_export(instance)

        published.connect(on_published, sender=Minutes, dispatch_uid="minutes-number-and-export")
