"""签发 on the meeting page: the rules' signer (the chair unless the rules name someone) signs off the
reviewed minutes with an opinion and a date no earlier than the meeting; only then are they numbered,
distributed and exported with the sign-off; someone signing for the chair is marked 代; anyone else is
refused with nothing changed."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.workflows.agenda_people import admin_client, meeting_on, organisation
from tests.workflows.test_workflow_admin import monday, page
from yishi.workflows.meetings.actions import take_step
from yishi.workflows.minutes import tasks
from yishi.workflows.minutes.models import Minutes
from yishi.workflows.notices.models import Notice


def reviewed(org_a, **minutes_rules):
    """A held meeting whose minutes the secretary submitted and the director (the reviewer) passed."""
    with tenant_context(org_a):
        org = organisation(minutes={"required": True, "reviewer": {"post": "director"}, **minutes_rules})
        org.meeting = meeting_on(monday(1))
        for name in ("open", "close"):
            org.meeting = take_step(org.meeting, name, actor=org.users.secretary)
    org.clients = {name: admin_client(org_a, name) for name in ("secretary", "director", "deputy")}
    org.url = f"/admin/yishi/meetings/{org.meeting.pk}/minutes/"
    org.clients["secretary"].post(org.url, {"step": "submit"})
    assert "纪要已办理" in page(org.clients["director"].post(org.url, {"step": "approve"}, follow=True))
    return org


@pytest.fixture
def org(org_a):
    return reviewed(org_a)


def sign(org, who: str, day: dt.date, opinion: str = "同意印发") -> str:
    return page(org.clients[who].post(org.url, {"step": "sign", "comment": opinion, "signed_on": day.isoformat()},
                                      follow=True))


def minutes_of(org_a, org) -> Minutes:
    with tenant_context(org_a):
        return Minutes.objects.get(meeting=org.meeting)


def documents_text(org_a, minutes: Minutes) -> list[str]:
    from docx import Document
    from pypdf import PdfReader

    with tenant_context(org_a):
        tasks.export_minutes.apply(args=[minutes.pk])  # what the worker runs
        minutes.refresh_from_db()
        docx = "\n".join(p.text for p in Document(io.BytesIO(minutes.docx.read())).paragraphs)
        pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(minutes.pdf.read())).pages)
    return [docx, pdf]


def test_the_chair_signs_off_and_only_then_the_minutes_are_numbered(org_a, org, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    minutes = minutes_of(org_a, org)
    assert (minutes.review, minutes.number, minutes.live) == ("reviewed", "", False)
    shown = page(org.clients["director"].get(f"/admin/yishi/meetings/{org.meeting.pk}/"))
    assert 'value="sign"' in shown and "签发意见" in shown
    today = timezone.localdate().isoformat()  # as a date input takes it
    assert f'type="date" name="signed_on" value="{today}"' in shown
    assert 'value="sign"' not in page(org.clients["deputy"].get(f"/admin/yishi/meetings/{org.meeting.pk}/"))
    assert "无权执行“签发”" in sign(org, "deputy", org.meeting.date)  # a member may not sign
    assert "无权执行“签发”" in sign(org, "secretary", org.meeting.date)
    day = org.meeting.date
    refused = sign(org, "director", day - dt.timedelta(days=1))
    assert f"签发日期：不能早于会议日期（{day.year}年{day.month}月{day.day}日）" in refused
    assert "签发意见" in sign(org, "director", day, opinion="")  # the opinion is required
    minutes = minutes_of(org_a, org)
    assert (minutes.review, minutes.number, minutes.signed_on) == ("reviewed", "", None)  # nothing written
    with tenant_context(org_a):
        assert not Notice.objects.filter(dedupe_key=f"minutes:issued:{minutes.pk}").exists()

    assert "纪要已办理" in sign(org, "director", day + dt.timedelta(days=1))
    minutes = minutes_of(org_a, org)
    signed = day + dt.timedelta(days=1)
    assert (minutes.review, minutes.live) == ("issued", True) and minutes.number.endswith("1号")
    assert (minutes.signer_name, minutes.signed_for_chair, minutes.sign_opinion, minutes.signed_on) == (
        "张主任", False, "同意印发", signed)
    with tenant_context(org_a):
        assert Notice.objects.filter(dedupe_key=f"minutes:issued:{minutes.pk}").exists()
    line = f"同意印发——张主任 {signed.year}年{signed.month}月{signed.day}日"
    assert line in page(org.clients["director"].get(f"/admin/yishi/meetings/{org.meeting.pk}/"))
    for text in documents_text(org_a, minutes):
        assert f"签发：{line}" in text and minutes.number in text


def test_someone_the_rules_name_signs_for_the_chair_marked_acting(org_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    org = reviewed(org_a, signer={"post": "deputy-director"})
    assert "签发纪要" in page(org.clients["deputy"].get("/admin/"))
    assert "签发纪要" not in page(org.clients["director"].get("/admin/"))
    assert "无权执行“签发”" in sign(org, "director", org.meeting.date)  # the chair, but not the rules' signer
    assert minutes_of(org_a, org).review == "reviewed"
    sign(org, "deputy", org.meeting.date, opinion="同意，按程序印发")
    minutes = minutes_of(org_a, org)
    assert (minutes.review, minutes.signer_name, minutes.signed_for_chair) == ("issued", "李副主任", True)
    for text in documents_text(org_a, minutes):
        assert "签发：同意，按程序印发——李副主任（代）" in text


def test_the_signer_may_send_the_minutes_back_instead(org_a, org):
    back = {"step": "send_back", "comment": "决定事项表述不准"}
    assert "纪要已办理" in page(org.clients["director"].post(org.url, back, follow=True))
    minutes = minutes_of(org_a, org)
    assert (minutes.review, minutes.number) == ("drafting", "")

