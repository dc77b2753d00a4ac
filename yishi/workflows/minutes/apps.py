from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def on_published(sender, instance, **kwargs):
    # Module level: a receiver defined inside ready() is held by a weak reference and collected.
    from .actions import number_and_export

    number_and_export(instance)


class MinutesConfig(AppConfig):
    name = "yishi.workflows.minutes"
    label = "minutes"
    verbose_name = _("会议纪要")
    # Everyone opens the minutes list (each sees the minutes of meetings they may see); the office drafts
    # and keeps the electronic seal (as the 办公室 keeps the organisation's seal).
    group_permissions = {"everyone": ["view_minutes"],
                         "office": ["add_minutes", "change_minutes", "publish_minutes", "change_seal"]}

    def ready(self):
        from wagtail.signals import published

        from .models import Minutes

        published.connect(on_published, sender=Minutes, dispatch_uid="minutes-number-and-export")
