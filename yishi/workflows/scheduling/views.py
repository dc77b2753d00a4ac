"""The organisation's meeting calendar as iCalendar feeds, and a public page per meeting."""

import datetime as dt

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from icalendar import Calendar, Event

from .actions import feed_meetings, feed_owner
from .models import Meeting

FEED_PAST_DAYS = 92
FEED_FUTURE_DAYS = 366


def calendar_feed(request, meeting_type: str | None = None):
    """`/calendar.ics` (every meeting type) and `/calendar/<type>.ics`: public meetings only."""
    meetings = feed_meetings()
    if meeting_type:
        meetings = meetings.filter(meeting_type_slug=meeting_type)
        if not Meeting.objects.filter(meeting_type_slug=meeting_type).exists():
            raise Http404
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
    host = request.get_host()
    feed = Calendar()
    feed.add("prodid", "-//Yishi 议事//meetings//ZH")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", f"{connection.tenant.name} 会议安排")
    feed.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("summary", meeting.name)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
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
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def meeting_page(request, pk: int):
    """What a calendar subscriber lands on: when, where, and (later) the public agenda."""
    meeting = get_object_or_404(feed_meetings(), pk=pk)
    return render(request, "scheduling/meeting.html", {"meeting": meeting})
