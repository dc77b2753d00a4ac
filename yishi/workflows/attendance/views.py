"""The QR sign-in page: GET shows who is signing in, POST signs in (only inside the sign-in window).
And the admin's attendance pages: sign-in by the secretary, leave decisions, leave requests."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yishi.workflows import roles as R
from yishi.workflows.core.admin import run_form
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.scheduling.visibility import meetings_for_admin

from .actions import (
    TokenExpired,
    confirm_attendance,
    decide_leave,
    invitation_for_token,
    request_leave,
    request_leave_for_period,
    sign_in,
    sign_in_window,
    suggest_delegate,
)
from .forms import ConfirmForm, LeaveCancelForm, LeaveDecisionForm, LeaveRequestForm, PeriodLeaveForm, SignInForm
from .models import Invitation, LeaveRequest


@require_http_methods(["GET", "POST"])
def sign_in_page(request, token: str):
    """Who is signing in, for which meeting, when the window opens and closes (local times); an
    invalid or another organisation's token (400) and an expired one (410) get a page saying so."""
    try:
        invitation = invitation_for_token(token)
        if request.method == "POST":
            sign_in(invitation)
    except ValidationError as error:
        status = 410 if isinstance(error, TokenExpired) else 400
        return render(request, "attendance/sign_in.html", {"errors": error.messages}, status=status)
    opens, closes = sign_in_window(invitation.meeting, invitation.meeting.rules())
    return render(request, "attendance/sign_in.html", {
        "invitation": invitation, "done": request.method == "POST", "opens": opens, "closes": closes})


# --- Admin (registered in wagtail_hooks): every POST runs the action and redirects with a message ---


def _meeting_for(user, pk: int) -> Meeting:
    return get_object_or_404(meetings_for_admin(user), pk=pk)


@require_POST
def admin_sign_in(request, pk: int):
    """The secretary (or the office) signs a person in."""
    meeting = _meeting_for(request.user, pk)
    form = SignInForm(request.POST, meeting=meeting)
    return run_form(request, form, lambda data: sign_in(data["invitation"], by=request.user), _("已代为签到"),
                    reverse("yishi_meeting", args=[pk]))


@require_POST
def admin_decide_leave(request, pk: int):
    """The approver the rules name approves or refuses a leave request."""
    meeting = _meeting_for(request.user, pk)
    form = LeaveDecisionForm(request.POST, meeting=meeting)
    return run_form(request, form, lambda data: decide_leave(data["request"], data["decision"], actor=request.user,
                                                             comment=data["comment"]),
                    _("请假申请已处理"), reverse("yishi_meeting", args=[pk]))


def admin_request_leave(request, pk: int):
    """A person's own leave request from their invitation (or the office's, for them)."""
    invitation = get_object_or_404(Invitation.objects.select_related("meeting", "person"), pk=pk)
    _meeting_for(request.user, invitation.meeting_id)
    if request.method == "POST":
        return run_form(request, LeaveRequestForm(request.POST),
                        lambda data: request_leave(invitation, data["reason"], actor=request.user,
                                                   delegate=data["delegate"]),
                        _("请假申请已提交"), reverse("yishi_meeting", args=[invitation.meeting_id]))
    form = LeaveRequestForm(initial={"delegate": suggest_delegate(invitation)})
    return TemplateResponse(request, "attendance/leave.html", {
        "form": form, "invitation": invitation, "header_icon": "date"})


@require_POST
def admin_confirm(request, pk: int):
    """回执 from the meeting page (the notice links there): the invitee will attend."""
    invitation = get_object_or_404(Invitation.objects.select_related("meeting"), pk=pk)
    _meeting_for(request.user, invitation.meeting_id)
    return run_form(request, ConfirmForm(request.POST), lambda data: confirm_attendance(invitation, actor=request.user),
                    _("已回执：确认参会"), reverse("yishi_meeting", args=[invitation.meeting_id]))


@require_POST
def admin_cancel_leave(request, pk: int):
    """The requester (or the office) withdraws a leave request, pending or approved."""
    leave = get_object_or_404(LeaveRequest.objects.select_related("invitation__meeting", "invitation__person"), pk=pk)
    _meeting_for(request.user, leave.invitation.meeting_id)
    own = leave.invitation.person.user_id == request.user.pk
    back = reverse("yishi_leave") if own else reverse("yishi_meeting", args=[leave.invitation.meeting_id])
    return run_form(request, LeaveCancelForm(request.POST),
                    lambda data: decide_leave(leave, "cancel", actor=request.user, comment=data["comment"]),
                    _("请假申请已撤销"), back)


def admin_period_leave(request):
    """请假 for a period: every meeting the person is invited to from the first to the last day, or none."""
    person = R.person_of(request.user)
    if person is None:
        raise PermissionDenied(_("您的账号未关联人员，不能请假"))
    here = reverse("yishi_leave")
    if request.method == "POST":
        return run_form(request, PeriodLeaveForm(request.POST),
                        lambda data: request_leave_for_period(person, data["first_day"], data["last_day"],
                                                              data["reason"], actor=request.user,
                                                              delegate=data["delegate"]),
                        _("请假申请已提交"), here)
    invitations = (Invitation.objects.filter(person=person, meeting__starts_at__gte=timezone.now())
                   .select_related("meeting").prefetch_related("leave_requests").order_by("meeting__starts_at"))
    return TemplateResponse(request, "attendance/period_leave.html", {
        "form": PeriodLeaveForm(), "invitations": invitations[:50], "header_icon": "date"})
