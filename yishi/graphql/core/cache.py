"""Public responses, cached per organisation: key = schema + query + variables + operation + content version.

Only requests that can see nothing but public data are cached (anonymous callers and keys with
`read_public` alone acting as nobody): their answer is the same for everyone on the host. Anything
more (internal scopes, a signed-in user, a key acting as a person) is never cached.

The content version is a token per organisation, kept in the cache and replaced whenever something
portals can read changes: saving or deleting a model that public fields read, any workflow
transition (every one writes an event row), Wagtail publish/unpublish. Replacing it makes every
cached answer of that organisation unreachable at once. It is replaced after the transaction
commits, so no request can cache the old data under the new version. Changes written with
queryset.update()/bulk_create send no signal (e.g. the hourly planner): CACHE_SECONDS bounds how
stale those can be.

Data flows content → workflows → graphql: this module listens to their signals; they know nothing of it.
"""

import hashlib
import json
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name, schema_context
from wagtail.models import Page
from wagtail.signals import published, unpublished

from yishi.content.calendar.local.models import CalendarOverride
from yishi.content.models import RegulationVersion, RuleSnapshot
from yishi.tenants.models import Organisation
from yishi.tenants.structure.models import Department, Post
from yishi.workflows.agenda.models import Agenda, AgendaItem
from yishi.workflows.core.statemachine import TransitionEvent
from yishi.workflows.deliberation.models import Decision, ItemRecord
from yishi.workflows.minutes.models import Minutes
from yishi.workflows.scheduling.models import Meeting, MeetingChange
from yishi.workflows.supervision.models import ActionItem, ProgressReport

from .permissions import PUBLIC, acting_user_of

VERSION_KEY = "graphql-content-version"
# What public fields read (besides the organisation row, handled below).
PUBLIC_MODELS = (Page, RegulationVersion, RuleSnapshot, CalendarOverride, Department, Post, Meeting,
                 MeetingChange, Agenda, AgendaItem, ItemRecord, Decision, Minutes, ActionItem, ProgressReport,
                 TransitionEvent)


def cache_seconds() -> int:
    return settings.YISHI_GRAPHQL_CACHE_SECONDS


def cacheable(request) -> bool:
    return (cache_seconds() > 0 and connection.schema_name != get_public_schema_name()
            and request.scopes == PUBLIC and acting_user_of(request) is None)


def content_version() -> str:
    """This organisation's version token (cache keys carry the schema: see KEY_FUNCTION in settings)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def response_key(query: str, variables, operation_name) -> str:
    parts = json.dumps([connection.schema_name, query, variables or {}, operation_name or "", content_version()],
                       sort_keys=True, ensure_ascii=False)
    return "graphql-response:" + hashlib.sha256(parts.encode()).hexdigest()


def bump_content_version() -> None:
    """New public content in the current organisation, once the transaction commits."""
    schema_name = connection.schema_name

    def bump():
        with schema_context(schema_name):
            cache.set(VERSION_KEY, uuid.uuid4().hex, None)

    transaction.on_commit(bump)


@receiver(post_save)
@receiver(post_delete)
def model_changed(sender, instance, **kwargs):
    if isinstance(instance, Organisation):  # saved from the public schema: bump in its own
        with schema_context(instance.schema_name):
            bump_content_version()
    elif isinstance(instance, PUBLIC_MODELS):
        bump_content_version()


@receiver(published)
@receiver(unpublished)
def content_published(sender, instance, **kwargs):
    bump_content_version()
