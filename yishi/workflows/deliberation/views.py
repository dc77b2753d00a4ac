"""The meeting record page (会议记录): per agenda item the summary, opinions in speaking order, the
decision with its vote, and the work it assigns. Every POST runs one action and redirects with a
message; the actions decide who may record (recorder, office, chair) and what is valid."""

import segno
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yishi.content.rules import rules_in_force
from yishi.platform.links import organisation_url
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.attendance.actions import attendance_sheet
from yishi.workflows.core.admin import run_form
from yishi.workflows.scheduling.visibility import meetings_for_admin, visible_meetings
from yishi.workflows.supervision.models import ActionItem

from . import actions
from .forms import (
    AssignmentForm,
    CandidateForm,
    CandidateVoteForm,
    DecisionForm,
    OpenRecordForm,
    OpinionForm,
    PollCloseForm,
    PollForm,
    RecusalForm,
    VoteForm,
    WrittenOpinionForm,
)
from .models import Candidate, CandidateTally, CandidateVote, Opinion, Poll, Recusal, WrittenOpinion


def _meeting(user, pk: int):
    """A meeting whose record `user` may read (a confidential one: attendees and the named roles)."""
    return get_object_or_404(visible_meetings(user), pk=pk)


def _voters(meeting, record=None) -> list[Person]:
    try:
        present, _members = actions.present_members(meeting, record)
    except ValidationError:  # not frozen yet: no vote, the page says so
        return []
    return list(Person.objects.filter(pk__in=present).order_by("name"))


def _by_item(model, meeting) -> dict[int, list]:
    found: dict[int, list] = {}
    for row in model.objects.filter(agenda_item__meeting=meeting).select_related("person"):
        found.setdefault(row.agenda_item_id, []).append(row)
    return found


def record_page(request, pk: int):
    meeting = _meeting(request.user, pk)
    rules = rules_in_force(meeting.meeting_type_slug, meeting.date)
    may_record = bool(R.roles_of(request.user, rules, meeting.date) & actions.RECORDERS)
    records = list(meeting.item_records.select_related("presenter", "decision", "decision__research_assignee",
                                                       "agenda_item__topic")
                   .prefetch_related(Prefetch("opinions", Opinion.objects.select_related("person")),
                                     Prefetch("candidates", Candidate.objects.prefetch_related(
                                         Prefetch("votes", CandidateVote.objects.order_by("round")))),
                                     Prefetch("decision__action_items",
                                              ActionItem.objects.select_related("owner_department", "owner"))))
    voters = _voters(meeting)
    recusals, written = _by_item(Recusal, meeting), _by_item(WrittenOpinion, meeting)
    polls = {poll.record_id: poll for poll in Poll.objects.filter(record__meeting=meeting).prefetch_related(
        Prefetch("tallies", CandidateTally.objects.select_related("candidate")))}
    for record in records:  # who has still to speak (the chair-last hint), who stepped aside, who wrote
        record.recusals = recusals.get(record.agenda_item_id, [])
        record.written_opinions = written.get(record.agenda_item_id, [])
        record.poll = polls.get(record.pk)
        record.personnel = actions.is_personnel(record)
        recused = {recusal.person_id for recusal in record.recusals}
        spoken = {opinion.person_id for opinion in record.opinions.all()}
        record.waiting = [person for person in voters if person.pk not in spoken | recused]
        record.matter_label = actions.MATTER_LABELS.get(record.matter, record.matter)
    sheet = attendance_sheet(meeting)
    return TemplateResponse(request, "deliberation/record.html", {
        "meeting": meeting, "records": records, "may_record": may_record, "frozen": sheet.frozen,
        "sheet": sheet, "chair_speaks_last": bool(rules and rules.decisions.chair_speaks_last),
        "chairs": "、".join(p.name for p in R.holders_of(R.CHAIR, rules, meeting.date)) if rules else "",
        "open_form": OpenRecordForm(meeting=meeting),
        "opinion_form": OpinionForm(meeting=meeting, voters=voters),
        "decision_form": DecisionForm(meeting=meeting, voters=voters),
        "assignment_form": AssignmentForm(meeting=meeting),
        "candidate_form": CandidateForm(meeting=meeting), "candidate_vote_form": CandidateVoteForm(meeting=meeting),
        "secret_ballot": bool(rules and "secret_ballot" in rules.decisions.voting_methods),
        "may_close_poll": R.CHAIR in R.roles_of(request.user, rules, meeting.date) if rules else False,
        **_vote_qr(meeting),
        "header_icon": "doc-full",
    })


