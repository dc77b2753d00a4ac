from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "yishi.workflows.attendance"
    label = "attendance"
    verbose_name = _("请假与考勤")
