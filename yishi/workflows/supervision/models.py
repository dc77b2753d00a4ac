"""Action items (决定事项的落实) and their supervision (督查督办).

Every state change goes through ACTION_ITEM_STATES (one declared table, compare-and-set, an
ActionItemEvent per change). Reminders and escalations are found by a beat scan (reminders.py), never
scheduled as long ETA tasks, and go out through the notices outbox under a dedupe key.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yishi.workflows.core.statemachine import StateMachine, TransitionEvent, transition


class ActionItem(models.Model):
    class State(models.TextChoices):
        ASSIGNED = "assigned", _("已交办")
        IN_PROGRESS = "in_progress", _("办理中")
        DONE = "done", _("已办结")
        VERIFIED = "verified", _("已核实")
        ARCHIVED = "archived", _("已归档")

    meeting = models.ForeignKey("scheduling.Meeting", verbose_name=_("会议"), on_delete=models.PROTECT,
                                related_name="action_items")
    decision = models.ForeignKey("deliberation.Decision", verbose_name=_("决定事项"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="action_items")
    title = models.CharField(_("事项"), max_length=200)
    description = models.TextField(_("工作要求"), blank=True)
    owner_department = models.ForeignKey("structure.Department", verbose_name=_("责任科室"),
                                         on_delete=models.PROTECT, related_name="action_items")
    owner = models.ForeignKey("structure.Person", verbose_name=_("责任人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="action_items")
    # 分管领导: first step of the escalation ladder and the board's "per leader" view.
    leader = models.ForeignKey("structure.Person", verbose_name=_("分管领导"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="led_action_items")
    due_date = models.DateField(_("办结时限"), db_index=True)
    due_workdays = models.PositiveSmallIntegerField(_("时限（工作日）"), null=True, blank=True,
                                                    help_text=_("自会议之日起的工作日数；为空表示绝对日期"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.ASSIGNED,
                             db_index=True)
    meeting_type_slug = models.SlugField(_("会议类型"), max_length=80, db_index=True)
    created_at = models.DateTimeField(_("交办时间"), default=timezone.now)
    done_on = models.DateField(_("办结日期"), null=True, blank=True)
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def on_time(self) -> bool | None:
        return None if self.done_on is None else self.done_on <= self.due_date


OPEN_STATES = (ActionItem.State.ASSIGNED, ActionItem.State.IN_PROGRESS)
FINISHED_STATES = (ActionItem.State.DONE, ActionItem.State.VERIFIED, ActionItem.State.ARCHIVED)

# Roles: owner (责任人), department_head (责任科室负责人), supervisor (督查), office (办公室), system (beat).
ACTION_ITEM_STATES = StateMachine([
    # Created with the decision that assigns it (by its recorder: deliberation checks who that may be).
    transition("assign", "", "assigned", ["office", "chair", "secretary"], label=_("交办")),
    transition("start", "assigned", "in_progress", ["owner", "department_head", "office"], label=_("开始办理")),
    transition("complete", ["assigned", "in_progress"], "done", ["owner", "department_head"],
               label=_("报告办结"), requires_comment=True),
    transition("verify", "done", "verified", ["supervisor"], label=_("核实办结")),
    transition("send_back", "done", "in_progress", ["supervisor"], label=_("退回重办"), requires_comment=True),
    transition("archive", "verified", "archived", ["supervisor", "office"], label=_("归档")),
    # An approved change request moves the due date or the task, not the state.
    transition("change_delay", list(OPEN_STATES), None, ["approver"], label=_("同意延期")),
    transition("change_rescope", list(OPEN_STATES), None, ["approver"], label=_("同意调整任务")),
])


class ActionItemEvent(TransitionEvent):
    machine = ACTION_ITEM_STATES
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("督办事项记录")
        verbose_name_plural = _("督办事项记录")

    @property
    def transition_label(self) -> str:
        return str(EVENT_LABELS.get(self.transition, self.transition))

    @property
    def to_state_label(self) -> str:
        return str(dict(ActionItem.State.choices).get(self.to_state, self.to_state))


class ProgressReport(models.Model):
    """进展反馈: due every `follow_up.progress_interval_workdays` working days while the item is open."""

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="progress_reports")
    author = models.ForeignKey("auth.User", verbose_name=_("反馈人"), null=True, on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0)
    at = models.DateTimeField(_("反馈时间"), default=timezone.now)

    class Meta:
        verbose_name = _("进展反馈")
        verbose_name_plural = _("进展反馈")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}：{self.at:%Y-%m-%d}"


class ProgressAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    # TenantFileSystemStorage puts this under MEDIA_ROOT/<schema>/.
    file = models.FileField(_("附件"), upload_to="supervision/progress/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)

    class Meta:
        verbose_name = _("反馈附件")
        verbose_name_plural = _("反馈附件")

    def __str__(self) -> str:
        return self.name


class ChangeRequest(models.Model):
    """申请延期 / 调整: decided by the approver the rules name, then reported at the next meeting."""

    class Kind(models.TextChoices):
        DELAY = "delay", _("延期")
        RESCOPE = "rescope", _("调整任务")

    class State(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REJECTED = "rejected", _("未同意")

    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("理由"))
    proposed_due_date = models.DateField(_("申请时限"), null=True, blank=True)
    proposed_description = models.TextField(_("调整后的工作要求"), blank=True)
    previous_due_date = models.DateField(_("原时限"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey("auth.User", verbose_name=_("申请人"), null=True, on_delete=models.PROTECT,
                                     related_name="+")
    # The meeting whose agenda reports it (the next meeting of the item's type after the request).
    next_meeting = models.ForeignKey("scheduling.Meeting", verbose_name=_("提交会议"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="change_requests")
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)

    class Meta:
        verbose_name = _("变更申请")
        verbose_name_plural = _("变更申请")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item}：{self.get_kind_display()}"


CHANGE_REQUEST_STATES = StateMachine([
    transition("approve", "pending", "approved", ["approver"], label=_("同意变更")),
    transition("reject", "pending", "rejected", ["approver"], label=_("不同意变更"), requires_comment=True),
])


# The item's log names what happened: its transitions, the assignment, and approved changes (actions.py).
EVENT_LABELS = {step.name: step.label for step in ACTION_ITEM_STATES.transitions}


class ChangeRequestEvent(TransitionEvent):
    machine = CHANGE_REQUEST_STATES
    change_request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("变更申请记录")
        verbose_name_plural = _("变更申请记录")


class SupervisionReport(models.Model):
    """A monthly or quarterly supervision report (督查通报), generated as DOCX by a task."""

    class Period(models.TextChoices):
        MONTH = "month", _("月度")
        QUARTER = "quarter", _("季度")

    period = models.CharField(_("周期"), max_length=10, choices=Period.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("截止日期"))
    file = models.FileField(_("文件"), upload_to="supervision/reports/", blank=True)
    figures = models.JSONField(_("数据"), default=dict)
    created_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("督查通报")
        verbose_name_plural = _("督查通报")
        ordering = ["-start"]
        constraints = [models.UniqueConstraint(fields=["period", "start"], name="one_report_per_period")]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"
