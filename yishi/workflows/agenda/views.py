"""The office's pages: a topic's workflow (actions its roles allow + audit log), the meetings list and
a meeting's page (agenda, attendance, leave, notices), and the ad-hoc meeting proposal.

Every POST calls the action in agenda/attendance/notices and redirects with a message (core.admin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yishi.content.rules import rules_in_force
from yishi.workflows import roles as R
from yishi.workflows.attendance.actions import attendance_sheet
from yishi.workflows.attendance.forms import LeaveDecisionForm, SignInForm
from yishi.workflows.attendance.models import LeaveRequest
from yishi.workflows.core.admin import errors_text, run_form
from yishi.workflows.minutes.actions import visible_meetings
from yishi.workflows.notices.meetings import propose_ad_hoc
from yishi.workflows.scheduling.models import Meeting

from . import actions
from .forms import (
    ADMIT_LATE,
    TOPIC_ADMIN_TRANSITIONS,
    AdHocMeetingForm,
    AgendaTransitionForm,
    ReorderForm,
    TopicTransitionForm,
)
from .models import AGENDA_STATES, TOPIC_STATES, Agenda, Topic, TopicAttachment

# Roles that see a topic's workflow page besides its submitter ("owner").
TOPIC_PAGE_ROLES = {R.OFFICE, R.LEADER, R.CHAIR, "owner"}


def _topic_for(user, pk: int) -> tuple[Topic, set[str]]:
    """The topic and the user's roles for it; 404 for those it is none of their business (as meetings)."""
    topic = get_object_or_404(Topic.objects.select_related("meeting", "requested_meeting", "department"), pk=pk)
    roles = actions.topic_roles(user, topic)
    if not (roles & TOPIC_PAGE_ROLES or user.is_superuser):
        raise Http404
    if topic.meeting_id and not visible_meetings(user).filter(pk=topic.meeting_id).exists():
        raise Http404  # a confidential meeting's topic
    return topic, roles


def topic_detail(request, pk: int):
    """GET: the topic, the transitions the user's roles allow now, the audit log. POST: one transition."""
    topic, roles = _topic_for(request.user, pk)
    here = reverse("yishi_topic", args=[pk])
    meetings = actions.upcoming_meetings(topic.meeting_type_slug, timezone.now())
    if request.method == "POST":
        form = TopicTransitionForm(request.POST, meetings=meetings)

        def perform(data):
            if data["transition"] == ADMIT_LATE:
                return actions.admit_late(topic, actor=request.user, comment=data["comment"])
            return actions.transition_topic(topic, data["transition"], actor=request.user, comment=data["comment"],
                                            research_due=data["research_due"], meeting=data["meeting"])

        return run_form(request, form, perform, _("已办理"), here)
    available = [t for t in TOPIC_STATES.available(topic.state, roles) if t.name in TOPIC_ADMIN_TRANSITIONS]
    forms = [(t.name, t.label, t.requires_comment,
              TopicTransitionForm(initial={"transition": t.name, "meeting": topic.meeting_id}, meetings=meetings))
             for t in available]
    if topic.late and not topic.admitted_late and R.CHAIR in roles:
        forms.append((ADMIT_LATE, _("同意逾期上会"), False, TopicTransitionForm(initial={"transition": ADMIT_LATE})))
    return TemplateResponse(request, "agenda/topic.html", {
        "topic": topic, "forms": forms, "events": _events(topic),
        "attachments": topic.attachments.all(), "header_icon": "doc-full",
    })


def _events(topic: Topic) -> list[dict]:
    """The audit log with the transitions' and states' names."""
    names = {t.name: t.label for t in TOPIC_STATES.transitions} | {ADMIT_LATE: _("同意逾期上会")}
    states = dict(Topic.State.choices)
    return [{"at": e.at, "actor": e.actor, "comment": e.comment, "transition": names.get(e.transition, e.transition),
             "from_state": states.get(e.from_state, e.from_state), "to_state": states.get(e.to_state, e.to_state)}
            for e in topic.events.select_related("actor").order_by("at", "pk")]


