"""Agenda topics (议题), their declared state machine, and each meeting's agenda (议程).

* ``Topic`` — one proposal for a meeting type; its content fields are those the rules in force
  require (``rules.topics.required_fields``), stored in ``content`` and validated by
  ``agenda.actions.clean_content`` (a missing one is a field error named after the field).
* ``TOPIC_STATES`` — the one transition table; every change goes through
  ``agenda.actions.transition_topic`` (role check via ``yishi.workflows.roles``).
* ``Agenda`` — the draft agenda (拟上会议题清单) of one meeting and its sign-off state.
* ``AgendaItem(meeting, position, topic?, title, kind)`` — the ordered items; ``topic`` is empty for
  standing items (e.g. the action-items report the deliberation module puts at position 0).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yishi.tenants.structure.models import Department
from yishi.workflows.core.statemachine import StateMachine, TransitionEvent, transition
from yishi.workflows.scheduling.models import Meeting

# Labels of the usual required fields (docs/regulation-pack.md `topics.required_fields`).
FIELD_LABELS = {
    "title": _("名称"),
    "background": _("背景说明"),
    "questions": _("需讨论事项"),
    "proposal": _("初步建议方案"),
    "evidence": _("数据支撑"),
    "attachments": _("附件"),
}
ORDERING_CLASS_LABELS = {
    "urgent_important": _("紧急且重要"),
    "important": _("重要但不紧急"),
    "urgent": _("紧急但不重要"),
}


class Topic(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回")
        ACCEPTED = "accepted", _("已通过形式审核")
        APPROVED = "approved", _("已审定")
        REJECTED = "rejected", _("未审定")
        PLACED = "placed", _("已列入议程")
        DISCUSSED = "discussed", _("已上会")
        DECIDED = "decided", _("已决定")
        DEFERRED = "deferred", _("暂缓，调研后再议")
        WITHDRAWN = "withdrawn", _("已撤回")

    meeting_type_slug = models.SlugField(_("会议类型"), max_length=80, db_index=True)
    # The meeting the submitter asked for (or the next one); `meeting` is where it actually goes.
    requested_meeting = models.ForeignKey(Meeting, verbose_name=_("申请上会"), null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("上会会议"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="topics")
    title = models.CharField(_("名称"), max_length=200)
    content = models.JSONField(_("内容"), default=dict, blank=True,
                               help_text=_("规则要求的各项内容：背景说明、需讨论事项、初步建议方案、数据支撑等"))
    ordering_class = models.CharField(_("排序类别"), max_length=40, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("报送科室"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="topics")
    departments_involved = models.ManyToManyField(Department, verbose_name=_("涉及科室"), blank=True,
                                                  related_name="topics_involved")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("报送截止"), null=True, blank=True)
    late = models.BooleanField(_("逾期报送"), default=False)
    admitted_late = models.BooleanField(_("主持人同意逾期上会"), default=False)
    # 事项目录: one matter of the catalogue in force (a choice, never free text; empty: not catalogued).
    matter = models.CharField(_("事项类别"), max_length=80, blank=True)
    amount = models.DecimalField(_("涉及金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    prior_topic = models.ForeignKey("self", verbose_name=_("前置研究议题"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    # 紧急情况: the prior research skipped; recorded here and reported to the next meeting of that type.
    emergency_reason = models.TextField(_("紧急情况说明"), blank=True)
    emergency_reported_to = models.ForeignKey(Meeting, verbose_name=_("已报告会议"), null=True, blank=True,
                                              on_delete=models.SET_NULL, related_name="+")
    research_assignment = models.TextField(_("调研任务"), blank=True)
    research_due = models.DateField(_("调研完成时限"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def multi_department(self) -> bool:
        return self.departments_involved.count() > 1


# The one table. Roles: "owner" is the topic's submitter (added by agenda.actions); the rest come
# from yishi.workflows.roles. "system" is the background compilation of agendas.
TOPIC_STATES = StateMachine([
    transition("submit", ["draft", "returned"], "submitted", ["owner", "office"], label=_("报送")),
    transition("return", "submitted", "returned", ["office"], label=_("退回"), requires_comment=True),
    transition("accept", "submitted", "accepted", ["office"], label=_("通过形式审核")),
    transition("approve", "accepted", "approved", ["leader", "chair", "system"], label=_("审定")),
    transition("reject", "accepted", "rejected", ["leader", "chair"], label=_("不予审定"), requires_comment=True),
    transition("place", "approved", "placed", ["office", "system"], label=_("列入议程")),
    # The office takes a topic off an agenda; at a meeting's close the system does for those undecided.
    transition("unplace", ["placed", "discussed"], "approved", ["office", "system"], label=_("移出议程")),
    transition("discuss", "placed", "discussed", ["office", "chair", "secretary", "system"], label=_("上会讨论")),
    transition("decide", "discussed", "decided", ["chair", "office", "system"], label=_("作出决定")),
    transition("defer", ["placed", "discussed"], "deferred", ["chair"], label=_("暂缓，交调研"),
               requires_comment=True),
    transition("requeue", "deferred", "approved", ["office", "chair"], label=_("调研完成，重新上会")),
    transition("withdraw", ["draft", "submitted", "returned", "accepted", "approved"], "withdrawn",
               ["owner", "office"], label=_("撤回")),
    # A late topic goes to the meeting it asked for after all; its state stays.
    transition("admit_late", ["submitted", "returned", "accepted", "approved"], None, ["chair"],
               label=_("同意逾期上会")),
])


class TopicEvent(TransitionEvent):
    machine = TOPIC_STATES
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("议题流转记录")
        verbose_name_plural = _("议题流转记录")


def attachment_path(instance: "TopicAttachment", filename: str) -> str:
    # The default storage is django-tenants' TenantFileSystemStorage: MEDIA_ROOT/<schema>/topics/…
    return f"topics/{instance.topic_id}/{filename}"


class TopicAttachment(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path)
    name = models.CharField(_("名称"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("议题附件")
        verbose_name_plural = _("议题附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name or self.file.name


class Agenda(models.Model):
    """拟上会议题清单 of one meeting: compiled at the topic deadline, signed off, approved, distributed."""

    class State(models.TextChoices):
        COMPILED = "compiled", _("已汇总")
        SIGNED_OFF = "signed_off", _("办公室已确认")
        APPROVED = "approved", _("领导已审定")
        DISTRIBUTED = "distributed", _("材料已分发")

    meeting = models.OneToOneField(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="agenda")
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.COMPILED)
    compiled_at = models.DateTimeField(_("汇总时间"), auto_now_add=True)
    bundle = models.FileField(_("会议材料包"), upload_to="agendas/", blank=True)

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")

    def __str__(self) -> str:
        return str(self.meeting)


AGENDA_STATES = StateMachine([
    transition("sign_off", "compiled", "signed_off", ["office"], label=_("办公室确认")),
    transition("reopen", ["signed_off", "approved"], "compiled", ["office", "leader", "chair"], label=_("退回修改"),
               requires_comment=True),
    transition("approve", "signed_off", "approved", ["leader", "chair"], label=_("领导审定")),
    transition("distribute", "approved", "distributed", ["office", "system"], label=_("分发会议材料")),
])


class AgendaEvent(TransitionEvent):
    machine = AGENDA_STATES
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("议程流转记录")
        verbose_name_plural = _("议程流转记录")


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        TOPIC = "topic", _("议题")
        STANDING = "standing", _("固定事项")  # e.g. 上次会议决定事项落实情况
        OTHER = "other", _("其他")

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("顺序"))
    topic = models.ForeignKey(Topic, verbose_name=_("议题"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="agenda_items")
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.TOPIC)

    class Meta:
        verbose_name = _("议程事项")
        verbose_name_plural = _("议程事项")
        ordering = ["meeting", "position"]
        constraints = [
            # Deferred so that a reorder can swap positions inside one transaction.
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position_unique",
                                    deferrable=models.Deferrable.DEFERRED),
            models.UniqueConstraint(fields=["meeting", "topic"], condition=models.Q(topic__isnull=False),
                                    name="agenda_item_topic_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.title}"
