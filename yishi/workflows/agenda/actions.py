"""Agenda topics and agendas: every change goes through these functions, inside a transaction.

    create_topic(actor=…, meeting_type_slug=…, title=…, content={…}, ordering_class=…)   → draft Topic
    transition_topic(topic, "submit"|"return"|"accept"|…, actor=…, comment=…)           → Topic
    admit_late(topic, actor=…)                  the chair puts a late topic on the meeting it asked for
    meetings_for_admin(user)                    the meetings whose admin page `user` may open
    topic_deadline(meeting) / countdown(meeting, now) / office_countdowns(now)
    compile_agenda(meeting, now)                拟上会议题清单 (idempotent; the beat task calls it)
    reorder_agenda(meeting, item_ids, actor=…) / add_standing_item(meeting, title, position=0)
    transition_agenda(agenda, "sign_off"|"approve"|"reopen", actor=…)
    distribute_materials(meeting, now)          bundle + notice to the invitees (idempotent)

Errors: ``ValidationError`` with a dict naming the field; ``TransitionForbidden`` (a
PermissionDenied) naming the roles needed. Nothing is written when either is raised.
"""

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.calendar.deadlines import deadline as rule_deadline
from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.rules import MeetingRules, rules_in_force
from yishi.workflows import roles as R
from yishi.workflows.scheduling.models import Meeting

from .models import AGENDA_STATES, FIELD_LABELS, TOPIC_STATES, Agenda, AgendaItem, Topic, TopicEvent

OPEN_MEETINGS = (Meeting.Status.PLANNED, Meeting.Status.CONVENED)


def _rules(slug: str, on: dt.date, field: str = "meeting_type_slug") -> MeetingRules:
    rules = rules_in_force(slug, on)
    if rules is None:
        raise ValidationError({field: _("会议类型“%(slug)s”在 %(day)s 没有有效的议事规则") % {"slug": slug, "day": on}},
                              code="no_rules")
    return rules


def clean_content(rules: MeetingRules, title: str, content: dict | None, has_attachments: bool = False) -> dict:
    """The rules' required fields, each a non-empty string (``attachments``: at least one file);
    errors keyed by field name."""
    content = {k: (v.strip() if isinstance(v, str) else v) for k, v in (content or {}).items()}
    errors = {}
    for name in rules.topics.required_fields:
        if name == "attachments":
            if not has_attachments:
                errors[name] = _("请上传附件材料")
            continue
        value = title if name == "title" else content.get(name)
        if not isinstance(value, str) or not value.strip():
            errors[name] = _("%(field)s 为必填项") % {"field": FIELD_LABELS.get(name, name)}
    if errors:
        raise ValidationError(errors, code="required")
    return content


def topic_roles(user, topic: Topic, on: dt.date | None = None) -> set[str]:
    """Roles of `user` for this topic: those of its meeting type on the date, plus "owner" (submitter)."""
    on = on or (topic.meeting.date if topic.meeting_id else timezone.localdate())
    roles = R.roles_of(user, rules_in_force(topic.meeting_type_slug, on), on)
    if user is not None and topic.submitted_by_id == getattr(user, "pk", None):
        roles.add("owner")
    return roles


@transaction.atomic
def create_topic(*, actor, meeting_type_slug: str, title: str, content: dict | None = None,
                 ordering_class: str = "", department=None, departments_involved=(), meeting: Meeting | None = None,
                 now: dt.datetime | None = None) -> Topic:
    """A draft topic by a department head (or the office). Required fields are checked on submit."""
    now = now or timezone.now()
    rules = _rules(meeting_type_slug, timezone.localdate(now))
    roles = R.roles_of(actor, rules, timezone.localdate(now))
    if not roles & {R.DEPARTMENT_HEAD, R.OFFICE}:
        raise PermissionDenied(_("只有科室负责人或办公室可以提出议题"))
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("%(field)s 为必填项") % {"field": FIELD_LABELS["title"]}
    classes = rules.topics.ordering_classes
    if ordering_class and ordering_class not in classes:
        errors["ordering_class"] = _("排序类别须为 %(choices)s 之一") % {"choices": "、".join(classes)}
    if meeting is not None and (meeting.meeting_type_slug != meeting_type_slug or meeting.status not in OPEN_MEETINGS
                                or meeting.starts_at <= now):
        errors["meeting"] = _("只能选择本会议类型尚未召开的会议")
    if errors:
        raise ValidationError(errors)
    person = R.person_of(actor)
    topic = Topic.objects.create(
        meeting_type_slug=meeting_type_slug, title=title.strip(), content=content or {},
        ordering_class=ordering_class or (classes[-1] if classes else ""),
        department=department or (person.department if person else None), submitted_by=actor,
        requested_meeting=meeting, meeting=meeting,
    )
    topic.departments_involved.set(departments_involved)
    return topic


