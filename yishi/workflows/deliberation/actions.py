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
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yishi.content.fractions import spoken
from yishi.content.rules import MeetingRules, matters_in_force
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.agenda.actions import transition_topic
from yishi.workflows.attendance.actions import attendance_sheet
from yishi.workflows.attendance.models import Invitation, LeaveRequest, Status
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision.actions import Assignment, assign, clean_assignment

from .models import (
    POLL_STATES,
    Ballot,
    Candidate,
    CandidateTally,
    CandidateVote,
    Decision,
    ItemRecord,
    Opinion,
    Poll,
    PollVoter,
    Recusal,
    Stance,
    WrittenOpinion,
)

IN_THE_ROOM = (Status.PRESENT, Status.LATE)
PERSONNEL = "personnel"
ADVICE = (Decision.Outcome.ADVISE_APPROVE, Decision.Outcome.ADVISE_REVISE, Decision.Outcome.ADVISE_WITHHOLD)
# Outcomes that need the vote to carry.
CARRYING = (Decision.Outcome.ADOPTED, Decision.Outcome.AMENDED, Decision.Outcome.ADVISE_APPROVE)
RECORDERS = {R.OFFICE, R.SECRETARY, R.CHAIR}

# The matters quorum rules name (the importer's and the templates' vocabulary); others show their code.
MATTER_LABELS = {"personnel": gettext_lazy("人事任免"), "finance": gettext_lazy("财务"),
                 "major": gettext_lazy("重大事项"), "election": gettext_lazy("选举")}


def matter_choices(rules: MeetingRules | None) -> list[tuple[str, str]]:
    """事项 for the record form: an ordinary matter, then each the rules give a quorum of its own."""
    if rules is None:
        return [("", _("一般事项"))]
    need = _("%(matter)s（须%(fraction)s以上成员到会）")
    return [("", need % {"matter": _("一般事项"), "fraction": spoken(rules.decisions.quorum)}),
            *((rule.matter, need % {"matter": MATTER_LABELS.get(rule.matter, rule.matter),
                                    "fraction": spoken(rule.fraction)})
              for rule in rules.decisions.quorum_rules)]


def method_choices(rules: MeetingRules | None) -> list[tuple[str, str]]:
    """表决方式 the rules allow, as labels."""
    return [(method, Decision.Method(method).label) for method in (rules.decisions.voting_methods if rules else ())]


def _require_recorder(actor, rules: MeetingRules, meeting: Meeting) -> None:
    if not R.roles_of(actor, rules, meeting.date) & RECORDERS:
        raise PermissionDenied(_("只有会议记录人、办公室或主持人可以记录"))


@transaction.atomic
def open_record(meeting: Meeting, *, actor, agenda_item=None, title: str = "", matter: str = "",
                presenter: Person | None = None, summary: str = "") -> ItemRecord:
    """The record of one agenda item (idempotent per agenda item). `matter`: one the rules' quorum
    rules name, or empty (an ordinary matter)."""
    rules = meeting.rules()
    _require_recorder(actor, rules, meeting)
    if matter not in dict(matter_choices(rules)):
        raise ValidationError({"matter": _("本会议规则没有“%(matter)s”类事项") % {"matter": matter}})
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


def recused_ids(record: ItemRecord | None) -> set[int]:
    """The people recused from `record`'s agenda item (回避); an ad-hoc record has none."""
    if record is None or not record.agenda_item_id:
        return set()
    return set(Recusal.objects.filter(agenda_item_id=record.agenda_item_id).values_list("person_id", flat=True))


def present_members(meeting: Meeting, record: ItemRecord | None = None) -> tuple[list[int], int]:
    """(person ids of members in the room, number of members) from the frozen sheet.

    Stand-ins (B岗 or a named delegate) sit in a member's seat and count for it; observers never count.
    For one `record`, members recused from its item leave both numbers: its quorum and vote are
    taken among the members not concerned.
    """
    sheet = attendance_sheet(meeting)
    if not sheet.frozen:
        raise ValidationError({"meeting": _("考勤尚未冻结，不能表决")}, code="attendance_not_frozen")
    members = [row for row in sheet.rows if row.role == R.MEMBER]
    seats = [row for row in members if not row.substitute_for]
    recused = recused_ids(record)
    present = [row.person_id for row in members if row.status in IN_THE_ROOM and row.person_id not in recused]
    # A recused stand-in takes the seat they fill out of the count, not a seat of their own.
    recused_seats = set(Invitation.objects.filter(meeting=meeting, role=R.MEMBER, person_id__in=recused)
                        .annotate(seat=Coalesce("substitute_for_id", "pk")).values_list("seat", flat=True))
    return present, len(seats) - len(recused_seats)


