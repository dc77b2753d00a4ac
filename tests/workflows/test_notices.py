"""The outbox and meeting notices: written with the change, delivered once, timed by the calendar."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.support import configure_channels
from tests.workflows.agenda_people import SLUG, admin_client, at, meeting_on, organisation
from yishi.platform.links import organisation_url
from yishi.workflows.agenda import actions as agenda
from yishi.workflows.attendance.models import Invitation
from yishi.workflows.meetings import convening
from yishi.workflows.notices import tasks
from yishi.workflows.notices.models import CONFIDENTIAL_PLACEHOLDER, ChannelSettings, Delivery, InboxMessage, Notice
from yishi.workflows.notices.outbox import notify
from yishi.workflows.notices.wagtail_hooks import ChannelSettingsViewSet
from yishi.workflows.scheduling.models import Meeting, MeetingChange

PLACEHOLDER = str(CONFIDENTIAL_PLACEHOLDER)


@pytest.fixture
def org(in_org_a):
    return organisation()


def test_notify_writes_a_delivery_per_channel_and_a_rerun_sends_nothing_twice(org, django_capture_on_commit_callbacks):
    people = [org.people.director, org.people.deputy]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = notify(people, "other", "测试通知", "正文", dedupe_key="test:1")
    assert len(callbacks) == 1  # handed to Celery only after commit
    assert sorted(notice.deliveries.values_list("channel", "person__name")) == [
        ("email", "张主任"), ("email", "李副主任"), ("inbox", "张主任"), ("inbox", "李副主任")]
    assert tasks.sweep_now() == 4
    again = notify(people, "other", "测试通知", "正文", dedupe_key="test:1")
    assert again.pk == notice.pk and Delivery.objects.count() == 4
    assert tasks.sweep_now() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["deputy@example.cn", "director@example.cn"]
    assert InboxMessage.objects.filter(notice=notice).count() == 2
    assert tasks.deliver_now(notice.deliveries.first().pk) == "skipped"  # a duplicate task sends nothing


def test_a_rolled_back_change_leaves_no_notice(org):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([org.people.director], "other", "不会发出", dedupe_key="test:rollback")
        raise RuntimeError
    assert not Notice.objects.filter(dedupe_key="test:rollback").exists()


class _Portal(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):  # noqa: N802 — http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), json.loads(body)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def portal():
    """A portal on this machine's loopback: tests that deliver to it allow private targets."""
    server = HTTPServer(("127.0.0.1", 0), _Portal)
    _Portal.received, _Portal.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.fixture
def private_targets(settings):
    settings.YISHI_WEBHOOK_ALLOW_PRIVATE = True  # as an on-premises install would


def test_the_webhook_channel_posts_signed_json_to_the_portal(org, portal, private_targets):
    configure_channels(webhook_url=f"http://127.0.0.1:{portal.server_port}/hook", webhook_secret="s3",
                                   email_enabled=False)
    notice = notify([org.people.director], "other", "门户推送", "内容", dedupe_key="test:hook")
    assert sorted(notice.deliveries.values_list("channel", flat=True)) == ["inbox", "webhook"]
    tasks.sweep_now()
    headers, payload = _Portal.received[0]
    assert payload["subject"] == "门户推送" and payload["id"] == notice.pk
    assert len(headers["X-Yishi-Signature"]) == 64


def test_a_failing_delivery_backs_off_and_is_visible_after_an_hour(org, portal, private_targets):
    configure_channels(webhook_url=f"http://127.0.0.1:{portal.server_port}/hook", inbox_enabled=False,
                                   email_enabled=False)
    _Portal.status = 503
    notice = notify([org.people.director], "other", "失败", dedupe_key="test:fail")
    delivery = notice.deliveries.get()
    assert tasks.deliver_now(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at - timezone.now() > dt.timedelta(seconds=50)
    assert "503" in delivery.last_error
    assert not Delivery.objects.overdue().exists()
    assert tasks.sweep_now() == 0  # not due yet: backing off
    Delivery.objects.filter(pk=delivery.pk).update(first_failed_at=timezone.now() - dt.timedelta(minutes=61))
    assert list(Delivery.objects.overdue()) == [delivery]
    _Portal.status = 200
    assert tasks.sweep_now(now=timezone.now() + dt.timedelta(minutes=5)) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 2)
    assert not Delivery.objects.overdue().exists()


