"""The meetings list and one meeting's page: its day (steps), agenda, attendance, leave, record,
minutes and notices, each part shown and actionable for the roles the rules name.

Every POST runs one action and redirects with a message (core.admin.run_form)."""

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yishi.content.rules import rules_in_force
from yishi.platform.links import organisation_url
from yishi.workflows import roles as R
from yishi.workflows.agenda.actions import office_countdowns
from yishi.workflows.agenda.forms import AgendaTransitionForm, ReorderForm
from yishi.workflows.agenda.models import AGENDA_STATES, Agenda
from yishi.workflows.attendance.actions import UPCOMING, attendance_sheet, decidable_leave, sign_in_link
from yishi.workflows.attendance.forms import LeaveDecisionForm
from yishi.workflows.attendance.models import LeaveRequest
from yishi.workflows.core.admin import errors_text, run_form
from yishi.workflows.deliberation.actions import BEFORE_CLOSE, RECORDERS, open_polls_for, recused_items
from yishi.workflows.deliberation.forms import RecusalForm, VoteForm, WrittenOpinionForm
from yishi.workflows.minutes.actions import review
from yishi.workflows.minutes.models import MINUTES_STATES, Minutes
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.scheduling.visibility import meetings_for_admin, visible_meetings

from . import actions
from .convening import propose_ad_hoc
from .forms import AdHocMeetingForm, SignOffForm, StepForm, proposable_types

ANSWERED_BY_LEAVE = (LeaveRequest.State.REQUESTED, LeaveRequest.State.APPROVED)  # a leave request is a receipt

def meetings(request):
    allowed = meetings_for_admin(request.user)
    now = timezone.now()
    return TemplateResponse(request, "meetings/meetings.html", {
        "in_session": allowed.filter(status=Meeting.Status.IN_SESSION).order_by("starts_at"),
        "upcoming": allowed.filter(starts_at__gte=now, status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED])
        .order_by("starts_at")[:30],
        "recent": allowed.filter(status=Meeting.Status.HELD).order_by("-starts_at")[:10],
        "countdowns": office_countdowns(meetings=allowed) if R.group_roles(request.user) & {R.OFFICE} else [],
        "may_propose": bool(proposable_types(request.user)),
        "header_icon": "date",
    })


def _meeting_for(user, pk: int) -> Meeting:
    return get_object_or_404(meetings_for_admin(user), pk=pk)


def _minutes_part(request, meeting: Meeting, roles: set[str]) -> dict:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None or not visible_meetings(request.user).filter(pk=meeting.pk).exists():
        return {"minutes": None}
    return {"minutes": minutes,
            "minutes_steps": MINUTES_STATES.available(minutes.review, roles),
            "sign_off_form": SignOffForm(initial={"step": "sign", "signed_on": timezone.localdate()}),
            "may_edit_minutes": bool(roles & {R.OFFICE, R.SECRETARY}) and minutes.review == Minutes.Review.DRAFTING}


def _my_sign_in(meeting: Meeting, invitation) -> dict:
    if invitation is None or meeting.status not in (Meeting.Status.CONVENED, Meeting.Status.IN_SESSION):
        return {}
    url = organisation_url(sign_in_link(invitation))
    return {"sign_in_url": url, "sign_in_qr": segno.make(url, error="m").svg_inline(scale=4)}


def _my_part(user, meeting: Meeting, invitation, roles: set[str], items) -> dict:
    """The member's own part of the sitting: votes to cast, 回避 to ask (or, for the chair, to declare),
    书面意见 when on leave (recorders take down those sent on paper)."""
    if meeting.status not in BEFORE_CLOSE or not items:
        return {}
    member = invitation is not None and invitation.role == R.MEMBER
    on_leave = member and invitation.leave_requests.filter(state=LeaveRequest.State.APPROVED).exists()
    return {
        "my_votes": [(poll, VoteForm(meeting=meeting, poll=poll, initial={"poll": poll.pk}))
                     for poll in open_polls_for(user, meeting)],
        "recusal_form": RecusalForm(meeting=meeting) if member or R.CHAIR in roles else None,
        "chair_declares": R.CHAIR in roles,
        "written_form": WrittenOpinionForm(meeting=meeting) if on_leave or roles & RECORDERS else None,
        "takes_down": bool(roles & RECORDERS),
    }


