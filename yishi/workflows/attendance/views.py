"""The QR sign-in page: GET shows who is signing in, POST signs in (only inside the sign-in window).
And the admin's attendance pages: sign-in by the secretary, leave decisions, leave requests."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yishi.workflows import roles as R
from yishi.workflows.core.admin import run_form
from yishi.workflows.scheduling.models import Meeting

from .actions import (
    SIGN_IN_SALT,
    decide_leave,
    request_leave,
    request_leave_for_period,
    sign_in,
    sign_in_with_token,
    suggest_delegate,
)
from .forms import LeaveDecisionForm, LeaveRequestForm, PeriodLeaveForm, SignInForm
from .models import Invitation


@require_http_methods(["GET", "POST"])
def sign_in_page(request, token: str):
    if request.method == "POST":
        try:
            invitation = sign_in_with_token(token)
        except ValidationError as error:
            return render(request, "attendance/sign_in.html", {"errors": error.messages}, status=400)
        return render(request, "attendance/sign_in.html", {"invitation": invitation, "done": True})
    try:
        data = signing.loads(token, salt=SIGN_IN_SALT)
        invitation = Invitation.objects.select_related("meeting", "person").get(pk=data["i"])
    except (signing.BadSignature, KeyError, Invitation.DoesNotExist):
        return render(request, "attendance/sign_in.html", {"errors": ["签到二维码无效"]}, status=400)
    return render(request, "attendance/sign_in.html", {"invitation": invitation})


# --- Admin (registered in wagtail_hooks): every POST runs the action and redirects with a message ---


def _meeting_for(user, pk: int) -> Meeting:
    from yishi.workflows.agenda.actions import meetings_for_admin

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


def admin_period_leave(request):
    """请假 for a period: every meeting the person is invited to from the first to the last day, or none."""
    person = R.person_of(request.user)
    here = reverse("yishi_leave")
    if request.method == "POST":
        if person is None:
            messages.error(request, _("您的账号未关联人员，不能请假"))
            return redirect(here)
        return run_form(request, PeriodLeaveForm(request.POST),
                        lambda data: request_leave_for_period(person, data["first_day"], data["last_day"],
                                                              data["reason"], actor=request.user,
                                                              delegate=data["delegate"]),
                        _("请假申请已提交"), here)
    invitations = Invitation.objects.none() if person is None else (
        Invitation.objects.filter(person=person, meeting__starts_at__gte=timezone.now())
        .select_related("meeting").prefetch_related("leave_requests").order_by("meeting__starts_at"))
    return TemplateResponse(request, "attendance/period_leave.html", {
        "form": PeriodLeaveForm(), "invitations": invitations[:50], "header_icon": "date"})
