"""The one Celery app. Organisation tasks carry their schema in the `_schema_name` header."""

import logging
import os

from django.db import OperationalError as DatabaseOperationalError
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name
from kombu.exceptions import OperationalError as BrokerOperationalError
from tenant_schemas_celery.app import CeleryApp
from tenant_schemas_celery.task import TenantTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yishi.platform.settings")
logger = logging.getLogger(__name__)

app = CeleryApp("yishi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class MissingOrganisation(RuntimeError):
    """An organisation task arrived without an organisation schema."""


class OrganisationTask(TenantTask):
    """A task that must run inside one organisation's schema, and refuses to run in public.

    tenant-schemas-celery falls back to the public schema when the header is missing; for
    organisation data that fallback would read or write the wrong place, so fail closed.
    """

    abstract = True

    def __call__(self, *args, **kwargs):
        if connection.schema_name == get_public_schema_name():
            raise MissingOrganisation(f"{self.name}: sent without an organisation schema")
        from yishi.tenants.suspension import is_suspended

        if is_suspended(connection.schema_name):
            logger.warning("%s: skipped, organisation %s is suspended", self.name, connection.schema_name)
            return None
        return super().__call__(*args, **kwargs)


# A database or broker that is briefly away (failover, restart) is retried with exponential backoff.
TRANSIENT_ERRORS = (DatabaseOperationalError, BrokerOperationalError)


def organisation_task(*args, **kwargs):
    kwargs.setdefault("base", OrganisationTask)
    kwargs.setdefault("autoretry_for", TRANSIENT_ERRORS)
    kwargs.setdefault("retry_backoff", True)
    kwargs.setdefault("retry_backoff_max", 600)
    kwargs.setdefault("max_retries", 5)
    return app.task(*args, **kwargs)


def fan_out(task, **kwargs) -> None:
    """Send `task` once per active organisation, each carrying its schema: the one way periodic
    fan-outs reach organisations. Suspended organisations get nothing (their tasks would only be
    skipped by OrganisationTask), so a thousand suspended ones cost the broker nothing."""
    from yishi.tenants.models import Organisation

    for schema_name in Organisation.objects.active().values_list("schema_name", flat=True):
        task.apply_async(kwargs=kwargs, headers={"_schema_name": schema_name})


def enqueue(task, schema_name: str, *args, **kwargs) -> None:
    """Send `task` for one organisation once the surrounding transaction commits."""
    transaction.on_commit(
        lambda: task.apply_async(args=args, kwargs=kwargs, headers={"_schema_name": schema_name})
    )
