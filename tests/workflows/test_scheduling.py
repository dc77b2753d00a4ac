"""Meetings materialised from the rules in force and the calendar: idempotent, re-planned on change."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django_tenants.utils import tenant_context
from icalendar import Calendar

from tests.content.packdata import pack
from tests.support import database_url, wait_for
from yishi.content.calendar.service import replace_overrides
from yishi.content.packs import apply_pack
from yishi.tenants.backup import delete_organisation
from yishi.tenants.provisioning import create_organisation
from yishi.tenants.structure.models import Person
from yishi.workflows.scheduling import tasks
from yishi.workflows.scheduling.actions import cancel, issue_feed, revoke_feed
from yishi.workflows.scheduling.models import MEETING_STATES, Meeting, MeetingChange
from yishi.workflows.scheduling.planning import plan_meetings

SHANGHAI = ZoneInfo("Asia/Shanghai")
SLUG = "office-meeting"


def weekly_pack(rrule="FREQ=WEEKLY;BYDAY=MO", policy="skip", effective_from="2025-01-01", **meeting_type):
    data = pack()
    regulation = data["regulations"][0]
    regulation["effective_from"] = effective_from
    regulation["meeting_types"][0]["cadence"].update(rrule=rrule, holiday_policy=policy, time="09:00")
    regulation["meeting_types"][0]["topics"]["deadline"] = {"kind": "workdays_before", "days": 2, "time": "17:00"}
    regulation["meeting_types"][0].update(meeting_type)
    return data


def at(day: str, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=SHANGHAI)


def dates(**filters) -> list[dt.date]:
    return list(Meeting.objects.filter(**filters).exclude(status="cancelled").values_list("date", flat=True))


def test_planning_follows_the_calendar_and_is_idempotent(in_org_a):
    apply_pack(weekly_pack())
    first = plan_meetings(now=at("2026-02-01"), horizon_days=27)
    # The 2026 Spring Festival (15–23 Feb) swallows two Mondays; the rule says skip.
    assert dates() == [dt.date(2026, 2, 2), dt.date(2026, 2, 9)]
    assert first.created == 2
    again = plan_meetings(now=at("2026-02-01"), horizon_days=27)
    assert (again.created, again.moved, again.cancelled) == (0, 0, 0)
    assert Meeting.objects.count() == 2
    meeting = Meeting.objects.first()
    assert (meeting.starts_at, meeting.location) == (at("2026-02-02", 9), "三楼会议室")


def test_moved_meetings_carry_the_reason(in_org_a):
    apply_pack(weekly_pack(policy="next_workday"))
    plan_meetings(now=at("2026-02-10"), horizon_days=18)
    moved = Meeting.objects.get(date=dt.date(2026, 2, 24))
    assert moved.moved_from == dt.date(2026, 2, 16)
    assert moved.move_reason == "春节，顺延至下一工作日"


def test_a_local_holiday_cancels_a_planned_meeting_and_tells_who_was_notified(in_org_a):
    apply_pack(weekly_pack())
    plan_meetings(now=at("2026-03-01"), horizon_days=20)
    convened = Meeting.objects.get(date=dt.date(2026, 3, 9))
    MEETING_STATES.apply(convened, "convene", actor=None, roles=["system"])
    replace_overrides([{"date": "2026-03-09", "workday": False, "name": "县庆"},
                       {"date": "2026-03-16", "workday": False, "name": "县庆"}])
    result = plan_meetings(now=at("2026-03-01"), horizon_days=20)
    assert result.cancelled == 2
    assert dates() == [dt.date(2026, 3, 2)]
    change = MeetingChange.objects.get(meeting=convened)
    assert (change.starts_at, change.was_notified) == (None, True)
    assert MeetingChange.objects.get(meeting__date=dt.date(2026, 3, 16)).was_notified is False
    assert list(convened.events.values_list("transition", flat=True)) == ["convene", "cancel"]


def test_an_amendment_applies_from_its_effective_date_and_past_meetings_stay(in_org_a):
    apply_pack(weekly_pack())
    plan_meetings(now=at("2026-03-01"), horizon_days=30)
    apply_pack(weekly_pack(rrule="FREQ=WEEKLY;BYDAY=WE", effective_from="2026-03-15"))
    plan_meetings(now=at("2026-03-10"), horizon_days=21)
    assert dates() == [
        dt.date(2026, 3, 2), dt.date(2026, 3, 9),  # already past on 10 March: never moved
        dt.date(2026, 3, 18), dt.date(2026, 3, 25),  # Wednesdays from the 15th; Mondays 16–30 cancelled
    ]
    assert Meeting.objects.filter(status="cancelled").count() == 3
    assert Meeting.objects.get(date=dt.date(2026, 3, 18)).revision_id != Meeting.objects.get(
        date=dt.date(2026, 3, 2)).revision_id


def test_the_plan_task_refuses_to_run_without_an_organisation(org_a):
    result = tasks.plan.apply()
    assert isinstance(result.result, Exception)


def test_planning_touches_only_its_own_organisation(org_a, org_b):
    with tenant_context(org_a):
        apply_pack(weekly_pack())
        plan_meetings(now=at("2026-02-01"), horizon_days=10)
        assert Meeting.objects.exists()
    with tenant_context(org_b):
        assert not Meeting.objects.exists()
        plan_meetings(now=at("2026-02-01"), horizon_days=10)  # B has no regulations: nothing to plan
        assert not Meeting.objects.exists()


@pytest.fixture
def planned_a(org_a):
    with tenant_context(org_a):
        data = weekly_pack(confidentiality="public")
        others = (("weekly-internal", "周例会", "internal"), ("party-committee", "党委会", "confidential"))
        for slug, name, level in others:
            data["regulations"][0]["meeting_types"].append({
                **data["regulations"][0]["meeting_types"][0], "slug": slug, "name": name, "confidentiality": level,
            })
        apply_pack(data)
        # The feed shows the months around today, so plan from now.
        plan_meetings(horizon_days=28)
        expected = list(Meeting.objects.filter(meeting_type_slug=SLUG).order_by("starts_at"))
    assert expected, "a weekly Monday meeting over four weeks"
    return expected


def feed(client, path="/calendar.ics") -> Calendar:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_calendar_feed_is_valid_icalendar_with_public_meetings_only(planned_a, client_a, client_b):
    events = feed(client_a).walk("VEVENT")
    # Anonymous, as in anonymous GraphQL: no 周例会 (internal), no 党委会 (confidential).
    assert [str(e["summary"]) for e in events] == ["处务会"] * len(planned_a)
    assert events[0]["location"] == "三楼会议室"
    assert events[0].decoded("dtstart") == planned_a[0].starts_at
    assert str(events[0]["url"]) == f"http://org-a.localhost/meetings/{planned_a[0].pk}/"
    assert feed(client_b).walk("VEVENT") == []


def test_a_feed_per_meeting_type(planned_a, client_a):
    assert len(feed(client_a, f"/calendar/{SLUG}.ics").walk("VEVENT")) == len(planned_a)
    # Hidden and unknown types answer alike (tests/workflows/test_feeds.py).
    for hidden in ("party-committee", "weekly-internal", "no-such-type"):
        assert client_a.get(f"/calendar/{hidden}.ics").status_code == 404


def test_the_meeting_page_hides_confidential_meetings(planned_a, org_a, client_a, client_b):
    public = planned_a[0]
    with tenant_context(org_a):
        secret = Meeting.objects.filter(meeting_type_slug="party-committee").first()
    assert "处务会" in client_a.get(f"/meetings/{public.pk}/").content.decode()
    assert client_a.get(f"/meetings/{secret.pk}/").status_code == 404
    assert client_b.get(f"/meetings/{public.pk}/").status_code == 404


def test_a_personal_feed_adds_internal_meetings_until_revoked(planned_a, org_a, org_b, client_a, client_b):
    with tenant_context(org_a):
        person = Person.objects.create(name="李四")
        old_token = issue_feed(person)
        token = issue_feed(person)  # a new URL replaces the old one
        internal = Meeting.objects.filter(meeting_type_slug="weekly-internal").first()
    events = feed(client_a, f"/calendar/personal/{token}.ics").walk("VEVENT")
    names = {str(event["summary"]) for event in events}
    assert names == {"处务会", "周例会"}  # never 党委会: a feed URL is not a person cleared for it
    assert len(events) == 2 * len(planned_a)
    # The internal meeting's event links to no page: the meeting page is public-only.
    assert all("url" not in event for event in events if str(event["summary"]) == "周例会")
    assert client_a.get(f"/meetings/{internal.pk}/").status_code == 404
    assert client_a.get(f"/calendar/personal/{old_token}.ics").status_code == 404
    assert client_b.get(f"/calendar/personal/{token}.ics").status_code == 404  # A's token means nothing on B
    with tenant_context(org_a):
        revoke_feed(person)
    assert client_a.get(f"/calendar/personal/{token}.ics").status_code == 404


def test_cancel_records_the_change_and_the_transition(in_org_a):
    apply_pack(weekly_pack())
    plan_meetings(now=at("2026-03-01"), horizon_days=10)
    meeting = Meeting.objects.get(date=dt.date(2026, 3, 2))
    MEETING_STATES.apply(meeting, "convene", actor=None, roles=["system"])
    with pytest.raises(PermissionDenied):  # a member is no one who cancels meetings
        cancel(meeting, None, ["member"], "主任出差")
    with pytest.raises(ValidationError) as error:
        cancel(meeting, None, ["office"], " ")
    assert error.value.message_dict == {"comment": ["此操作必须填写理由"]}
    assert not MeetingChange.objects.exists()  # nothing half-written
    cancel(meeting, None, ["office"], "主任出差")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    change = MeetingChange.objects.get()
    assert (change.starts_at, change.reason, change.was_notified) == (None, "主任出差", True)
    assert meeting.events.last().comment == "主任出差"


def test_two_planners_at_once_both_finish_and_plan_each_meeting_once(organisations, django_db_blocker, tmp_path):
    """Committed data and two real connections: the second planner waits on the organisation's
    advisory lock while the first plans, then finds its meetings (no one_meeting_per_rule_date error)."""
    with django_db_blocker.unblock():
        url = database_url()
        organisation = create_organisation("org-plan", "丁单位")
        lock = None
        try:
            with tenant_context(organisation):
                apply_pack(weekly_pack())
            lock = psycopg.connect(url, autocommit=False)
            lock.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"yishi.plan:{organisation.schema_name}"])
            results, errors = [], []

            def planner():
                try:
                    with tenant_context(organisation):
                        results.append(plan_meetings(now=at("2026-02-01"), horizon_days=27))
                except Exception as error:  # noqa: BLE001 — reported below
                    errors.append(error)
                finally:
                    connection.close()

            threads = [threading.Thread(target=planner) for _ in range(2)]
            for thread in threads:
                thread.start()

            def both_waiting():
                # In this database only, at least the two planners (a planning task of another test
                # may wait on its own organisation's lock at the same time).
                with psycopg.connect(url, autocommit=True) as probe:
                    return probe.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                         "AND wait_event = 'advisory' AND datname = current_database() "
                                         "AND query LIKE '%%pg_advisory_xact_lock%%'").fetchone()[0] >= 2

            try:
                wait_for(both_waiting, timeout=60)
            except AssertionError:
                with psycopg.connect(url, autocommit=True) as probe:
                    activity = probe.execute("SELECT state, wait_event_type, wait_event, left(query, 80) "
                                             "FROM pg_stat_activity WHERE datname = current_database()").fetchall()
                raise AssertionError(f"planners not waiting: errors={errors}, sessions={activity}") from None
            lock.rollback()  # both planners race for the lock now
            for thread in threads:
                thread.join(timeout=60)
            assert errors == []
            assert sorted(result.created for result in results) == [0, 2]
            with tenant_context(organisation):
                # In the planners' window (the session worker may plan from today for the publish's task).
                assert dates(date__lt=dt.date(2026, 3, 1)) == [dt.date(2026, 2, 2), dt.date(2026, 2, 9)]
        finally:
            if lock is not None:
                lock.close()
            delete_organisation(organisation, tmp_path / "org-plan.json")