def quorum_required(fraction: Fraction, members: int) -> int:
    """Members that must be present: 半数以上 / 三分之二以上 include the number itself (以上含本数)."""
    return math.ceil(fraction * members)


@dataclass(frozen=True)
class Terms:
    """What decides one item: the quorum fraction, the decision rule, and whether this meeting only
    studies it first (前置研究: its outcome is advice)."""

    quorum: Fraction
    decision_rule: str
    prior: bool = False


def terms_for(record: ItemRecord | None, rules: MeetingRules) -> Terms:
    """The catalogued matter of the item's topic sets the quorum and rule where it names them; otherwise
    the meeting type's rules (with their quorum rule for the record's matter)."""
    own = Terms(rules.decisions.quorum_for((record.matter if record else "") or None), rules.decisions.decision_rule)
    topic = record.agenda_item.topic if record is not None and record.agenda_item_id else None
    matter = matters_in_force(record.meeting.date).get(topic.matter) if topic is not None and topic.matter else None
    step = matter.step_for(rules.slug) if matter else None
    if step is None:
        return own
    return Terms(max(matter.quorum or 0, own.quorum), matter.decision_rule or own.decision_rule, step.stage == "prior")


def check_quorum(meeting: Meeting, rules: MeetingRules, matter: str,
                 record: ItemRecord | None = None) -> tuple[list[int], int, int]:
    present, members = present_members(meeting, record)
    fraction = terms_for(record, rules).quorum if record is not None else rules.decisions.quorum_for(matter or None)
    required = quorum_required(fraction, members)
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
    rules = meeting.rules()
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
    present, _members = present_members(meeting, record)
    if person.pk in recused_ids(record):
        errors["person"] = _("%(name)s 已回避本议题") % {"name": person.name}
    elif person.pk not in present:
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
    rules = meeting.rules()
    roles = R.roles_of(actor, rules, meeting.date)
    if not roles & RECORDERS:
        raise PermissionDenied(_("只有会议记录人、办公室或主持人可以记录决定"))
    if hasattr(record, "decision"):
        raise ValidationError({"record": _("该议题已作出决定")})
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("未知的决定结果 %(outcome)s") % {"outcome": outcome}})
    if not text.strip():
        raise ValidationError({"text": _("请填写决定内容")})
    unvoted = [c.name for c in record.candidates.filter(votes__isnull=True)]
    if unvoted and outcome != Decision.Outcome.DEFERRED:
        raise ValidationError({"record": _("拟任人选尚未逐个表决：%(names)s") % {"names": "、".join(unvoted)}})
    terms = terms_for(record, rules)
    if terms.prior != (outcome in ADVICE) and outcome != Decision.Outcome.DEFERRED:
        raise ValidationError({"outcome": _(
            "本会议对该事项作前置研究，结果应为 建议同意、建议修改后复议 或 建议不予提交") if terms.prior
            else _("建议类结果只用于前置研究")})
    decision = Decision(record=record, meeting=meeting, outcome=outcome, text=text.strip(), decided_by=actor,
                        decision_rule=terms.decision_rule)
    if outcome == Decision.Outcome.DEFERRED:
        # Deferring needs no vote (and may be what a meeting without quorum does).
        present, members = present_members(meeting, record)
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
        decision.quorum_required = quorum_required(terms.quorum, members)
        decision.research_assignee, decision.research_task, decision.research_due = (
            research.assignee, research.task.strip(), research.due)
        decision.save()
        _topic_follows(record, decision, actor)
        return decision
    present, members, required = check_quorum(meeting, rules, record.matter, record)
    if method not in rules.decisions.voting_methods:
        raise ValidationError({"method": _("本会议规则的表决方式为：%(methods)s") % {
            "methods": "、".join(str(label) for _method, label in method_choices(rules))}})
    if method == Decision.Method.SECRET_BALLOT:
        counts = poll_counts(record)  # the members' own votes; the secretary types no count in
    else:
        counts = count_votes(method, present, votes_for=votes_for, votes_against=votes_against,
                             votes_abstain=votes_abstain, objections=objections, ballots=ballots)
    passed = carried(terms.decision_rule, counts[0], len(present), members)
    if outcome in CARRYING and not passed:
        base = members if terms.decision_rule == "majority_of_members" else len(present)
        raise ValidationError({"outcome": _("同意 %(yes)s 票，未超过%(base_label)s %(base)s 人的半数，不能通过") % {
            "yes": counts[0], "base": base,
            "base_label": _("应到成员") if terms.decision_rule == "majority_of_members" else _("到会成员")}})
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
    _require_recorder(actor, meeting.rules(), meeting)
    if decision.outcome not in (Decision.Outcome.ADOPTED, Decision.Outcome.AMENDED):
        raise ValidationError({"decision": _("只有通过的决定才能交办事项")})
    return assign(meeting, assignment, decision=decision, actor=actor)