# --- Deadlines and routing ---------------------------------------------------------------------------


def topic_deadline(meeting: Meeting, rules: MeetingRules | None = None, calendar=None) -> dt.datetime | None:
    """The moment topics for `meeting` are due, from the rules in force on its date (None: no deadline)."""
    rules = rules or _rules(meeting.meeting_type_slug, meeting.date)
    rule = rules.topics.deadline
    if rule is None:
        return None
    data = {"kind": rule.kind, "time": rule.time, "days": rule.days, "weekday": rule.weekday, "day": rule.day}
    return rule_deadline(data, meeting.date, calendar or calendar_for_current_organisation()).value


def upcoming_meetings(slug: str, after: dt.datetime):
    return Meeting.objects.filter(meeting_type_slug=slug, status__in=OPEN_MEETINGS, starts_at__gt=after) \
        .order_by("starts_at", "pk")


def route(slug: str, requested: Meeting | None, now: dt.datetime) -> tuple[Meeting | None, Meeting | None,
                                                                           dt.datetime | None, bool]:
    """(requested meeting, meeting it goes to, deadline it was held to, late?) for a submission now.

    Late → the first later meeting whose deadline has not passed (None when not planned yet; the
    agenda compilation then picks the topic up)."""
    calendar = calendar_for_current_organisation()
    requested = requested or upcoming_meetings(slug, now).first()
    if requested is None:
        return None, None, None, False
    due = topic_deadline(requested, calendar=calendar)
    if due is None or now <= due:
        return requested, requested, due, False
    for later in upcoming_meetings(slug, requested.starts_at):
        later_due = topic_deadline(later, calendar=calendar)
        if later_due is None or now <= later_due:
            return requested, later, due, True
    return requested, None, due, True


