"""Calendar feeds as subscribers' clients use them: valid however empty, stable UIDs, conditional GET,
and one answer for every meeting type an anonymous caller may not see (issue 14)."""

import copy
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from icalendar import Calendar

from tests.content.packdata import pack
from yishi.content.packs import apply_pack
from yishi.workflows.scheduling.models import Meeting

SHANGHAI = ZoneInfo("Asia/Shanghai")
TYPES = {"open-meeting": "public", "staff-meeting": "internal", "party-meeting": "confidential",
         "quiet-meeting": "public"}  # quiet-meeting: public, but no meeting stored


@pytest.fixture
def meetings(org_a):
    """A meeting of each type but quiet-meeting, a week from today (feeds show the months around today)."""
    data = pack()
    regulation = data["regulations"][0]
    template = regulation["meeting_types"][0]
    regulation["meeting_types"] = []
    for slug, level in TYPES.items():
        meeting_type = copy.deepcopy(template)
        meeting_type.update(slug=slug, name=f"{slug}会", confidentiality=level)
        regulation["meeting_types"].append(meeting_type)
    day = timezone.localdate() + dt.timedelta(days=7)
    starts = dt.datetime.combine(day, dt.time(9), tzinfo=SHANGHAI)
    with tenant_context(org_a):
        apply_pack(data)
        return {slug: Meeting.objects.create(
            meeting_type_slug=slug, name=f"{slug}会", rule_date=day, date=day, starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2), confidentiality=level, location="二楼会议室")
            for slug, level in TYPES.items() if slug != "quiet-meeting"}


def parsed(response) -> Calendar:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_uids_name_the_organisation_and_meeting_whatever_the_host_or_port(meetings, org_a):
    uids = []
    for host in (org_a.primary_host, f"{org_a.primary_host}:8443"):
        events = parsed(Client(HTTP_HOST=host).get("/calendar.ics")).walk("VEVENT")
        uids.append([str(event["uid"]) for event in events])
    assert uids[0] == uids[1] == [f"org-a-meeting-{meetings['open-meeting'].pk}@calendar.yishi"]


def test_an_empty_feed_is_still_a_valid_calendar_with_the_organisation_time_zone(org_b, client_b):
    response = client_b.get("/calendar.ics")
    feed = parsed(response)
    assert feed.walk("VEVENT") == []
    # RFC 5545 §3.6: a calendar has at least one component.
    (zone,) = feed.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Asia/Shanghai"
    assert b"BEGIN:VTIMEZONE" in response.content and b"END:VCALENDAR" in response.content


def test_event_times_are_local_with_the_zone_the_feed_defines(meetings, client_a):
    (event,) = parsed(client_a.get("/calendar.ics")).walk("VEVENT")
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert event.decoded("dtstart") == meetings["open-meeting"].starts_at
    assert event.decoded("dtstart").hour == 9


def test_conditional_requests_answer_304_until_a_meeting_changes(meetings, org_a, client_a):
    first = client_a.get("/calendar.ics")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    assert client_a.get("/calendar.ics")["ETag"] == etag  # the same feed, the same tag
    unchanged = client_a.get("/calendar.ics", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged["ETag"] == etag
    assert client_a.get("/calendar.ics", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    with tenant_context(org_a):
        meeting = meetings["open-meeting"]
        meeting.location = "三楼会议室"
        meeting.save()
    changed = client_a.get("/calendar.ics", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "三楼会议室" in str(parsed(changed).walk("VEVENT")[0]["location"])


def test_hidden_and_unknown_meeting_types_get_the_same_404(meetings, client_a):
    answers = [client_a.get(f"/calendar/{slug}.ics") for slug in ("staff-meeting", "party-meeting", "no-such-type")]
    assert {response.status_code for response in answers} == {404}
    assert len({response.content for response in answers}) == 1  # nothing in the body tells them apart


def test_a_public_meeting_type_has_its_feed_even_before_any_meeting(meetings, client_a):
    (event,) = parsed(client_a.get("/calendar/open-meeting.ics")).walk("VEVENT")
    assert str(event["summary"]) == "open-meeting会"
    assert parsed(client_a.get("/calendar/quiet-meeting.ics")).walk("VEVENT") == []
