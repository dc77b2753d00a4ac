"""Suspending an organisation: its host answers 503 with a clear page, and its tasks do not run.

Its data stays untouched; `resume` serves it again.
"""

from django.shortcuts import render
from django.utils import timezone

from .models import Organisation


def suspend(organisation: Organisation) -> None:
    Organisation.objects.filter(pk=organisation.pk, suspended_at__isnull=True).update(suspended_at=timezone.now())
    organisation.refresh_from_db(fields=["suspended_at"])


def resume(organisation: Organisation) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(suspended_at=None)
    organisation.refresh_from_db(fields=["suspended_at"])


def is_suspended(schema_name: str) -> bool:
    return Organisation.objects.filter(schema_name=schema_name, suspended_at__isnull=False).exists()


class SuspendedOrganisationMiddleware:
    """Right after tenant routing: a suspended organisation's host serves nothing but this page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        organisation = getattr(request, "tenant", None)
        if organisation is not None and organisation.suspended_at:
            response = render(request, "tenants/suspended.html", {"organisation": organisation}, status=503)
            response["Retry-After"] = "3600"
            return response
        return self.get_response(request)
