"""The meeting record (会议记录) per agenda item: summary, opinions in speaking order, the decision."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ItemRecord(models.Model):
    """What was said and decided on one agenda item."""

    meeting = models.ForeignKey("scheduling.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE,
                                related_name="item_records")
    agenda_item = models.OneToOneField("agenda.AgendaItem", verbose_name=_("议程事项"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="record")
    position = models.PositiveIntegerField(_("顺序"))
    title = models.CharField(_("议题"), max_length=200)
    # Matched against the rules' quorum_rules (e.g. personnel → two thirds).
    matter = models.CharField(_("事项类别"), max_length=40, blank=True,
                              help_text=_("如 personnel（人事）；规则对该类事项可规定更高的到会比例"))
    presenter = models.ForeignKey("structure.Person", verbose_name=_("汇报人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("汇报要点"), blank=True)
    discussion = models.TextField(_("讨论要点"), blank=True)

    class Meta:
        verbose_name = _("会议记录")
        verbose_name_plural = _("会议记录")
        # Agenda items keep their agenda position; items recorded without one are numbered after them.
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Stance(models.TextChoices):
    AGREE = "agree", _("同意")
    AGAINST = "against", _("反对")
    AMEND = "amend", _("建议修改")


class Opinion(models.Model):
    """One participant's stated opinion, numbered in speaking order."""

    record = models.ForeignKey(ItemRecord, on_delete=models.CASCADE, related_name="opinions")
    person = models.ForeignKey("structure.Person", verbose_name=_("发言人"), on_delete=models.PROTECT,
                               related_name="+")
    order = models.PositiveSmallIntegerField(_("发言顺序"))
    stance = models.CharField(_("意见"), max_length=10, choices=Stance.choices)
    reason = models.TextField(_("理由"), blank=True)
    is_chair = models.BooleanField(_("主持人表态"), default=False)
    recorded_by = models.ForeignKey("auth.User", verbose_name=_("记录人"), null=True, on_delete=models.PROTECT,
                                    related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("发言意见")
        verbose_name_plural = _("发言意见")
        ordering = ["record", "order"]
        constraints = [
            models.UniqueConstraint(fields=["record", "person"], name="one_opinion_per_person"),
            models.UniqueConstraint(fields=["record", "order"], name="one_opinion_per_turn"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.person}：{self.get_stance_display()}"


class Decision(models.Model):
    """决定事项: the outcome of one item, with the numbers it was taken on."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("通过")
        REJECTED = "rejected", _("未通过")
        DEFERRED = "deferred", _("暂缓，调研后再议")
        AMENDED = "amended", _("修改后通过")

    class Method(models.TextChoices):
        SHOW_OF_HANDS = "show_of_hands", _("举手表决")
        NO_OBJECTION = "no_objection", _("无异议通过")
        ROLL_CALL = "roll_call", _("逐一表决")

    record = models.OneToOneField(ItemRecord, on_delete=models.CASCADE, related_name="decision")
    meeting = models.ForeignKey("scheduling.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE,
                                related_name="decisions")
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    text = models.TextField(_("决定内容"))
    method = models.CharField(_("表决方式"), max_length=20, choices=Method.choices, blank=True)
    decision_rule = models.CharField(_("表决规则"), max_length=30, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("同意"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("反对"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"), default=0)
    present = models.PositiveSmallIntegerField(_("到会成员"))
    members = models.PositiveSmallIntegerField(_("应到成员"))
    quorum_required = models.PositiveSmallIntegerField(_("法定人数"))
    research_assignee = models.ForeignKey("structure.Person", verbose_name=_("调研负责人"), null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    research_task = models.TextField(_("调研任务"), blank=True)
    research_due = models.DateField(_("调研时限"), null=True, blank=True)
    decided_by = models.ForeignKey("auth.User", verbose_name=_("记录人"), null=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("决定事项")
        verbose_name_plural = _("决定事项")
        ordering = ["meeting", "record__position"]

    def __str__(self) -> str:
        return f"{self.record.title}：{self.get_outcome_display()}"


class Ballot(models.Model):
    """One member's vote in a roll-call (逐一表决)."""

    class Choice(models.TextChoices):
        FOR = "for", _("同意")
        AGAINST = "against", _("反对")
        ABSTAIN = "abstain", _("弃权")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="ballots")
    person = models.ForeignKey("structure.Person", verbose_name=_("表决人"), on_delete=models.PROTECT,
                               related_name="+")
    choice = models.CharField(_("表决意见"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("表决票")
        verbose_name_plural = _("表决票")
        constraints = [models.UniqueConstraint(fields=["decision", "person"], name="one_ballot_per_person")]

    def __str__(self) -> str:
        return f"{self.person}：{self.get_choice_display()}"
