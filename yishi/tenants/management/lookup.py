from django.core.management.base import CommandError

from yishi.tenants.models import Organisation


def organisation_or_error(slug: str, option: str = "slug") -> Organisation:
    """The organisation a CLI argument names, or the one-line error (exit 2) naming that argument."""
    organisation = Organisation.objects.served().filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"{option}: no organisation {slug!r}", returncode=2)
    return organisation
