"""The demo organisations' people: one YAML file per organisation in casts/, applied by `yishi setup`.

A cast lists who works there (name, department, posts with their A/B order), their login, groups and
e-mail, so that every workflow can be tried at once by signing in as the role (office, director …).
Every demo login has the password DEMO_PASSWORD: for demonstrations only, never a real organisation.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from .structure.groups import GROUPS, group
from .structure.models import Department, Person, Post, PostHolder
from .structure.names import split_name

CASTS = Path(__file__).with_name("casts")
DEMO_PASSWORD = "yishi-demo"


@dataclass(frozen=True)
class Member:
    username: str
    name: str
    email: str
    department: str | None = None
    groups: tuple[str, ...] = ()
    posts: tuple[tuple[str, int], ...] = ()  # (post slug, roster order: 0 = A岗, 1 … = B岗)


@dataclass(frozen=True)
class Cast:
    organisation: str
    people: tuple[Member, ...]
    posts: tuple[dict, ...] = ()  # posts of the demo that its regulation packs do not declare


def cast_of(slug: str) -> Cast | None:
    """The cast of the demo organisation `slug`, or None when it has none."""
    path = CASTS / f"{slug}.yaml"
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    people = tuple(
        Member(username=p["username"], name=p["name"], email=p["email"], department=p.get("department"),
               groups=tuple(p.get("groups", ())),
               posts=tuple((held["post"], held.get("order", 0)) for held in p.get("posts", ())))
        for p in data["people"]
    )
    return Cast(organisation=data["organisation"], people=people, posts=tuple(data.get("posts", ())))


def _check(cast: Cast) -> None:
    """Every department, post and group a cast names must exist: errors name the person and the field."""
    departments = set(Department.objects.values_list("slug", flat=True))
    posts = set(Post.objects.values_list("slug", flat=True)) | {post["slug"] for post in cast.posts}
    errors = {}
    for index, member in enumerate(cast.people):
        field = f"people[{index}]"
        if member.department and member.department not in departments:
            errors[f"{field}.department"] = f"未知科室 {member.department!r}"
        if unknown := [key for key in member.groups if key not in GROUPS]:
            errors[f"{field}.groups"] = f"未知用户组 {', '.join(unknown)}"
        if unknown := [slug for slug, _order in member.posts if slug not in posts]:
            errors[f"{field}.posts"] = f"未知岗位 {', '.join(unknown)}"
    for index, post in enumerate(cast.posts):
        if post.get("department") and post["department"] not in departments:
            errors[f"posts[{index}].department"] = f"未知科室 {post['department']!r}"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def apply_cast(cast: Cast, password: str = DEMO_PASSWORD) -> list:
    """Create or bring back each member of `cast` in the current organisation (idempotent): a User
    (family and given name, e-mail, the demo password, groups), its Person and the posts it holds.
    Returns the users, in the cast's order."""
    _check(cast)
    for post in cast.posts:
        department = Department.objects.get(slug=post["department"]) if post.get("department") else None
        Post.objects.update_or_create(slug=post["slug"], defaults={"name": post["name"], "department": department})
    users = []
    for member in cast.people:
        user, _created = get_user_model().objects.get_or_create(username=member.username)
        user.last_name, user.first_name = split_name(member.name)
        user.email, user.is_active, user.is_staff = member.email, True, False
        user.set_password(password)
        user.save()
        user.groups.set([group(key) for key in member.groups])
        department = Department.objects.get(slug=member.department) if member.department else None
        person, _created = Person.objects.update_or_create(
            user=user, defaults={"name": member.name, "department": department})
        for slug, order in member.posts:
            PostHolder.objects.update_or_create(post=Post.objects.get(slug=slug), person=person,
                                                defaults={"roster_order": order})
        person.posts_held.exclude(post__slug__in=[slug for slug, _order in member.posts]).delete()
        users.append(user)
    return users
