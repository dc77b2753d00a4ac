"""Who holds which workflow role for a meeting type on a date — the ONE place every workflow asks.

Roles come from two sources, both read here and nowhere else:

* the organisation's seeded Wagtail groups (办公室 → ``office``, 领导 → ``leader``,
  科室负责人 → ``department_head``, 督查 → ``supervisor``; 管理员 counts as ``office``);
* the meeting type's rules in force (``MeetingRules.roles`` / ``attendance.leave_approver`` /
  ``minutes.reviewer``), resolved against the structure on the meeting date: a post means its
  A holder (roster order 0) that day, a department means its people, a person means that name.

Role names used across the workflows: ``chair``, ``office``, ``leader``, ``department_head``,
``supervisor``, ``member``, ``observer``, ``secretary`` (a recorder), ``leave_approver``,
``minutes_reviewer``, and ``system`` (background tasks; never held by a user).
"""

from dataclasses import dataclass
from datetime import date

from yishi.content.rules import MeetingRules, RoleTarget
from yishi.tenants.structure.groups import GROUPS
from yishi.tenants.structure.models import Person, Post, PostHolder

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
SYSTEM = "system"

# Seeded group key → workflow role (see yishi.tenants.structure.groups).
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


def _is(person: Person | None, target: RoleTarget | None, on: date) -> bool:
    return person is not None and any(seat.person.pk == person.pk for seat in resolve(target, on))


def group_roles(user) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    names = {name: key for key, (name, _pages, _models) in GROUPS.items()}
    return {GROUP_ROLES[names[g]] for g in user.groups.values_list("name", flat=True)
            if g in names and names[g] in GROUP_ROLES}


def person_of(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("department").first()


def roles_of(user, rules: MeetingRules | None, on: date) -> set[str]:
    """Every role `user` holds for the meeting type `rules` describes, on `on`.

    Without rules (no meeting type in force) only the group roles are returned.
    """
    roles = group_roles(user)
    person = person_of(user)
    if rules is None or person is None:
        return roles
    r = rules.roles
    if _is(person, r.chair, on):
        roles.add(CHAIR)
    if _is(person, r.organiser, on):
        roles.add(OFFICE)
    if any(_is(person, target, on) for target in r.members):
        roles.add(MEMBER)
    if any(_is(person, target, on) for target in r.observers):
        roles.add(OBSERVER)
    if r.recorders.post and _is(person, RoleTarget(post=r.recorders.post), on):
        roles.add(SECRETARY)
    if _is(person, rules.attendance.leave_approver or r.chair, on):
        roles.add(LEAVE_APPROVER)
    if _is(person, rules.minutes.reviewer or r.chair, on):
        roles.add(MINUTES_REVIEWER)
    return roles


def may_propose_ad_hoc(user, rules: MeetingRules, on: date) -> bool:
    """Whether `user` is among the rules' `roles.ad_hoc_proposers` (role names and role targets)."""
    names = {p for p in rules.roles.ad_hoc_proposers if isinstance(p, str)}
    targets = [p for p in rules.roles.ad_hoc_proposers if isinstance(p, RoleTarget)]
    return bool(roles_of(user, rules, on) & names) or any(_is(person_of(user), t, on) for t in targets)


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
        SECRETARY: RoleTarget(post=r.recorders.post) if r.recorders.post else None,
        OFFICE: r.organiser,
    }.get(role)
    return [seat.person for seat in resolve(target, on)]
