"""The rules in force: the one read API workflows use.

``rules_in_force("director-office", on=date(2026, 3, 2))`` returns the meeting type's rules exactly
as published in the regulation version in force on that day, as an immutable ``MeetingRules``
tree mirroring the pack's ``meeting_type`` (docs/regulation-pack.md) — even after later amendments.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from .models import RegulationVersion, RuleSnapshot
from .validation import fill_defaults


@dataclass(frozen=True)
class RoleTarget:
    """Who fills a role: exactly one of a post slug, a department slug or a person's name."""

    post: str | None = None
    department: str | None = None
    person: str | None = None


def _target(data: dict | None) -> RoleTarget | None:
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
class Deadline:
    """workdays_before (days) | weekday_of_previous_week (weekday 1–7) | day_of_month / day_of_previous_month (day)."""

    kind: str
    time: time
    days: int | None = None
    weekday: int | None = None
    day: int | None = None


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
    fraction: float


@dataclass(frozen=True)
class Decisions:
    quorum: float
    quorum_rules: tuple[QuorumRule, ...]
    decision_rule: str
    chair_speaks_last: bool
    voting_methods: tuple[str, ...]

    def quorum_for(self, matter: str | None = None) -> float:
        """The fraction of members that must be present for a matter of this kind."""
        return next((rule.fraction for rule in self.quorum_rules if rule.matter == matter), self.quorum)


@dataclass(frozen=True)
class Minutes:
    required: bool
    deadline_workdays: int
    reviewer: RoleTarget | None


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
                members=tuple(map(_target, roles["members"])), observers=tuple(map(_target, roles["observers"])),
                recorders=Recorders(**roles["recorders"]),
                ad_hoc_proposers=tuple(p if isinstance(p, str) else _target(p) for p in roles["ad_hoc_proposers"]),
            ),
            topics=Topics(
                deadline=Deadline(**{**deadline, "time": time.fromisoformat(deadline["time"])}) if deadline else None,
                required_fields=tuple(topics["required_fields"]), review_steps=tuple(topics["review_steps"]),
                ordering_classes=tuple(topics["ordering_classes"]),
            ),
            materials=Materials(**data["materials"]),
            notice=Notice(**data["notice"]),
            attendance=Attendance(**{**attendance, "leave_approver": _target(attendance["leave_approver"])}),
            decisions=Decisions(**{**data["decisions"], "quorum_rules": tuple(
                QuorumRule(**rule) for rule in data["decisions"]["quorum_rules"])}),
            minutes=Minutes(**{**data["minutes"], "reviewer": _target(data["minutes"]["reviewer"])}),
            follow_up=FollowUp(**data["follow_up"]),
            regulation_slug=version.slug, revision_id=version.revision_id,
            effective_from=version.effective_from, effective_until=version.effective_until,
        )


# Within one regulation at most one version covers a day; across regulations the one that took
# effect last wins (a new regulation that takes a meeting type over from an older one). The first
# snapshot of a meeting type in this order that covers a day is the one in force.
WINNING_ORDER = ("meeting_type_slug", "-version__effective_from", "-version_id")


def _snapshots(versions):
    # The rules need the version's dates and slug, not its text.
    return (RuleSnapshot.objects.filter(version__in=versions).select_related("version")
            .defer("version__text", "version__html", "version__outline").order_by(*WINNING_ORDER))


def _snapshots_in_force(on: date):
    return _snapshots(RegulationVersion.objects.in_force(on))


def rules_in_force_on(keys: Iterable[tuple[str, date]]) -> dict[tuple[str, date], MeetingRules | None]:
    """The rules in force for many (meeting type slug, day) pairs, in one query; None where none was."""
    keys = set(keys)
    if not keys:
        return {}
    days = [day for _slug, day in keys]
    candidates = defaultdict(list)
    versions = RegulationVersion.objects.in_force_between(min(days), max(days))
    for snapshot in _snapshots(versions).filter(meeting_type_slug__in={slug for slug, _day in keys}):
        candidates[snapshot.meeting_type_slug].append(snapshot)
    found = {}
    for slug, day in keys:
        snapshot = next((s for s in candidates[slug] if s.version.covers(day)), None)
        found[slug, day] = MeetingRules.from_snapshot(snapshot) if snapshot else None
    return found


def rules_in_force(meeting_type_slug: str, on: date) -> MeetingRules | None:
    """The rules of a meeting type in force on `on`, or None if no published regulation defines it then."""
    return rules_in_force_on([(meeting_type_slug, on)])[meeting_type_slug, on]


def meeting_types_in_force(on: date) -> list[MeetingRules]:
    """Every meeting type in force on `on`, by slug (one query)."""
    return [MeetingRules.from_snapshot(s) for s in _snapshots_in_force(on).distinct("meeting_type_slug")]


def regulations_in_force(on: date):
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
