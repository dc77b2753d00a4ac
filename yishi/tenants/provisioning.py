"""Creating organisations: validated input, a schema, a domain, a Wagtail site and an administrator."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from .models import Domain, Organisation
from .template import create_schema

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
HOST_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
HOST_PATTERN = re.compile(rf"^(?=.{{1,253}}$){HOST_LABEL}(\.{HOST_LABEL})*$")
RESERVED_SLUGS = {"public", "platform", "www", "admin", "api", "static", "media", "template"}


class ProvisioningError(ValueError):
    """Bad input for a new organisation: names the field and the reason."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Administrator:
    username: str
    password: str
    email: str = ""
    name: str = ""  # the Person's name (王芳); a new administrator's username when not given


def default_host(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def schema_name_for(slug: str) -> str:
    # A prefix keeps organisation schemas apart from PostgreSQL's own (pg_*) and from `public`.
    return "org_" + slug.replace("-", "_")


def validate_new_organisation(slug: str, name: str, host: str) -> None:
    if not SLUG_PATTERN.match(slug):
        raise ProvisioningError(
            "slug", f"{slug!r} must be 3–40 lowercase letters, digits or hyphens, starting with a letter"
        )
    if slug in RESERVED_SLUGS:
        raise ProvisioningError("slug", f"{slug!r} is reserved")
    if not name.strip():
        raise ProvisioningError("name", "must not be empty")
    if not HOST_PATTERN.match(host):
        raise ProvisioningError("domain", f"{host!r} is not a valid host name")
    if Organisation.objects.filter(slug=slug).exists():
        raise ProvisioningError("slug", f"an organisation {slug!r} already exists")
    if Domain.objects.filter(domain=host).exists():
        raise ProvisioningError("domain", f"{host!r} is already taken")


def create_organisation(
    slug: str,
    name: str,
    *,
    host: str | None = None,
    kind: str = Organisation.Kind.OTHER,
    region: str = "",
    administrator: Administrator | None = None,
) -> Organisation:
    host = (host or default_host(slug)).lower()
    validate_new_organisation(slug, name, host)
    organisation = Organisation(
        schema_name=schema_name_for(slug), slug=slug, name=name.strip(), kind=kind, region=region
    )
    # Creating the schema (a clone of the template, or migrations) cannot share one transaction
    # with the rest; if a later step fails, the organisation row and its schema are removed again.
    organisation.auto_create_schema = False  # create_schema below picks clone or migrations
    organisation.save(verbosity=0)
    try:
        create_schema(organisation)
        with transaction.atomic():
            Domain.objects.create(domain=host, tenant=organisation, is_primary=True)
            with tenant_context(organisation):
                install_organisation_site(organisation, host, administrator)
    except BaseException:
        organisation.delete(force_drop=True)
        raise
    return organisation


def install_organisation_site(organisation: Organisation, host: str, administrator: Administrator | None):
    """The site on `host`, the six groups, the regulation review workflow and the administrator (idempotent)."""
    from yishi.content.site import install_site
    from yishi.tenants.structure.groups import seed_groups

    index = install_site(host, organisation.name)
    seed_groups(index)
    install_review_workflow(index)
    if administrator:
        ensure_administrator(administrator)


# Wagtail's migrations give the page tree's root a one-step workflow for its "Moderators" group.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def install_review_workflow(index):
    """制度审批 (office review, then the leaders) for every page, in place of Wagtail's default workflow."""
    from wagtail.models import Page, Task, Workflow, WorkflowPage

    from yishi.content.moderation import ensure_review_workflow

    workflow = ensure_review_workflow(index)
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).delete()
    Task.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).delete()
    return workflow


def ensure_administrator(administrator: Administrator):
    """Create or reset a superuser of the current organisation, in the 管理员 group, with its Person.
    An e-mail or name left empty keeps what an existing user has."""
    from yishi.tenants.structure.groups import group
    from yishi.tenants.structure.models import Person
    from yishi.tenants.structure.names import split_name

    user, _ = get_user_model().objects.get_or_create(username=administrator.username)
    if administrator.email:
        user.email = administrator.email
    if administrator.name:
        user.last_name, user.first_name = split_name(administrator.name)
    user.is_staff = user.is_superuser = True
    user.set_password(administrator.password)
    user.save()
    user.groups.add(group("administrators"))
    person, _ = Person.objects.get_or_create(user=user, defaults={"name": administrator.name or user.username})
    if administrator.name and person.name != administrator.name:
        person.name = administrator.name
        person.save(update_fields=["name"])
    return user


def ensure_platform() -> Organisation:
    """The public schema's own tenant row and domain; without them every request 404s."""
    with schema_context(get_public_schema_name()):
        platform, _ = Organisation.objects.get_or_create(
            schema_name=get_public_schema_name(),
            defaults={"slug": "platform", "name": "议事平台", "kind": Organisation.Kind.PLATFORM},
        )
        Domain.objects.update_or_create(
            domain=settings.BASE_DOMAIN, defaults={"tenant": platform, "is_primary": True}
        )
    return platform
