"""Who holds which workflow role for a meeting type on a date — the ONE place every workflow asks.

Roles come from two sources, both read here and nowhere else:

* the organisation's seeded Wagtail groups (办公室 → ``office``, 领导 → ``leader``,
  科室负责人 → ``department_head``, 督查 → ``supervisor``; 管理员 counts as ``office``);
* the meeting type's rules in force (``MeetingRules.roles`` / ``attendance.leave_approver`` /
  ``minutes.reviewer`` / ``minutes.signer``), resolved against the structure on the meeting date: a post means its
  A holder (roster order 0) that day, a department means its people, a person means that name.

Role names used across the workflows: ``chair``, ``office``, ``leader``, ``department_head``,
``supervisor``, ``member``, ``observer``, ``secretary`` (a recorder), ``leave_approver``,
``minutes_reviewer``, ``minutes_signer`` (签发), and ``system`` (background tasks; never held by a user).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yishi.content.rules import MeetingRules, RoleTarget
from yishi.tenants.structure.models import Person, Post, PostHolder

AnyUser = User | AnonymousUser  # request.user, or None for background tasks

CHAIR = "chair"
OFFICE = "office"
LEADER = "leader"
DEPARTMENT_HEAD = "department_head"
SUPERVISOR = "supervisor"
MEMBER = "member"
OBSERVER = "observer"
SECRETARY = "secretary"
LEAVE_APPROVER = "leave_approver"
MINUTES_REVIEWER = "minutes_reviewer"
MINUTES_SIGNER = "minutes_signer"
SYSTEM = "system"

# What a person sees instead of the role code.
ROLE_LABELS = {
    CHAIR: _("主持人"),
    OFFICE: _("办公室"),
    LEADER: _("领导"),
    DEPARTMENT_HEAD: _("科室负责人"),
    SUPERVISOR: _("督查"),
    MEMBER: _("参会人员"),
    OBSERVER: _("列席人员"),
    SECRETARY: _("记录人"),
    LEAVE_APPROVER: _("请假审批人"),
    MINUTES_REVIEWER: _("纪要审核人"),
    MINUTES_SIGNER: _("纪要签发人"),
    SYSTEM: _("系统"),
}


def role_labels(roles: Iterable[str]) -> str:
    """'主持人、办公室' for a set of role codes, in the order ROLE_LABELS lists them."""
    return "、".join(str(label) for code, label in ROLE_LABELS.items() if code in roles)


# Seeded group key (structure.RoleGroup, see yishi.tenants.structure.groups) → workflow role.
GROUP_ROLES = {
    "administrators": OFFICE,
    "office": OFFICE,
    "leaders": LEADER,
    "department_heads": DEPARTMENT_HEAD,
    "supervisors": SUPERVISOR,
}


@dataclass(frozen=True)
class Seat:
    """One place at a meeting: who sits in it, as what, and for which post (None: by department/name)."""

    person: Person
    role: str
    post: Post | None = None


def post_roster(post_slug: str, on: date) -> list[PostHolder]:
    """The A holder first, then the B substitutes in order, valid on `on` (empty for an unknown post)."""
    return list(PostHolder.objects.valid_on(on).filter(post__slug=post_slug)
                .select_related("person", "post").order_by("roster_order", "pk"))


def resolve(target: RoleTarget | None, on: date) -> list[Seat]:
    """The people a role target names on `on`. A post gives its A holder — or, when the post has no
    A holder that day, its first B holder (the roster stands in); substitution for *leave* is the
    attendance module's job, because it depends on a particular meeting."""
    if target is None:
        return []
    if target.post:
        roster = post_roster(target.post, on)
        return [Seat(roster[0].person, "", roster[0].post)] if roster else []
    if target.department:
        # That department's own people only: a sub-department (审批科 under 办公室) is not the organiser.
        people = Person.objects.filter(department__slug=target.department)
        return [Seat(person, "") for person in people.order_by("name", "pk")]
    if target.person:
        return [Seat(person, "") for person in Person.objects.filter(name=target.person).order_by("pk")]
    return []


