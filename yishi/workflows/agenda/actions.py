"""Agenda topics and agendas: every change goes through these functions, inside a transaction.

    submittable_types(user)                     meeting types in force `user` may file topics for
    create_topic(actor=…, meeting_type_slug=…, title=…, content={…}, attachments=[…], submit=…) → Topic
    update_topic(topic, actor=…, title=…, content={…}, remove_attachments=[…], submit=…)      → Topic
    visible_topics(user) / visible_attachments(user)   what `user` may read (list, pages, files)
    transition_topic(topic, "submit"|"return"|"accept"|…, actor=…, comment=…)           → Topic
    admit_late(topic, actor=…)                  the chair puts a late topic on the meeting it asked for
    topic_deadline(meeting) / countdown(meeting, now) / office_countdowns(now)
    compile_agenda(meeting, now)                拟上会议题清单 (idempotent; the beat task calls it)
    carry_over(meeting)                         at close: undecided topics wait for the next meeting
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
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.calendar.deadlines import deadline as rule_deadline
from yishi.content.calendar.service import calendar_for_current_organisation
from yishi.content.models import RuleSnapshot
from yishi.content.rules import (
    Confidentiality,
    Matter,
    MeetingRules,
    matters_in_force,
    meeting_types_in_force,
    rules_in_force,
    rules_in_force_on,
    rules_required,
)
from yishi.tenants.structure.models import Person
from yishi.workflows import roles as R
from yishi.workflows.attendance.actions import invite
from yishi.workflows.notices.outbox import notify
from yishi.workflows.notices.timing import workdays_before_meeting
from yishi.workflows.scheduling.models import Meeting

from .models import (
    AGENDA_STATES,
    FIELD_LABELS,
    ORDERING_CLASS_LABELS,
    TOPIC_STATES,
    Agenda,
    AgendaItem,
    Topic,
    TopicAttachment,
)
from .signals import prior_research_advised, withheld_topics

OPEN_MEETINGS = (Meeting.Status.PLANNED, Meeting.Status.CONVENED)
# Who may file a topic for a meeting type.
FILERS = {R.DEPARTMENT_HEAD, R.OFFICE}


def clean_content(rules: MeetingRules, title: str, content: dict | None, has_attachments: bool = False) -> dict:
    """The rules' required fields, each a non-empty string (``attachments``: at least one file);
    errors keyed by field name."""
    content = _stripped(content)
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


def submittable_types(user, on: dt.date | None = None) -> list[MeetingRules]:
    """The meeting types in force `on` (default today) that `user` may file topics for, by name."""
    on = on or timezone.localdate()
    return sorted((rules for rules in meeting_types_in_force(on) if R.roles_of(user, rules, on) & FILERS),
                  key=lambda rules: (rules.name, rules.slug))


def _check_fields(actor, rules: MeetingRules, roles: set[str], *, title: str, ordering_class: str, department,
                  meeting: Meeting | None, now: dt.datetime) -> None:
    """The topic's own fields (content is checked on submit): a ValidationError naming each bad one."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("%(field)s 为必填项") % {"field": FIELD_LABELS["title"]}
    classes = rules.topics.ordering_classes
    if ordering_class and ordering_class not in classes:
        errors["ordering_class"] = _("排序类别须为 %(choices)s 之一") % {
            "choices": "、".join(str(ORDERING_CLASS_LABELS.get(name, name)) for name in classes)}
    if meeting is not None and (meeting.meeting_type_slug != rules.slug or meeting.status not in OPEN_MEETINGS
                                or meeting.starts_at <= now):
        errors["meeting"] = _("只能选择本会议类型尚未召开的会议")
    if department is not None and R.OFFICE not in roles:
        person = R.person_of(actor)
        if person is None or person.department_id != department.pk:
            errors["department"] = _("科室负责人只能以本科室名义报送议题")
    if errors:
        raise ValidationError(errors)


def _attach(topic: Topic, files) -> None:
    for upload in files:
        TopicAttachment.objects.create(topic=topic, file=upload, name=upload.name.rsplit("/", 1)[-1][:200])


def _stripped(content: dict | None) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in (content or {}).items()}


