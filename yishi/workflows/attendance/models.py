"""Invitations, leave requests (请假) with their state table, sign-in (签到) and the frozen sheet.

* ``Invitation(meeting, person, role, post)`` — one per invitee; ``substitute_for`` links a B holder
  invited because the A holder is on approved leave (AB岗).
* ``LeaveRequest`` + ``LEAVE_STATES`` — requested → approved | refused (| cancelled); ``late`` when
  asked after the rules' lead time.
* Sign-in fields live on the invitation; ``attendance.actions.freeze_attendance(meeting)`` writes
  each invitation's final ``status`` and an ``AttendanceSheet`` row; ``attendance_sheet(meeting)``
  reads it (live before freezing).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yishi.tenants.structure.models import Person, Post
from yishi.workflows.core.statemachine import StateMachine, TransitionEvent, transition
from yishi.workflows.scheduling.models import Meeting


class Status(models.TextChoices):
    PRESENT = "present", _("出席")
    LATE = "late", _("迟到")
    DELEGATE = "delegate", _("委托参会")
    ON_LEAVE = "on_leave", _("请假")
    ABSENT = "absent", _("缺席")


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(_("身份"), max_length=20)  # member | observer (yishi.workflows.roles)
    post = models.ForeignKey(Post, verbose_name=_("岗位"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    substitute_for = models.ForeignKey("self", verbose_name=_("替补（AB岗）"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="substitutes")
    signed_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    signed_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("代签人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    late = models.BooleanField(_("迟到"), default=False)
    # 回执: the invitee confirmed from the notice that they will attend (a leave request answers too).
    confirmed_at = models.DateTimeField(_("确认参会时间"), null=True, blank=True)
    status = models.CharField(_("考勤结果"), max_length=20, choices=Status.choices, blank=True)  # set when frozen
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("参会邀请")
        verbose_name_plural = _("参会邀请")
        ordering = ["meeting", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_invitation_per_person")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.person}"


class LeaveRequest(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")
        CANCELLED = "cancelled", _("已撤销")

    invitation = models.ForeignKey(Invitation, verbose_name=_("参会邀请"), on_delete=models.CASCADE,
                                   related_name="leave_requests")
    reason = models.TextField(_("请假事由"))
    delegate = models.ForeignKey(Person, verbose_name=_("委托参会人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="delegations")
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.REQUESTED)
    late = models.BooleanField(_("逾期请假"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))

    class Meta:
        verbose_name = _("请假申请")
        verbose_name_plural = _("请假申请")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open or granted request per invitation; a refused or cancelled one may be asked again.
            models.UniqueConstraint(fields=["invitation"], condition=models.Q(state__in=["requested", "approved"]),
                                    name="one_live_leave_request"),
        ]

    def __str__(self) -> str:
        return f"{self.invitation}：{self.get_state_display()}"


LEAVE_STATES = StateMachine([
    transition("approve", "requested", "approved", ["leave_approver"], label=_("批准请假")),
    transition("refuse", "requested", "refused", ["leave_approver"], label=_("不批准请假"), requires_comment=True),
    transition("cancel", ["requested", "approved"], "cancelled", ["owner", "office"], label=_("撤销请假")),
])


class LeaveEvent(TransitionEvent):
    machine = LEAVE_STATES
    leave_request = models.ForeignKey(LeaveRequest, on_delete=models.CASCADE, related_name="events")

    class Meta(TransitionEvent.Meta):
        verbose_name = _("请假审批记录")
        verbose_name_plural = _("请假审批记录")


class AttendanceSheet(models.Model):
    """The frozen attendance of one meeting (written once, when deliberation starts)."""

    meeting = models.OneToOneField(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE,
                                   related_name="attendance_sheet")
    frozen_at = models.DateTimeField(_("冻结时间"))
    counts = models.JSONField(_("统计"), default=dict)

    class Meta:
        verbose_name = _("考勤表")
        verbose_name_plural = _("考勤表")

    def __str__(self) -> str:
        return str(self.meeting)
