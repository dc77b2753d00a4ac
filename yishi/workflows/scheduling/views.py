"""The organisation's meeting calendar as iCalendar feeds, and a public page per meeting.

A feed is valid RFC 5545 however empty (a VTIMEZONE is always there), its event UIDs do not depend
on the host it was fetched from, and it answers conditional requests (ETag, Last-Modified, 304).
"""

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from icalendar import Calendar, Event, Timezone

from yishi.content.rules import Confidentiality, rules_in_force

from .actions import feed_meetings, feed_owner
from .models import Meeting

FEED_PAST_DAYS = 92
FEED_FUTURE_DAYS = 366
# UIDs name the organisation and the meeting, under a domain of their own: the same on every host
# and port the feed is fetched from, so a subscriber never sees one meeting twice.
UID_DOMAIN = "calendar.yishi"
# The zone's rules for the years a feed can cover: one fixed component, so the body (and its ETag)
# changes only when the meetings do.
VTIMEZONE_YEARS = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))


def public_meeting_type(slug: str) -> bool:
    """A meeting type whose feed anonymous callers may open: public by its rules today, or with public meetings."""
    rules = rules_in_force(slug, timezone.localdate())
    return (rules is not None and rules.confidentiality == Confidentiality.PUBLIC) \
        or feed_meetings().filter(meeting_type_slug=slug).exists()


def calendar_feed(request, meeting_type: str | None = None):
    """`/calendar.ics` (every meeting type) and `/calendar/<type>.ics`: public meetings only.

    An internal or confidential type's feed is the same 404 as a type that does not exist: the
    answer never confirms that a hidden meeting type is there.
    """
    meetings = feed_meetings()
    if meeting_type:
        if not public_meeting_type(meeting_type):
            raise Http404
        meetings = meetings.filter(meeting_type_slug=meeting_type)
    return _feed(request, meetings, meeting_type or "calendar")


def personal_feed(request, token: str):
    """`/calendar/personal/<token>.ics`: a person's own feed, with internal meetings too."""
    person = feed_owner(token)
    if person is None:
        raise Http404
    return _feed(request, feed_meetings(person), "calendar")


def _feed(request, meetings, name: str):
    today = timezone.localdate()
    meetings = meetings.filter(date__gte=today - dt.timedelta(days=FEED_PAST_DAYS),
                               date__lte=today + dt.timedelta(days=FEED_FUTURE_DAYS)).order_by("starts_at", "pk")
    organisation = connection.tenant
    zone = ZoneInfo(settings.TIME_ZONE)
    feed = Calendar()
    feed.add("prodid", "-//Yishi 议事//meetings//ZH")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", f"{organisation.name} 会议安排")
    feed.add("x-wr-timezone", settings.TIME_ZONE)
    feed.add_component(Timezone.from_tzid(settings.TIME_ZONE, first_date=VTIMEZONE_YEARS[0],
                                          last_date=VTIMEZONE_YEARS[1]))
    for meeting in meetings:
        event = Event()
        event.add("uid", f"{organisation.slug}-meeting-{meeting.pk}@{UID_DOMAIN}")
        event.add("summary", meeting.name)
        event.add("dtstart", meeting.starts_at.astimezone(zone))
        event.add("dtend", meeting.ends_at.astimezone(zone))
        event.add("dtstamp", meeting.updated_at)
        event.add("last-modified", meeting.updated_at)
        event.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
        if meeting.location:
            event.add("location", meeting.location)
        if meeting.move_reason:
            event.add("description", meeting.move_reason)
        if meeting.is_public:  # the page a subscriber lands on is public
            event.add("url", request.build_absolute_uri(f"/meetings/{meeting.pk}/"))
        feed.add_component(event)
    body = feed.to_ical()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    # The window moves at local midnight, so that is the latest a feed without changed meetings changed;
    # a meeting deleted or leaving the window is caught by the ETag (which clients send first).
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=zone)
    changed = meetings.aggregate(latest=Max("updated_at"))["latest"]
    last_modified = max(filter(None, (changed, midnight))).timestamp()
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(last_modified))
    response = not_modified or HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def meeting_page(request, pk: int):
    """What a calendar subscriber lands on: when, where, and (later) the public agenda."""
    meeting = get_object_or_404(feed_meetings(), pk=pk)
    return render(request, "scheduling/meeting.html", {"meeting": meeting})