@transaction.atomic
def create_topic(*, actor, meeting_type_slug: str, title: str, content: dict | None = None,
                 ordering_class: str = "", department=None, departments_involved=(), meeting: Meeting | None = None,
                 attachments=(), submit: bool = False, now: dt.datetime | None = None, matter: str = "",
                 amount=None, prior_topic: Topic | None = None, emergency_reason: str = "") -> Topic:
    """A draft topic by a department head (in their department's name) or the office. Required fields
    are checked on submit; `submit=True` files and submits it in one go."""
    now = now or timezone.now()
    rules = rules_required(meeting_type_slug, timezone.localdate(now), "meeting_type_slug")
    roles = R.roles_of(actor, rules, timezone.localdate(now))
    if not roles & FILERS:
        raise PermissionDenied(_("只有科室负责人或办公室可以提出议题"))
    _check_fields(actor, rules, roles, title=title, ordering_class=ordering_class, department=department,
                  meeting=meeting, now=now)
    clean_matter(meeting_type_slug, matter, timezone.localdate(now), amount=amount, prior_topic=prior_topic,
                 emergency_reason=emergency_reason)
    content = _stripped(content)
    if submit:  # checked before anything (files included) is written; the submit transition checks the same
        clean_content(rules, title, content, bool(attachments))
    person = R.person_of(actor)
    classes = rules.topics.ordering_classes
    topic = Topic.objects.create(
        meeting_type_slug=meeting_type_slug, title=title.strip(), content=content,
        ordering_class=ordering_class or (classes[-1] if classes else ""),
        department=department or (person.department if person else None), submitted_by=actor,
        requested_meeting=meeting, meeting=meeting, matter=matter, amount=amount, prior_topic=prior_topic,
        emergency_reason=emergency_reason.strip(),
    )
    topic.departments_involved.set(departments_involved)
    _attach(topic, attachments)
    if submit:
        transition_topic(topic, "submit", actor=actor, now=now)
    return topic


EDITABLE = (Topic.State.DRAFT, Topic.State.RETURNED)


@transaction.atomic
def update_topic(topic: Topic, *, actor, title: str, content: dict | None = None, ordering_class: str = "",
                 department=None, departments_involved=(), meeting: Meeting | None = None, attachments=(),
                 remove_attachments=(), submit: bool = False, now: dt.datetime | None = None, matter: str = "",
                 amount=None, prior_topic: Topic | None = None, emergency_reason: str = "") -> Topic:
    """Change a draft or returned topic (its submitter or the office): fields, content (merged),
    attachments added and removed; `submit=True` then submits it."""
    now = now or timezone.now()
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    roles = topic_roles(actor, topic, timezone.localdate(now))
    if not roles & {"owner", R.OFFICE}:
        raise PermissionDenied(_("只有报送人或办公室可以修改议题"))
    if topic.state not in EDITABLE:
        raise ValidationError(_("只有草稿或已退回的议题可以修改"), code="not_editable")
    rules = rules_required(topic.meeting_type_slug, timezone.localdate(now), "meeting_type_slug")
    _check_fields(actor, rules, roles, title=title, ordering_class=ordering_class, department=department,
                  meeting=meeting, now=now)
    clean_matter(topic.meeting_type_slug, matter, timezone.localdate(now), amount=amount, prior_topic=prior_topic,
                 emergency_reason=emergency_reason)
    content = {**topic.content, **_stripped(content)}
    removed = list(topic.attachments.filter(pk__in=[getattr(a, "pk", a) for a in remove_attachments]))
    if submit:
        kept = topic.attachments.exclude(pk__in=[a.pk for a in removed]).exists()
        clean_content(rules, title, content, kept or bool(attachments))
    topic.title, topic.content = title.strip(), content
    topic.ordering_class = ordering_class or topic.ordering_class
    topic.department = department or topic.department
    topic.requested_meeting = topic.meeting = meeting
    topic.matter, topic.amount, topic.prior_topic = matter, amount, prior_topic
    topic.emergency_reason = emergency_reason.strip()
    topic.save(update_fields=["title", "content", "ordering_class", "department", "requested_meeting", "meeting",
                              "matter", "amount", "prior_topic", "emergency_reason", "updated_at"])
    topic.departments_involved.set(departments_involved)
    for attachment in removed:
        name, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    _attach(topic, attachments)
    if submit:
        transition_topic(topic, "submit", actor=actor, now=now)
    return topic