@dataclass(frozen=True)
class Countdown:
    meeting: Meeting
    deadline: dt.datetime
    remaining: dt.timedelta
    submitted: int

    @property
    def passed(self) -> bool:
        return self.remaining <= dt.timedelta(0)

    @property
    def label(self) -> str:
        if self.passed:
            return _("已截止")
        days, seconds = self.remaining.days, self.remaining.seconds
        return _("剩余 %(days)d 天 %(hours)d 小时") % {"days": days, "hours": seconds // 3600}


def countdown(meeting: Meeting, now: dt.datetime | None = None) -> Countdown | None:
    due = topic_deadline(meeting)
    if due is None:
        return None
    submitted = meeting.topics.exclude(state__in=["draft", "withdrawn"]).count()
    return Countdown(meeting, due, due - (now or timezone.now()), submitted)


def office_countdowns(now: dt.datetime | None = None, limit: int = 10, meetings=None) -> list[Countdown]:
    """The office's view: upcoming meetings (of `meetings`, default all) whose topic deadline is still
    ahead, soonest first."""
    now = now or timezone.now()
    result = []
    meetings = Meeting.objects.all() if meetings is None else meetings
    for meeting in meetings.filter(status__in=OPEN_MEETINGS, starts_at__gt=now).order_by("starts_at")[:50]:
        if rules_in_force(meeting.meeting_type_slug, meeting.date) is None:
            continue
        item = countdown(meeting, now)
        if item is not None and not item.passed:
            result.append(item)
    return sorted(result, key=lambda c: c.deadline)[:limit]


def meetings_for_admin(user):
    """Meetings whose admin page `user` may open: of those `visible_meetings` allows (a confidential
    one only to its attendees and the roles its rules name), every one for the office and leaders,
    otherwise the ones `user` is invited to."""
    from yishi.workflows.minutes.actions import visible_meetings

    meetings = visible_meetings(user)
    if user.is_superuser or R.group_roles(user) & {R.OFFICE, R.LEADER}:
        return meetings
    return meetings.filter(invitations__person__user=user).distinct()


# --- Transitions -------------------------------------------------------------------------------------


@transaction.atomic
def transition_topic(topic: Topic, name: str, *, actor, comment: str = "", now: dt.datetime | None = None,
                     research_due: dt.date | None = None, meeting: Meeting | None = None,
                     roles: set[str] | None = None) -> Topic:
    """Move a topic along the declared table; `roles` only for system callers (["system"]).
    "place" puts it last on `meeting`'s agenda (default: the meeting it is routed to)."""
    now = now or timezone.now()
    roles = roles if roles is not None else topic_roles(actor, topic)
    TOPIC_STATES.check(topic, name, roles, comment)  # permission and state first: nothing else runs otherwise
    changes: dict = {}
    if name == "submit":
        rules = _rules(topic.meeting_type_slug, timezone.localdate(now))
        topic.content = clean_content(rules, topic.title, topic.content, topic.attachments.exists())
        requested, meeting, due, late = route(topic.meeting_type_slug, topic.requested_meeting, now)
        changes = {"content": topic.content, "submitted_at": now, "requested_meeting": requested,
                   "meeting": meeting, "deadline_at": due, "late": late, "admitted_late": False}
    elif name == "defer":
        if research_due is None:
            raise ValidationError({"research_due": _("请填写调研完成时限")}, code="required")
        if research_due <= timezone.localdate(now):
            raise ValidationError({"research_due": _("调研完成时限须晚于今天")}, code="invalid")
        changes = {"research_assignment": comment.strip(), "research_due": research_due, "meeting": None,
                   "requested_meeting": None}
    elif name == "requeue":
        changes = {"meeting": upcoming_meetings(topic.meeting_type_slug, now).first()}
    elif name == "place":
        meeting = meeting or topic.meeting
        if meeting is None or not upcoming_meetings(topic.meeting_type_slug, now).filter(pk=meeting.pk).exists():
            raise ValidationError({"meeting": _("请选择本会议类型尚未召开的会议")}, code="invalid")
        changes = {"meeting": meeting}
    TOPIC_STATES.apply(topic, name, actor=actor, roles=roles, comment=comment, changes=changes)
    if name == "place":
        AgendaItem.objects.create(meeting=meeting, position=_next_position(meeting), topic=topic, title=topic.title)
    if name in ("unplace", "defer", "withdraw"):
        AgendaItem.objects.filter(topic=topic, meeting__status__in=OPEN_MEETINGS).delete()
    if name == "accept":
        rules = _rules(topic.meeting_type_slug, topic.meeting.date if topic.meeting_id else timezone.localdate(now))
        if "leader_approval" not in rules.topics.review_steps:  # the rules have no leader step: approved now
            TOPIC_STATES.apply(topic, "approve", actor=None, roles=[R.SYSTEM], comment=_("规则无领导审定环节"))
    return topic


@transaction.atomic
def admit_late(topic: Topic, *, actor, comment: str = "", now: dt.datetime | None = None) -> Topic:
    """The chair admits a late topic to the meeting it asked for (logged as an event)."""
    if not topic.late or topic.requested_meeting_id is None:
        raise ValidationError({"topic": _("该议题不是逾期报送的议题")}, code="not_late")
    roles = topic_roles(actor, topic, topic.requested_meeting.date)
    if R.CHAIR not in roles:
        raise PermissionDenied(_("只有会议主持人可以同意逾期议题上会"))
    requested = topic.requested_meeting
    if requested.starts_at <= (now or timezone.now()) or requested.status not in OPEN_MEETINGS:
        raise ValidationError({"topic": _("申请的会议已召开或已取消")}, code="meeting_past")
    changed = Topic.objects.filter(pk=topic.pk, late=True, admitted_late=False).update(
        meeting=topic.requested_meeting, admitted_late=True)
    if changed:
        topic.meeting, topic.admitted_late = topic.requested_meeting, True
        TopicEvent.objects.create(topic=topic, transition="admit_late", from_state=topic.state, to_state=topic.state,
                                  actor=actor, comment=comment)
    return topic


# --- The agenda --------------------------------------------------------------------------------------


def agenda_order(topics: list[Topic], rules: MeetingRules) -> list[Topic]:
    """By ordering class (the rules' order), then several departments first, then submission time."""
    classes = {name: index for index, name in enumerate(rules.topics.ordering_classes)}
    return sorted(topics, key=lambda t: (classes.get(t.ordering_class, len(classes)),
                                         -min(t.n_departments, 2), t.submitted_at or t.created_at, t.pk))


@transaction.atomic
def compile_agenda(meeting: Meeting, now: dt.datetime | None = None) -> Agenda:
    """拟上会议题清单: place every approved topic of this meeting (and unrouted approved ones submitted
    by its deadline) in order. Idempotent; once signed off only the office changes it."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    agenda, _created = Agenda.objects.get_or_create(meeting=meeting)
    if agenda.state != Agenda.State.COMPILED:
        return agenda
    rules = _rules(meeting.meeting_type_slug, meeting.date, "meeting")
    due = topic_deadline(meeting, rules)
    unrouted = Topic.objects.filter(meeting_type_slug=meeting.meeting_type_slug, meeting__isnull=True,
                                    state=Topic.State.APPROVED)
    if due is not None:
        unrouted = unrouted.filter(submitted_at__lte=due)
    unrouted.update(meeting=meeting)
    candidates = list(Topic.objects.filter(meeting=meeting, state=Topic.State.APPROVED)
                      .annotate(n_departments=Count("departments_involved")))
    position = _next_position(meeting)
    for topic in agenda_order(candidates, rules):
        TOPIC_STATES.apply(topic, "place", actor=None, roles=[R.SYSTEM], comment=_("自动汇总"))
        AgendaItem.objects.create(meeting=meeting, position=position, topic=topic, title=topic.title)
        position += 1
    return agenda


def _next_position(meeting: Meeting) -> int:
    return (AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"] or -1) + 1


def _agenda_roles(actor, meeting: Meeting) -> set[str]:
    return R.roles_of(actor, rules_in_force(meeting.meeting_type_slug, meeting.date), meeting.date)


@transaction.atomic
def reorder_agenda(meeting: Meeting, item_ids: list[int], *, actor) -> list[AgendaItem]:
    """The office puts the items in the order given (every item exactly once), before sign-off."""
    if R.OFFICE not in _agenda_roles(actor, meeting):
        raise PermissionDenied(_("只有办公室可以调整议程顺序"))
    agenda = Agenda.objects.select_for_update().filter(meeting=meeting).first()
    if agenda is not None and agenda.state != Agenda.State.COMPILED:
        raise ValidationError({"items": _("议程已确认，请先退回修改")}, code="signed_off")
    items = {item.pk: item for item in AgendaItem.objects.filter(meeting=meeting)}
    if sorted(item_ids) != sorted(items):
        raise ValidationError({"items": _("须包含本次会议的全部议程事项，且每项一次")}, code="invalid")
    for position, pk in enumerate(item_ids):
        AgendaItem.objects.filter(pk=pk).update(position=position)
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))


@transaction.atomic
def add_standing_item(meeting: Meeting, title: str, *, kind: str = AgendaItem.Kind.STANDING,
                      position: int = 0) -> AgendaItem:
    """Insert a non-topic item (e.g. 上次会议决定事项落实情况) at `position`, shifting the rest down."""
    if not (title or "").strip():
        raise ValidationError({"title": _("请填写标题")}, code="required")
    AgendaItem.objects.filter(meeting=meeting, position__gte=position).update(position=F("position") + 1)
    return AgendaItem.objects.create(meeting=meeting, position=position, title=title.strip(), kind=kind)


@transaction.atomic
def transition_agenda(agenda: Agenda, name: str, *, actor, comment: str = "", roles: set[str] | None = None) -> Agenda:
    roles = roles if roles is not None else _agenda_roles(actor, agenda.meeting)
    return AGENDA_STATES.apply(agenda, name, actor=actor, roles=roles, comment=comment)


def materials_due_at(meeting: Meeting, rules: MeetingRules | None = None, calendar=None) -> dt.datetime:
    from yishi.workflows.notices.timing import workdays_before_meeting

    rules = rules or _rules(meeting.meeting_type_slug, meeting.date, "meeting")
    return workdays_before_meeting(meeting.starts_at, rules.materials.distribution_workdays,
                                   calendar or calendar_for_current_organisation())


def _bundle(meeting: Meeting) -> ContentFile:
    """A zip of the agenda (text) and every topic's attachments, in agenda order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        items = list(meeting.agenda_items.select_related("topic").order_by("position"))
        archive.writestr("议程.txt", "\n".join(f"{i + 1}. {item.title}" for i, item in enumerate(items)))
        for number, item in enumerate(items, start=1):
            if item.topic is None:
                continue
            for attachment in item.topic.attachments.all():
                with attachment.file.open("rb") as handle:
                    archive.writestr(f"{number:02d}/{attachment.file.name.rsplit('/', 1)[-1]}", handle.read())
    return ContentFile(buffer.getvalue(), name=f"meeting-{meeting.pk}.zip")


@transaction.atomic
def distribute_materials(meeting: Meeting, now: dt.datetime | None = None) -> Agenda | None:
    """Bundle the materials and notify the invitees, once, when the agenda is approved and the
    rules' distribution lead time has come. Returns the agenda, or None when not due/not approved."""
    from yishi.workflows.attendance.actions import invite
    from yishi.workflows.notices.outbox import notify

    now = now or timezone.now()
    agenda = Agenda.objects.select_for_update().filter(meeting=meeting).first()
    if agenda is None or agenda.state != Agenda.State.APPROVED or now < materials_due_at(meeting):
        return None
    agenda.bundle.save(f"meeting-{meeting.pk}.zip", _bundle(meeting), save=True)
    people = [invitation.person for invitation in invite(meeting)]
    titles = "\n".join(f"{item.position + 1}. {item.title}" for item in meeting.agenda_items.order_by("position"))
    notify(people, "materials", _("%(name)s 会议材料") % {"name": meeting.name},
           _("会议时间：%(when)s\n议程：\n%(items)s") % {
               "when": f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}", "items": titles},
           meeting=meeting, dedupe_key=f"materials:{meeting.pk}")
    return transition_agenda(agenda, "distribute", actor=None, roles={R.SYSTEM})