def _vote_qr(meeting) -> dict:
    """The meeting page's address as a QR for the room's screen: members open it on their phones,
    sign in as themselves and vote there."""
    if not Poll.objects.filter(record__meeting=meeting, state=Poll.State.OPEN).exists():
        return {}
    url = organisation_url(reverse("yishi_meeting", args=[meeting.pk])) + "#my-votes"
    return {"vote_url": url, "vote_qr": segno.make(url, error="m").svg_inline(scale=4)}


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
    form = OpinionForm(request.POST, meeting=meeting, voters=_voters(meeting))
    return run_form(request, form, lambda data: actions.state_opinion(
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


@require_POST
def open_poll(request, pk: int):
    meeting = _meeting(request.user, pk)
    return run_form(request, PollForm(request.POST, meeting=meeting), lambda data: actions.open_poll(
        data["record"], actor=request.user), _("已发起无记名投票，请成员用本人账号投票"), _back(pk))


@require_POST
def close_poll(request, pk: int):
    meeting = _meeting(request.user, pk)
    return run_form(request, PollCloseForm(request.POST, meeting=meeting), lambda data: actions.close_poll(
        data["poll"], actor=request.user), _("投票已结束，结果已公布"), _back(pk))


# --- The members' own part, on the meeting page (its visibility rule: meetings_for_admin) ----------


def _day_meeting(user, pk: int):
    return get_object_or_404(meetings_for_admin(user), pk=pk)


def _to_meeting(pk: int) -> str:
    return reverse("yishi_meeting", args=[pk])


@require_POST
def recuse(request, pk: int):
    meeting = _day_meeting(request.user, pk)
    form = RecusalForm(request.POST, meeting=meeting)
    return run_form(request, form, lambda data: actions.recuse(
        data["agenda_item"], data["person"] or R.person_of(request.user), data["reason"], actor=request.user),
        _("已登记回避"), _to_meeting(pk))


@require_POST
def written_opinion(request, pk: int):
    meeting = _day_meeting(request.user, pk)
    form = WrittenOpinionForm(request.POST, meeting=meeting)
    return run_form(request, form, lambda data: actions.submit_written_opinion(
        data["agenda_item"], data["person"] or R.person_of(request.user), data["stance"], data["text"],
        actor=request.user), _("书面意见已提交"), _to_meeting(pk))


@require_POST
def vote(request, pk: int):
    meeting = _day_meeting(request.user, pk)
    form = VoteForm(request.POST, meeting=meeting)
    return run_form(request, form, lambda data: actions.cast_vote(
        data["poll"], data.get("choice", ""), actor=request.user, candidates=form.marks()),
        _("已投票"), _to_meeting(pk) + "#my-votes")


@require_POST
def add_candidate(request, pk: int):
    meeting = _meeting(request.user, pk)
    return run_form(request, CandidateForm(request.POST, meeting=meeting), lambda data: actions.add_candidate(
        data["record"], data["name"], data["proposed_post"], actor=request.user), _("已添加拟任人选"), _back(pk))


@require_POST
def vote_candidate(request, pk: int):
    meeting = _meeting(request.user, pk)
    return run_form(request, CandidateVoteForm(request.POST, meeting=meeting), lambda data: actions.vote_candidate(
        data["candidate"], actor=request.user, agree=data["agree"], disagree=data["disagree"], defer=data["defer"],
        deferral=data["deferral"], reconsider_consent=data["reconsider_consent"]), _("已记录人选表决"), _back(pk))
