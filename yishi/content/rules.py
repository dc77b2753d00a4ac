"""The rules in force: the one read API workflows use.

``rules_in_force("director-office", on=date(2026, 3, 2))`` returns the meeting type's rules exactly
as published in the regulation version in force on that day, as an immutable ``MeetingRules``
tree mirroring the pack's ``meeting_type`` (docs/regulation-pack.md) — even after later amendments.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .calendar import cadence as engine
from .calendar.deadlines import Deadline
from .fractions import exact
from .models import MeetingType, RegulationVersion, RuleSnapshot
from .validation import fill_defaults

# The confidentiality levels of meeting types and meetings: the one vocabulary every room reads.
Confidentiality = MeetingType.Confidentiality


@dataclass(frozen=True)
class RoleTarget:
    """Who fills a role: exactly one of a post slug, a department slug or a person's name."""

    post: str | None = None
    department: str | None = None
    person: str | None = None


def _target(data: dict[str, str] | None) -> RoleTarget | None:
    return RoleTarget(**data) if data else None


@dataclass(frozen=True)
class Cadence:
    rrule: str
    time: time
    duration_minutes: int
    holiday_policy: str
    location: str
    ad_hoc_allowed: bool
    ad_hoc_notice_hours: int


@dataclass(frozen=True)
class Recorders:
    count: int
    post: str | None


@dataclass(frozen=True)
class Roles:
    chair: RoleTarget | None
    organiser: RoleTarget | None
    members: tuple[RoleTarget, ...]
    observers: tuple[RoleTarget, ...]
    recorders: Recorders
    # Who may call a 临时会议: workflow role names ("chair", "leader", "office" …) and role targets.
    ad_hoc_proposers: tuple[str | RoleTarget, ...]


@dataclass(frozen=True)
class Topics:
    deadline: Deadline | None
    required_fields: tuple[str, ...]
    review_steps: tuple[str, ...]
    ordering_classes: tuple[str, ...]


@dataclass(frozen=True)
class Materials:
    deadline_workdays: int
    distribution_workdays: int
    page_limit: int | None


@dataclass(frozen=True)
class Notice:
    lead_workdays: int


@dataclass(frozen=True)
class Attendance:
    arrive_early_minutes: int
    sign_in_opens_minutes: int  # the QR sign-in opens this long before the arrival time
    sign_in_closes_minutes: int | None  # … and closes this long after the start (None: when the meeting ends)
    leave_lead_hours: int
    leave_approver: RoleTarget | None
    delegation: str


@dataclass(frozen=True)
class QuorumRule:
    matter: str
    fraction: Fraction


@dataclass(frozen=True)
class Decisions:
    quorum: Fraction
    quorum_rules: tuple[QuorumRule, ...]
    decision_rule: str
    chair_speaks_last: bool
    voting_methods: tuple[str, ...]

    def quorum_for(self, matter: str | None = None) -> Fraction:
        """The fraction of members that must be present for a matter of this kind."""
        return next((rule.fraction for rule in self.quorum_rules if rule.matter == matter), self.quorum)


@dataclass(frozen=True)
class Minutes:
    required: bool
    deadline_workdays: int
    reviewer: RoleTarget | None
    signer: RoleTarget | None  # 签发: None means the chair


@dataclass(frozen=True)
class FollowUp:
    require_owner: bool
    progress_interval_workdays: int | None
    escalate_after_workdays: int | None


@dataclass(frozen=True)
class ScopeItem:
    text: str
    article: str | None