# --- 回避, 书面意见, 无记名投票: the members' own part of the meeting day ---------------------------------

BEFORE_CLOSE = (Meeting.Status.PLANNED, Meeting.Status.CONVENED, Meeting.Status.IN_SESSION)


def _record_of(agenda_item) -> ItemRecord | None:
    return ItemRecord.objects.filter(agenda_item=agenda_item).select_related("decision").first()


def _member_invitation(meeting: Meeting, person: Person) -> Invitation | None:
    return meeting.invitations.filter(person=person, role=R.MEMBER).first()


@transaction.atomic
def recuse(agenda_item, person: Person, reason: str, *, actor) -> Recusal:
    """回避 from one agenda item: asked by the member concerned, or declared by the chair for them.
    Refused once the item is decided or put to a secret ballot, or after the member has spoken on it."""
    if person is None:
        raise ValidationError({"person": _("请选择回避人")})
    meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    rules = meeting.rules()
    roles = R.roles_of(actor, rules, meeting.date)
    own = R.person_of(actor) == person
    if not own and R.CHAIR not in roles:
        raise PermissionDenied(_("只有本人或主持人可以登记回避"))
    errors = {}
    if meeting.status not in BEFORE_CLOSE:
        errors["meeting"] = _("会议已结束或取消，不能再登记回避")
    if _member_invitation(meeting, person) is None:
        errors["person"] = _("%(name)s 不是本次会议的参会成员") % {"name": person.name}
    if not reason.strip():
        errors["reason"] = _("请填写回避事由")
    record = _record_of(agenda_item)
    if record is not None:
        if hasattr(record, "decision") or Poll.objects.filter(record=record).exists():
            errors["agenda_item"] = _("该议题已开始表决或已作出决定，不能再登记回避")
        elif record.opinions.filter(person=person).exists():
            errors["person"] = _("%(name)s 已就该议题发表意见，不能再回避") % {"name": person.name}
    if Recusal.objects.filter(agenda_item=agenda_item, person=person).exists():
        errors["person"] = _("%(name)s 已登记回避该议题") % {"name": person.name}
    if errors:
        raise ValidationError(errors)
    return Recusal.objects.create(agenda_item=agenda_item, person=person, reason=reason.strip(),
                                  grounds=Recusal.Grounds.SELF if own else Recusal.Grounds.CHAIR,
                                  recorded_by=actor)


def recused_items(user) -> set[int]:
    """Agenda item ids `user` is recused from: their materials are not theirs to read."""
    person = R.person_of(user)
    if person is None:
        return set()
    return set(Recusal.objects.filter(person=person).values_list("agenda_item_id", flat=True))


@transaction.atomic
def submit_written_opinion(agenda_item, person: Person, stance: str, text: str, *, actor) -> WrittenOpinion:
    """书面意见 of a member on approved leave, by the member or taken down by a recorder, before the
    meeting closes (the minutes are drafted at the close)."""
    if person is None:
        raise ValidationError({"person": _("请选择提交书面意见的成员")})
    meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    rules = meeting.rules()
    if R.person_of(actor) != person:
        _require_recorder(actor, rules, meeting)
    errors = {}
    if meeting.status not in BEFORE_CLOSE:
        errors["meeting"] = _("会议已结束或取消，不能再提交书面意见")
    if stance not in Stance.values:
        errors["stance"] = _("意见应为 同意、反对 或 建议修改")
    if not text.strip():
        errors["text"] = _("请填写书面意见")
    invitation = _member_invitation(meeting, person)
    if invitation is None or not invitation.leave_requests.filter(state=LeaveRequest.State.APPROVED).exists():
        errors["person"] = _("只有已获准请假的参会成员可以提交书面意见")
    if WrittenOpinion.objects.filter(agenda_item=agenda_item, person=person).exists():
        errors["person"] = _("%(name)s 已就该议题提交书面意见") % {"name": person.name}
    if errors:
        raise ValidationError(errors)
    return WrittenOpinion.objects.create(agenda_item=agenda_item, person=person, stance=stance, text=text.strip(),
                                         submitted_by=actor)


