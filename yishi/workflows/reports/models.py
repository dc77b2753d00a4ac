from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualAnalysis(models.Model):
    """年度运行分析: the year's figures and the DOCX built from them (by a task)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    figures = models.JSONField(_("数据"), default=dict)
    file = models.FileField(_("文件"), upload_to="reports/", blank=True)
    updated_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度运行分析")
        verbose_name_plural = _("年度运行分析")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}"
