"""Publishing writes rule snapshots; workflows read the rules in force on a date, even after amendments."""

from datetime import date, time
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.content.packdata import pack
from yishi.content.models import RegulationPage, RegulationVersion, RuleSnapshot
from yishi.content.packs import apply_pack
from yishi.content.rules import (
    MeetingRules,
    RoleTarget,
    meeting_types_in_force,
    published_versions,
    regulation_as_of,
    regulations_in_force,
    rules_in_force,
    rules_in_force_on,
)

SLUG = "office-meeting"


def amended(effective_from: str, quorum: str = "3/5", **regulation) -> dict:
    data = pack()
    data["regulations"][0].update(effective_from=effective_from, **regulation)
    data["regulations"][0]["meeting_types"][0]["decisions"]["quorum"] = quorum
    data["regulations"][0]["articles"][1]["text"] = f"会议原则上每月召开一次（{effective_from}修订）。"
    return data


def test_publishing_writes_a_version_and_a_snapshot_per_meeting_type(in_org_a):
    apply_pack(pack())
    page = RegulationPage.objects.get(slug="office-meeting-rules")
    version = RegulationVersion.objects.get(regulation=page)
    assert version.revision_id == page.live_revision_id
    assert (version.effective_from, version.effective_until) == (date(2017, 3, 21), None)
    assert version.text.splitlines()[:2] == ["一、议事范围", "会议研究下列事项："]
    snapshot = RuleSnapshot.objects.get(version=version)
    assert snapshot.meeting_type_slug == SLUG
    assert snapshot.rules["cadence"]["rrule"] == "FREQ=MONTHLY;BYDAY=-1FR"


def test_rules_in_force_mirror_the_pack(in_org_a):
    apply_pack(pack())
    rules = rules_in_force(SLUG, on=date(2026, 3, 2))
    assert isinstance(rules, MeetingRules)
    assert rules.name == "处务会" and rules.regulation_slug == "office-meeting-rules"
    assert rules.cadence.time == time(15, 0) and rules.cadence.holiday_policy == "previous_workday"
    assert rules.roles.chair == RoleTarget(post="director")
    assert rules.roles.organiser == RoleTarget(department="office")
    assert rules.roles.members == (RoleTarget(post="director"), RoleTarget(post="deputy-director"))
    assert rules.topics.deadline.kind == "day_of_month" and rules.topics.deadline.day == 20
    assert rules.decisions.quorum_for("personnel") == Fraction(2, 3)
    assert rules.decisions.quorum_for("budget") == Fraction(1, 2)
    assert rules.minutes.reviewer == RoleTarget(post="director")
    assert rules.scope[0].article == "a-scope1"
    with pytest.raises(AttributeError):
        rules.name = "changed"  # frozen


def test_nothing_is_in_force_before_the_effective_date(in_org_a):
    apply_pack(pack())
    assert rules_in_force(SLUG, on=date(2017, 3, 20)) is None
    assert rules_in_force(SLUG, on=date(2017, 3, 21)) is not None
    assert rules_in_force("no-such-meeting", on=date(2026, 3, 2)) is None


def test_a_meeting_on_a_past_date_uses_the_rules_in_force_then_after_an_amendment(in_org_a):
    apply_pack(pack())
    apply_pack(amended("2026-04-01", quorum="3/5"))
    assert rules_in_force(SLUG, on=date(2026, 3, 2)).decisions.quorum == Fraction(1, 2)
    assert rules_in_force(SLUG, on=date(2026, 3, 31)).decisions.quorum == Fraction(1, 2)
    assert rules_in_force(SLUG, on=date(2026, 4, 1)).decisions.quorum == Fraction(3, 5)
    first, second = RegulationVersion.objects.order_by("id")
    assert first.effective_until == date(2026, 3, 31) and second.effective_until is None
    # the text in force on a date, too
    (old,) = regulations_in_force(date(2019, 5, 1))
    (new,) = regulations_in_force(date(2026, 5, 1))
    assert old.revision_id != new.revision_id
    assert "修订" not in old.text and "2026-04-01修订" in new.text
    assert old.revision.as_object().effective_from == date(2017, 3, 21)


def test_a_correction_with_the_same_effective_date_replaces_the_earlier_text(in_org_a):
    apply_pack(amended("2026-04-01", quorum="3/5"))
    apply_pack(amended("2026-04-01", quorum="13/20"))
    assert rules_in_force(SLUG, on=date(2026, 4, 1)).decisions.quorum == Fraction(13, 20)
    assert regulations_in_force(date(2026, 4, 1)).count() == 1


def test_a_meeting_type_dropped_by_an_amendment_ends_with_it(in_org_a):
    apply_pack(pack())
    data = amended("2026-04-01")
    data["regulations"][0]["meeting_types"] = []
    apply_pack(data)
    assert rules_in_force(SLUG, on=date(2026, 3, 31)) is not None
    assert rules_in_force(SLUG, on=date(2026, 4, 1)) is None


def test_a_repealed_regulation_is_in_force_until_its_end_date(in_org_a):
    apply_pack(pack())
    apply_pack(amended("2017-03-21", quorum="1/2", status="repealed", effective_until="2025-12-31"))
    assert rules_in_force(SLUG, on=date(2025, 12, 31)) is not None
    assert rules_in_force(SLUG, on=date(2026, 1, 1)) is None


