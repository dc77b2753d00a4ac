"""The meeting record page (会议记录): per agenda item the summary, opinions in speaking order, the
decision with its vote, and the work it assigns. Every POST runs one action and redirects with a
message; the actions decide who may record (recorder, office, chair) and what is valid."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.attendance.actions import meeting_rules
from yishi.workflows.core.admin import run_form
from yishi.workflows.minutes.actions import visible_meetings
from yishi.workflows.supervision.models import ActionItem

from . import actions
from .forms import AssignmentForm, DecisionForm, OpenRecordForm, OpinionForm
from .models import Opinion


def _meeting(user, pk: int):
    """A meeting whose record `user` may read (a confidential one: attendees and the named roles)."""
    return get_object_or_404(visible_meetings(user), pk=pk)


def _voters(meeting) -> list[Person]:
    try:
        present, _members = actions.present_members(meeting)
    except ValidationError:  # not frozen yet: no vote, the page says so
        return []
    return list(Person.objects.filter(pk__in=present).order_by("name"))


def record_page(request, pk: int):
    meeting = _meeting(request.user, pk)
    may_record = bool(R.roles_of(request.user, meeting_rules(meeting), meeting.date) & actions.RECORDERS)
    records = list(meeting.item_records.select_related("presenter", "decision", "decision__research_assignee")
                   .prefetch_related(Prefetch("opinions", Opinion.objects.select_related("person")),
                                     Prefetch("decision__action_items",
                                              ActionItem.objects.select_related("owner_department", "owner"))))
    voters = _voters(meeting)
    return TemplateResponse(request, "deliberation/record.html", {
        "meeting": meeting, "records": records, "may_record": may_record, "frozen": bool(voters),
        "open_form": OpenRecordForm(meeting=meeting),
        "opinion_form": OpinionForm(meeting=meeting),
        "decision_form": DecisionForm(meeting=meeting, voters=voters),
        "assignment_form": AssignmentForm(meeting=meeting),
        "header_icon": "doc-full",
    })


def _back(pk: int) -> str:
    return reverse("yishi_meeting_record", args=[pk])


@require_POST
def open_record(request, pk: int):
    meeting = _meeting(request.user, pk)
    return run_form(request, OpenRecordForm(request.POST, meeting=meeting), lambda data: actions.open_record(
        meeting, actor=request.user, agenda_item=data["agenda_item"], title=data["title"], matter=data["matter"],
        presenter=data["presenter"], summary=data["summary"]), _("已建立议题记录"), _back(pk))


@require_POST
def state_opinion(request, pk: int):
    meeting = _meeting(request.user, pk)
    return run_form(request, OpinionForm(request.POST, meeting=meeting), lambda data: actions.state_opinion(
        data["record"], data["person"], data["stance"], data["reason"], actor=request.user),
        _("已记录发言意见"), _back(pk))


@require_POST
def decide(request, pk: int):
    meeting = _meeting(request.user, pk)
    form = DecisionForm(request.POST, meeting=meeting, voters=_voters(meeting))

    def perform(data):
        research = None
        if data["outcome"] == "deferred":
            research = actions.Research(data["research_assignee"], data["research_task"], data["research_due"])
        return actions.decide(
            data["record"], actor=request.user, outcome=data["outcome"], text=data["text"], method=data["method"],
            votes_for=data["votes_for"] or 0, votes_against=data["votes_against"] or 0,
            votes_abstain=data["votes_abstain"] or 0, objections=data["objections"] or 0,
            ballots=form.ballots(), research=research)

    return run_form(request, form, perform, _("已记录决定"), _back(pk))


@require_POST
def assign(request, pk: int):
    meeting = _meeting(request.user, pk)
    form = AssignmentForm(request.POST, meeting=meeting)
    return run_form(request, form, lambda data: actions.assign_from_decision(
        data["decision"], form.assignment(), actor=request.user), _("已交办督办事项"), _back(pk))
