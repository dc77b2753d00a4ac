"""The notification outbox: a Notice, one Delivery per (recipient, channel), and the in-app inbox.

Rows are written by ``notices.outbox.notify`` inside the caller's transaction; the Celery task
``notices.tasks.deliver`` sends each Delivery (retries with exponential backoff) and the beat task
``notices.tasks.sweep_all`` re-sends anything still pending, so nothing is lost when the broker was
down at commit time. A delivery failing for over an hour shows up for the office (admin filter and
dashboard panel).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yishi.content.rules import Confidentiality
from yishi.platform.encryption import EncryptedTextField
from yishi.tenants.structure.models import Person

from .webhooks import WebhookRefused, checked_target

OVERDUE_AFTER = timedelta(hours=1)

# What a confidential meeting's notice shows anywhere but the recipient's own inbox.
CONFIDENTIAL_PLACEHOLDER = _("您有一条涉密会议通知，请登录系统查看")

# Channels are pluggable (settings.YISHI_NOTICE_CHANNELS), so they are labelled here, not as field choices.
CHANNEL_LABELS = {
    "inbox": _("站内消息"),
    "email": _("电子邮件"),
    "webhook": _("门户推送"),
    "dingtalk": _("钉钉工作通知"),
    "wecom": _("企业微信"),
}


class Notice(models.Model):
    """One message, written once: the dedupe key makes every caller idempotent."""

    class Kind(models.TextChoices):
        MEETING_NOTICE = "meeting_notice", _("会议通知")
        MEETING_CHANGE = "meeting_change", _("会议调整")
        AD_HOC = "ad_hoc", _("临时会议通知")
        EMERGENCY = "emergency", _("紧急会议通知")
        AGENDA = "agenda", _("会议议程")
        MATERIALS = "materials", _("会议材料")
        TOPIC = "topic", _("议题")
        LEAVE = "leave", _("请假")
        OTHER = "other", _("其他")

    kind = models.CharField(_("类别"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    # By app label: the outbox is below every workflow module and imports none of them.
    meeting = models.ForeignKey("scheduling.Meeting", verbose_name=_("会议"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="notices")
    dedupe_key = models.CharField(_("去重键"), max_length=200, unique=True)
    immediate = models.BooleanField(_("即时通知（紧急）"), default=False)
    confidential = models.BooleanField(_("涉密"), default=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.shown_subject)

    @staticmethod
    def is_confidential(meeting) -> bool:
        return meeting is not None and meeting.confidentiality == Confidentiality.CONFIDENTIAL

    @property
    def shown_subject(self) -> str:
        """The subject for e-mail, the portal and the office's lists: a confidential one is withheld."""
        return CONFIDENTIAL_PLACEHOLDER if self.confidential else self.subject

    @property
    def shown_body(self) -> str:
        return CONFIDENTIAL_PLACEHOLDER if self.confidential else self.body


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        now = now or timezone.now()
        return self.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now)

    def overdue(self, now=None):
        """Not delivered and failing for more than an hour: the office must look."""
        now = now or timezone.now()
        return self.exclude(state=Delivery.State.SENT).filter(first_failed_at__lte=now - OVERDUE_AFTER)


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败（已停止重试）")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=20)
    person = models.ForeignKey(Person, verbose_name=_("收件人"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="deliveries")
    address = models.CharField(_("地址"), max_length=300, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    first_failed_at = models.DateTimeField(_("首次失败"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知投递")
        verbose_name_plural = _("通知投递")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "channel", "person"], name="one_delivery_per_channel_person",
                                    nulls_distinct=False),
        ]

    def __str__(self) -> str:
        return f"{self.notice} → {self.person or self.address}（{self.get_channel_display()}）"

    def get_channel_display(self) -> str:
        return str(CHANNEL_LABELS.get(self.channel, self.channel))

    @property
    def overdue(self) -> bool:
        return (self.state != self.State.SENT and self.first_failed_at is not None
                and self.first_failed_at <= timezone.now() - OVERDUE_AFTER)


class InboxMessage(models.Model):
    """站内消息: what the in-app channel delivers; only its recipient reads it (notices/views.py)."""

    person = models.ForeignKey(Person, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="inbox")
    notice = models.ForeignKey(Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="inbox_messages")
    created_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person", "notice"], name="one_inbox_message_per_notice")]

    def __str__(self) -> str:
        return str(self.notice)


class ChannelSettings(models.Model):
    """Per-organisation channel settings (one row): which channels are on, the portal webhook URL."""

    email_enabled = models.BooleanField(_("邮件通知"), default=True)
    inbox_enabled = models.BooleanField(_("站内消息"), default=True)
    webhook_url = models.URLField(_("门户推送地址（Webhook）"), blank=True)
    webhook_secret = models.CharField(_("推送签名密钥"), max_length=200, blank=True)
    # 钉钉工作通知: the organisation's own app (企业内部应用) in the DingTalk developer console.
    dingtalk_enabled = models.BooleanField(_("钉钉工作通知"), default=False)
    dingtalk_agent_id = models.CharField(_("钉钉应用 AgentId"), max_length=40, blank=True)
    dingtalk_app_key = models.CharField(_("钉钉 AppKey"), max_length=100, blank=True)
    dingtalk_app_secret = EncryptedTextField(_("钉钉 AppSecret"), blank=True)
    # 企业微信应用消息: a self-built app (自建应用) of the organisation's WeCom.
    wecom_enabled = models.BooleanField(_("企业微信应用消息"), default=False)
    wecom_corp_id = models.CharField(_("企业微信 CorpID"), max_length=100, blank=True)
    wecom_agent_id = models.CharField(_("企业微信应用 AgentId"), max_length=40, blank=True)
    wecom_secret = EncryptedTextField(_("企业微信应用 Secret"), blank=True)

    class Meta:
        verbose_name = _("通知渠道设置")
        verbose_name_plural = _("通知渠道设置")

    def __str__(self) -> str:
        return str(_("通知渠道设置"))

    def clean(self) -> None:
        errors = {}
        if self.webhook_url:
            try:
                checked_target(self.webhook_url)
            except WebhookRefused as refused:
                errors["webhook_url"] = str(refused)
        required = {"dingtalk_enabled": ("dingtalk_agent_id", "dingtalk_app_key", "dingtalk_app_secret"),
                    "wecom_enabled": ("wecom_corp_id", "wecom_agent_id", "wecom_secret")}
        for switch, fields in required.items():
            if getattr(self, switch):
                errors.update({name: _("启用该渠道时必填") for name in fields if not getattr(self, name)})
        for name in ("dingtalk_agent_id", "wecom_agent_id"):
            if getattr(self, name) and not getattr(self, name).isdigit():
                errors[name] = _("AgentId 应为数字")
        if errors:
            raise ValidationError(errors)

    def chat_services(self) -> list[str]:
        """The chat channels switched on (clean() has made sure they have their credentials)."""
        return [service for service in ("dingtalk", "wecom") if getattr(self, f"{service}_enabled")]

    @classmethod
    def current(cls) -> "ChannelSettings":
        return cls.objects.order_by("pk").first() or cls()


class ChatAccount(models.Model):
    """Who a person is on DingTalk or WeCom: found once by their mobile number, kept until the
    platform says the id is no longer valid."""

    class Service(models.TextChoices):
        DINGTALK = "dingtalk", _("钉钉")
        WECOM = "wecom", _("企业微信")

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="chat_accounts")
    service = models.CharField(_("平台"), max_length=20, choices=Service.choices)
    user_id = models.CharField(_("平台用户 ID"), max_length=100)
    found_at = models.DateTimeField(_("查到时间"), default=timezone.now)

    class Meta:
        verbose_name = _("钉钉/企业微信账号")
        verbose_name_plural = _("钉钉/企业微信账号")
        constraints = [models.UniqueConstraint(fields=["person", "service"], name="one_chat_account_per_service")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_service_display()}"


# Stored on settings so that tests and deployments can plug channels in (dotted paths).
DEFAULT_CHANNELS = {
    "email": "yishi.workflows.notices.channels.EmailChannel",
    "inbox": "yishi.workflows.notices.channels.InboxChannel",
    "webhook": "yishi.workflows.notices.channels.WebhookChannel",
    "dingtalk": "yishi.workflows.notices.chat.DingTalkChannel",
    "wecom": "yishi.workflows.notices.chat.WeComChannel",
}


def channel_paths() -> dict[str, str]:
    return getattr(settings, "YISHI_NOTICE_CHANNELS", DEFAULT_CHANNELS)