def test_a_draft_status_regulation_is_never_in_force(in_org_a):
    apply_pack(amended("2017-03-21", status="draft"))
    assert RegulationPage.objects.get().live
    assert not RegulationVersion.objects.exists()
    assert rules_in_force(SLUG, on=date(2026, 3, 2)) is None


def test_unpublishing_withdraws_the_rules_from_today_but_keeps_the_past(in_org_a):
    apply_pack(pack())
    RegulationPage.objects.get().unpublish()
    assert rules_in_force(SLUG, on=date.today()) is None
    assert rules_in_force(SLUG, on=date(2020, 1, 1)) is not None


def test_publishing_from_wagtail_records_the_revision_content_not_the_draft(in_org_a):
    apply_pack(pack())
    page = RegulationPage.objects.get()
    page.meeting_types.first().name = "处务会（草稿）"
    draft = page.get_latest_revision_as_object()
    draft.title = "处务会议事规则（征求意见稿）"
    draft.save_revision()  # saved, not published: not in force
    assert rules_in_force(SLUG, on=date(2026, 3, 2)).regulation_slug == "office-meeting-rules"
    assert regulations_in_force(date(2026, 3, 2)).get().title == "处务会议事规则"
    page.get_latest_revision().publish()
    assert regulations_in_force(date(2026, 3, 2)).get().title == "处务会议事规则（征求意见稿）"


def test_meeting_types_in_force_takes_one_query_whatever_their_number(in_org_a):
    data = pack()
    apply_pack(data)
    with CaptureQueriesContext(connection) as one:
        assert [rules.slug for rules in meeting_types_in_force(date(2026, 3, 2))] == [SLUG]
    extra = data["regulations"][0]["meeting_types"][0]
    data["regulations"][0]["meeting_types"] += [{**extra, "slug": f"extra-{n}", "name": f"会议{n}"} for n in range(5)]
    apply_pack(data)
    with CaptureQueriesContext(connection) as six:
        assert len(meeting_types_in_force(date(2026, 3, 2))) == 6
    assert data_queries(one) == data_queries(six) == 1


def data_queries(context) -> int:
    """Queries other than django-tenants' `SET search_path`."""
    return sum(not query["sql"].startswith("SET search_path") for query in context.captured_queries)


def test_it_hides_the_rules_of_another_organisation(org_a, org_b):
    with tenant_context(org_a):
        apply_pack(pack())
        assert rules_in_force(SLUG, on=date(2026, 3, 2)) is not None
    with tenant_context(org_b):
        assert rules_in_force(SLUG, on=date(2026, 3, 2)) is None
        assert meeting_types_in_force(date(2026, 3, 2)) == []
        assert not regulations_in_force(date(2026, 3, 2)).exists()
        assert not RegulationPage.objects.exists()


def test_rules_for_many_days_take_one_query_and_answer_as_rules_in_force_does(in_org_a):
    apply_pack(pack())
    apply_pack(amended("2026-04-01"))
    keys = [(SLUG, date(2017, 3, 20)), (SLUG, date(2026, 3, 31)), (SLUG, date(2026, 4, 1)),
            ("no-such-meeting", date(2026, 4, 1))]
    with CaptureQueriesContext(connection) as queries:
        found = rules_in_force_on(keys)
    assert len([query for query in queries if query["sql"].startswith("SELECT")]) == 1
    assert [found[key] for key in keys] == [rules_in_force(*key) for key in keys]
    assert found[SLUG, date(2017, 3, 20)] is None
    assert found[SLUG, date(2026, 3, 31)].decisions.quorum == Fraction(1, 2)
    assert found[SLUG, date(2026, 4, 1)].decisions.quorum == Fraction(3, 5)


def test_a_version_keeps_its_body_as_a_numbered_tree_and_the_regulation_its_history(in_org_a):
    apply_pack(pack())
    apply_pack(amended("2026-04-01", document_number="测政服发〔2026〕2号"))
    then, now = (regulation_as_of("office-meeting-rules", day) for day in (date(2026, 3, 31), date(2026, 4, 1)))
    assert regulation_as_of("office-meeting-rules", date(2017, 3, 20)) is None
    scope, organisation = then.outline
    assert (scope["number"], scope["heading"], scope["anchor"]) == ("一、", "议事范围", "a-scope1")
    assert [(item["number"], item["text"], item["anchor"]) for item in scope["children"]] == [
        ("（一）", "传达上级文件精神", "a-scope1-1-1"), ("（二）", "研究重大问题", "a-scope1-1-2")]
    assert organisation["text"] == "会议由主任召集并主持，原则上每月召开一次。"
    assert now.outline[1]["text"] == "会议原则上每月召开一次（2026-04-01修订）。"
    (history,) = published_versions([then.regulation_id]).values()
    assert [(v.document_number, v.effective_from, v.effective_until) for v in history] == [
        ("测政服发〔2017〕15号", date(2017, 3, 21), date(2026, 3, 31)), ("测政服发〔2026〕2号", date(2026, 4, 1), None)]
