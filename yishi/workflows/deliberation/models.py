"""The meeting record (会议记录) per agenda item: summary, opinions in speaking order, the decision."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yishi.workflows.core.statemachine import StateMachine, TransitionEvent, transition


class ItemRecord(models.Model):
    """What was said and decided on one agenda item."""

    meeting = models.ForeignKey("scheduling.Meeting", verbose_name=_("会议"), on_delete=models.CASCADE,
                                related_name="item_records")
    agenda_item = models.OneToOneField("agenda.AgendaItem", verbose_name=_("议程事项"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="record")
    position = models.PositiveIntegerField(_("顺序"))
    title = models.CharField(_("议题"), max_length=200)
    # One of the rules' quorum_rules matters (e.g. personnel → two thirds); empty: an ordinary matter.
    matter = models.CharField(_("事项类别"), max_length=40, blank=True,
                              help_text=_("规则对人事等事项可规定更高的到会比例"))
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
        # 前置研究 (e.g. the party committee before the board): its advice, not the decision.
        ADVISE_APPROVE = "advise_approve", _("建议同意")
        ADVISE_REVISE = "advise_revise", _("建议修改后复议")
        ADVISE_WITHHOLD = "advise_withhold", _("建议不予提交")

    class Method(models.TextChoices):
        SHOW_OF_HANDS = "show_of_hands", _("举手表决")
        NO_OBJECTION = "no_objection", _("无异议通过")
        ROLL_CALL = "roll_call", _("逐一表决")
        SECRET_BALLOT = "secret_ballot", _("无记名投票")

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


class Recusal(models.Model):
    """回避: a member concerned with one agenda item receives none of its materials, leaves its quorum
    and vote (as present and as entitled to attend), and the record says so."""

    class Grounds(models.TextChoices):
        SELF = "self", _("本人申请回避")
        CHAIR = "chair", _("主持人决定回避")

    agenda_item = models.ForeignKey("agenda.AgendaItem", verbose_name=_("议程事项"), on_delete=models.CASCADE,
                                    related_name="recusals")
    person = models.ForeignKey("structure.Person", verbose_name=_("回避人"), on_delete=models.PROTECT,
                               related_name="+")
    grounds = models.CharField(_("回避方式"), max_length=10, choices=Grounds.choices)
    reason = models.TextField(_("回避事由"))
    recorded_by = models.ForeignKey("auth.User", verbose_name=_("登记人"), null=True, on_delete=models.PROTECT,
                                    related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("回避")
        verbose_name_plural = _("回避")
        ordering = ["agenda_item", "at", "pk"]
        constraints = [models.UniqueConstraint(fields=["agenda_item", "person"], name="one_recusal_per_item")]

    def __str__(self) -> str:
        return f"{self.person}：{self.get_grounds_display()}"


class WrittenOpinion(models.Model):
    """书面意见 of a member on approved leave on one agenda item: carried into the record and the
    minutes; it is not a vote (the vote counts the members in the room)."""

    agenda_item = models.ForeignKey("agenda.AgendaItem", verbose_name=_("议程事项"), on_delete=models.CASCADE,
                                    related_name="written_opinions")
    person = models.ForeignKey("structure.Person", verbose_name=_("成员"), on_delete=models.PROTECT,
                               related_name="+")
    stance = models.CharField(_("意见"), max_length=10, choices=Stance.choices)
    text = models.TextField(_("书面意见"))
    submitted_by = models.ForeignKey("auth.User", verbose_name=_("提交人"), null=True, on_delete=models.PROTECT,
                                     related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("书面意见")
        verbose_name_plural = _("书面意见")
        ordering = ["agenda_item", "at", "pk"]
        constraints = [models.UniqueConstraint(fields=["agenda_item", "person"], name="one_written_opinion")]

    def __str__(self) -> str:
        return f"{self.person}：{self.get_stance_display()}"


class Poll(models.Model):
    """无记名投票 on one item, cast by the members from their own devices during the sitting.

    Anonymous: `PollVoter` records who voted, the counts below record how, and nothing links the two
    (no per-vote row, no timestamp on the counts). The counts are shown only once the chair closes.
    """

    class State(models.TextChoices):
        OPEN = "open", _("投票中")
        CLOSED = "closed", _("已结束")

    record = models.OneToOneField(ItemRecord, on_delete=models.CASCADE, related_name="poll")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    eligible = models.PositiveSmallIntegerField(_("可投票成员"))
    votes_for = models.PositiveSmallIntegerField(_("同意"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("反对"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"), default=0)
    opened_by = models.ForeignKey("auth.User", verbose_name=_("发起人"), null=True, on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(_("发起时间"), default=timezone.now)

    class Meta:
        verbose_name = _("无记名投票")
        verbose_name_plural = _("无记名投票")

    def __str__(self) -> str:
        return f"{self.record}：{self.get_state_display()}"


POLL_STATES = StateMachine([
    transition("close", "open", "closed", ["chair"], label=_("结束投票，公布结果")),
])


class PollEvent(TransitionEvent):
    machine = POLL_STATES
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("投票记录")
        verbose_name_plural = _("投票记录")


class PollVoter(models.Model):
    """Who has voted in a poll (not how)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    person = models.ForeignKey("structure.Person", verbose_name=_("投票人"), on_delete=models.PROTECT,
                               related_name="+")
    voted_at = models.DateTimeField(_("投票时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已投票成员")
        verbose_name_plural = _("已投票成员")
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="one_vote_per_person")]

    def __str__(self) -> str:
        return str(self.person)