def webhook_url_error(url: str) -> str | None:
    """The field error the channel settings form shows for this webhook URL (the admin's form)."""
    form = ChannelSettingsViewSet().get_form_class()(data={"webhook_url": url, "email_enabled": "on"})
    return None if form.is_valid() else " ".join(form.errors.get("webhook_url", []))


@pytest.mark.parametrize(("url", "reason"), [
    ("http://127.0.0.1:8000/hook", "回环地址 127.0.0.1"),
    ("http://[::1]/hook", "回环地址 ::1"),
    ("http://localhost:6379/", "回环地址"),  # a name: checked after resolving it
    ("http://10.0.0.5/hook", "内网地址 10.0.0.5"),
    ("http://192.168.1.10/hook", "内网地址 192.168.1.10"),
    ("https://172.16.0.1/hook", "内网地址 172.16.0.1"),
    ("http://[::ffff:10.0.0.1]/hook", "内网地址 10.0.0.1"),
    ("http://169.254.169.254/latest/meta-data/", "链路本地地址 169.254.169.254"),
    ("http://224.0.0.1/hook", "组播地址 224.0.0.1"),
    ("http://240.0.0.1/hook", "保留地址 240.0.0.1"),
    ("http://0.0.0.0/hook", "保留地址 0.0.0.0"),
    ("ftp://93.184.215.14/hook", "只能推送到 http 或 https 地址"),
])
def test_a_webhook_to_an_internal_address_or_another_scheme_is_refused_when_saved(org, url, reason):
    error = webhook_url_error(url)
    assert error is not None and reason in error
    with pytest.raises(ValidationError) as refused:
        ChannelSettings(webhook_url=url).full_clean()
    assert reason in " ".join(refused.value.message_dict["webhook_url"])


def test_a_webhook_to_a_public_address_is_accepted(org):
    assert webhook_url_error("https://93.184.215.14/hook?portal=1") is None  # checked, never connected to


def test_allowing_private_targets_admits_private_and_loopback_but_never_metadata_or_multicast(org, private_targets):
    assert webhook_url_error("http://10.0.0.5/hook") is None
    assert webhook_url_error("http://127.0.0.1:8080/hook") is None
    assert "链路本地地址" in webhook_url_error("http://169.254.169.254/latest/meta-data/")
    assert "组播地址" in webhook_url_error("http://224.0.0.1/hook")


