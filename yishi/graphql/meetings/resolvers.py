from django.db import connection

from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.scheduling.planning import planned_occurrences

from ..core.permissions import visible_confidentiality


def planned(info, start, end) -> dict:
    """Every occurrence the rules call for in [start, end], computed once per request, organisation and range.

    Several meeting types asking for the same range share one computation (rules and calendar read once).
    """
    cache = info.context.__dict__.setdefault("planned_occurrences", {})
    key = (connection.schema_name, start, end)
    if key not in cache:
        cache[key] = planned_occurrences(start, end)
    return cache[key]


def occurrences_of(info, slug: str, start, end) -> list:
    """One meeting type's occurrences; a stretch where its rules then in force were not visible is left out."""
    levels = visible_confidentiality(info)
    found = [occurrence for (type_slug, _), (occurrence, rules) in planned(info, start, end).items()
             if type_slug == slug and rules.confidentiality in levels]
    return sorted(found, key=lambda occurrence: occurrence.starts_at)


def visible_meetings(info):
    return Meeting.objects.filter(confidentiality__in=visible_confidentiality(info))
