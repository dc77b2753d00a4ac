"""回执 (issue 18): an invitee answers the meeting notice from its link — confirms, or asks leave — and the
office sees on the meeting page who has not answered. Nobody answers for another, nor after the start."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import host_client
from tests.workflows.agenda_people import admin_client, meeting_on, organisation
from yishi.workflows.attendance.models import Invitation
from yishi.workflows.meetings import convening
from yishi.workflows.notices import tasks
from yishi.workflows.notices.models import InboxMessage
from yishi.workflows.scheduling.models import Meeting


@pytest.fixture
def org(in_org_a):
    people = organisation()
    people.meeting = meeting_on((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    convening.convene(people.meeting)
    tasks.sweep_now()
    return people


def page(meeting) -> str:
    return f"/admin/yishi/meetings/{meeting.pk}/"


def confirm_url(org, person) -> str:
    return f"/admin/yishi/invitations/{Invitation.objects.get(meeting=org.meeting, person=person).pk}/confirm/"


def unanswered(html: str) -> str:
    return re.search(r'<p id="unanswered">(.*?)</p>', html, re.S).group(1)


def test_an_invitee_answers_from_the_notice_and_the_office_sees_who_has_not(org, org_a):
    deputy = admin_client(org_a, "deputy")
    message = InboxMessage.objects.get(person=org.people.deputy, notice__meeting=org.meeting)
    assert page(org.meeting) in deputy.get(f"/admin/notices/messages/{message.pk}/").content.decode()
    assert "确认参会" in deputy.get(page(org.meeting)).content.decode()
    answered = deputy.post(confirm_url(org, org.people.deputy), follow=True).content.decode()
    assert "已回执：确认参会" in answered and "您已确认参会" in answered
    assert Invitation.objects.get(meeting=org.meeting, person=org.people.deputy).confirmed_at is not None

    head = admin_client(org_a, "head")  # 钱科长 answers by asking leave instead
    leave = Invitation.objects.get(meeting=org.meeting, person=org.people.head)
    assert head.post(f"/admin/yishi/invitations/{leave.pk}/leave/", {"reason": "外出培训"}).status_code == 302

    office = admin_client(org_a, "secretary").get(page(org.meeting)).content.decode()
    assert unanswered(office).startswith("未回执 1 人") and "张主任" in unanswered(office)
    assert "李副主任" not in unanswered(office) and "钱科长" not in unanswered(office)
    rows = {cells[0]: cells[4] for cells in re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>",
        office.split('id="attendance"')[1])}
    assert rows == {"张主任": "未回执", "李副主任": "已确认参会", "钱科长": "请假"}
    assert 'id="unanswered"' not in deputy.get(page(org.meeting)).content.decode()  # the office's follow-up list


def test_nobody_answers_for_another_and_nobody_after_the_start(org, org_a, org_b):
    url = confirm_url(org, org.people.director)
    for username in ("deputy", "secretary"):  # another invitee; the office
        refused = admin_client(org_a, username).post(url, follow=True)
        assert "只能为自己的参会邀请回执" in refused.content.decode()
    outsider = admin_client(org_a, "outsider").post(url)
    assert outsider.status_code in (302, 403, 404) and "yishi/meetings" not in outsider.get("Location", "")
    assert host_client(org_b).post(url).status_code in (302, 404)  # signed out there; the id means nothing on B
    with tenant_context(org_a):
        assert Invitation.objects.get(meeting=org.meeting, person=org.people.director).confirmed_at is None

        Meeting.objects.filter(pk=org.meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    late = admin_client(org_a, "director").post(url, follow=True)
    assert "会议已开始或已取消，不能再回执" in late.content.decode()
    with tenant_context(org_a):
        assert Invitation.objects.get(meeting=org.meeting, person=org.people.director).confirmed_at is None
