from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CalendarOverride(models.Model):
    """A day on which this organisation departs from the national calendar."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"), default=False)
    name = models.CharField(_("名称"), max_length=60, help_text=_("例如：县庆放假、加班日"))

    class Meta:
        verbose_name = _("本单位日历调整")
        verbose_name_plural = pgettext_lazy("plural", "本单位日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
