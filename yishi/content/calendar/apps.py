from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    """The national working-day calendar, in the public schema, shared by every organisation."""

    name = "yishi.content.calendar"
    label = "workcalendar"
    verbose_name = _("工作日历")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import service
        from .local.models import CalendarOverride
        from .models import NationalDay

        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(service.overrides_changed, sender=CalendarOverride, dispatch_uid=f"workcalendar-o-{name}")
            signal.connect(service.national_day_changed, sender=NationalDay, dispatch_uid=f"workcalendar-d-{name}")
