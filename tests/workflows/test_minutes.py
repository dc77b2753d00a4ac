"""Minutes: drafted from the record, signed off and issued with a number, exported as DOCX and PDF,
confidential ones hidden."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from tests.support import host_client
from tests.workflows.test_deliberation import sitting
from yishi.workflows.deliberation import actions as deliberation
from yishi.workflows.minutes import actions, tasks
from yishi.workflows.minutes.models import Minutes, visible_minutes
from yishi.workflows.scheduling.visibility import visible_meetings
from yishi.workflows.supervision.actions import Assignment


def decided(confidential=False):
    org = sitting(10)
    if confidential:
        type(org.meeting).objects.filter(pk=org.meeting.pk).update(confidentiality="confidential")
        org.meeting.refresh_from_db()
    deliberation.state_opinion(org.record, org.present[1], "agree", actor=org.people.secretary.user)
    deliberation.decide(org.record, actor=org.people.secretary.user, outcome="adopted",
                        text="同意窗口人员调整方案", method="show_of_hands", votes_for=9, votes_against=1,
                        assignments=[Assignment("印发调整通知", org.approvals, org.people.clerk, due_workdays=5)])
    org.minutes = actions.draft_minutes(org.meeting, user=org.people.secretary.user)
    return org


def issue(minutes, user, *, opinion="同意印发", signed_on=dt.date(2025, 9, 28)):
    """审核通过 then 签发, by `user` (the director: the rules' reviewer and, as chair, the signer)."""
    actions.review(minutes, "approve", user=user)
    return actions.review(minutes, "sign", user=user, comment=opinion, signed_on=signed_on)


def test_the_minutes_sum_divided_views_up_with_the_changes_asked_for(in_org_a):
    org = sitting(10)
    secretary = org.people.secretary.user
    deliberation.state_opinion(org.record, org.present[1], "amend", reason="补充应急预案。", actor=secretary)
    deliberation.state_opinion(org.record, org.present[2], "against", reason="时机不成熟", actor=secretary)
    deliberation.state_opinion(org.record, org.present[3], "agree", actor=secretary)
    body = actions.compose(org.meeting)
    assert "与会成员发表意见：同意 1 人，建议修改 1 人，反对 1 人。" in body and "修改意见：补充应急预案。" in body
    assert org.present[2].name not in body.split("1. 窗口人员调整", 1)[1]  # who said what stays in the record


def test_minutes_are_drafted_from_the_record(in_org_a):
    org = decided()
    body = org.minutes.body
    assert "时间：2025年09月26日 15:00" in body and "地点：三楼会议室" in body and "主持：王主任" in body
    assert "出席：王主任、李副主任" in body
    assert "请假及缺席：" in body and "（缺席）" in body  # five of fifteen did not come
    assert "1. 窗口人员调整" in body and "与会成员一致同意。" in body  # summed up, not quoted
    assert "李副主任：同意" not in body
    assert "决定：同意窗口人员调整方案（通过）" in body
    assert "由审批科（钱办事员）负责印发调整通知，2025年10月10日前完成。" in body  # under its decision
    assert (org.minutes.live, org.minutes.revisions.count()) == (False, 1)
    assert actions.draft_minutes(org.meeting) == org.minutes  # once per meeting


def test_issued_minutes_get_a_number_and_open_as_docx_and_pdf(in_org_a, settings, tmp_path, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    from docx import Document
    from pypdf import PdfReader

    settings.MEDIA_ROOT = str(tmp_path)
    org = decided()
    sent = []
    monkeypatch.setattr(tasks.export_minutes, "apply_async", lambda **kwargs: sent.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        minutes = issue(org.minutes, org.people.director.user)
    assert (minutes.live, minutes.number) == (True, "处务会纪要〔2025〕1号")
    assert sent[0]["args"] == (minutes.pk,)
    tasks.export_minutes.apply(args=[minutes.pk])  # what the worker runs
    minutes.refresh_from_db()
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(minutes.docx.read())).paragraphs)
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(minutes.pdf.read())).pages)
    for text in (docx_text, pdf_text):
        assert "处务会会议纪要" in text and "处务会纪要〔2025〕1号" in text
        assert "决定：同意窗口人员调整方案（通过）" in text
        assert "签发：同意印发——王主任 2025年9月28日" in text and "2025年9月28日" in text
        assert "分送：" in text