class Candidate(models.Model):
    """拟任人选 on a personnel item: each is voted on separately (逐个表决)."""

    record = models.ForeignKey(ItemRecord, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("姓名"), max_length=50)
    proposed_post = models.CharField(_("拟任职务"), max_length=200)

    class Meta:
        verbose_name = _("拟任人选")
        verbose_name_plural = _("拟任人选")
        ordering = ["record", "position"]
        constraints = [models.UniqueConstraint(fields=["record", "position"], name="one_candidate_per_position")]

    def __str__(self) -> str:
        return f"{self.name}（{self.proposed_post}）"


class CandidateCounts(models.Model):
    """同意 / 不同意 / 缓议 on one candidate: a round recorded (CandidateVote) or a secret ballot's tally."""

    agree = models.PositiveSmallIntegerField(_("同意"), default=0)
    disagree = models.PositiveSmallIntegerField(_("不同意"), default=0)
    defer = models.PositiveSmallIntegerField(_("缓议"), default=0)

    class Meta:
        abstract = True


class CandidateVote(CandidateCounts):
    """One round of the vote on one candidate (append-only): a later round is a 复议, taken only with
    the consent of more than half of the members; the latest round is the result."""

    class Outcome(models.TextChoices):
        APPOINTED = "appointed", _("通过")
        NOT_APPOINTED = "not_appointed", _("未通过")
        DEFERRED = "deferred", _("暂缓表决")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="votes")
    round = models.PositiveSmallIntegerField(_("轮次"))
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    present = models.PositiveSmallIntegerField(_("到会成员"))
    members = models.PositiveSmallIntegerField(_("应到成员"))
    reconsider_consent = models.PositiveSmallIntegerField(_("同意复议人数"), null=True, blank=True)
    recorded_by = models.ForeignKey("auth.User", verbose_name=_("记录人"), null=True, on_delete=models.PROTECT,
                                    related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("人选表决")
        verbose_name_plural = _("人选表决")
        ordering = ["candidate", "round"]
        constraints = [models.UniqueConstraint(fields=["candidate", "round"], name="one_vote_round")]

    def __str__(self) -> str:
        return f"{self.candidate}：{self.get_outcome_display()}"


class CandidateTally(CandidateCounts):
    """The counts of one candidate in a personnel item's secret ballot (one ballot paper lists every
    candidate: each member marks 同意 / 不同意 / 缓议 for each). Anonymous like the poll's own counts."""

    class Choice(models.TextChoices):  # each one a counter below
        AGREE = "agree", _("同意")
        DISAGREE = "disagree", _("不同意")
        DEFER = "defer", _("缓议")

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="tallies")
    candidate = models.ForeignKey(Candidate, verbose_name=_("拟任人选"), on_delete=models.CASCADE,
                                  related_name="tallies")

    class Meta:
        verbose_name = _("人选计票")
        verbose_name_plural = _("人选计票")
        ordering = ["poll", "candidate__position"]
        constraints = [models.UniqueConstraint(fields=["poll", "candidate"], name="one_tally_per_candidate")]

    def __str__(self) -> str:
        return str(self.candidate)