class RoleHolder:
    """One user's standing in the structure, read once (groups, person, the rosters of the posts the
    person is on), so that their roles for many (rules, day) pairs cost no further queries.

    A post target names its A holder that day, or the first B holder when it has none (see `resolve`).
    """

    def __init__(self, user: AnyUser | None) -> None:
        self.groups = group_roles(user)
        self.person = person_of(user)
        self.rosters: dict[str, list[PostHolder]] = {}
        if self.person is not None:
            for holder in (PostHolder.objects.filter(post__holders__person=self.person).distinct()
                           .select_related("post").order_by("roster_order", "pk")):
                self.rosters.setdefault(holder.post.slug, []).append(holder)

    def holds(self, target: RoleTarget | None, on: date) -> bool:
        person = self.person
        if person is None or target is None:
            return False
        if target.post:
            valid = [h for h in self.rosters.get(target.post, [])
                     if (h.valid_from is None or h.valid_from <= on) and (h.valid_until is None or h.valid_until >= on)]
            return bool(valid) and valid[0].person_id == person.pk
        if target.department:
            return person.department is not None and person.department.slug == target.department
        return bool(target.person) and person.name == target.person

    def roles(self, rules: MeetingRules | None, on: date) -> set[str]:
        """Every role held for the meeting type `rules` describes, on `on` (group roles only without rules)."""
        roles = set(self.groups)
        if rules is None or self.person is None:
            return roles
        r = rules.roles
        for role, held in ((CHAIR, self.holds(r.chair, on)),
                           (OFFICE, self.holds(r.organiser, on)),
                           (MEMBER, any(self.holds(target, on) for target in r.members)),
                           (OBSERVER, any(self.holds(target, on) for target in r.observers)),
                           (SECRETARY, bool(r.recorders.post) and self.holds(RoleTarget(post=r.recorders.post), on)),
                           (LEAVE_APPROVER, self.holds(rules.attendance.leave_approver or r.chair, on)),
                           (MINUTES_REVIEWER, self.holds(rules.minutes.reviewer or r.chair, on)),
                           (MINUTES_SIGNER, self.holds(rules.minutes.signer or r.chair, on))):
            if held:
                roles.add(role)
        return roles


def group_roles(user: AnyUser | None) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    keys = user.groups.filter(role_key__key__in=GROUP_ROLES).values_list("role_key__key", flat=True)
    return {GROUP_ROLES[key] for key in keys}


def person_of(user: AnyUser | None) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("department").first()


def has_person(user: AnyUser | None) -> bool:
    """Only an account linked to a person (人员) has meetings of its own: to be away from, to subscribe to."""
    return person_of(user) is not None


def roles_of(user: AnyUser | None, rules: MeetingRules | None, on: date) -> set[str]:
    """Every role `user` holds for the meeting type `rules` describes, on `on`.

    Without rules (no meeting type in force) only the group roles are returned. For many pairs, ask
    one `RoleHolder`.
    """
    return RoleHolder(user).roles(rules, on)


def may_propose_ad_hoc(user: AnyUser | None, rules: MeetingRules, on: date) -> bool:
    """Whether `user` is among the rules' `roles.ad_hoc_proposers` (role names and role targets)."""
    holder = RoleHolder(user)
    names = {p for p in rules.roles.ad_hoc_proposers if isinstance(p, str)}
    targets = [p for p in rules.roles.ad_hoc_proposers if isinstance(p, RoleTarget)]
    return bool(holder.roles(rules, on) & names) or any(holder.holds(t, on) for t in targets)


def seats(rules: MeetingRules, on: date) -> list[Seat]:
    """Everyone invited to a meeting of this type on `on`: the chair and members (role ``member``),
    then observers (``observer``), each person once, in the order the rules list them."""
    result: dict[int, Seat] = {}
    for role, targets in ((MEMBER, (rules.roles.chair, *rules.roles.members)), (OBSERVER, rules.roles.observers)):
        for target in targets:
            for seat in resolve(target, on):
                result.setdefault(seat.person.pk, Seat(seat.person, role, seat.post))
    return list(result.values())


def invitees(rules: MeetingRules, on: date) -> list[tuple[Person, str]]:
    """(person, role) for every invitee on `on`; see `seats` for the post each one sits for."""
    return [(seat.person, seat.role) for seat in seats(rules, on)]


def holders_of(role: str, rules: MeetingRules, on: date) -> list[Person]:
    """The people who hold a rules-derived role (chair, leave_approver, secretary …) on `on`."""
    r = rules.roles
    target = {
        CHAIR: r.chair,
        LEAVE_APPROVER: rules.attendance.leave_approver or r.chair,
        MINUTES_REVIEWER: rules.minutes.reviewer or r.chair,
        MINUTES_SIGNER: rules.minutes.signer or r.chair,
        SECRETARY: RoleTarget(post=r.recorders.post) if r.recorders.post else None,
        OFFICE: r.organiser,
    }.get(role)
    return [seat.person for seat in resolve(target, on)]


def office_people() -> QuerySet[User]:
    """The users of the office and administrators groups: who hears what no rule assigns to anyone."""
    keys = [key for key, role in GROUP_ROLES.items() if role == OFFICE]
    return (get_user_model().objects.filter(groups__role_key__key__in=keys, is_active=True)
            .distinct().order_by("pk"))