@transaction.atomic
def open_poll(record: ItemRecord, *, actor) -> Poll:
    """发起无记名投票 on one item: the rules must allow it, the sheet is frozen and the quorum there."""
    record = ItemRecord.objects.select_for_update().get(pk=record.pk)
    meeting = record.meeting
    rules = meeting.rules()
    _require_recorder(actor, rules, meeting)
    if Decision.Method.SECRET_BALLOT not in rules.decisions.voting_methods:
        raise ValidationError({"method": _("本会议规则没有规定无记名投票")})
    if meeting.status != Meeting.Status.IN_SESSION:
        raise ValidationError({"meeting": _("会议进行中才能投票")})
    if hasattr(record, "decision") or Poll.objects.filter(record=record).exists():
        raise ValidationError({"record": _("该议题已发起投票或已作出决定")})
    present, _members, _required = check_quorum(meeting, rules, record.matter, record)
    candidates = list(record.candidates.all()) if is_personnel(record) else []
    if is_personnel(record) and not candidates:
        raise ValidationError({"record": _("请先添加拟任人选：选票逐个列出人选")})
    poll = Poll.objects.create(record=record, eligible=len(present), opened_by=actor)
    CandidateTally.objects.bulk_create(CandidateTally(poll=poll, candidate=candidate) for candidate in candidates)
    return poll


def open_polls_for(user, meeting: Meeting) -> list[Poll]:
    """The open polls of `meeting` in which `user` may still vote (in the room, not recused)."""
    person = R.person_of(user)
    if person is None:
        return []
    polls = Poll.objects.filter(record__meeting=meeting, state=Poll.State.OPEN).exclude(voters__person=person) \
        .select_related("record")
    return [poll for poll in polls if person.pk in present_members(meeting, poll.record)[0]]


CHOICE_COUNTERS = {Ballot.Choice.FOR: "votes_for", Ballot.Choice.AGAINST: "votes_against",
                   Ballot.Choice.ABSTAIN: "votes_abstain"}


@transaction.atomic
def cast_vote(poll: Poll, choice: str = "", *, actor, candidates: dict[int, str] | None = None) -> None:
    """One member's own secret vote: who voted is written, how only into the poll's counts. On a
    personnel item's ballot, `candidates` marks each candidate (id → agree / disagree / defer)."""
    person = R.person_of(actor)
    poll = Poll.objects.select_for_update().select_related("record__meeting").get(pk=poll.pk)
    tallies = list(poll.tallies.select_related("candidate"))
    marks = candidates or {}
    if tallies:
        unmarked = [t.candidate.name for t in tallies if marks.get(t.candidate_id) not in CandidateTally.Choice.values]
        if unmarked or set(marks) - {t.candidate_id for t in tallies}:
            raise ValidationError({"candidates": _("请对每一位拟任人选表明同意、不同意或缓议：%(names)s") % {
                "names": "、".join(unmarked)}})
    elif choice not in CHOICE_COUNTERS:
        raise ValidationError({"choice": _("表决意见应为 同意、反对 或 弃权")})
    if poll.state != Poll.State.OPEN:
        raise ValidationError({"poll": _("投票已结束")})
    if person is None or person.pk not in present_members(poll.record.meeting, poll.record)[0]:
        raise PermissionDenied(_("只有在场且未回避的成员可以投票"))
    try:
        with transaction.atomic():
            PollVoter.objects.create(poll=poll, person=person)
    except IntegrityError:
        raise ValidationError({"poll": _("您已投票")}) from None
    if tallies:
        for tally in tallies:
            mark = marks[tally.candidate_id]
            CandidateTally.objects.filter(pk=tally.pk).update(**{mark: F(mark) + 1})
    else:
        Poll.objects.filter(pk=poll.pk).update(**{CHOICE_COUNTERS[choice]: F(CHOICE_COUNTERS[choice]) + 1})


@transaction.atomic
def close_poll(poll: Poll, *, actor) -> Poll:
    """The chair closes the vote: from now on the counts are shown and the decision takes them."""
    poll = Poll.objects.select_for_update().select_related("record__meeting").get(pk=poll.pk)
    meeting = poll.record.meeting
    return POLL_STATES.apply(poll, "close", actor=actor, roles=R.roles_of(actor, meeting.rules(), meeting.date))


def poll_counts(record: ItemRecord) -> tuple[int, int, int]:
    """(for, against, abstain) of the item's closed secret ballot."""
    poll = Poll.objects.filter(record=record).first()
    if poll is None or poll.state != Poll.State.CLOSED:
        raise ValidationError({"method": _("无记名投票须由成员在会上投票，主持人结束投票后才能记录决定")})
    return poll.votes_for, poll.votes_against, poll.votes_abstain


