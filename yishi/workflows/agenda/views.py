"""The office's pages: a topic's workflow (actions its roles allow + audit log), the agenda's reorder
and transitions (buttons of the meeting page, yishi.workflows.meetings), materials and attachments.

Every POST calls the action and redirects with a message (core.admin)."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yishi.tenants.structure.models import display_name
from yishi.workflows import roles as R
from yishi.workflows.core.admin import run_form
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.scheduling.visibility import meetings_for_admin

from . import actions
from .forms import (
    ADMIT_LATE,
    TOPIC_ADMIN_TRANSITIONS,
    AgendaTransitionForm,
    ReorderForm,
    TopicTransitionForm,
)
from .models import FIELD_LABELS, ORDERING_CLASS_LABELS, TOPIC_STATES, Agenda, Topic


def _topic_for(user, pk: int) -> tuple[Topic, set[str]]:
    """The topic and the user's roles for it; 404 unless `visible_topics` lets the user read it."""
    topic = get_object_or_404(actions.with_names(actions.visible_topics(user)).select_related("requested_meeting"),
                              pk=pk)
    return topic, actions.topic_roles(user, topic)


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
        forms.append((ADMIT_LATE, TOPIC_STATES.by_name[ADMIT_LATE].label, False,
                      TopicTransitionForm(initial={"transition": ADMIT_LATE})))
    return TemplateResponse(request, "agenda/topic.html", {
        "topic": topic, "forms": forms, "events": _events(topic), "content": _content(topic),
        "ordering_class": ORDERING_CLASS_LABELS.get(topic.ordering_class, topic.ordering_class),
        "matter": dict(actions.matter_choices(topic.created_at.date())).get(topic.matter, topic.matter)
        if topic.matter else "",
        "attachments": actions.visible_attachments(request.user).filter(topic=topic), "header_icon": "doc-full",
        "may_edit": topic.state in actions.EDITABLE and bool(roles & {"owner", R.OFFICE}),
    })


def _events(topic: Topic) -> list[dict]:
    """The audit log with the transitions' and states' names, and people by name."""
    names = {t.name: t.label for t in TOPIC_STATES.transitions} | {ADMIT_LATE: _("同意逾期上会")}
    states = dict(Topic.State.choices)
    events = list(topic.events.select_related("actor__person").order_by("at", "pk"))
    return [{"at": e.at, "actor": display_name(e.actor) or _("系统"), "comment": e.comment,
             "transition": names.get(e.transition, e.transition),
             "from_state": states.get(e.from_state, e.from_state), "to_state": states.get(e.to_state, e.to_state)}
            for e in events]


def _content(topic: Topic) -> list[tuple[str, str]]:
    """The content fields by their labels, in the usual order."""
    order = list(FIELD_LABELS)
    keys = sorted(topic.content, key=lambda key: order.index(key) if key in order else len(order))
    return [(FIELD_LABELS.get(key, key), topic.content[key]) for key in keys if topic.content[key]]


def _meeting_for(user, pk: int) -> Meeting:
    return get_object_or_404(meetings_for_admin(user), pk=pk)


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


def _download(field) -> FileResponse:
    return FileResponse(field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1])


def topic_attachment(request, pk: int, attachment_pk: int):
    """A topic's attachment: for those who may read the topic, or the invitees of a meeting whose
    agenda it is on (its materials) once it is not a draft (`actions.visible_attachments`)."""
    attachment = get_object_or_404(actions.visible_attachments(request.user), pk=attachment_pk, topic_id=pk)
    return _download(attachment.file)


def agenda_bundle(request, pk: int):
    """The meeting's materials bundle, for those who may open the meeting's page."""
    agenda = get_object_or_404(Agenda, meeting=_meeting_for(request.user, pk))
    if not agenda.bundle:
        raise Http404
    if agenda.meeting.agenda_items.filter(recusals__person__user=request.user).exists():
        # The bundle holds every item's materials; a recused member downloads the others one by one.
        raise PermissionDenied(_("您已回避本次会议的议题，会议材料包不对您提供，请逐项查看其他议题的材料"))
    return _download(agenda.bundle)