def test_a_webhook_resolving_to_an_internal_address_at_delivery_is_refused(org, portal):
    # Saved without the form's check, as if the name pointed elsewhere when it was saved.
    configure_channels(webhook_url=f"http://localhost:{portal.server_port}/hook", inbox_enabled=False,
                                   email_enabled=False)
    delivery = notify([org.people.director], "other", "不应送达", dedupe_key="test:ssrf").deliveries.get()
    assert tasks.deliver_now(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "回环地址" in delivery.last_error
    assert _Portal.received == []


def test_notices_go_out_one_working_day_before_counting_the_holiday(org):
    # Tuesday 24 February 2026 follows the Spring Festival (15–23 Feb); Saturday the 14th is a make-up
    # working day, so "one working day before" is Saturday 14 February, 09:00.
    meeting = meeting_on("2026-02-24")
    assert convening.notice_due_at(meeting) == at("2026-02-14", 9)
    assert convening.convene_due(now=at("2026-02-14", 8, 59)) == []
    assert convening.convene_due(now=at("2026-02-14", 9)) == [meeting.pk]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert set(Invitation.objects.filter(meeting=meeting).values_list("person__name", "role")) == {
        ("张主任", "member"), ("李副主任", "member"), ("钱科长", "observer")}
    notice = Notice.objects.get(meeting=meeting)
    assert (notice.kind, notice.immediate) == ("meeting_notice", False)
    assert "2026年02月24日 09:00" in notice.body
    assert convening.convene_due(now=at("2026-02-14", 10)) == []  # once
    assert Notice.objects.filter(meeting=meeting).count() == 1


def test_ad_hoc_meetings_by_allowed_roles_with_their_own_lead_time_or_an_immediate_notice(org):
    now = at("2026-03-04", 10)
    with pytest.raises(PermissionDenied):
        convening.propose_ad_hoc(SLUG, at("2026-03-06", 10), actor=org.users.head, reason="突发事项", now=now)
    with pytest.raises(ValidationError) as error:  # rules: 24 hours' notice for an ordinary ad-hoc meeting
        convening.propose_ad_hoc(SLUG, at("2026-03-04", 15), actor=org.users.director, reason="", now=now)
    assert set(error.value.message_dict) == {"starts_at", "reason"}
    assert not Meeting.objects.exists()
    ordinary = convening.propose_ad_hoc(SLUG, at("2026-03-05", 10), actor=org.users.director, reason="专题研究",
                                       now=now)
    assert (ordinary.kind, ordinary.status) == ("ad_hoc", "convened")
    assert Notice.objects.get(meeting=ordinary).kind == "ad_hoc"
    emergency = convening.propose_ad_hoc(SLUG, at("2026-03-04", 11), actor=org.users.secretary, reason="防汛",
                                        emergency=True, now=now)
    notice = Notice.objects.get(meeting=emergency)
    assert (emergency.kind, notice.kind, notice.immediate) == ("emergency", "emergency", True)
    assert notice.deliveries.count() == 6  # three invitees × inbox + e-mail


def test_ad_hoc_meetings_only_where_the_rules_allow_them(in_org_a):
    org = organisation(cadence={"ad_hoc_allowed": False})
    with pytest.raises(ValidationError) as error:
        convening.propose_ad_hoc(SLUG, at("2026-03-06", 10), actor=org.users.director, reason="x",
                                now=at("2026-03-04", 10))
    assert set(error.value.message_dict) == {"meeting_type_slug"}


def test_people_notified_of_a_meeting_are_told_of_its_change_once(org):
    meeting = meeting_on("2026-03-09")
    convening.convene(meeting)
    meeting.refresh_from_db()
    MeetingChange.objects.create(meeting=meeting, previous_starts_at=meeting.starts_at,
                                 starts_at=at("2026-03-10", 9), reason="与上级会议冲突", was_notified=True)
    unnotified = meeting_on("2026-03-16")
    MeetingChange.objects.create(meeting=unnotified, previous_starts_at=unnotified.starts_at, starts_at=None,
                                 reason="节日", was_notified=False)
    assert convening.notify_changes() == 1
    change = Notice.objects.get(kind="meeting_change")
    assert "调整至 2026年03月10日 09:00" in change.body and "与上级会议冲突" in change.body
    assert set(change.deliveries.values_list("person__name", flat=True)) == {"张主任", "李副主任", "钱科长"}
    assert convening.notify_changes() == 0


def approve_agenda(org, meeting) -> None:
    """An agenda with one standing item, signed off by the office and approved by the chair."""
    record = agenda.compile_agenda(meeting, now=at("2026-03-04", 18))
    agenda.add_standing_item(meeting, "上次会议决定事项落实情况")
    agenda.transition_agenda(record, "sign_off", actor=org.users.secretary)
    agenda.transition_agenda(record, "approve", actor=org.users.director)


def test_the_notice_says_when_where_how_to_sign_in_and_take_leave_and_the_agenda_follows(in_org_a):
    org = organisation(notice={"lead_workdays": 3})  # Wednesday for a Monday meeting; materials Friday
    meeting = meeting_on("2026-03-09")
    assert convening.convene_due(now=at("2026-03-04", 9)) == [meeting.pk]
    body = Notice.objects.get(meeting=meeting, kind="meeting_notice").body
    assert body.splitlines() == [
        "定于 2026年03月09日 09:00 在 三楼会议室 召开处务会。",
        "议程另行通知：议程经领导审定后发出，预计 2026年03月06日 09:00 随会议材料送达。",
        "请于 08:50 前到会签到（签到 07:50 开始）。",
        "因故不能参加的，须于会前 2 小时提出请假，经张主任（请假审批人）批准。可委托他人代为参会。",
        f"会议详情、参会回执与请假：{organisation_url(f'/admin/yishi/meetings/{meeting.pk}/')}",
    ]
    assert convening.notify_agendas(now=at("2026-03-05", 9)) == []  # not approved yet

    approve_agenda(org, meeting)
    assert convening.notify_agendas(now=at("2026-03-05", 9)) == [meeting.pk]
    follow_up = Notice.objects.get(meeting=meeting, kind="agenda")
    assert follow_up.subject == "处务会议程"
    assert "1. 上次会议决定事项落实情况" in follow_up.body.splitlines()
    assert set(follow_up.deliveries.filter(channel="inbox").values_list("person__name", flat=True)) == {
        "张主任", "李副主任", "钱科长"}
    assert convening.notify_agendas(now=at("2026-03-05", 10)) == []  # once per meeting
    convening.convene(meeting)
    assert Notice.objects.filter(meeting=meeting).count() == 2


def test_an_agenda_approved_before_the_notice_is_in_it_and_no_agenda_notice_follows(org):
    meeting = meeting_on("2026-03-09")
    approve_agenda(org, meeting)
    assert convening.convene_due(now=at("2026-03-06", 9)) == [meeting.pk]
    lines = Notice.objects.get(meeting=meeting).body.splitlines()
    assert lines[1:3] == ["议程：", "1. 上次会议决定事项落实情况"]
    assert not any("议程另行通知" in line for line in lines)
    assert convening.notify_agendas(now=at("2026-03-06", 10)) == []


def test_an_agenda_not_approved_when_the_notice_is_due_follows_at_once_when_materials_are_due_too(org):
    meeting = meeting_on("2026-03-09")  # notice and materials both one working day before
    convening.convene_due(now=at("2026-03-06", 9))
    assert "议程另行通知：议程经领导审定后即行发出。" in Notice.objects.get(meeting=meeting).body


def test_convene_due_reads_the_rules_in_one_query_however_many_meetings_are_planned(org):
    def queries(mondays: list[str]) -> int:
        for day in mondays:
            meeting_on(day)
        convening.convene_due(now=at("2026-03-02", 8))  # warm the calendar cache
        with CaptureQueriesContext(connection) as captured:
            assert convening.convene_due(now=at("2026-03-02", 8)) == []  # none due yet
        return len(captured)

    assert queries(["2026-03-09", "2026-03-16"]) == queries(
        ["2026-03-23", "2026-03-30", "2026-04-13", "2026-04-20", "2026-04-27", "2026-05-11"])


def test_a_confidential_meetings_notice_is_read_only_in_the_recipients_inbox(org, org_a, portal, private_targets):
    configure_channels(webhook_url=f"http://127.0.0.1:{portal.server_port}/hook")
    meeting = meeting_on("2026-03-09", confidentiality="confidential")
    notice = convening.convene(meeting)
    assert notice.confidential and "三楼会议室" in notice.body
    tasks.sweep_now()

    _headers, payload = _Portal.received[0]
    assert (payload["subject"], payload["body"], payload["confidential"]) == (
        PLACEHOLDER, PLACEHOLDER, True)
    assert "处务会" not in json.dumps(payload, ensure_ascii=False)
    assert {m.subject for m in mail.outbox} == {PLACEHOLDER}
    assert all("三楼会议室" not in m.body and "/admin/notices/messages/" in m.body for m in mail.outbox)

    office = admin_client(org_a, "secretary")
    listing = office.get("/admin/notices/deliveries/").content.decode()
    assert PLACEHOLDER in listing and "关于召开处务会的通知" not in listing
    delivery = notice.deliveries.get(channel="email", person=org.people.director)
    edit = office.get(f"/admin/notices/deliveries/edit/{delivery.pk}/").content.decode()
    assert PLACEHOLDER in edit and "关于召开处务会的通知" not in edit

    director = admin_client(org_a, "director")
    assert "关于召开处务会的通知" in director.get("/admin/notices/messages/").content.decode()
    message = InboxMessage.objects.get(notice=notice, person=org.people.director)
    assert "三楼会议室" in director.get(f"/admin/notices/messages/{message.pk}/").content.decode()