def meeting_detail(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    rules = rules_in_force(meeting.meeting_type_slug, meeting.date)
    roles = R.roles_of(request.user, rules, meeting.date)
    items = list(meeting.agenda_items.select_related("topic").prefetch_related("topic__attachments")
                 .order_by("position"))
    agenda = Agenda.objects.filter(meeting=meeting).first()
    sheet = attendance_sheet(meeting)
    leave = list(LeaveRequest.objects.filter(invitation__meeting=meeting)
                 .select_related("invitation__person", "delegate").order_by("requested_at", "pk"))
    agenda_actions = [t for t in AGENDA_STATES.available(agenda.state, roles) if t.name != "distribute"] \
        if agenda else []
    invitation = meeting.invitations.filter(person__user=request.user).first()
    recused = recused_items(request.user)
    for item in items:  # 回避: the member's own items show no materials
        item.recused = item.pk in recused
    return TemplateResponse(request, "meetings/meeting.html", {
        "meeting": meeting, "rules": rules, "roles": R.role_labels(roles),
        "steps": [(step, StepForm(initial={"step": step.name})) for step in actions.day_steps(meeting, roles)],
        "agenda": agenda, "items": items,
        "reorder_form": ReorderForm(items=items)
        if R.OFFICE in roles and items and (agenda is None or agenda.state == Agenda.State.COMPILED) else None,
        "agenda_forms": [(t.label, t.requires_comment, AgendaTransitionForm(initial={"transition": t.name}))
                         for t in agenda_actions],
        "sheet": sheet,
        "may_sign_in": bool(roles & {R.OFFICE, R.SECRETARY}) and not sheet.frozen
        and meeting.status in (Meeting.Status.CONVENED, Meeting.Status.IN_SESSION),
        "leave_requests": leave,
        "decidable_leave": decidable_leave(leave, request.user, rules, meeting.date) if rules else set(),
        "leave_form": LeaveDecisionForm(meeting=meeting),
        "my_invitation": invitation,
        # 回执: the invitee answers once (confirm, or ask leave); the office sees who has not answered.
        "may_confirm": invitation is not None and not invitation.confirmed_at and not any(
            lr.invitation_id == invitation.pk and lr.state in ANSWERED_BY_LEAVE for lr in leave),
        "unanswered": sheet.unanswered if R.OFFICE in roles and not sheet.frozen else None,
        "may_request_leave": invitation is not None and meeting.status in UPCOMING,
        **_my_sign_in(meeting, invitation),
        **_my_part(request.user, meeting, invitation, roles, items),
        **_minutes_part(request, meeting, roles),
        "notices": meeting.notices.all()[:20] if R.OFFICE in roles else [],
        "header_icon": "date",
    })


@require_POST
def meeting_step(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    form = StepForm(request.POST)
    step = actions.STEPS.get(request.POST.get("step", ""))
    done = _("已办理：%(step)s") % {"step": step.label} if step else ""
    return run_form(request, form, lambda data: actions.take_step(meeting, data["step"], actor=request.user,
                                                                  comment=data["comment"]),
                    done, reverse("yishi_meeting", args=[pk]))


@require_POST
def minutes_review(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    form = (SignOffForm if request.POST.get("step") == "sign" else StepForm)(request.POST)
    return run_form(request, form, lambda data: review(minutes, data["step"], user=request.user,
                                                       comment=data["comment"], signed_on=data.get("signed_on")),
                    _("纪要已办理"), reverse("yishi_meeting", args=[pk]))


def propose_meeting(request):
    """临时会议: the rules say who may propose, the notice lead time, and whether at all. Refusals
    re-show the form with the field the action names."""
    types = proposable_types(request.user)
    if not types:
        messages.error(request, _("您不在任何会议规则的临时会议提议人之列"))
        return redirect("yishi_meetings")
    form = AdHocMeetingForm(request.POST or None, types=types)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = propose_ad_hoc(data["meeting_type_slug"], data["starts_at"], actor=request.user,
                                     reason=data["reason"], emergency=data["emergency"], location=data["location"])
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(request, _("临时会议已通知"))
            if meetings_for_admin(request.user).filter(pk=meeting.pk).exists():
                return redirect("yishi_meeting", meeting.pk)
            return redirect("yishi_meetings")
    return TemplateResponse(request, "meetings/propose.html", {"form": form, "header_icon": "date"})
