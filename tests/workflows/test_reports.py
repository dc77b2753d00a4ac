"""Operation figures per period, the annual analysis DOCX, the dashboard panel and the supervision board page."""

import datetime as dt
import io

from django.contrib.auth.models import User
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import host_client
from tests.workflows.decision_setup import meeting_on
from tests.workflows.test_deliberation import sitting
from yishi.workflows.agenda.models import Topic, TopicEvent
from yishi.workflows.reports.figures import period_figures, write_annual
from yishi.workflows.scheduling.models import Meeting
from yishi.workflows.supervision import actions
from yishi.workflows.supervision.actions import Assignment
from yishi.workflows.supervision.models import ActionItem

AUTUMN = (dt.date(2025, 9, 1), dt.date(2025, 12, 31))


def running_year():
    org = sitting(10)  # held 26 September, 10 of 15 members present
    meeting_on(dt.date(2025, 10, 31), status=Meeting.Status.PLANNED)
    meeting_on(dt.date(2025, 11, 28), status=Meeting.Status.CANCELLED)
    ad_hoc = meeting_on(dt.date(2025, 10, 15))
    Meeting.objects.filter(pk=ad_hoc.pk).update(kind=Meeting.Kind.AD_HOC)
    at = timezone.make_aware(dt.datetime(2025, 9, 20, 10))
    for n, transitions in enumerate([["submit", "decide"], ["submit", "return", "submit"], ["submit"]]):
        topic = Topic.objects.create(meeting_type_slug="office-meeting", title=f"议题{n}")
        for name in transitions:
            TopicEvent.objects.create(topic=topic, transition=name, from_state="", to_state="", at=at)
    for title, done_on in (("按期", dt.date(2025, 10, 1)), ("逾期", dt.date(2025, 10, 20)), ("未办", None)):
        item = actions.assign(org.meeting, Assignment(title, org.approvals, org.people.clerk,
                                                      due_date=dt.date(2025, 10, 10)))
        if done_on:
            actions.act(item, "complete", user=org.people.clerk.user, comment="完成")
            ActionItem.objects.filter(pk=item.pk).update(done_on=done_on)
    return org


def test_figures_for_a_period(in_org_a):
    running_year()
    figures = period_figures(*AUTUMN)
    assert {key: figures[key] for key in ("meetings_planned", "meetings_held", "topics_submitted", "topics_returned",
                                          "topics_decided", "attendance_rate", "actions_assigned",
                                          "actions_finished", "actions_on_time", "actions_on_time_rate")} == {
        "meetings_planned": 3, "meetings_held": 2, "topics_submitted": 3, "topics_returned": 1, "topics_decided": 1,
        "attendance_rate": round(10 / 15, 4), "actions_assigned": 3, "actions_finished": 2, "actions_on_time": 1,
        "actions_on_time_rate": 0.5}


def test_the_annual_analysis_is_a_docx_built_from_the_figures(in_org_a, settings, tmp_path):
    from docx import Document

    settings.MEDIA_ROOT = str(tmp_path)
    running_year()
    analysis = write_annual(2025)
    document = Document(io.BytesIO(analysis.file.read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2025年度会议制度运行分析" in text
    assert "全年计划召开例会 3 次，实际召开 2 次" in text and "按期办结率 50.0%" in text
    assert [cell.text for cell in document.tables[0].rows[9].cells] == ["9月", "1", "1", "1", "66.7%", "—"]
    assert write_annual(2025).pk == analysis.pk  # re-run rewrites the same year


def admin_client(organisation, username="alice"):
    client = host_client(organisation)
    with tenant_context(organisation):
        client.force_login(User.objects.get(username=username))
    return client


def test_the_dashboard_panel_and_the_board_page(in_org_a, org_a):
    org = sitting(10)
    actions.assign(org.meeting, Assignment("看板上的事项", org.approvals, org.people.clerk, due_workdays=5))
    client = admin_client(org_a)
    home = client.get("/admin/").content.decode()
    assert "年运行分析" in home and "<svg" in home
    board = client.get("/admin/supervision/board/")
    assert board.status_code == 200
    assert "看板上的事项" in board.content.decode() and 'data-light="red"' in board.content.decode()


def test_figures_stay_inside_their_organisation(in_org_a, org_b):
    running_year()
    with tenant_context(org_b):
        figures = period_figures(*AUTUMN)
    assert (figures["meetings_planned"], figures["topics_submitted"], figures["actions_assigned"]) == (0, 0, 0)