@pytest.fixture
def confidential(in_org_a, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path)
    org = decided(confidential=True)
    with django_capture_on_commit_callbacks(execute=False):
        issue(org.minutes, org.people.director.user)
    tasks.export_minutes.apply(args=[org.minutes.pk])
    return org


def test_confidential_minutes_are_for_attendees_and_the_named_roles(confidential):
    p = confidential.people
    assert list(visible_minutes(p.deputy.user)) == [confidential.minutes]  # attended
    assert list(visible_minutes(p.secretary.user)) == [confidential.minutes]  # the rules' recorder
    assert not visible_minutes(p.outsider.user).exists()
    assert not visible_meetings(p.outsider.user).filter(pk=confidential.meeting.pk).exists()


def can_open_minutes_in_admin(*users):
    from django.contrib.auth.models import Group, Permission

    readers, _ = Group.objects.get_or_create(name="纪要查阅")
    readers.permissions.add(*Permission.objects.filter(content_type__app_label="minutes"))
    for user in users:
        user.groups.add(readers)


def admin_get(organisation, user, url):
    client = host_client(organisation)
    with tenant_context(organisation):
        client.force_login(user)
    return client.get(url)


def test_confidential_minutes_stay_hidden_in_the_admin_search_and_exports(confidential, org_a):
    p, minutes = confidential.people, confidential.minutes
    listing = reverse("wagtailsnippets_minutes_minutes:list")
    edit = reverse("wagtailsnippets_minutes_minutes:edit", args=[minutes.pk])
    download = reverse("minutes_download", args=[minutes.pk, "pdf"])
    can_open_minutes_in_admin(p.outsider.user, p.deputy.user)  # model permissions: not what decides here
    search = f"{listing}?q=处务会会议纪要"
    outsider = [admin_get(org_a, p.outsider.user, url) for url in (listing, search, edit, download)]
    assert [r.status_code for r in outsider] == [200, 200, 404, 404]
    assert all(edit not in r.content.decode() for r in outsider[:2])  # no row links to it
    attendee = [admin_get(org_a, p.deputy.user, url) for url in (search, download)]
    assert [r.status_code for r in attendee] == [200, 200]
    assert edit in attendee[0].content.decode()
    assert b"".join(attendee[1].streaming_content).startswith(b"%PDF")
    # The decision's action item on the supervision board: the same rule.
    assert "印发调整通知" not in admin_get(org_a, p.outsider.user, "/admin/supervision/board/").content.decode()
    assert "印发调整通知" in admin_get(org_a, p.deputy.user, "/admin/supervision/board/").content.decode()


def test_only_the_rules_minutes_reviewer_issues_minutes(in_org_a):
    from django.core.exceptions import PermissionDenied

    org = decided()
    with pytest.raises(PermissionDenied):
        issue(org.minutes, org.people.clerk.user)
    org.minutes.refresh_from_db()
    assert (org.minutes.live, org.minutes.number) == (False, "")


def test_minutes_stay_inside_their_organisation(confidential, org_b):
    with tenant_context(org_b):
        assert not Minutes.objects.exists()


def test_who_may_read_confidential_meetings_costs_the_same_however_many_there_are(in_org_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.workflows.agenda_people import meeting_on, organisation
    from tests.workflows.test_workflow_admin import monday

    org = organisation()
    meeting_on(monday(1))

    def counted(user):
        with CaptureQueriesContext(connection) as queries:
            visible = set(visible_meetings(user).values_list("pk", flat=True))
        return visible, len(queries)

    for weeks in (2, 3):
        meeting_on(monday(weeks), confidentiality="confidential")
    (few, chair_queries), (hidden_few, _) = counted(org.users.director), counted(org.users.head2)
    for weeks in range(4, 12):
        meeting_on(monday(weeks), confidentiality="confidential")
    (many, queries_with_many), (hidden_many, outsider_queries) = counted(org.users.director), counted(org.users.head2)
    assert (len(few), len(many), len(hidden_few), len(hidden_many)) == (3, 11, 1, 1)  # the chair reads them all
    assert queries_with_many == chair_queries
    assert outsider_queries == counted(org.users.head2)[1]
