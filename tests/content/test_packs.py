"""Packs: applied whole or not at all, idempotent, and exported in a form that re-applies identically."""

from datetime import time

import pytest
from django_tenants.utils import tenant_context
from wagtail.models import Page, Revision

from tests.content.packdata import pack
from yishi.content.calendar.local.models import CalendarOverride
from yishi.content.models import MeetingType, RegulationPage, RegulationVersion, RuleSnapshot
from yishi.content.packs import PackInvalid, apply_pack, export_pack, load_template, template_names
from yishi.tenants.structure.models import Department, Post


def revisions() -> int:
    return Revision.objects.filter(base_content_type__model="page").count()


def database_state() -> dict:
    return {
        "pages": sorted(Page.objects.values_list("id", "title", "latest_revision_id", "live")),
        "revisions": revisions(),
        "meeting_types": MeetingType.objects.count(),
        "versions": RegulationVersion.objects.count(),
        "snapshots": RuleSnapshot.objects.count(),
        "departments": sorted(Department.objects.values_list("slug", "name", "parent_id")),
        "posts": sorted(Post.objects.values_list("slug", "name")),
        "calendar": sorted(CalendarOverride.objects.values_list("date", "is_workday")),
    }


def test_export_applies_to_another_organisation_and_exports_the_same(org_a, org_b):
    with tenant_context(org_a):
        apply_pack(pack())
        exported = export_pack()
    with tenant_context(org_b):
        apply_pack(exported)
        assert export_pack() == exported
    assert exported["regulations"][0]["articles"][0]["anchor"] == "a-scope1"
    assert exported["organisation"]["departments"][1] == {"slug": "approvals", "name": "审批科", "parent": "office"}


def test_round_trip_includes_calendar_overrides(org_a, org_b):
    data = pack()
    data["calendar"] = [{"date": "2027-02-06", "workday": True, "name": "春节调休上班"}]
    with tenant_context(org_a):
        apply_pack(data)
        exported = export_pack()
    with tenant_context(org_b):
        apply_pack(exported)
        assert export_pack() == exported


def test_calendar_overrides_are_applied_exported_and_left_alone_by_packs_without_them(in_org_a):
    data = pack()
    data["calendar"] = [{"date": "2027-02-06", "workday": True, "name": "春节调休上班"}]
    apply_pack(data)
    assert export_pack()["calendar"] == data["calendar"]
    apply_pack(pack())  # no calendar section
    assert export_pack()["calendar"] == data["calendar"]
    apply_pack({**pack(), "calendar": []})
    assert export_pack()["calendar"] == []


def test_applying_the_same_pack_twice_changes_nothing(in_org_a):
    first = apply_pack(pack())
    before = database_state()
    second = apply_pack(pack())
    assert first.created == ["office-meeting-rules"]
    assert second.unchanged == ["office-meeting-rules"] and not second.changed
    assert database_state() == before


def test_a_pack_without_anchors_keeps_the_anchors_given_the_first_time(in_org_a):
    data = pack()
    for article in data["regulations"][0]["articles"]:
        del article["anchor"]
    del data["regulations"][0]["meeting_types"][0]["scope"]  # it cites an anchor
    apply_pack(data)
    anchors = [a["anchor"] for a in export_pack()["regulations"][0]["articles"]]
    assert all(anchor.startswith("a-") for anchor in anchors) and len(set(anchors)) == 2
    before = revisions()
    assert not apply_pack(data).changed
    assert revisions() == before
    assert [a["anchor"] for a in export_pack()["regulations"][0]["articles"]] == anchors


def test_a_changed_pack_makes_one_new_published_revision(in_org_a):
    apply_pack(pack())
    before = revisions()
    data = pack()
    data["regulations"][0]["meeting_types"][0]["cadence"]["time"] = "09:30"
    report = apply_pack(data)
    assert report.updated == ["office-meeting-rules"]
    assert revisions() == before + 1
    page = RegulationPage.objects.get()
    assert page.live and not page.has_unpublished_changes
    assert page.meeting_types.get().time == time(9, 30)
    assert RegulationPage.objects.count() == 1  # matched by slug, never duplicated


