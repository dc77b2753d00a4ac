"""Deliveries for the office (with a "failing for over an hour" filter and a dashboard panel),
the person's own inbox (我的消息, views in notices/views.py), and the channel settings."""

import django_filters
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from yishi.platform.encryption import KeepsSecretsViewSet

from . import views
from .models import CHANNEL_LABELS, OVERDUE_AFTER, ChannelSettings, Delivery

DELIVERY_PERMISSION = "notices.view_delivery"


class DeliveryFilterSet(WagtailFilterSet):
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=list(CHANNEL_LABELS.items()))
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
    # "notice" shows Notice.shown_subject: a confidential meeting's subject is withheld here too.
    list_display = ["notice", "channel", "person", "state", "attempts", "first_failed_at", "last_error"]
    filterset_class = DeliveryFilterSet
    form_fields = ["state"]
    add_view_enabled = False


class ChannelSettingsViewSet(KeepsSecretsViewSet, ModelViewSet):
    model = ChannelSettings
    name = "notice_channels"
    url_prefix = "notices/channels"
    icon = "cog"
    menu_label = _("通知渠道设置")
    form_fields = ["email_enabled", "inbox_enabled", "webhook_url", "webhook_secret",
                   "dingtalk_enabled", "dingtalk_agent_id", "dingtalk_app_key", "dingtalk_app_secret",
                   "wecom_enabled", "wecom_corp_id", "wecom_agent_id", "wecom_secret"]
    list_display = ["__str__", "email_enabled", "inbox_enabled", "webhook_url", "dingtalk_enabled", "wecom_enabled"]


class NoticesGroup(ModelViewSetGroup):
    items = (DeliveryViewSet, ChannelSettingsViewSet)
    menu_label = _("通知")
    menu_icon = "mail"
    menu_name = "notices"
    menu_order = 220


@hooks.register("register_admin_viewset")
def register_notices():
    return NoticesGroup()


@hooks.register("register_admin_urls")
def inbox_urls():
    return [
        path("notices/messages/", views.inbox, name="notices_inbox"),
        path("notices/messages/<int:pk>/", views.message, name="notices_message"),
    ]


class InboxMenuItem(MenuItem):
    """我的消息 with the number of unread messages; every signed-in user has an inbox (perhaps empty)."""

    def render_component(self, request):
        unread = views.unread_count(request.user)
        label = _("我的消息（%(unread)d）") % {"unread": unread} if unread else self.label
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
                            attrs=self.attrs)


@hooks.register("register_admin_menu_item")
def inbox_menu_item():
    return InboxMenuItem(_("我的消息"), reverse("notices_inbox"), name="notices-inbox", icon_name="mail",
                         order=219)


class FailingDeliveriesPanel(Component):
    name = "yishi_failing_deliveries"
    template_name = "notices/failing_panel.html"
    order = 90

    def get_context_data(self, parent_context=None):
        failing = Delivery.objects.overdue().select_related("notice", "person").order_by("first_failed_at", "pk")
        return {"failing": failing[:10], "count": failing.count(), "hours": OVERDUE_AFTER.seconds // 3600,
                "now": timezone.now()}


@hooks.register("construct_homepage_panels")
def add_failing_panel(request, panels):
    # Only for those who may open the delivery list, and only when there is something to act on.
    if request.user.has_perm(DELIVERY_PERMISSION) and Delivery.objects.overdue().exists():
        panels.append(FailingDeliveriesPanel())
