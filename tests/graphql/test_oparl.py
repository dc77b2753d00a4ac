"""The OParl 1.1 open-data view: what an anonymous GraphQL caller sees, walked as a client walks it."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.graphql.sentinels import SENTINEL_DAY, leaks, seed
from tests.support import PASSWORD
from yishi.workflows.agenda.models import Agenda, AgendaItem, Topic
from yishi.workflows.minutes.models import Minutes
from yishi.workflows.scheduling.models import Meeting

SCHEMA = "https://schema.oparl.org/1.1/"


def get(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()
    return json.loads(response.content)


def walk(client) -> dict:
    """System → Body → Organization / Meeting (→ AgendaItem, File) / Paper, following the links."""
    system = get(client, "/oparl/v1/")
    body = get(client, system["body"])["data"][0]
    seen = {"system": system, "body": body, "organizations": get(client, body["organization"])["data"],
            "meetings": get(client, body["meeting"])["data"], "papers": get(client, body["paper"])["data"]}
    seen["agendaItems"] = [get(client, item["id"]) for meeting in seen["meetings"] for item in meeting["agendaItem"]]
    seen["files"] = [get(client, meeting["resultsProtocol"]["id"])
                     for meeting in seen["meetings"] if "resultsProtocol" in meeting]
    return seen


def topic_on_agenda(meeting_name: str, title: str, agenda_state=Agenda.State.APPROVED) -> Topic:
    meeting = Meeting.objects.get(name=meeting_name)
    topic = Topic.objects.create(meeting_type_slug=meeting.meeting_type_slug, meeting=meeting, title=title,
                                 state=Topic.State.PLACED, submitted_at=timezone.now())
    Agenda.objects.update_or_create(meeting=meeting, defaults={"state": agenda_state})
    AgendaItem.objects.create(meeting=meeting, position=meeting.agenda_items.count(), topic=topic, title=title)
    return topic


def test_a_client_walks_from_the_system_to_the_files_and_sees_public_data_only(org_a, org_b, client_a):
    seed(org_a)
    seed(org_b)
    with tenant_context(org_a):
        topic_on_agenda("甲哨兵会", "甲哨兵公开议题")
        topic_on_agenda("甲内部哨兵会", "甲哨兵内部议题")
        topic_on_agenda("甲绝密哨兵会", "甲哨兵涉密议题")
        Topic.objects.create(meeting_type_slug="jia-sentinel-meeting", title="甲哨兵草稿议题")  # a draft, on no agenda
        starts = dt.datetime.combine(SENTINEL_DAY + dt.timedelta(7), dt.time(15), tzinfo=ZoneInfo("Asia/Shanghai"))
        unapproved = Meeting.objects.create(
            meeting_type_slug="jia-sentinel-meeting", name="甲哨兵会（未审定）", date=starts.date(), starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2), confidentiality="public")
        topic_on_agenda(unapproved.name, "甲哨兵未审定议题", agenda_state=Agenda.State.COMPILED)

    seen = walk(client_a)
    text = json.dumps(seen, ensure_ascii=False)
    assert seen["system"]["type"] == SCHEMA + "System" and seen["system"]["oparlVersion"] == SCHEMA
    assert seen["body"]["name"] == "甲单位" and seen["body"]["type"] == SCHEMA + "Body"
    assert [o["name"] for o in seen["organizations"]] == ["甲哨兵会"]
    assert sorted(m["name"] for m in seen["meetings"]) == ["甲哨兵会", "甲哨兵会（未审定）"]
    public = next(m for m in seen["meetings"] if m["name"] == "甲哨兵会")
    assert [item["name"] for item in public["agendaItem"]] == ["甲哨兵会议程事项", "甲哨兵公开议题"]
    assert public["resultsProtocol"]["text"] == "甲哨兵会纪要正文"
    assert client_a.get(public["resultsProtocol"]["accessUrl"]).content.decode() == "甲哨兵会纪要正文"
    assert [p["name"] for p in seen["papers"]] == ["甲哨兵公开议题"]
    assert seen["papers"][0]["consultation"][0]["meeting"] == public["id"]
    assert get(client_a, public["agendaItem"][1]["consultation"])["name"] == "甲哨兵公开议题"
    # An agenda not yet approved shows nothing of its items; drafts, internal and confidential never appear.
    assert next(m for m in seen["meetings"] if m["name"] == "甲哨兵会（未审定）")["agendaItem"] == []
    for hidden in ("内部", "绝密", "涉密", "草稿", "未审定议题"):
        assert hidden not in text, hidden
    # Organisation B's data never appears on A's host.
    assert leaks(text, "org-b") == []


def test_confidential_meetings_stay_out_for_a_signed_in_administrator_and_by_direct_address(org_a, client_a):
    seed(org_a)
    with tenant_context(org_a):
        secret = Meeting.objects.get(name="甲绝密哨兵会")
        internal = Meeting.objects.get(name="甲内部哨兵会")
        secret_item = secret.agenda_items.get()
        secret_minutes = secret.minutes
    # Open data is public data, whoever is signed in in the browser.
    assert client_a.post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    text = json.dumps(walk(client_a), ensure_ascii=False)
    assert "绝密" not in text and "内部" not in text
    for url in (f"/oparl/v1/meeting/{secret.pk}/", f"/oparl/v1/meeting/{internal.pk}/",
                f"/oparl/v1/agendaitem/{secret_item.pk}/", f"/oparl/v1/file/{secret_minutes.pk}/",
                f"/oparl/v1/file/{secret_minutes.pk}/access/", "/oparl/v1/organization/jia-sentinel-secret/"):
        assert client_a.get(url).status_code == 404, url


def test_b_objects_are_not_found_on_a_host(org_a, org_b, client_a, client_b):
    seed(org_a)
    seed(org_b)
    with tenant_context(org_b):
        meeting = Meeting.objects.get(name="乙哨兵会")
        minutes = meeting.minutes
    assert get(client_b, f"/oparl/v1/meeting/{meeting.pk}/")["name"] == "乙哨兵会"
    response = client_a.get(f"/oparl/v1/meeting/{meeting.pk}/")
    assert response.status_code == 404 or "乙哨兵" not in response.content.decode()
    response = client_a.get(f"/oparl/v1/file/{minutes.pk}/access/")
    assert response.status_code == 404 or "乙哨兵" not in response.content.decode()
    assert "乙哨兵" not in json.dumps(walk(client_a), ensure_ascii=False)


def public_meetings(organisation, total: int) -> None:
    """`total` public meetings, each with an approved agenda of one topic and issued minutes."""
    zone = ZoneInfo("Asia/Shanghai")
    with tenant_context(organisation):
        for n in range(total):
            day = dt.date(2026, 1, 5) + dt.timedelta(n)
            starts = dt.datetime.combine(day, dt.time(9), tzinfo=zone)
            meeting = Meeting.objects.create(meeting_type_slug="jia-sentinel-meeting", name=f"分页会{n:03}", date=day,
                                             starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                             confidentiality="public")
            topic_on_agenda(meeting.name, f"分页议题{n:03}")
            Minutes.objects.create(meeting=meeting, title=f"{meeting.name}纪要", body="纪要正文", live=True,
                                   issued_at=timezone.now())


def test_lists_are_paginated_with_modified_for_incremental_sync(org_a, client_a):
    seed(org_a)
    public_meetings(org_a, 7)
    first = get(client_a, "/oparl/v1/body/meetings/", limit=3)
    assert first["pagination"] == {"totalElements": 8, "elementsPerPage": 3, "currentPage": 1, "totalPages": 3}
    names = [m["name"] for m in first["data"]]
    page = first
    while "next" in page["links"]:
        page = get(client_a, page["links"]["next"])
        names += [m["name"] for m in page["data"]]
    assert len(names) == len(set(names)) == 8

    with tenant_context(org_a):
        later = timezone.now() + dt.timedelta(hours=1)
        Meeting.objects.filter(name="分页会003").update(updated_at=later + dt.timedelta(minutes=1), location="新会议室")
    changed = get(client_a, "/oparl/v1/body/meetings/", modified_since=later.isoformat())
    assert [(m["name"], m["location"]["description"]) for m in changed["data"]] == [("分页会003", "新会议室")]
    assert changed["data"][0]["modified"] >= timezone.localtime(later).isoformat(timespec="seconds")


def test_bad_parameters_are_refused_naming_the_parameter(org_a, client_a):
    for params, name in (({"limit": "0"}, "limit"), ({"limit": "x"}, "limit"), ({"page": "99"}, "page"),
                         ({"modified_since": "yesterday"}, "modified_since")):
        response = client_a.get("/oparl/v1/body/meetings/", params)
        assert response.status_code == 400 and json.loads(response.content)["error"].startswith(name), params
    assert client_a.post("/oparl/v1/body/meetings/").status_code == 405


def test_list_pages_take_a_constant_number_of_queries(org_a, org_b, client_a, client_b):
    counts = []
    for organisation, client, total in ((org_a, client_a, 3), (org_b, client_b, 30)):
        seed(organisation)
        public_meetings(organisation, total)
        for url in ("/oparl/v1/body/meetings/", "/oparl/v1/body/papers/"):
            client.get(url)  # warm per-process caches
            with CaptureQueriesContext(connection) as queries:
                data = get(client, url, limit=100)["data"]
            assert len(data) >= total
            counts.append((url, len(queries)))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts

