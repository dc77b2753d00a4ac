"""Deliberation: opinions in speaking order (chair last where the rules say so), quorum, votes, decisions.

    record = open_record(meeting, agenda_item=…, presenter=…, summary=…)
    state_opinion(record, person, "agree", reason, actor=secretary)
    decide(record, outcome="adopted", text=…, method="show_of_hands", votes_for=6, …, assignments=[…])

Quorum is read from the frozen attendance sheet (attendance.freeze_attendance); every number comes
from the meeting type's rules in force on the meeting date.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from yishi.content.rules import MeetingRules
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.attendance.actions import attendance_sheet, meeting_rules
from yishi.workflows.attendance.models import Status
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.actions import Assignment, assign, clean_assignment

from .models import Ballot, Decision, ItemRecord, Opinion, Stance

IN_THE_ROOM = (Status.PRESENT, Status.LATE)
RECORDERS = {R.OFFICE, R.SECRETARY, R.CHAIR}


def _require_recorder(actor, rules: MeetingRules, meeting: Meeting) -> None:
    if not R.roles_of(actor, rules, meeting.date) & RECORDERS:
        raise PermissionDenied(_("只有会议记录人、办公室或主持人可以记录"))


@transaction.atomic
def open_record(meeting: Meeting, *, actor, agenda_item=None, title: str = "", matter: str = "",
                presenter: Person | None = None, summary: str = "") -> ItemRecord:
    """The record of one agenda item (idempotent per agenda item)."""
    _require_recorder(actor, meeting_rules(meeting), meeting)
    if agenda_item is not None:
        record, _created = ItemRecord.objects.get_or_create(
            agenda_item=agenda_item, defaults={"meeting": meeting, "position": agenda_item.position,
                                               "title": agenda_item.title, "matter": matter,
                                               "presenter": presenter, "summary": summary})
        return record
    if not title.strip():
        raise ValidationError({"title": _("请填写议题名称")})
    position = (meeting.item_records.aggregate(last=Max("position"))["last"] or 0) + 1
    return ItemRecord.objects.create(meeting=meeting, position=position, title=title.strip(), matter=matter,
                                     presenter=presenter, summary=summary)


def present_members(meeting: Meeting) -> tuple[list[int], int]:
    """(person ids of members in the room, number of members) from the frozen sheet.

    Stand-ins (B岗 or a named delegate) sit in a member's seat and count for it; observers never count.
    """
    sheet = attendance_sheet(meeting)
    if not sheet.frozen:
        raise ValidationError({"meeting": _("考勤尚未冻结，不能表决")}, code="attendance_not_frozen")
    members = [row for row in sheet.rows if row.role == R.MEMBER]
    seats = [row for row in members if not row.substitute_for]
    present = [row.person_id for row in members if row.status in IN_THE_ROOM]
    return present, len(seats)


def quorum_required(fraction: float, members: int) -> int:
    """Members that must be present: 半数以上 / 三分之二以上 include the number itself (以上含本数).

    Fractions arrive rounded (0.6667): read them as the simple fraction they stand for (2/3).
    """
    return math.ceil(Fraction(fraction).limit_denominator(100) * members)


def check_quorum(meeting: Meeting, rules: MeetingRules, matter: str) -> tuple[list[int], int, int]:
    present, members = present_members(meeting)
    required = quorum_required(rules.decisions.quorum_for(matter or None), members)
    if len(present) < required:
        raise ValidationError(
            {"meeting": _("未达到法定人数：应到 %(members)s 人，实到 %(present)s 人，须至少 %(required)s 人"
                          "（%(present)s of %(members)s present, %(required)s required）")
             % {"present": len(present), "members": members, "required": required}},
            code="no_quorum")
    return present, members, required


def _chair_ids(rules: MeetingRules, meeting: Meeting) -> set[int]:
    return {person.pk for person in R.holders_of(R.CHAIR, rules, meeting.date)}


@transaction.atomic
def state_opinion(record: ItemRecord, person: Person, stance: str, reason: str = "", *, actor) -> Opinion:
    """Record `person`'s opinion as the next in speaking order.

    一把手末位表态: where the rules say so, the chair's opinion is refused until every other member
    in the room has spoken, and nobody speaks after the chair.
    """
    record = ItemRecord.objects.select_for_update().get(pk=record.pk)  # one speaker at a time
    meeting = record.meeting
    rules = meeting_rules(meeting)
    _require_recorder(actor, rules, meeting)
    errors = {}
    if stance not in Stance.values:
        errors["stance"] = _("意见应为 同意、反对 或 建议修改")
    if stance in {"against", "amend"} and not reason.strip():
        errors["reason"] = _("反对或建议修改须说明理由")
    if hasattr(record, "decision"):
        errors["record"] = _("该议题已作出决定，不能再记录意见")
    spoken = dict(record.opinions.values_list("person_id", "is_chair"))
    if person.pk in spoken:
        errors["person"] = _("%(name)s 已发表意见") % {"name": person.name}
    present, _members = present_members(meeting)
    if person.pk not in present:
        errors["person"] = _("%(name)s 不在到会成员之列") % {"name": person.name}
    is_chair = person.pk in _chair_ids(rules, meeting)
    if rules.decisions.chair_speaks_last and not errors:
        if any(spoken.values()):
            errors["person"] = _("主持人已末位表态，不能再记录其他意见")
        elif is_chair:
            waiting = Person.objects.filter(pk__in=set(present) - set(spoken) - {person.pk}).order_by("name")
            if waiting:
                errors["person"] = _("主持人须最后表态：%(names)s 尚未发表意见") % {
                    "names": "、".join(p.name for p in waiting)}
    if errors:
        raise ValidationError(errors)
    return Opinion.objects.create(record=record, person=person, order=len(spoken) + 1, stance=stance,
                                  reason=reason.strip(), is_chair=is_chair, recorded_by=actor)


@dataclass(frozen=True)
class Research:
    """暂缓: who researches what by when; the topic returns to a later meeting."""

    assignee: Person | None
    task: str
    due: object  # dt.date


def count_votes(method: str, present: list[int], *, votes_for: int = 0, votes_against: int = 0,
                votes_abstain: int = 0, objections: int = 0, ballots: dict | None = None) -> tuple[int, int, int]:
    """(for, against, abstain) for a method, checked against the people in the room."""
    if method == Decision.Method.NO_OBJECTION:
        if objections:
            raise ValidationError({"method": _("有 %(n)s 人提出异议，请改用举手或逐一表决") % {"n": objections}})
        return len(present), 0, 0
    if method == Decision.Method.ROLL_CALL:
        ballots = ballots or {}
        missing = set(present) - {person.pk for person in ballots}
        strangers = {person.pk for person in ballots} - set(present)
        if missing or strangers:
            raise ValidationError({"ballots": _("逐一表决须由每位到会成员且仅由到会成员表决")})
        choices = list(ballots.values())
        if any(choice not in Ballot.Choice.values for choice in choices):
            raise ValidationError({"ballots": _("表决意见应为 同意、反对 或 弃权")})
        return choices.count("for"), choices.count("against"), choices.count("abstain")
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise ValidationError({"votes_for": _("票数不能为负")})
    if votes_for + votes_against + votes_abstain > len(present):
        raise ValidationError({"votes_for": _("票数合计 %(total)s 超过到会人数 %(present)s") % {
            "total": votes_for + votes_against + votes_abstain, "present": len(present)}})
    return votes_for, votes_against, votes_abstain


def carried(rule: str, votes_for: int, present: int, members: int) -> bool:
    """过半数: more than half of those present, or of all members, as the rules say."""
    base = members if rule == "majority_of_members" else present
    return 2 * votes_for > base


@transaction.atomic
def decide(record: ItemRecord, *, actor, outcome: str, text: str, method: str = "", votes_for: int = 0,
           votes_against: int = 0, votes_abstain: int = 0, objections: int = 0, ballots: dict | None = None,
           assignments: list[Assignment] = (), research: Research | None = None) -> Decision:
    """Take the decision on one item. Adopted/amended must carry by the rules' decision rule with a
    quorum; rejected is what a vote that does not carry gives; deferred needs a research assignment.
    Adopted work becomes action items. Nothing is written unless everything is valid."""
    record = ItemRecord.objects.select_for_update().get(pk=record.pk)
    meeting = record.meeting
    rules = meeting_rules(meeting)
    roles = R.roles_of(actor, rules, meeting.date)
    if not roles & RECORDERS:
        raise PermissionDenied(_("只有会议记录人、办公室或主持人可以记录决定"))
    if hasattr(record, "decision"):
        raise ValidationError({"record": _("该议题已作出决定")})
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("未知的决定结果 %(outcome)s") % {"outcome": outcome}})
    if not text.strip():
        raise ValidationError({"text": _("请填写决定内容")})
    decision = Decision(record=record, meeting=meeting, outcome=outcome, text=text.strip(), decided_by=actor,
                        decision_rule=rules.decisions.decision_rule)
    if outcome == Decision.Outcome.DEFERRED:
        # Deferring needs no vote (and may be what a meeting without quorum does).
        present, members = present_members(meeting)
        errors = {}
        if research is None or research.assignee is None:
            errors["research_assignee"] = _("暂缓的议题须指定调研负责人")
        if research is None or not research.task.strip():
            errors["research_task"] = _("请填写调研任务")
        if research is None or research.due is None or research.due <= meeting.date:
            errors["research_due"] = _("调研时限须晚于会议日期")
        if errors:
            raise ValidationError(errors)
        decision.present, decision.members = len(present), members
        decision.quorum_required = quorum_required(rules.decisions.quorum_for(record.matter or None), members)
        decision.research_assignee, decision.research_task, decision.research_due = (
            research.assignee, research.task.strip(), research.due)
        decision.save()
        _topic_follows(record, decision, actor)
        return decision
    present, members, required = check_quorum(meeting, rules, record.matter)
    if method not in rules.decisions.voting_methods:
        raise ValidationError({"method": _("本会议规则的表决方式为：%(methods)s") % {
            "methods": "、".join(str(Decision.Method(m).label) for m in rules.decisions.voting_methods)}})
    counts = count_votes(method, present, votes_for=votes_for, votes_against=votes_against,
                         votes_abstain=votes_abstain, objections=objections, ballots=ballots)
    passed = carried(rules.decisions.decision_rule, counts[0], len(present), members)
    if outcome in (Decision.Outcome.ADOPTED, Decision.Outcome.AMENDED) and not passed:
        base = members if rules.decisions.decision_rule == "majority_of_members" else len(present)
        raise ValidationError({"outcome": _("同意 %(yes)s 票，未超过%(base_label)s %(base)s 人的半数，不能通过") % {
            "yes": counts[0], "base": base,
            "base_label": _("应到成员") if rules.decisions.decision_rule == "majority_of_members" else _("到会成员")}})
    if outcome == Decision.Outcome.REJECTED and passed:
        raise ValidationError({"outcome": _("同意票已过半数，表决结果为通过")})
    work = list(assignments) if outcome in (Decision.Outcome.ADOPTED, Decision.Outcome.AMENDED) else []
    errors = {}
    for index, assignment in enumerate(work):
        try:
            clean_assignment(meeting, assignment, rules, prefix=f"assignments[{index}].")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    decision.method = method
    decision.votes_for, decision.votes_against, decision.votes_abstain = counts
    decision.present, decision.members, decision.quorum_required = len(present), members, required
    decision.save()
    if method == Decision.Method.ROLL_CALL:
        Ballot.objects.bulk_create(Ballot(decision=decision, person=person, choice=choice)
                                   for person, choice in ballots.items())
    for assignment in work:
        assign(meeting, assignment, decision=decision, actor=actor)
    _topic_follows(record, decision, actor)
    return decision


def _topic_follows(record: ItemRecord, decision: Decision, actor) -> None:
    """Move the agenda item's topic: decided, or deferred with its research assignment (back later)."""
    topic = record.agenda_item.topic if record.agenda_item_id else None
    if topic is None:
        return
    from yishi.workflows.agenda.actions import transition_topic

    at = record.meeting.starts_at  # the meeting's time, whatever the clock says when it is typed in
    if decision.outcome == Decision.Outcome.DEFERRED:
        # The meeting deferred it under its chair: recorded as the chair's transition.
        transition_topic(topic, "defer", actor=actor, roles={R.CHAIR}, comment=decision.research_task,
                         research_due=decision.research_due, now=at)
        return
    if topic.state == "placed":
        transition_topic(topic, "discuss", actor=actor, roles={R.SYSTEM}, now=at)
    transition_topic(topic, "decide", actor=actor, roles={R.SYSTEM}, comment=decision.get_outcome_display(), now=at)


@transaction.atomic
def assign_from_decision(decision: Decision, assignment: Assignment, *, actor):
    """A further piece of work from an adopted (or amended) decision, recorded after the vote."""
    meeting = decision.meeting
    _require_recorder(actor, meeting_rules(meeting), meeting)
    if decision.outcome not in (Decision.Outcome.ADOPTED, Decision.Outcome.AMENDED):
        raise ValidationError({"decision": _("只有通过的决定才能交办事项")})
    return assign(meeting, assignment, decision=decision, actor=actor)