@dataclass(frozen=True)
class MeetingRules:
    """A meeting type's rules as published in one regulation version."""

    slug: str
    name: str
    category: str
    confidentiality: str
    scope: tuple[ScopeItem, ...]
    cadence: Cadence
    roles: Roles
    topics: Topics
    materials: Materials
    notice: Notice
    attendance: Attendance
    decisions: Decisions
    minutes: Minutes
    follow_up: FollowUp
    regulation_slug: str
    revision_id: int | None
    effective_from: date
    effective_until: date | None

    def schedule(self) -> engine.Cadence:
        """The cadence as the calendar engine counts it: from the day these rules took effect."""
        c = self.cadence
        return engine.Cadence(c.rrule, c.time, c.duration_minutes, c.holiday_policy, anchor=self.effective_from)

    @classmethod
    def from_snapshot(cls, snapshot: RuleSnapshot) -> "MeetingRules":
        # Defaults filled again: a snapshot published before a field existed reads as its default.
        data, version = fill_defaults(snapshot.rules, {"$ref": "#/$defs/meeting_type"}), snapshot.version
        roles, topics, attendance = data["roles"], data["topics"], data["attendance"]
        deadline = topics["deadline"]
        return cls(
            slug=data["slug"], name=data["name"], category=data["category"], confidentiality=data["confidentiality"],
            scope=tuple(ScopeItem(**item) for item in data["scope"]),
            cadence=Cadence(**{**data["cadence"], "time": time.fromisoformat(data["cadence"]["time"])}),
            roles=Roles(
                chair=_target(roles["chair"]), organiser=_target(roles["organiser"]),
                members=tuple(RoleTarget(**t) for t in roles["members"]),
                observers=tuple(RoleTarget(**t) for t in roles["observers"]),
                recorders=Recorders(**roles["recorders"]),
                ad_hoc_proposers=tuple(p if isinstance(p, str) else RoleTarget(**p) for p in roles["ad_hoc_proposers"]),
            ),
            topics=Topics(
                deadline=Deadline.parse(deadline) if deadline else None,
                required_fields=tuple(topics["required_fields"]), review_steps=tuple(topics["review_steps"]),
                ordering_classes=tuple(topics["ordering_classes"]),
            ),
            materials=Materials(**data["materials"]),
            notice=Notice(**data["notice"]),
            attendance=Attendance(**{**attendance, "leave_approver": _target(attendance["leave_approver"])}),
            decisions=Decisions(**{
                **data["decisions"], "quorum": exact(data["decisions"]["quorum"]),
                "quorum_rules": tuple(QuorumRule(rule["matter"], exact(rule["fraction"]))
                                      for rule in data["decisions"]["quorum_rules"])}),
            minutes=Minutes(**{**data["minutes"], "reviewer": _target(data["minutes"]["reviewer"]),
                               "signer": _target(data["minutes"]["signer"])}),
            follow_up=FollowUp(**data["follow_up"]),
            regulation_slug=version.slug, revision_id=version.revision_id,
            effective_from=version.effective_from, effective_until=version.effective_until,
        )


@dataclass(frozen=True)
class MatterStep:
    meeting_type: str
    stage: str  # "prior" (前置研究) | "decide"


@dataclass(frozen=True)
class Matter:
    """One entry of the matter catalogue (事项目录) as published: who takes it, in which order, and how."""

    slug: str
    name: str
    kind: str
    article: str | None
    amount_from: float | None
    route: tuple[MatterStep, ...]
    quorum: Fraction | None
    decision_rule: str | None
    regulation_slug: str
    regulation_title: str
    article_label: str  # "第十二条" as numbered in the version in force ("" without an article)

    def step_for(self, meeting_type_slug: str) -> MatterStep | None:
        return next((step for step in self.route if step.meeting_type == meeting_type_slug), None)

    def before(self, step: MatterStep) -> MatterStep | None:
        """The step that must have taken the matter before `step` (None: `step` comes first)."""
        position = self.route.index(step)
        return self.route[position - 1] if position else None


def _article_labels(outline: list[dict[str, Any]]) -> dict[str, str]:
    """Anchor → the article's number as published (第十二条), from a version's outline."""
    labels: dict[str, str] = {}

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            if node.get("anchor"):
                labels[node["anchor"]] = node.get("number", "").rstrip("、.")  # "一、" reads "一" in a citation
            walk(node.get("children", []))
    walk(outline)
    return labels


