"""Regulations, meeting types, rule snapshots, the working-day calendar and regulation packs."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "yishi.content"
    label = "content"
    verbose_name = _("制度内容")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from .models import RegulationPage
        from .snapshots import on_page_published, on_page_unpublished

        page_published.connect(on_page_published, sender=RegulationPage, dispatch_uid="content-record-publication")
        page_unpublished.connect(on_page_unpublished, sender=RegulationPage, dispatch_uid="content-record-withdrawal")
