"""The regulation editor: numbered preview, cadence preview, revision comparison, field errors."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tenants.utils import tenant_context

from tests.content.packdata import pack
from tests.support import PASSWORD, host_client
from yishi.content.models import MeetingType, RegulationPage
from yishi.content.packs import apply_pack


@pytest.fixture
def editor_a(org_a):
    client = host_client(org_a)
    assert client.post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 302
    return client


def test_the_editor_shows_the_numbered_text_and_the_next_ten_meetings(org_a, editor_a):
    with tenant_context(org_a):
        apply_pack(pack())
        page = RegulationPage.objects.get()
    response = editor_a.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="number">一、</span>' in html and '<span class="number">（一）</span>' in html
    preview = html.split('yishi-cadence', 1)[1].split("</div>", 1)[0]
    assert "每月" in preview
    assert preview.count("<li>") == 10
    assert "15:00" in preview


def test_revisions_can_be_compared(org_a, editor_a):
    with tenant_context(org_a):
        apply_pack(pack())
        data = pack()
        data["regulations"][0]["articles"][1]["text"] = "会议由主任召集并主持，原则上每两周召开一次。"
        meeting_type = data["regulations"][0]["meeting_types"][0]
        meeting_type["cadence"]["rrule"] = "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
        meeting_type["topics"]["deadline"] = {"kind": "workdays_before", "days": 2, "time": "17:00"}
        apply_pack(data)
        page = RegulationPage.objects.get()
        first, second = page.revisions.order_by("id").values_list("id", flat=True)
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first, second])
    response = editor_a.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "每两周" in html and "INTERVAL=2" in html


def test_meeting_type_errors_land_on_their_fields(in_org_a):
    apply_pack(pack())
    meeting_type = RegulationPage.objects.get().meeting_types.get()
    meeting_type.rrule = "FREQ=SOMETIMES"
    with pytest.raises(ValidationError) as raised:
        meeting_type.full_clean()
    assert "无效的 RRULE" in raised.value.message_dict["rrule"][0]
    meeting_type.rrule = "FREQ=WEEKLY"
    meeting_type.duration_minutes = 0
    meeting_type.rules = {**meeting_type.rules, "decisions": {"quorum": 1.5}}
    with pytest.raises(ValidationError) as raised:
        meeting_type.full_clean()
    errors = raised.value.message_dict
    assert "0 小于最小值 5" in errors["duration_minutes"][0]
    assert errors["rules"] == ["decisions.quorum: 1.5 大于最大值 1"]


def test_meeting_type_semantic_errors_name_the_rule(in_org_a):
    apply_pack(pack())
    meeting_type: MeetingType = RegulationPage.objects.get().meeting_types.get()
    meeting_type.rules = {**meeting_type.rules, "roles": {"chair": {"post": "nobody"}},
                          "topics": {"deadline": {"kind": "workdays_before", "days": 0, "time": "16:00"}}}
    with pytest.raises(ValidationError) as raised:
        meeting_type.full_clean()
    assert set(raised.value.message_dict["rules"]) == {
        "roles.chair.post: 未知岗位 'nobody'",
        "topics.deadline.time: 会议当天 16:00 晚于会议开始时间 15:00",
    }


def test_anchors_are_generated_once_and_survive_reordering_and_edits():
    block = RegulationPage.body.field.stream_block
    value = block.clean(block.to_python([
        {"type": "article", "value": {"text": "第一条内容", "clauses": []}},
        {"type": "article", "value": {"text": "第二条内容", "clauses": []}},
    ]))
    anchors = {child.value["text"]: child.value["anchor"] for child in value}
    assert all(anchor.startswith("a-") for anchor in anchors.values()) and len(set(anchors.values())) == 2
    raw = block.get_prep_value(value)
    raw.reverse()  # reorder
    raw[0]["value"]["text"] = "第二条内容（修改）"  # and edit
    reordered = block.clean(block.to_python(raw))
    assert reordered[0].value["anchor"] == anchors["第二条内容"]
    assert reordered[1].value["anchor"] == anchors["第一条内容"]


def test_a_copied_article_gets_a_new_anchor():
    block = RegulationPage.body.field.stream_block
    article = {"anchor": "a-same01", "text": "内容", "clauses": []}
    value = block.clean(block.to_python([{"type": "article", "value": article}, {"type": "article", "value": article}]))
    assert value[0].value["anchor"] == "a-same01" and value[1].value["anchor"] not in ("a-same01", "")


def test_a_body_cannot_mix_chapters_and_loose_articles():
    block = RegulationPage.body.field.stream_block
    with pytest.raises(ValidationError):
        block.clean(block.to_python([{"type": "chapter", "value": {"title": "总则", "articles": []}},
                                     {"type": "article", "value": {"text": "x", "clauses": []}}]))
