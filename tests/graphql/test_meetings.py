"""The calendar part of the portal contract: occurrences, meetings, workdays — and who sees which meeting."""

import datetime as dt

import pytest
from django_tenants.utils import tenant_context

from tests.graphql.helpers import ALL_SCOPES, data_of, errors_of, invite, issue_key, post
from tests.graphql.sentinels import CONFIDENTIAL, INTERNAL, seed
from tests.support import PASSWORD, host_client
from yishi.content.calendar.local.models import CalendarOverride
from yishi.graphql.keys.models import Scope

OCCURRENCES = """query ($from: Date!, $to: Date!) { meetingTypes { slug name
  occurrences(from: $from, to: $to) { date startsAt endsAt movedFrom reason calendarConfirmed } } }"""
MEETINGS = """query ($from: Date!, $to: Date!, $type: String) { meetings(from: $from, to: $to, meetingType: $type) {
  meetingType { slug name } name startsAt endsAt status calendarConfirmed location } }"""
WORKDAYS = 'query ($from: Date!, $to: Date!) { workdays(from: $from, to: $to) { date isWorkday name } }'
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def seeded(org_a, org_b):
    seed(org_a)
    seed(org_b)


def by_slug(data) -> dict:
    return {item["slug"]: item for item in data["meetingTypes"]}


def test_occurrences_follow_the_rules_and_the_organisation_calendar(seeded, org_a, client_a):
    with tenant_context(org_a):  # A's own day off on the last Friday of January
        CalendarOverride.objects.create(date=dt.date(2026, 1, 30), is_workday=False, name="本单位休息日")
    data = data_of(post(client_a, OCCURRENCES, {"from": "2026-01-01", "to": "2026-03-31"}))
    found = by_slug(data)["jia-sentinel-meeting"]["occurrences"]
    assert [o["date"] for o in found] == ["2026-01-29", "2026-02-27", "2026-03-27"]
    assert found[0] == {"date": "2026-01-29", "startsAt": "2026-01-29T15:00:00+08:00",
                        "endsAt": "2026-01-29T17:00:00+08:00", "movedFrom": "2026-01-30",
                        "reason": "本单位休息日，提前至前一工作日", "calendarConfirmed": True}
    assert found[1]["movedFrom"] is None and found[1]["reason"] is None


def test_occurrences_in_the_past_start_when_the_regulation_took_effect(seeded, client_a):
    data = data_of(post(client_a, OCCURRENCES, {"from": "2017-01-01", "to": "2017-06-30"}))
    dates = [o["date"] for o in by_slug(data)["jia-sentinel-meeting"]["occurrences"]]
    assert dates == ["2017-03-31", "2017-04-28", "2017-05-26", "2017-06-30"]  # in force from 2017-03-21


@pytest.mark.parametrize("query", [OCCURRENCES, MEETINGS, WORKDAYS])
@pytest.mark.parametrize("variables, message", [
    ({"from": "2026-01-01", "to": "2027-01-02"}, "to: 日期范围最多 366 天，现为 367 天 (a range of at most 366 days)"),
    ({"from": "2026-02-01", "to": "2026-01-31"}, "to: 结束日期 2026-01-31 早于开始日期 2026-02-01 (to is before from)"),
])
def test_a_range_too_long_or_reversed_is_a_field_error(seeded, client_a, query, variables, message):
    response = post(client_a, query, variables)
    assert errors_of(response) == [message]
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "to"}


def test_meetings_in_a_range_filtered_by_type(seeded, client_a):
    data = data_of(post(client_a, MEETINGS, {**YEAR, "type": "jia-sentinel-meeting"}))
    assert data["meetings"] == [{
        "meetingType": {"slug": "jia-sentinel-meeting", "name": "甲哨兵会"}, "name": "甲哨兵会",
        "startsAt": "2026-03-27T15:00:00+08:00", "endsAt": "2026-03-27T17:00:00+08:00", "status": "planned",
        "calendarConfirmed": True, "location": "甲哨兵会议室"}]
    assert data_of(post(client_a, MEETINGS, {"from": "2026-03-28", "to": "2026-12-31"}))["meetings"] == []


def test_workdays_name_holidays_and_make_up_days(client_a):
    days = data_of(post(client_a, WORKDAYS, {"from": "2026-02-13", "to": "2026-02-16"}))["workdays"]
    assert [d["date"] for d in days] == ["2026-02-13", "2026-02-14", "2026-02-15", "2026-02-16"]
    assert days[0]["isWorkday"] is True and days[2]["isWorkday"] is False
    assert len(data_of(post(client_a, WORKDAYS, YEAR))["workdays"]) == 365


# --- Confidentiality --------------------------------------------------------------------------------

EVERYTHING = """{ meetingTypes { name occurrences(from: "2026-01-01", to: "2026-12-31") { date } }
  meetings(from: "2026-01-01", to: "2026-12-31") { name meetingType { name } } }"""


def names(client, key=None) -> str:
    return str(data_of(post(client, EVERYTHING, key=key)))


def test_anonymous_and_read_public_keys_see_neither_internal_nor_confidential(seeded, org_a, client_a):
    for key in (None, issue_key(org_a, [Scope.READ_PUBLIC]), issue_key(org_a, [Scope.SUBMIT])):
        text = names(client_a, key)
        assert "甲哨兵会" in text and INTERNAL not in text and CONFIDENTIAL not in text, (key, text)


def test_read_internal_keys_see_internal_but_never_confidential(seeded, org_a, client_a):
    text = names(client_a, issue_key(org_a, ALL_SCOPES))
    assert "甲内部哨兵会" in text and CONFIDENTIAL not in text


def test_signed_in_users_see_confidential_rules_and_only_the_meetings_they_are_cleared_for(seeded, org_a):
    client = host_client(org_a)
    assert client.post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 302

    def meetings():
        return {meeting["name"] for meeting in data_of(post(client, EVERYTHING))["meetings"]}

    assert "甲绝密哨兵会" in str(data_of(post(client, EVERYTHING))["meetingTypes"])  # the rules, as in the admin
    assert meetings() == {"甲哨兵会", "甲内部哨兵会"}  # not invited: the workflows' rule (visible_meetings)
    invite(org_a, "alice", "甲绝密哨兵会")
    assert meetings() == {"甲哨兵会", "甲内部哨兵会", "甲绝密哨兵会"}


def test_organisation_b_sees_nothing_of_a_on_either_host(seeded, org_b, client_a, client_b):
    key_b = issue_key(org_b, ALL_SCOPES)
    assert post(client_a, EVERYTHING, key=key_b).status_code == 401
    text = names(client_b, key_b)
    assert "乙内部哨兵会" in text and "甲" not in text
    bob = host_client(org_b)
    assert bob.post("/admin/login/", {"username": "bob", "password": PASSWORD}).status_code == 302
    bob.defaults["HTTP_HOST"] = client_a.defaults["HTTP_HOST"]  # B's session cookie on A's host
    text = names(bob)
    assert "甲哨兵会" in text and INTERNAL not in text and CONFIDENTIAL not in text