# --- 干部任免: each candidate voted on separately --------------------------------------------------------


def is_personnel(record: ItemRecord) -> bool:
    """A personnel item: the rules' personnel quorum matter, or a topic of a 干部任免 matter of the catalogue."""
    if record.matter == PERSONNEL:
        return True
    topic = record.agenda_item.topic if record.agenda_item_id else None
    matter = matters_in_force(record.meeting.date).get(topic.matter) if topic is not None and topic.matter else None
    return matter is not None and matter.kind == "cadre_appointment"


@transaction.atomic
def add_candidate(record: ItemRecord, name: str, proposed_post: str, *, actor) -> Candidate:
    record = ItemRecord.objects.select_for_update().get(pk=record.pk)
    _require_recorder(actor, record.meeting.rules(), record.meeting)
    errors = {}
    if not is_personnel(record):
        errors["record"] = _("只有干部任免事项逐个表决拟任人选")
    if hasattr(record, "decision"):
        errors["record"] = _("该议题已作出决定")
    elif Poll.objects.filter(record=record).exists():
        errors["record"] = _("已发起无记名投票，选票上的人选不能再增加")
    if not name.strip():
        errors["name"] = _("请填写姓名")
    if not proposed_post.strip():
        errors["proposed_post"] = _("请填写拟任职务")
    if errors:
        raise ValidationError(errors)
    position = (record.candidates.aggregate(last=Max("position"))["last"] or 0) + 1
    return Candidate.objects.create(record=record, position=position, name=name.strip(),
                                    proposed_post=proposed_post.strip())


def more_than_half(count: int, members: int) -> bool:
    return 2 * count > members


@transaction.atomic
def vote_candidate(candidate: Candidate, *, actor, agree: int = 0, disagree: int = 0, defer: int = 0,
                   deferral: bool = False, reconsider_consent: int | None = None) -> CandidateVote:
    """Record one candidate's vote: 同意 / 不同意 / 缓议 by the members in the room, passing with more
    than half of the members entitled to attend. `deferral`: views diverge widely, the vote is put off
    (暂缓表决). A candidate already voted on is voted again (复议) only when more than half of the
    members consent (`reconsider_consent`). Where the item went to a secret ballot, the first round's
    counts are the ballot's, once the chair has closed it (what is typed is ignored)."""
    candidate = Candidate.objects.select_for_update().select_related("record__meeting").get(pk=candidate.pk)
    record, meeting = candidate.record, candidate.record.meeting
    rules = meeting.rules()
    _require_recorder(actor, rules, meeting)
    if hasattr(record, "decision"):
        raise ValidationError({"record": _("该议题已作出决定")})
    present, members, _required = check_quorum(meeting, rules, record.matter, record)
    last = candidate.votes.order_by("-round").first()
    tally = CandidateTally.objects.filter(poll__record=record, candidate=candidate).select_related("poll").first()
    if tally is not None and last is None:  # the first round of a secret ballot: its counts, once closed
        if tally.poll.state != Poll.State.CLOSED:
            raise ValidationError({"agree": _("无记名投票须由成员在会上投票，主持人结束投票后才能记录决定")})
        agree, disagree, defer = tally.agree, tally.disagree, tally.defer
    if last is not None and last.outcome != CandidateVote.Outcome.DEFERRED and not (
            reconsider_consent is not None and more_than_half(reconsider_consent, members)):
        raise ValidationError({"reconsider_consent": _(
            "%(name)s 已表决；复议须经超过半数成员（%(members)s 人中至少 %(need)s 人）同意") % {
            "name": candidate.name, "members": members, "need": members // 2 + 1}})
    if min(agree, disagree, defer) < 0 or agree + disagree + defer > len(present):
        raise ValidationError({"agree": _("票数合计 %(total)s 超过到会人数 %(present)s") % {
            "total": agree + disagree + defer, "present": len(present)}})
    if deferral:
        outcome, agree, disagree, defer = CandidateVote.Outcome.DEFERRED, 0, 0, 0
    elif more_than_half(agree, members):  # 以应到会成员超过半数同意形成决定
        outcome = CandidateVote.Outcome.APPOINTED
    else:
        outcome = CandidateVote.Outcome.NOT_APPOINTED
    return CandidateVote.objects.create(
        candidate=candidate, round=(last.round + 1) if last else 1, outcome=outcome, agree=agree, disagree=disagree,
        defer=defer, present=len(present), members=members,
        reconsider_consent=reconsider_consent if last is not None else None, recorded_by=actor)