# --- Who sees which topic ----------------------------------------------------------------------------

# Roles that read every (non-draft) topic of a meeting type; of a confidential one only the roles its
# rules name for the meeting itself. Department heads read their own department's topics.
TOPIC_READERS = {R.OFFICE, R.LEADER, R.CHAIR}
CONFIDENTIAL_TOPIC_READERS = {R.OFFICE, R.CHAIR, R.MEMBER, R.SECRETARY}


def visible_topics(user, on: dt.date | None = None):
    """The topics `user` may read (inbox, topic page, admin views): their own, drafts included; of the
    others none in draft, and per meeting type as TOPIC_READERS / CONFIDENTIAL_TOPIC_READERS say
    (rules in force `on`, default today; a type without rules counts as confidential)."""
    if user is None or not user.is_authenticated:
        return Topic.objects.none()
    own, shown = Q(submitted_by=user), ~Q(state=Topic.State.DRAFT)
    if user.is_superuser:
        return Topic.objects.filter(own | shown)
    on = on or timezone.localdate()
    slugs = Topic.objects.order_by().values_list("meeting_type_slug", flat=True).distinct()
    person = R.person_of(user)
    whole, by_department = [], []
    for (slug, _day), rules in rules_in_force_on((slug, on) for slug in slugs).items():
        roles = R.roles_of(user, rules, on)
        if rules is None or rules.confidentiality == Confidentiality.CONFIDENTIAL:
            if roles & CONFIDENTIAL_TOPIC_READERS:
                whole.append(slug)
        elif roles & TOPIC_READERS:
            whole.append(slug)
        elif R.DEPARTMENT_HEAD in roles:
            by_department.append(slug)
    readable = Q(meeting_type_slug__in=whole)
    if by_department and person is not None and person.department_id:
        readable |= Q(meeting_type_slug__in=by_department, department_id=person.department_id)
    return Topic.objects.filter(own | (shown & readable))


def _latest_snapshots():
    return RuleSnapshot.objects.order_by("meeting_type_slug", "-version__effective_from", "-version_id")


def meeting_type_names() -> dict[str, str]:
    """Meeting type slug → its name as last published (one query)."""
    return dict(_latest_snapshots().distinct("meeting_type_slug").values_list("meeting_type_slug", "name"))


def with_names(topics):
    """`topics` with what a list shows instead of codes: `meeting_type_name`, `submitter_name` (the
    submitter's Person), in the same query."""
    latest = _latest_snapshots().filter(meeting_type_slug=OuterRef("meeting_type_slug"))
    return topics.select_related("department", "meeting").annotate(
        meeting_type_name=Subquery(latest.values("name")[:1]),
        submitter_name=Subquery(Person.objects.filter(user=OuterRef("submitted_by")).values("name")[:1]))


def visible_attachments(user):
    """Attachments of topics `user` may read, and of non-draft topics on the agenda of a meeting
    `user` is invited to (the meeting's materials); none of an item `user` is recused from."""
    if user is None or not user.is_authenticated:
        return TopicAttachment.objects.none()
    invited = Q(topic__agenda_items__meeting__invitations__person__user=user) & ~Q(topic__state=Topic.State.DRAFT)
    attachments = TopicAttachment.objects.filter(Q(topic__in=visible_topics(user)) | invited)
    # 回避: a member recused from an item gets none of its materials, whatever else lets them read the topic.
    for _receiver, topic_ids in withheld_topics.send(sender=Topic, user=user):
        attachments = attachments.exclude(topic_id__in=topic_ids)
    return attachments.distinct()


# --- Deadlines and routing ---------------------------------------------------------------------------


def topic_deadline(meeting: Meeting, rules: MeetingRules | None = None, calendar=None) -> dt.datetime | None:
    """The moment topics for `meeting` are due, from the rules in force on its date (None: no deadline)."""
    rules = rules or rules_required(meeting.meeting_type_slug, meeting.date, "meeting_type_slug")
    rule = rules.topics.deadline
    if rule is None:
        return None
    return rule_deadline(rule, meeting.date, calendar or calendar_for_current_organisation()).value


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


SUBMITTED = Q(topics__state__in=[state for state in Topic.State.values if state not in ("draft", "withdrawn")])


