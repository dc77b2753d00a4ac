from django.db import connection
from django.db.models import OuterRef, Q, Subquery

from yishi.content.rules import Confidentiality
from yishi.workflows.agenda.models import Agenda
from yishi.workflows.scheduling import visibility
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.scheduling.planning import planned_occurrences
from yishi.workflows.supervision.models import ActionItem, ProgressReport

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




def cleared_meetings(info) -> frozenset[int]:
    """The confidential meetings the signed-in user may see: the workflows' one rule (their attendees
    and the roles the rules name), computed once per request and organisation."""
    if Confidentiality.CONFIDENTIAL not in visible_confidentiality(info):
        return frozenset()
    cleared = info.context.__dict__.setdefault("cleared_meetings", {})
    if connection.schema_name not in cleared:
        cleared[connection.schema_name] = frozenset(
            visibility.visible_meetings(info.context.user).filter(confidentiality=Confidentiality.CONFIDENTIAL)
            .values_list("pk", flat=True))
    return cleared[connection.schema_name]


def visible_meetings(info):
    """Meetings of the levels the caller's scopes allow; a confidential one only to whom it is cleared for."""
    levels = [level for level in visible_confidentiality(info) if level != Confidentiality.CONFIDENTIAL]
    return Meeting.objects.filter(Q(confidentiality__in=levels) | Q(pk__in=cleared_meetings(info)))


def may_see_meeting(info, meeting: Meeting) -> bool:
    """visible_meetings for one loaded meeting."""
    if meeting.confidentiality == Confidentiality.CONFIDENTIAL:
        return meeting.pk in cleared_meetings(info)
    return meeting.confidentiality in visible_confidentiality(info)


# What the API publishes of a meeting's outcome: decisions and action items once the minutes are
# issued (published in the admin, numbered), and never a confidential meeting's — an API caller is
# not an attendee cleared for it, whatever its scopes.
OUTCOME_PUBLISHED = (Q(meeting__minutes__live=True, meeting__minutes__issued_at__isnull=False)
                     & ~Q(meeting__confidentiality=Confidentiality.CONFIDENTIAL))
ISSUED_MINUTES = (Q(live=True, issued_at__isnull=False, confidential=False)
                  & ~Q(meeting__confidentiality=Confidentiality.CONFIDENTIAL))
# An agenda is published once the leader has approved it.
AGENDA_PUBLISHED = (Agenda.State.APPROVED, Agenda.State.DISTRIBUTED)


_latest_report = ProgressReport.objects.filter(item=OuterRef("pk")).order_by("-at", "-pk")
# An action item's public progress: the percentage and date of its latest report (not the report's text).
LATEST_PROGRESS = {"progress": Subquery(_latest_report.values("percent")[:1]),
                   "last_reported_at": Subquery(_latest_report.values("at")[:1])}


def published_action_items(info):
    """Action items the caller may follow: of published outcomes of meetings the caller may see."""
    return (ActionItem.objects.filter(OUTCOME_PUBLISHED, meeting__in=visible_meetings(info))
            .select_related("owner_department").annotate(**LATEST_PROGRESS))
