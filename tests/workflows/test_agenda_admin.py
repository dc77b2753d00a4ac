"""The office's admin: topic inbox, meeting page, deliveries failing for an hour; organisation B sees none of A's."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import PASSWORD, host_client
from tests.workflows.agenda_people import SLUG, at, meeting_on, organisation
from yishi.workflows.agenda import actions
from yishi.workflows.notices.models import Delivery
from yishi.workflows.notices.outbox import notify


def admin_client(organisation, username):
    client = host_client(organisation)
    assert client.post("/admin/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def data_a(org_a):
    with tenant_context(org_a):
        org = organisation()
        meeting = meeting_on("2026-03-09")
        topic = actions.create_topic(actor=org.users.head, meeting_type_slug=SLUG, title="甲单位的议题",
                                     content={"background": "b", "proposal": "p"}, now=at("2026-03-04", 10))
        actions.transition_topic(topic, "submit", actor=org.users.head, now=at("2026-03-04", 10))
        notice = notify([org.people.director], "other", "发不出去的通知", dedupe_key="admin:failing")
        Delivery.objects.filter(notice=notice).update(first_failed_at=timezone.now() - dt.timedelta(hours=2),
                                                      last_error="SMTP 连接被拒绝")
    return meeting, topic


def test_the_office_sees_topics_meetings_and_failing_deliveries(org_a, data_a):
    meeting, topic = data_a
    client = admin_client(org_a, "alice")
    inbox = client.get("/admin/topics/?state=submitted")
    assert inbox.status_code == 200 and "甲单位的议题" in inbox.content.decode()
    assert "甲单位的议题" not in client.get("/admin/topics/?state=approved").content.decode()
    page = client.get(f"/admin/yishi/meetings/{meeting.pk}/")
    assert page.status_code == 200 and "议程" in page.content.decode()
    assert "发不出去的通知" in client.get("/admin/").content.decode()  # dashboard panel
    failing = client.get("/admin/notices/deliveries/?overdue=true")
    assert failing.status_code == 200 and "SMTP" in failing.content.decode()
    assert client.get("/admin/notices/messages/").status_code == 200


def test_organisation_b_sees_none_of_a_topics_or_meetings(org_a, org_b, data_a):
    meeting, topic = data_a
    client = admin_client(org_b, "bob")
    assert "甲单位的议题" not in client.get("/admin/topics/").content.decode()
    assert client.get(f"/admin/topics/edit/{topic.pk}/").status_code == 404
    assert client.get(f"/admin/yishi/meetings/{meeting.pk}/").status_code == 404