def countdown(meeting: Meeting, now: dt.datetime | None = None) -> Countdown | None:
    due = topic_deadline(meeting)
    if due is None:
        return None
    submitted = meeting.topics.exclude(state__in=["draft", "withdrawn"]).count()
    return Countdown(meeting, due, due - (now or timezone.now()), submitted)


def office_countdowns(now: dt.datetime | None = None, limit: int = 10, meetings=None) -> list[Countdown]:
    """The office's view: upcoming meetings (of `meetings`, default all) whose topic deadline is still
    ahead, soonest first. One query for the meetings with their counts, one for their rules."""
    now = now or timezone.now()
    meetings = Meeting.objects.all() if meetings is None else meetings
    upcoming = list(meetings.filter(status__in=OPEN_MEETINGS, starts_at__gt=now).order_by("starts_at")
                    .annotate(submitted=Count("topics", filter=SUBMITTED))[:50])
    rules = rules_in_force_on((m.meeting_type_slug, m.date) for m in upcoming)
    calendar = calendar_for_current_organisation()
    result = []
    for meeting in upcoming:
        meeting_rules = rules[meeting.meeting_type_slug, meeting.date]
        due = topic_deadline(meeting, meeting_rules, calendar) if meeting_rules else None
        if due is not None and due > now:
            result.append(Countdown(meeting, due, due - now, meeting.submitted))
    return sorted(result, key=lambda c: c.deadline)[:limit]


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
        rules = rules_required(topic.meeting_type_slug, timezone.localdate(now), "meeting_type_slug")
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
    elif name == "unplace":
        # Off this meeting's agenda, waiting for the next one (else the next compilation would put it back).
        after = max(now, topic.meeting.starts_at) if topic.meeting_id else now
        changes = {"meeting": upcoming_meetings(topic.meeting_type_slug, after).exclude(pk=topic.meeting_id).first()}
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
        on = topic.meeting.date if topic.meeting_id else timezone.localdate(now)
        rules = rules_required(topic.meeting_type_slug, on, "meeting_type_slug")
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
    if topic.admitted_late:
        return topic
    return TOPIC_STATES.apply(topic, "admit_late", actor=actor, roles=roles, comment=comment,
                              changes={"meeting": requested, "admitted_late": True},
                              only_if={"late": True, "admitted_late": False})


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
    rules = meeting.rules()
    due = topic_deadline(meeting, rules)
    unrouted = Topic.objects.filter(meeting_type_slug=meeting.meeting_type_slug, meeting__isnull=True,
                                    state=Topic.State.APPROVED)
    if due is not None:
        unrouted = unrouted.filter(submitted_at__lte=due)
    unrouted.update(meeting=meeting)
    candidates = list(Topic.objects.filter(meeting=meeting, state=Topic.State.APPROVED)
                      .annotate(n_departments=Count("departments_involved")))
    report_emergencies(meeting)
    position = _next_position(meeting)
    for topic in agenda_order(candidates, rules):
        TOPIC_STATES.apply(topic, "place", actor=None, roles=[R.SYSTEM], comment=_("自动汇总"))
        AgendaItem.objects.create(meeting=meeting, position=position, topic=topic, title=topic.title)
        position += 1
    return agenda


def _next_position(meeting: Meeting) -> int:
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def carry_over(meeting: Meeting, now: dt.datetime | None = None) -> list[Topic]:
    """At the close of `meeting`: its agenda's topics that got no decision (not reached, or discussed
    without one) go back to waiting for the next meeting of the type (the system's "unplace")."""
    topics = list(Topic.objects.select_for_update().filter(
        agenda_items__meeting=meeting, meeting=meeting, state__in=[Topic.State.PLACED, Topic.State.DISCUSSED])
        .select_related("meeting").order_by("agenda_items__position"))
    for topic in topics:
        transition_topic(topic, "unplace", actor=None, roles={R.SYSTEM}, comment=_("会议未作决定，转下次会议"), now=now)
    return topics


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
    rules = rules or meeting.rules()
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


# --- The matter catalogue (事项目录): which meeting takes a topic, in which order -----------------------

def route_label(matter: Matter, names: dict[str, str] | None = None) -> str:
    """党委会（前置研究）→ 董事会 — the matter's route by meeting type names."""
    names = names if names is not None else meeting_type_names()
    return " → ".join(names.get(step.meeting_type, step.meeting_type)
                      + (_("（前置研究）") if step.stage == "prior" else "") for step in matter.route)


