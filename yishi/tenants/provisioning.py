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
    from yishi.content.site import install_site
    from yishi.tenants.structure.groups import seed_groups

    index = install_site(host, organisation.name)
    seed_groups(index)
    if administrator:
        ensure_administrator(administrator)


def ensure_administrator(administrator: Administrator):
    """Create or reset a superuser in the current organisation's schema."""
    user, _ = get_user_model().objects.get_or_create(username=administrator.username)
    user.email = administrator.email
    user.is_staff = user.is_superuser = True
    user.set_password(administrator.password)
    user.save()
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
