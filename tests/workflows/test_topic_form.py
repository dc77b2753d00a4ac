"""A clerk files a topic in the admin: the meeting type by name, then a form built from that type's
rules in force (content fields, ordering classes, upcoming meetings, department, attachments); drafts
and returned topics are edited in the same form. Bad input is a form error naming the field, and
nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django_tenants.utils import tenant_context

from tests.workflows.agenda_people import SLUG, admin_client
from tests.workflows.topic_types import PARTY, two_types, upcoming
from yishi.tenants.structure.models import Department
from yishi.workflows.agenda import actions
from yishi.workflows.agenda.models import Topic, TopicAttachment

PDF = b"%PDF-1.4 topic attachment"


def pdf(name="数据.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def org(org_a):
    with tenant_context(org_a):
        org = two_types()
        org.office_meeting = upcoming(SLUG)
        org.party_meeting = upcoming(PARTY, days=16)
    return org


def party_topic(**fields) -> dict:
    return {"title": "关于调整机构设置的议题", "questions": "是否调整", "evidence": "近三年数据",
            "ordering_class": "important", "meeting": "", "department": "", **fields}


def add_url(slug=PARTY) -> str:
    return f"{reverse('topics:add')}?type={slug}"


def test_the_clerk_chooses_the_meeting_type_by_name_then_fills_its_rules_fields(org_a, org):
    head = admin_client(org_a, "head")
    chooser = head.get(reverse("topics:add")).content.decode()
    assert "党组会" in chooser and "处务会" in chooser and "背景说明" not in chooser
    page = head.get(add_url()).content.decode()
    for label in ("需讨论事项", "数据支撑", "重要但不紧急", "紧急但不重要", "申请上会", "涉及科室", "附件"):
        assert label in page, label
    assert "背景说明" not in page and "urgent_important" not in page  # only this type's fields, by label
    assert f"{org.party_meeting.date:%Y-%m-%d} 09:00" in page  # the meeting at its local time (01:00 UTC)


def test_a_topic_with_attachments_is_filed_and_submitted_in_one_go(org_a, org):
    response = admin_client(org_a, "head").post(add_url(), party_topic(
        meeting=org.party_meeting.pk, attachments=[pdf(), pdf("附表.pdf")], submit_now="on"))
    with tenant_context(org_a):
        topic = Topic.objects.get(title="关于调整机构设置的议题")
        assert response.status_code == 302 and response["Location"] == reverse("yishi_topic", args=[topic.pk])
        assert (topic.meeting_type_slug, topic.state, topic.meeting) == (PARTY, "submitted", org.party_meeting)
        assert topic.content == {"questions": "是否调整", "evidence": "近三年数据"}
        assert sorted(topic.attachments.values_list("name", flat=True)) == ["数据.pdf", "附表.pdf"]
        assert topic.attachments.first().file.read() == PDF


def test_the_rules_attachments_and_the_upload_limits_are_form_errors_and_nothing_is_written(org_a, org):
    head = admin_client(org_a, "head")
    missing = head.post(add_url(), party_topic(submit_now="on"))  # the rules require an attachment to submit
    assert missing.status_code == 200 and set(missing.context["form"].errors) == {"attachments"}
    assert "请上传附件材料" in missing.content.decode()
    program = head.post(add_url(), party_topic(attachments=[pdf("evil.pdf", b"MZ\x90\x00program")]))
    assert program.status_code == 200 and set(program.context["form"].errors) == {"attachments"}
    assert "不是 .pdf 文件" in program.content.decode()
    with tenant_context(org_a):
        assert not Topic.objects.exists() and not TopicAttachment.objects.exists()


def test_it_refuses_filing_in_another_departments_name(org_a, org):
    with tenant_context(org_a):
        office = Department.objects.get(slug="office")
    response = admin_client(org_a, "head").post(add_url(), party_topic(department=office.pk))
    assert response.status_code == 200 and set(response.context["form"].errors) == {"department"}
    with tenant_context(org_a):
        assert not Topic.objects.exists()
    # The office files for any department.
    assert admin_client(org_a, "secretary").post(add_url(), party_topic(department=office.pk)).status_code == 302


def test_a_draft_is_edited_with_its_attachments_and_a_returned_topic_is_resubmitted(org_a, org):
    with tenant_context(org_a):
        topic = actions.create_topic(actor=org.users.head, meeting_type_slug=PARTY, title="草稿",
                                     content={"questions": "q"}, attachments=[pdf("旧.pdf")])
        old = topic.attachments.get()
    head = admin_client(org_a, "head")
    form = head.get(reverse("topics:edit", args=[topic.pk])).content.decode()
    assert "删除附件" in form and "旧.pdf" in form
    response = head.post(reverse("topics:edit", args=[topic.pk]), party_topic(
        title="改过的议题", remove_attachments=[old.pk], attachments=[pdf("新.pdf")]))
    assert response.status_code == 302
    with tenant_context(org_a):
        topic.refresh_from_db()
        assert (topic.title, topic.state, topic.content["questions"]) == ("改过的议题", "draft", "是否调整")
        assert list(topic.attachments.values_list("name", flat=True)) == ["新.pdf"]
        actions.transition_topic(topic, "submit", actor=org.users.head)
        actions.transition_topic(topic, "return", actor=org.users.secretary, comment="请补充数据")
    response = head.post(reverse("topics:edit", args=[topic.pk]), party_topic(
        title="改过的议题", evidence="补充的数据", submit_now="on"))
    assert response.status_code == 302
    with tenant_context(org_a):
        topic.refresh_from_db()
        assert (topic.state, topic.content["evidence"]) == ("submitted", "补充的数据")
    # Submitted: the form is closed, nothing changes.
    head.post(reverse("topics:edit", args=[topic.pk]), party_topic(title="再改"))
    with tenant_context(org_a):
        topic.refresh_from_db()
        assert topic.title == "改过的议题"


def test_it_refuses_to_copy_a_topic(org_a, org):
    with tenant_context(org_a):
        topic = actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="不可复制")
    with pytest.raises(NoReverseMatch):
        reverse("topics:copy", args=[topic.pk])
    head = admin_client(org_a, "head")
    assert head.get(f"/admin/topics/copy/{topic.pk}/").status_code == 404
    assert "/copy/" not in head.get(reverse("topics:index")).content.decode()
