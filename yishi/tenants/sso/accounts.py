"""Verified claims → this organisation's account and person (any protocol ends here)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from yishi.tenants.structure.models import Department, Person, Post, PostHolder

from .models import ExternalIdentity, IdentityProvider


class SignInRefused(Exception):
    """The provider vouched for someone this organisation cannot sign in; the message says why."""


def _values(claims: dict, name: str) -> list[str]:
    """A claim as a list of strings: providers send one value or a list."""
    if not name or claims.get(name) in (None, ""):
        return []
    value = claims[name]
    return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]


def _first(claims: dict, name: str) -> str:
    values = _values(claims, name)
    return values[0] if values else ""


@transaction.atomic
def account_for(provider: IdentityProvider, claims: dict):
    """The user the provider's verified `claims` sign in as: found by (provider, sub), else created
    with no group; name, e-mail, department, posts and mapped groups follow the provider each time."""
    subject = _first(claims, "sub")
    if not subject:
        raise SignInRefused(_("身份提供方没有返回 sub"))
    identity = ExternalIdentity.objects.select_related("user").filter(provider=provider, subject=subject).first()
    if identity:
        user = identity.user
        if not user.is_active:
            raise SignInRefused(_("账号“%(username)s”已停用") % {"username": user.get_username()})
        identity.save(update_fields=["last_login"])
    else:
        username = _first(claims, provider.username_claim) or subject
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            # Never linked by name: the office links an existing account by hand (docs/security.md).
            raise SignInRefused(_("本单位已有账号“%(username)s”，但它没有与该身份提供方关联，请联系办公室")
                                % {"username": username})
        user = user_model(username=username)
        user.set_unusable_password()
        user.save()
        ExternalIdentity.objects.create(provider=provider, subject=subject, user=user)

    name = _first(claims, provider.name_claim) or user.get_username()
    user.first_name, user.last_name = name[:150], ""
    user.email = _first(claims, provider.email_claim) or user.email
    user.save(update_fields=["first_name", "last_name", "email"])
    _update_person(provider, claims, user, name)
    _update_groups(provider, claims, user)
    return user


def _update_person(provider: IdentityProvider, claims: dict, user, name: str) -> None:
    person = Person.objects.filter(user=user).first() or Person(user=user)
    person.name = name[:100]
    person.phone = _first(claims, provider.phone_claim)[:40] or person.phone
    if department_value := _first(claims, provider.department_claim):
        person.department = (Department.objects.filter(Q(slug=department_value) | Q(name=department_value)).first()
                             or person.department)
    person.save()
    posts = _values(claims, provider.post_claim)
    for post in Post.objects.filter(Q(slug__in=posts) | Q(name__in=posts)):
        today = date.today()
        if not post.holders.valid_on(today).filter(person=person).exists():
            last = post.holders.aggregate(last=Max("roster_order"))["last"]
            PostHolder.objects.create(post=post, person=person, roster_order=0 if last is None else last + 1)


def _update_groups(provider: IdentityProvider, claims: dict, user) -> None:
    """Only groups named in the provider's map are granted or withdrawn; others are the office's."""
    mapping = provider.group_names()
    if not mapping:
        return
    wanted = {mapping[value] for value in _values(claims, provider.groups_claim) if value in mapping}
    mapped = Group.objects.filter(name__in=set(mapping.values()))
    user.groups.remove(*[group for group in mapped if group.name not in wanted])
    user.groups.add(*[group for group in mapped if group.name in wanted])
