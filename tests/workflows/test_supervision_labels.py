"""The action item page names what happened by label and who did it by name, never by code or username."""

import datetime as dt

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.workflows.decision_setup import meeting_on, setup_organisation
from tests.workflows.test_record_admin import Admin
from yishi.workflows.supervision import actions
from yishi.workflows.supervision.actions import Assignment


def log_rows(html: str) -> list[list[str]]:
    """The 流转记录 table: actor, transition, new state (the time and comment left out)."""
    table = BeautifulSoup(html, "html.parser").find_all("table", class_="listing")[-1]
    return [[td.get_text() for td in tr.find_all("td")][1:4] for tr in table.tbody.find_all("tr")]


def test_the_item_log_shows_labels_and_names(in_org_a):
    org = setup_organisation()
    p = org.people
    meeting_on(dt.date.today() + dt.timedelta(days=30), status="planned")  # the meeting a change goes to
    item = actions.assign(org.meeting, Assignment("制定窗口服务提升方案", org.approvals, p.clerk, p.deputy,
                                                  due_date=dt.date(2025, 10, 10)), actor=p.secretary.user)
    actions.report_progress(item, user=p.clerk.user, text="已完成调研", percent=40, files=[])
    change = actions.request_change(item, user=p.clerk.user, kind="delay", reason="需等待上级批复",
                                    proposed_due_date=dt.date(2025, 10, 31))
    actions.decide_change(change, "approve", user=p.director.user, comment="同意延期")
    clerk = Admin(in_org_a, p.clerk.user)
    url = reverse("supervision_item", args=[item.pk])
    html = clerk.get(url).content.decode()
    assert log_rows(html) == [["周秘书", "交办", "已交办"], ["钱办事员", "开始办理", "办理中"],
                              ["王主任", "同意延期", "办理中"]]
    assert "钱办事员（40%）：已完成调研" in html  # the progress report's author by name
    assert "延期" in html and ">delay<" not in html  # the change request's kind by label
    for code in ("change_delay", "in_progress", "assigned", p.clerk.user.username):
        assert f">{code}<" not in html

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert clerk.get(url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(3):  # more log rows and progress reports, by more people
        actions.report_progress(item, user=p.head.user, text=f"进展{n}", percent=50 + n, files=[])
    actions.act(item, "complete", user=p.clerk.user, comment="方案已印发")
    assert queries() == few
