from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    """The national working-day calendar, in the public schema, shared by every organisation."""

    name = "yishi.content.calendar"
    label = "workcalendar"
    verbose_name = _("工作日历")
