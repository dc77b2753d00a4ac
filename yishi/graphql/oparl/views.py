"""Open data in the shape of OParl 1.1 (https://oparl.org/spezifikation/), read-only, on each
organisation's host, for council-information clients: System → Body → Organization → Meeting →
AgendaItem → Paper → File.

What is served is exactly what an anonymous GraphQL caller sees (the same visibility functions):
public meetings only, agendas once approved, minutes once issued, never a confidential meeting's.
How Yishi maps onto OParl:
- Body: the organisation; Organization: a meeting type in force (the 会议 as a standing body).
- Meeting: a stored meeting; its agenda items are embedded, its issued minutes are `resultsProtocol`.
- Paper: a topic (议题) on a published agenda; its consultations name the meetings and items.
- File: issued minutes (the text in `text`, and at `accessUrl`). Topic attachments are not public in
  the GraphQL API either, so no Paper carries files.
Lists are paginated (`page`, `limit`) and take `modified_since` / `modified_until` (ISO 8601) for
incremental sync; each page costs the same few queries whatever its length.
"""

from datetime import datetime
from types import SimpleNamespace

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from yishi.content.rules import meeting_types_in_force
from yishi.tenants.models import Organisation
from yishi.workflows.agenda.models import AgendaItem, Topic
from yishi.workflows.minutes.models import Minutes

from ..core.permissions import PUBLIC, visible_confidentiality
from ..meetings.dataloaders import IssuedMinutesLoader, PublicAgendaLoader
from ..meetings.resolvers import AGENDA_PUBLISHED, ISSUED_MINUTES, visible_meetings

SCHEMA = "https://schema.oparl.org/1.1/"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadRequest(Exception):
    """A query parameter the view cannot use; the message names it."""


def _public(request) -> SimpleNamespace:
    """What the GraphQL visibility functions read (`info.context`), for an anonymous caller: open
    data is public data, whoever is signed in in the browser."""
    request.scopes, request.api_key = PUBLIC, None
    return SimpleNamespace(context=request)