def matter_source(matter: Matter) -> str:
    """《三重一大决策制度》第五条 — where the catalogue says so."""
    return f"《{matter.regulation_title}》{matter.article_label}"


def matter_choices(on: dt.date) -> list[tuple[str, str]]:
    """事项类别 for the topic form: every matter of the catalogue in force, with its route."""
    names = meeting_type_names()
    return [("", _("不属于目录事项")), *((m.slug, f"{m.name}（{route_label(m, names)}）")
                                    for m in sorted(matters_in_force(on).values(), key=lambda m: m.name))]


def clean_matter(meeting_type_slug: str, slug: str, on: dt.date, *, amount=None, prior_topic: Topic | None = None,
                 emergency_reason: str = "") -> Matter | None:
    """The topic's matter, refused with the catalogue's article when this meeting type does not take it,
    when the amount puts it under another matter, or when its prior research (建议同意) is missing and
    no emergency is stated."""
    matters = matters_in_force(on)
    matter = matters.get(slug) if slug else None
    if slug and matter is None:
        raise ValidationError({"matter": _("现行事项目录中没有“%(matter)s”") % {"matter": slug}})
    if amount is not None:
        reached = [m for m in matters.values() if m.amount_from is not None and amount >= m.amount_from]
        if reached and matter not in reached:
            top = max(reached, key=lambda m: m.amount_from)
            raise ValidationError({"matter": _("金额 %(amount)s 元达到“%(matter)s”（%(from)s 元以上）的标准，"
                                               "须按该事项报送（%(source)s）") % {
                "amount": amount, "matter": top.name, "from": top.amount_from, "source": matter_source(top)}})
    if matter is None:
        return None
    if matter.amount_from is not None and (amount is None or amount < matter.amount_from):
        raise ValidationError({"amount": _("“%(matter)s”适用于 %(from)s 元以上，请填写涉及金额") % {
            "matter": matter.name, "from": matter.amount_from}})
    step = matter.step_for(meeting_type_slug)
    if step is None:
        names = meeting_type_names()
        raise ValidationError({"matter": _("“%(matter)s”须由 %(route)s 研究决定（%(source)s），不能报送%(meeting)s") % {
            "matter": matter.name, "route": route_label(matter, names), "source": matter_source(matter),
            "meeting": names.get(meeting_type_slug, meeting_type_slug)}}, code="wrong_meeting")
    previous = matter.before(step)
    if previous is None or emergency_reason.strip():
        return matter
    advised = prior_topic is not None and prior_topic.matter == matter.slug \
        and prior_topic.meeting_type_slug == previous.meeting_type \
        and any(advised for _receiver, advised in prior_research_advised.send(sender=Topic, topic=prior_topic))
    if not advised:
        raise ValidationError({"prior_topic": _("“%(matter)s”须先经%(prior)s前置研究并建议同意（%(source)s）；"
                                                "紧急情况下请说明理由，事后向%(prior)s报告") % {
            "matter": matter.name, "prior": meeting_type_names().get(previous.meeting_type, previous.meeting_type),
            "source": matter_source(matter)}}, code="no_prior_research")
    return matter


def report_emergencies(meeting: Meeting) -> list[AgendaItem]:
    """紧急情况报告: topics that skipped this meeting type's prior research are reported to its next
    meeting, once, as a standing item at the head of its agenda."""
    matters = matters_in_force(meeting.date)
    items = []
    for topic in (Topic.objects.select_for_update().exclude(emergency_reason="")
                  .filter(emergency_reported_to__isnull=True).exclude(state__in=[Topic.State.DRAFT,
                                                                                Topic.State.WITHDRAWN])):
        matter = matters.get(topic.matter)
        step = matter.step_for(topic.meeting_type_slug) if matter else None
        previous = matter.before(step) if step else None
        if previous is None or previous.meeting_type != meeting.meeting_type_slug:
            continue
        items.append(add_standing_item(meeting, _("紧急情况报告：%(title)s（未经前置研究，理由：%(reason)s）") % {
            "title": topic.title, "reason": topic.emergency_reason}, position=len(items)))
        Topic.objects.filter(pk=topic.pk).update(emergency_reported_to=meeting)
    return items
