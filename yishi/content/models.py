from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class RegulationIndexPage(Page):
    """制度汇编: the root of an organisation's site, holding its regulations."""

    intro = RichTextField(_("简介"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.RegulationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("制度汇编")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["regulations"] = RegulationPage.objects.child_of(self).live().order_by("title")
        return context


class RegulationPage(Page):
    """One meeting regulation (会议制度 / 议事规则)."""

    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    body = RichTextField(_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("document_number"), FieldPanel("body")]
    parent_page_types = ["content.RegulationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("制度")