def meetings(request):
    allowed = actions.meetings_for_admin(request.user)
    upcoming = allowed.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    return TemplateResponse(request, "agenda/meetings.html", {
        "meetings": upcoming[:30], "countdowns": actions.office_countdowns(meetings=allowed), "header_icon": "date"})


def _meeting_for(user, pk: int) -> Meeting:
    return get_object_or_404(actions.meetings_for_admin(user), pk=pk)


def meeting_detail(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    roles = R.roles_of(request.user, rules_in_force(meeting.meeting_type_slug, meeting.date), meeting.date)
    items = list(meeting.agenda_items.select_related("topic").prefetch_related("topic__attachments")
                 .order_by("position"))
    agenda = Agenda.objects.filter(meeting=meeting).first()
    sheet = attendance_sheet(meeting)
    leave = list(LeaveRequest.objects.filter(invitation__meeting=meeting)
                 .select_related("invitation__person", "delegate").order_by("requested_at", "pk"))
    agenda_actions = [t for t in AGENDA_STATES.available(agenda.state, roles) if t.name != "distribute"] \
        if agenda else []
    return TemplateResponse(request, "agenda/meeting.html", {
        "meeting": meeting, "agenda": agenda, "items": items, "sheet": sheet,
        "notices": meeting.notices.all()[:20],
        "reorder_form": ReorderForm(items=items)
        if R.OFFICE in roles and items and (agenda is None or agenda.state == Agenda.State.COMPILED) else None,
        "agenda_forms": [(t.label, t.requires_comment, AgendaTransitionForm(initial={"transition": t.name}))
                         for t in agenda_actions],
        "may_sign_in": bool(roles & {R.OFFICE, R.SECRETARY}) and not sheet.frozen,
        "sign_in_form": SignInForm(meeting=meeting),
        "leave_requests": leave,
        "may_decide_leave": R.LEAVE_APPROVER in roles,
        "leave_form": LeaveDecisionForm(meeting=meeting),
        "my_invitation": meeting.invitations.filter(person__user=request.user).first(),
    })


@require_POST
def meeting_reorder(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    form = ReorderForm(request.POST, items=list(meeting.agenda_items.order_by("position")))
    return run_form(request, form, lambda data: actions.reorder_agenda(meeting, form.item_ids(), actor=request.user),
                    _("议程顺序已调整"), reverse("yishi_meeting", args=[pk]))


@require_POST
def agenda_transition(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    agenda = get_object_or_404(Agenda, meeting=meeting)

    def perform(data):
        if data["transition"] == "distribute":  # the materials task does this, at the rules' lead time
            raise PermissionDenied(_("会议材料由系统按规则时限分发"))
        return actions.transition_agenda(agenda, data["transition"], actor=request.user, comment=data["comment"])

    return run_form(request, AgendaTransitionForm(request.POST), perform, _("议程已办理"),
                    reverse("yishi_meeting", args=[pk]))


def propose_meeting(request):
    """临时会议: the rules say who may propose, the notice lead time, and whether at all. Refusals
    re-show the form with the field the action names."""
    form = AdHocMeetingForm(request.POST or None)
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
            if actions.meetings_for_admin(request.user).filter(pk=meeting.pk).exists():
                return redirect("yishi_meeting", meeting.pk)
            return redirect("yishi_meetings")
    return TemplateResponse(request, "agenda/propose.html", {"form": form, "header_icon": "date"})


def _download(field) -> FileResponse:
    return FileResponse(field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


def topic_attachment(request, pk: int, attachment_pk: int):
    """A topic's attachment: for those who may open the topic, or the meeting it is on (its materials)."""
    attachment = get_object_or_404(TopicAttachment.objects.select_related("topic"), pk=attachment_pk, topic_id=pk)
    meeting_id = attachment.topic.meeting_id
    if not (meeting_id and actions.meetings_for_admin(request.user).filter(pk=meeting_id).exists()):
        _topic_for(request.user, pk)  # 404 unless the topic's page is theirs
    return _download(attachment.file)


def agenda_bundle(request, pk: int):
    """The meeting's materials bundle, for those who may open the meeting's page."""
    agenda = get_object_or_404(Agenda, meeting=_meeting_for(request.user, pk))
    if not agenda.bundle:
        raise Http404
    return _download(agenda.bundle)