def matters_in_force(on: date) -> dict[str, Matter]:
    """The matter catalogue in force on `on`, by slug, from every regulation version in force then."""
    found: dict[str, Matter] = {}
    for version in regulations_in_force(on).only("slug", "title", "matters", "outline"):
        labels = _article_labels(version.outline) if version.matters else {}
        for data in fill_defaults(version.matters, {"type": "array", "items": {"$ref": "#/$defs/matter"}}):
            found[data["slug"]] = Matter(
                slug=data["slug"], name=data["name"], kind=data["kind"], article=data["article"],
                amount_from=data["amount_from"], route=tuple(MatterStep(**step) for step in data["route"]),
                quorum=None if data["quorum"] is None else exact(data["quorum"]),
                decision_rule=data["decision_rule"], regulation_slug=version.slug,
                regulation_title=version.title, article_label=labels.get(data["article"], ""))
    return found


# Within one regulation at most one version covers a day; across regulations the one that took
# effect last wins (a new regulation that takes a meeting type over from an older one). The first
# snapshot of a meeting type in this order that covers a day is the one in force.
WINNING_ORDER = ("meeting_type_slug", "-version__effective_from", "-version_id")


def _snapshots(versions: QuerySet[RegulationVersion]) -> QuerySet[RuleSnapshot]:
    # The rules need the version's dates and slug, not its text.
    return (RuleSnapshot.objects.filter(version__in=versions).select_related("version")
            .defer("version__text", "version__html", "version__outline").order_by(*WINNING_ORDER))


def _snapshots_in_force(on: date) -> QuerySet[RuleSnapshot]:
    return _snapshots(RegulationVersion.objects.in_force(on))


def rules_in_force_on(keys: Iterable[tuple[str, date]]) -> dict[tuple[str, date], MeetingRules | None]:
    """The rules in force for many (meeting type slug, day) pairs, in one query; None where none was."""
    keys = set(keys)
    if not keys:
        return {}
    days = [day for _slug, day in keys]
    candidates: defaultdict[str, list[RuleSnapshot]] = defaultdict(list)
    versions = RegulationVersion.objects.in_force_between(min(days), max(days))
    for snapshot in _snapshots(versions).filter(meeting_type_slug__in={slug for slug, _day in keys}):
        candidates[snapshot.meeting_type_slug].append(snapshot)
    found: dict[tuple[str, date], MeetingRules | None] = {}
    for slug, day in keys:
        covering = next((s for s in candidates[slug] if s.version.covers(day)), None)
        found[slug, day] = MeetingRules.from_snapshot(covering) if covering else None
    return found


def rules_in_force(meeting_type_slug: str, on: date) -> MeetingRules | None:
    """The rules of a meeting type in force on `on`, or None if no published regulation defines it then."""
    return rules_in_force_on([(meeting_type_slug, on)])[meeting_type_slug, on]


def rules_required(meeting_type_slug: str, on: date, field: str = "meeting") -> MeetingRules:
    """The rules in force, or a ValidationError on `field` (a form shows it there) when there are none."""
    rules = rules_in_force(meeting_type_slug, on)
    if rules is None:
        raise ValidationError({field: _("会议类型“%(slug)s”在 %(day)s 没有有效的议事规则") % {
            "slug": meeting_type_slug, "day": on}}, code="no_rules")
    return rules


def meeting_types_in_force(on: date) -> list[MeetingRules]:
    """Every meeting type in force on `on`, by slug (one query)."""
    return [MeetingRules.from_snapshot(s) for s in _snapshots_in_force(on).distinct("meeting_type_slug")]


def regulations_in_force(on: date) -> QuerySet[RegulationVersion]:
    """The regulation versions in force on `on` (text as published), by title."""
    return RegulationVersion.objects.in_force(on).order_by("title", "regulation_id")


def regulation_as_of(slug: str, on: date) -> RegulationVersion | None:
    """The version of the regulation `slug` in force on `on` (its text as published then), or None."""
    return RegulationVersion.objects.in_force(on).filter(slug=slug).order_by("-effective_from", "-pk").first()


def published_versions(regulation_ids: Iterable[int]) -> dict[int, list[RegulationVersion]]:
    """Every publication of each regulation, oldest first (one query): its revision history."""
    history: dict[int, list[RegulationVersion]] = {pk: [] for pk in regulation_ids}
    for version in (RegulationVersion.objects.filter(regulation_id__in=history).defer("text", "html", "outline")
                    .order_by("published_at", "pk")):
        history[version.regulation_id].append(version)
    return history
