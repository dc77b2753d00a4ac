import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yishi.content.rules import Confidentiality, MeetingRules, rules_required
from yishi.workflows.core.statemachine import StateMachine, TransitionEvent, transition


class Meeting(models.Model):
    """One meeting: planned from a cadence (rule_date set) or called ad hoc (rule_date empty)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("计划")
        CONVENED = "convened", _("已通知")
        IN_SESSION = "in_session", _("进行中")
        HELD = "held", _("已召开")
        CANCELLED = "cancelled", _("已取消")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("例会")
        AD_HOC = "ad_hoc", _("临时会议")
        EMERGENCY = "emergency", _("紧急会议")

    meeting_type_slug = models.SlugField(_("会议类型"), max_length=80, db_index=True)
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    confidentiality = models.CharField(_("密级"), max_length=20, choices=Confidentiality.choices,
                                       default=Confidentiality.INTERNAL)
    # The RRULE date this meeting comes from; with the type slug it makes planning idempotent.
    rule_date = models.DateField(_("规则日期"), null=True, blank=True)
    date = models.DateField(_("日期"), db_index=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    moved_from = models.DateField(_("原定日期"), null=True, blank=True)
    move_reason = models.CharField(_("调整原因"), max_length=200, blank=True)
    calendar_confirmed = models.BooleanField(_("日历已确认"), default=True)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    regulation_slug = models.SlugField(_("依据制度"), max_length=120, blank=True)
    revision_id = models.PositiveIntegerField(_("制度版本"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting_type_slug", "rule_date"], name="one_meeting_per_rule_date"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def rules(self) -> MeetingRules:
        """The rules in force on the meeting's date (a ValidationError on "meeting" when there are none)."""
        return rules_required(self.meeting_type_slug, self.date)

    @property
    def is_public(self) -> bool:
        return self.confidentiality == Confidentiality.PUBLIC


# Who may move a meeting along; roles come from the organisation's groups (see workflows.roles).
MEETING_STATES = StateMachine([
    transition("convene", "planned", "convened", ["office", "system"], label=_("发出通知")),
    transition("open", ["planned", "convened"], "in_session", ["office", "chair"], label=_("开始会议")),
    transition("close", "in_session", "held", ["office", "chair"], label=_("结束会议")),
    transition("cancel", ["planned", "convened"], "cancelled", ["office", "chair", "system"],
               label=_("取消会议"), requires_comment=True),
], state_field="status")


class MeetingEvent(TransitionEvent):
    machine = MEETING_STATES
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("会议状态记录")
        verbose_name_plural = _("会议状态记录")


class MeetingChange(models.Model):
    """A re-planned meeting (new date or time), kept so that people already notified can be told."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    previous_starts_at = models.DateTimeField(_("原定时间"))
    starts_at = models.DateTimeField(_("新时间"), null=True, blank=True)  # empty: cancelled
    reason = models.CharField(_("原因"), max_length=200)
    was_notified = models.BooleanField(_("已通知过参会人"), default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会议调整")
        verbose_name_plural = _("会议调整")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.reason}"


def feed_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A person's own calendar feed: a secret URL (only its hash is kept) that also lists internal
    meetings. Revoked by deleting the row; issuing a new one revokes the old."""

    person = models.OneToOneField("structure.Person", verbose_name=_("人员"), on_delete=models.CASCADE,
                                  related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("个人日历订阅")
        verbose_name_plural = _("个人日历订阅")

    def __str__(self) -> str:
        return str(self.person)
