from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalCalendarConfig(AppConfig):
    name = "yishi.content.calendar.local"
    label = "localcalendar"
    verbose_name = _("本单位日历")
