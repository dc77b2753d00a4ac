from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "yishi.workflows.notices"
    label = "notices"
    verbose_name = _("会议通知")
    # 我的消息 needs no permission (a person's own messages); the office watches deliveries and channels.
    group_permissions = {"office": ["view_delivery", "change_delivery", "view_channelsettings",
                                    "change_channelsettings"]}