def _url(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _time(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _organisation(request) -> Organisation:
    return request.tenant  # set by django-tenants from the host


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _view(fn):
    """GET only; bad parameters and missing objects answered as JSON, as OParl clients expect."""

    @require_GET
    def view(request, *args, **kwargs):
        try:
            return fn(request, *args, **kwargs)
        except BadRequest as error:
            return _json({"error": str(error)}, status=400)
        except Http404:
            return _json({"error": "not found"}, status=404)

    view.__name__ = fn.__name__
    return view


def _parameter_time(request, name: str) -> datetime | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
    except ValueError:
        value = None
    if value is None:
        raise BadRequest(f"{name}: expected an ISO 8601 date and time, e.g. 2026-01-01T00:00:00+08:00, got {raw!r}")
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _parameter_int(request, name: str, default: int, maximum: int) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise BadRequest(f"{name}: expected a whole number from 1 to {maximum}, got {raw!r}")
    return int(raw)


def _modified(request, queryset, field: str):
    since, until = _parameter_time(request, "modified_since"), _parameter_time(request, "modified_until")
    if since:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until:
        queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset


def _page(request, rows, render) -> JsonResponse:
    """One OParl list page of `rows` (a queryset ordered by pk, or a list); `render(page rows)` → objects."""
    limit = _parameter_int(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    total = len(rows) if isinstance(rows, list) else rows.count()
    pages = max(1, -(-total // limit))
    page = _parameter_int(request, "page", 1, pages)
    query = request.GET.copy()

    def link(number: int) -> str:
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    links = {"first": link(1), "last": link(pages)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    return _json({
        "data": render(list(rows[(page - 1) * limit:page * limit])),
        "pagination": {"totalElements": total, "elementsPerPage": limit, "currentPage": page, "totalPages": pages},
        "links": links,
    })


# --- System and Body -------------------------------------------------------------------------------

@_view
def system(request):
    organisation = _organisation(request)
    return _json({
        "id": _url(request, "oparl-system"), "type": SCHEMA + "System", "oparlVersion": SCHEMA,
        "name": f"议事 Yishi — {organisation.name}", "body": _url(request, "oparl-bodies"),
        "website": request.build_absolute_uri("/"),
    })


def _body(request, organisation: Organisation) -> dict:
    return {
        "id": _url(request, "oparl-body"), "type": SCHEMA + "Body", "system": _url(request, "oparl-system"),
        "name": organisation.name, "shortName": organisation.slug, "website": request.build_absolute_uri("/"),
        "organization": _url(request, "oparl-organizations"), "meeting": _url(request, "oparl-meetings"),
        "paper": _url(request, "oparl-papers"), "person": _url(request, "oparl-people"), "legislativeTerm": [],
        "created": _time(organisation.created_at),
    }


@_view
def bodies(request):
    organisation = _organisation(request)
    return _page(request, [organisation], lambda rows: [_body(request, row) for row in rows])


@_view
def body(request):
    return _json(_body(request, _organisation(request)))


@_view
def people(request):
    # People are not published: the API names posts and departments, never a person.
    return _page(request, [], lambda rows: rows)


# --- Organization: the meeting types in force ------------------------------------------------------

def _visible_types(request) -> list:
    levels = visible_confidentiality(_public(request))
    return sorted((rules for rules in meeting_types_in_force(timezone.localdate()) if rules.confidentiality in levels),
                  key=lambda rules: rules.slug)


def _organization(request, rules) -> dict:
    return {
        "id": _url(request, "oparl-organization", rules.slug), "type": SCHEMA + "Organization",
        "body": _url(request, "oparl-body"), "name": rules.name, "shortName": rules.slug,
        "organizationType": "会议", "classification": rules.category or None,
        "startDate": rules.effective_from.isoformat(),
        "meeting": request.build_absolute_uri(reverse("oparl-meetings") + f"?organization={rules.slug}"),
    }


@_view
def organizations(request):
    return _page(request, _visible_types(request), lambda rows: [_organization(request, rules) for rules in rows])


@_view
def organization(request, slug: str):
    found = [rules for rules in _visible_types(request) if rules.slug == slug]
    if not found:
        raise Http404
    return _json(_organization(request, found[0]))


# --- Meeting, AgendaItem, File -----------------------------------------------------------------------

def _agenda_item(request, item: AgendaItem) -> dict:
    data = {
        "id": _url(request, "oparl-agenda-item", item.pk), "type": SCHEMA + "AgendaItem",
        "meeting": _url(request, "oparl-meeting", item.meeting_id), "number": str(item.position + 1),
        "order": item.position + 1, "name": item.title, "public": True,
    }
    if item.topic_id:
        data["consultation"] = _url(request, "oparl-paper", item.topic_id)  # the Paper of the topic discussed
    return data


def _file(request, minutes: Minutes) -> dict:
    return {
        "id": _url(request, "oparl-file", minutes.pk), "type": SCHEMA + "File",
        "name": minutes.title, "fileName": f"{minutes.number or minutes.pk}.txt", "mimeType": "text/plain",
        "date": timezone.localtime(minutes.issued_at).date().isoformat(), "text": minutes.body,
        "accessUrl": _url(request, "oparl-file-access", minutes.pk),
        "meeting": [_url(request, "oparl-meeting", minutes.meeting_id)],
        "created": _time(minutes.issued_at), "modified": _time(minutes.last_published_at or minutes.issued_at),
    }


def _meetings(request, meetings) -> list[dict]:
    """Meetings with their published agendas and issued minutes: two queries for the whole page
    (the GraphQL loaders' own batches)."""
    keys = [meeting.pk for meeting in meetings]
    agendas = dict(zip(keys, PublicAgendaLoader().batch_load(keys), strict=True))
    minutes = dict(zip(keys, IssuedMinutesLoader().batch_load(keys), strict=True))
    result = []
    for meeting in meetings:
        data = {
            "id": _url(request, "oparl-meeting", meeting.pk), "type": SCHEMA + "Meeting", "name": meeting.name,
            "meetingState": meeting.status, "cancelled": meeting.status == "cancelled",
            "start": _time(meeting.starts_at), "end": _time(meeting.ends_at), "location": None,
            "organization": [_url(request, "oparl-organization", meeting.meeting_type_slug)],
            "agendaItem": [_agenda_item(request, item) for item in agendas[meeting.pk].public_items]
            if agendas[meeting.pk] else [],
            "created": _time(meeting.created_at), "modified": _time(meeting.updated_at),
        }
        if meeting.location:
            data["location"] = {"type": SCHEMA + "Location", "description": meeting.location}
        else:
            del data["location"]
        if minutes[meeting.pk]:
            data["resultsProtocol"] = _file(request, minutes[meeting.pk])
        result.append(data)
    return result


@_view
def meetings(request):
    rows = _modified(request, visible_meetings(_public(request)), "updated_at")
    if slug := request.GET.get("organization"):
        rows = rows.filter(meeting_type_slug=slug)
    return _page(request, rows.order_by("pk"), lambda page: _meetings(request, page))


@_view
def meeting(request, pk: int):
    found = visible_meetings(_public(request)).filter(pk=pk).first()
    if found is None:
        raise Http404
    return _json(_meetings(request, [found])[0])


def _public_agenda_items(request):
    """Items of approved agendas of meetings an anonymous caller may see (GraphQL's AgendaItem node)."""
    return (AgendaItem.objects.filter(meeting__in=visible_meetings(_public(request)),
                                      meeting__agenda__state__in=AGENDA_PUBLISHED)
            .exclude(meeting__confidentiality="confidential"))


@_view
def agenda_item(request, pk: int):
    found = _public_agenda_items(request).filter(pk=pk).first()
    if found is None:
        raise Http404
    return _json(_agenda_item(request, found))


def _issued_minutes(request, pk: int) -> Minutes:
    found = (Minutes.objects.filter(ISSUED_MINUTES, meeting__in=visible_meetings(_public(request)))
             .filter(pk=pk).first())
    if found is None:
        raise Http404
    return found


@_view
def file(request, pk: int):
    return _json(_file(request, _issued_minutes(request, pk)))


@_view
def file_access(request, pk: int):
    minutes = _issued_minutes(request, pk)
    return HttpResponse(minutes.body, content_type="text/plain; charset=utf-8")


# --- Paper: topics on published agendas ---------------------------------------------------------------

def _papers(request, topics) -> list[dict]:
    """Papers with their consultations: one query for the page's agenda items."""
    items: dict[int, list[AgendaItem]] = {topic.pk: [] for topic in topics}
    for item in _public_agenda_items(request).filter(topic_id__in=items).order_by("meeting__starts_at", "pk"):
        items[item.topic_id].append(item)
    return [{
        "id": _url(request, "oparl-paper", topic.pk), "type": SCHEMA + "Paper", "body": _url(request, "oparl-body"),
        "name": topic.title, "paperType": "议题",
        "date": timezone.localtime(topic.submitted_at).date().isoformat() if topic.submitted_at else None,
        "consultation": [{
            "type": SCHEMA + "Consultation", "paper": _url(request, "oparl-paper", topic.pk),
            "agendaItem": _url(request, "oparl-agenda-item", item.pk),
            "meeting": _url(request, "oparl-meeting", item.meeting_id),
            "organization": [_url(request, "oparl-organization", topic.meeting_type_slug)],
        } for item in items[topic.pk]],
        "created": _time(topic.created_at), "modified": _time(topic.updated_at),
    } for topic in topics]


def _public_topics(request):
    return Topic.objects.filter(pk__in=_public_agenda_items(request).values("topic_id"))


@_view
def papers(request):
    rows = _modified(request, _public_topics(request), "updated_at").order_by("pk")
    return _page(request, rows, lambda page: _papers(request, page))


@_view
def paper(request, pk: int):
    found = _public_topics(request).filter(pk=pk).first()
    if found is None:
        raise Http404
    return _json(_papers(request, [found])[0])
