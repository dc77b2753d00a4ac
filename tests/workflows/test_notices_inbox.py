"""我的消息: each person reads their own messages (full text, links, marked read), nobody else's;
the office's delivery list and dashboard panel speak in labels and names, for the office only."""

import datetime as dt
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import PASSWORD, host_client
from tests.workflows.agenda_people import admin_client, organisation
from yishi.tenants.structure.groups import group
from yishi.workflows.notices import tasks
from yishi.workflows.notices.models import ChannelSettings, Delivery, InboxMessage, Notice
from yishi.workflows.notices.outbox import notify

INBOX = "/admin/notices/messages/"


@pytest.fixture
def org(in_org_a):
    ChannelSettings.objects.create(email_enabled=False)  # the inbox is what these tests read
    return organisation()


def message_to(person, subject: str, body: str = "", *, at: dt.datetime | None = None) -> InboxMessage:
    """A notice delivered to `person`'s inbox the way the outbox does it."""
    notice = notify([person], "other", subject, body, dedupe_key=f"inbox-test:{person.pk}:{subject}")
    tasks.sweep_now()
    message = InboxMessage.objects.get(person=person, notice=notice)
    if at is not None:
        InboxMessage.objects.filter(pk=message.pk).update(created_at=at)
    return message


def bob(org_b):
    """Organisation B's administrator: an account with no messages in A."""
    client = host_client(org_b)
    assert client.post("/admin/login/", {"username": "bob", "password": PASSWORD}).status_code == 302
    return client


def menu_labels(response) -> str:
    """The admin sidebar's entries (Wagtail sends them as JSON, with the Chinese escaped)."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S).group(1)
    return json.dumps(json.loads(props), ensure_ascii=False)


def test_a_person_reads_their_own_messages_newest_first_with_the_full_text(org_a, org):
    older = message_to(org.people.director, "上周的通知", "旧的正文", at=dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC))
    newer = message_to(org.people.director, "关于召开处务会的通知",
                       "定于周一召开。\n会议详情：http://org-a.localhost/admin/yishi/meetings/1/",
                       at=dt.datetime(2026, 3, 4, 1, 30, tzinfo=dt.UTC))
    message_to(org.people.deputy, "给李副主任的通知")
    client = admin_client(org_a, "director")

    page = client.get(INBOX).content.decode()
    assert page.index("关于召开处务会的通知") < page.index("上周的通知")  # newest first
    assert "2026-03-04 09:30" in page and "2026-03-02 09:30" in page  # Asia/Shanghai, not UTC
    assert page.count('class="unread"') == 2
    assert "给李副主任的通知" not in page
    assert "我的消息（2）" in menu_labels(client.get(INBOX))

    opened = client.get(f"{INBOX}{newer.pk}/")
    assert opened.status_code == 200
    text = opened.content.decode()
    assert "关于召开处务会的通知" in text and "定于周一召开。<br>会议详情：<a" in text
    assert '<a href="http://org-a.localhost/admin/yishi/meetings/1/"' in text  # the link is clickable
    with tenant_context(org_a):
        newer.refresh_from_db()
        older.refresh_from_db()
        assert newer.read_at is not None and older.read_at is None
    assert "我的消息（1）" in menu_labels(client.get(INBOX))
    first_read = newer.read_at
    client.get(f"{INBOX}{newer.pk}/")
    with tenant_context(org_a):
        newer.refresh_from_db()
        assert newer.read_at == first_read  # read once: opening it again keeps the first time


def test_another_persons_message_is_not_found_for_anyone_else(org_a, org_b, org):
    theirs = message_to(org.people.deputy, "李副主任的私信", "只给李副主任")
    for username in ("director", "secretary", "head2"):  # a leader, the office, a department head
        response = admin_client(org_a, username).get(f"{INBOX}{theirs.pk}/")
        assert response.status_code == 404, username
        assert "只给李副主任" not in response.content.decode()
    with tenant_context(org_a):
        assert InboxMessage.objects.get(pk=theirs.pk).read_at is None
    assert bob(org_b).get(f"{INBOX}{theirs.pk}/").status_code == 404  # another organisation
    assert host_client(org_a).get(f"{INBOX}{theirs.pk}/").status_code == 302  # signed out: to the login page


def test_the_old_inbox_screens_are_gone(org_a, org):
    message = message_to(org.people.deputy, "李副主任的消息")
    client = admin_client(org_a, "director")
    for url in ("/admin/notices/inbox/", f"/admin/notices/inbox/edit/{message.pk}/",
                f"/admin/notices/inbox/history/{message.pk}/", f"/admin/notices/inbox/usage/{message.pk}/",
                f"/admin/notices/inbox/delete/{message.pk}/"):
        assert client.get(url).status_code == 404, url


def test_without_messages_or_without_a_person_the_inbox_says_why(org_a, org_b, org):
    page = admin_client(org_a, "head2").get(INBOX)  # a person with no messages
    assert page.status_code == 200 and "暂无消息" in page.content.decode()
    assert "我的消息" in menu_labels(page) and "我的消息（" not in menu_labels(page)
    with tenant_context(org_a):  # an account in the members' group that the office has not linked to a person
        get_user_model().objects.create_user("guest", password="x").groups.add(group("members"))
    unlinked = admin_client(org_a, "guest").get(INBOX)
    assert unlinked.status_code == 200 and "尚未关联人员信息" in unlinked.content.decode()


def test_the_inbox_is_paginated_in_a_constant_number_of_queries(org_a, org):
    def queries(count: int) -> tuple[int, str]:
        with tenant_context(org_a):
            InboxMessage.objects.filter(person=org.people.head).delete()
            notices = Notice.objects.bulk_create(
                Notice(kind="other", subject=f"通知{n}", dedupe_key=f"page-test:{count}:{n}") for n in range(count))
            InboxMessage.objects.bulk_create(InboxMessage(person=org.people.head, notice=n) for n in notices)
        client.get(INBOX)  # warm: session and permission caches
        with CaptureQueriesContext(connection) as captured:
            page = client.get(INBOX)
        assert page.status_code == 200
        return len(captured), page.content.decode()

    client = admin_client(org_a, "head")
    few, _page = queries(3)
    many, page = queries(45)
    assert few == many
    assert page.count('class="unread"') == 20  # one page of 20, then a second and a third
    assert client.get(f"{INBOX}?p=3").content.decode().count('class="unread"') == 5


def test_the_delivery_list_shows_labels_and_names_and_the_panel_only_the_office(org_a, org):
    ChannelSettings.objects.update(email_enabled=True)
    notice = notify([org.people.deputy], "other", "发不出去的通知", dedupe_key="labels:failing")
    Delivery.objects.filter(notice=notice).update(first_failed_at=timezone.now() - dt.timedelta(hours=2),
                                                  last_error="SMTP 连接被拒绝")
    office = admin_client(org_a, "secretary")
    listing = office.get("/admin/notices/deliveries/").content.decode()
    assert "电子邮件" in listing and "站内消息" in listing and "待发送" in listing and "李副主任" in listing
    assert ">email<" not in listing and ">pending<" not in listing and "deputy" not in listing
    assert "电子邮件" in office.get("/admin/notices/deliveries/?channel=email").content.decode()
    dashboard = office.get("/admin/").content.decode()
    assert "发不出去的通知 → 李副主任（电子邮件）" in dashboard
    for username in ("director", "head"):  # no notices.view_delivery: neither the panel nor the list
        client = admin_client(org_a, username)
        assert "发不出去的通知" not in client.get("/admin/").content.decode(), username
        assert client.get("/admin/notices/deliveries/").status_code == 302, username  # Wagtail's refusal