def test_force_draft_saves_a_revision_without_publishing_it(in_org_a):
    apply_pack(pack())
    data = pack()
    data["regulations"][0]["title"] = "处务会议事规则（修订稿）"
    apply_pack(data, force_draft=True)
    page = RegulationPage.objects.get()
    assert page.title == "处务会议事规则" and page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "处务会议事规则（修订稿）"
    assert not apply_pack(data, force_draft=True).changed  # the same draft again: nothing new
    assert RegulationVersion.objects.count() == 1
    assert apply_pack(data).updated == ["office-meeting-rules"]  # now publish that draft
    assert RegulationPage.objects.get().title == "处务会议事规则（修订稿）"


def test_plain_text_body_becomes_one_article_per_line(in_org_a):
    data = pack()
    regulation = data["regulations"][0]
    del regulation["articles"], regulation["meeting_types"][0]["scope"]
    regulation.update(body="会议由主任主持。\n\n议题于会前报送办公室。\n", numbering="chapter_article")
    apply_pack(data)
    assert RegulationPage.objects.get().text == "第一条 会议由主任主持。\n第二条 议题于会前报送办公室。"
    assert not apply_pack(data).changed


def test_an_invalid_pack_is_rejected_whole_and_nothing_is_written(in_org_a):
    apply_pack(pack())
    before = database_state()
    data = pack()
    data["organisation"]["posts"].append({"slug": "new-post", "name": "新岗位"})
    data["regulations"][0]["title"] = "改过的标题"
    second = {**data["regulations"][0], "slug": "second-rules",
              "meeting_types": [{**data["regulations"][0]["meeting_types"][0], "slug": "second", "scope": [],
                                 "cadence": {"rrule": "FREQ=SOMETIMES", "time": "15:00", "duration_minutes": 60}}]}
    data["regulations"].append(second)
    data["regulations"][0]["meeting_types"][0]["decisions"]["quorum"] = 3
    data["calendar"] = [{"date": "2027-02-06", "workday": True, "name": "调休"}]
    with pytest.raises(PackInvalid) as raised:
        apply_pack(data)
    assert {error.path for error in raised.value.errors} >= {
        "regulations[0].meeting_types[0].decisions.quorum",
    }
    assert database_state() == before


def test_semantic_errors_also_leave_the_database_untouched(in_org_a):
    before = database_state()
    data = pack()
    data["regulations"][0]["meeting_types"][0]["cadence"]["rrule"] = "FREQ=SOMETIMES"
    with pytest.raises(PackInvalid, match=r"regulations\[0\]\.meeting_types\[0\]\.cadence\.rrule"):
        apply_pack(data)
    assert database_state() == before


def test_a_meeting_type_belongs_to_one_regulation(in_org_a):
    apply_pack(pack())
    data = pack()
    data["regulations"][0]["slug"] = "another-regulation"
    with pytest.raises(PackInvalid, match="已由制度 'office-meeting-rules' 定义"):
        apply_pack(data)


def test_posts_that_exist_in_the_organisation_may_be_referred_to(in_org_a):
    apply_pack(pack())
    data = pack()
    del data["organisation"]
    data["regulations"][0]["title"] = "处务会议事规则（2026）"
    assert apply_pack(data).updated == ["office-meeting-rules"]


@pytest.mark.parametrize("name", template_names())
def test_each_template_applies_and_reapplies_without_change(in_org_a, name):
    report = apply_pack(load_template(name))
    assert report.created and not report.updated
    assert not apply_pack(load_template(name)).changed
    assert RuleSnapshot.objects.exists()


def test_there_are_at_least_four_templates():
    assert {"service-centre-regular-meetings", "bureau-meeting-management", "director-office-procedure",
            "party-organisation-meetings"} <= set(template_names())
