from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def agenda_created(sender, instance, created, **kwargs):
    # The agenda module compiles agendas; the follow-up item is this module's, added in the same
    # transaction so the compiled agenda never exists without it. Module level: a receiver defined
    # inside ready() is held by a weak reference and collected.
    if created:
        from .loop import open_with_follow_up

        open_with_follow_up(instance.meeting)


class SupervisionConfig(AppConfig):
    name = "yishi.workflows.supervision"
    label = "supervision"
    verbose_name = _("督查督办")

    def ready(self):
        from django.db.models.signals import post_save

        from yishi.workflows.agenda.models import Agenda

        post_save.connect(agenda_created, sender=Agenda, dispatch_uid="supervision-follow-up-item")
