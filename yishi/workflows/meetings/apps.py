from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """The meeting day and the pages that put one meeting together (agenda, attendance, record, minutes)."""

    name = "yishi.workflows.meetings"
    label = "meetings"
    verbose_name = _("会议")
