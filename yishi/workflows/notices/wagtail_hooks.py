"""Deliveries for the office (with a "failing for over an hour" filter and a dashboard panel),
the person's own inbox, and the channel settings."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import OVERDUE_AFTER, ChannelSettings, Delivery, InboxMessage


class DeliveryFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("失败超过一小时"), method="filter_overdue")

    class Meta:
        model = Delivery
        fields = ["state", "channel"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Delivery.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    name = "notice_deliveries"
    url_prefix = "notices/deliveries"
    icon = "mail"
    menu_label = _("通知投递")
    list_display = ["notice", "channel", "person", "state", "attempts", "first_failed_at", "last_error"]
    filterset_class = DeliveryFilterSet
    form_fields = ["state"]
    add_view_enabled = False


class InboxIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(person__user=self.request.user).select_related("notice")


class InboxViewSet(ModelViewSet):
    """站内消息: each signed-in person sees only their own."""

    model = InboxMessage
    name = "notice_inbox"
    url_prefix = "notices/inbox"
    icon = "mail"
    menu_label = _("我的消息")
    list_display = ["notice", "created_at", "read_at"]
    form_fields = ["read_at"]
    add_view_enabled = False
    index_view_class = InboxIndexView


class ChannelSettingsViewSet(ModelViewSet):
    model = ChannelSettings
    name = "notice_channels"
    url_prefix = "notices/channels"
    icon = "cog"
    menu_label = _("通知渠道设置")
    form_fields = ["email_enabled", "inbox_enabled", "webhook_url", "webhook_secret"]
    list_display = ["__str__", "email_enabled", "inbox_enabled", "webhook_url"]


class NoticesGroup(ModelViewSetGroup):
    items = (InboxViewSet, DeliveryViewSet, ChannelSettingsViewSet)
    menu_label = _("通知")
    menu_icon = "mail"
    menu_name = "notices"
    menu_order = 220


@hooks.register("register_admin_viewset")
def register_notices():
    return NoticesGroup()


class FailingDeliveriesPanel(Component):
    name = "yishi_failing_deliveries"
    template_name = "notices/failing_panel.html"
    order = 90

    def get_context_data(self, parent_context=None):
        failing = Delivery.objects.overdue().select_related("notice", "person").order_by("first_failed_at")
        return {"failing": failing[:10], "count": failing.count(), "hours": OVERDUE_AFTER.seconds // 3600,
                "now": timezone.now()}


@hooks.register("construct_homepage_panels")
def add_failing_panel(request, panels):
    if Delivery.objects.overdue().exists():  # shown only when there is something to act on
        panels.append(FailingDeliveriesPanel())
