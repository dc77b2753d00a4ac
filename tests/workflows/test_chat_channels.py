"""钉钉工作通知 and 企业微信 as outbox channels (issue 18), against local fakes of both HTTP APIs.

The office switches a channel on in 通知渠道设置 with its app's credentials; a notice then reaches each
person on the platform, found by their mobile number. Tokens are cached per organisation and fetched
again when the platform says one expired; failures stay visible with the platform's code."""

import pytest
from django.core.cache import cache
from django_tenants.utils import tenant_context

from tests.support import configure_channels
from tests.workflows.agenda_people import admin_client, meeting_on, organisation
from tests.workflows.chat_fakes import FakePlatform
from yishi.content.rules import Confidentiality
from yishi.tenants.structure.models import Person
from yishi.workflows.notices import tasks
from yishi.workflows.notices.models import CONFIDENTIAL_PLACEHOLDER, ChannelSettings, ChatAccount, Delivery
from yishi.workflows.notices.outbox import notify

DIRECTORY = {"13800000001": "zhang", "13800000002": "li"}
SETTINGS = "/admin/notices/channels/"


@pytest.fixture
def org(in_org_a):
    people = organisation()
    Person.objects.filter(pk=people.people.director.pk).update(phone="+86 138-0000-0001")
    Person.objects.filter(pk=people.people.deputy.pk).update(phone="13800000002")
    cache.clear()
    return people


@pytest.fixture
def dingtalk(settings):
    with FakePlatform("dingtalk", {("key-a", "secret-a"): "a", ("key-b", "secret-b"): "b"}, DIRECTORY) as fake:
        settings.YISHI_DINGTALK_API_URL = fake.url
        yield fake.platform


@pytest.fixture
def wecom(settings):
    with FakePlatform("wecom", {("corp-a", "secret-a"): "a"}, DIRECTORY) as fake:
        settings.YISHI_WECOM_API_URL = fake.url
        yield fake.platform


def switch_on_dingtalk(key="key-a", secret="secret-a"):
    configure_channels(email_enabled=False, dingtalk_enabled=True, dingtalk_agent_id="2001",
                                   dingtalk_app_key=key, dingtalk_app_secret=secret)


def chat_deliveries(notice, channel):
    return {d.person.name: d for d in Delivery.objects.filter(notice=notice, channel=channel).select_related("person")}


def test_the_office_switches_dingtalk_on_and_a_notice_reaches_people_by_their_mobile(org, org_a, dingtalk):
    office = admin_client(org_a, "secretary")
    edit_url = f"{SETTINGS}edit/{ChannelSettings.current().pk}/"  # the organisation's one row
    refused = office.post(edit_url, {"inbox_enabled": "on", "dingtalk_enabled": "on"})
    assert refused.status_code == 200  # every credential the switch needs is named
    for field in ("dingtalk_agent_id", "dingtalk_app_key", "dingtalk_app_secret"):
        assert field in refused.context["form"].errors
    assert office.post(edit_url, {
        "inbox_enabled": "on", "dingtalk_enabled": "on", "dingtalk_agent_id": "2001", "dingtalk_app_key": "key-a",
        "dingtalk_app_secret": "secret-a"}).status_code == 302
    assert "secret-a" not in office.get(edit_url).content.decode()  # the stored secret never goes back
    office.post(edit_url, {"inbox_enabled": "on", "dingtalk_enabled": "on",
                                                "dingtalk_agent_id": "2001", "dingtalk_app_key": "key-a",
                                                "dingtalk_app_secret": ""})
    assert ChannelSettings.objects.get().dingtalk_app_secret == "secret-a"  # left empty: kept

    first = notify([org.people.director, org.people.deputy, org.people.outsider], "other", "关于召开处务会的通知",
                   "请于周一9:00到三楼会议室参加。", dedupe_key="chat:1")
    second = notify([org.people.director], "other", "会议材料已分发", "请查阅。", dedupe_key="chat:2")
    tasks.sweep_now()
    assert {d: chat_deliveries(first, "dingtalk")[d].state for d in ("张主任", "李副主任", "路人")} == {
        "张主任": "sent", "李副主任": "sent", "路人": "failed"}
    assert "no mobile number" in chat_deliveries(first, "dingtalk")["路人"].last_error  # the office sees why
    assert chat_deliveries(first, "dingtalk")["路人"].attempts == 1  # and it is not retried
    assert chat_deliveries(second, "dingtalk")["张主任"].state == "sent"
    to_zhang = [m for m in dingtalk.sent if m["userid_list"] == "zhang"]
    assert [m["msg"]["text"]["content"].splitlines()[0] for m in to_zhang] == ["关于召开处务会的通知", "会议材料已分发"]
    assert all(m["agent_id"] == 2001 and f"#notice-{n.pk}" in m["msg"]["text"]["content"]
               for m, n in zip(to_zhang, (first, second), strict=True))
    assert dingtalk.token_requests == ["a"]  # one token for every message: cached
    assert dict(ChatAccount.objects.values_list("person__name", "user_id")) == {"张主任": "zhang", "李副主任": "li"}


def test_an_expired_token_is_fetched_again_and_the_message_still_goes(org, dingtalk):
    switch_on_dingtalk()
    notify([org.people.director], "other", "一", dedupe_key="chat:expire:1")
    tasks.sweep_now()
    dingtalk.expire_tokens()  # the platform ends the token before our cache does
    notice = notify([org.people.director], "other", "二", dedupe_key="chat:expire:2")
    tasks.sweep_now()
    assert chat_deliveries(notice, "dingtalk")["张主任"].state == "sent"
    assert dingtalk.token_requests == ["a", "a"] and len(dingtalk.sent) == 2


def test_a_platform_failure_is_retried_and_shows_its_code(org, dingtalk):
    switch_on_dingtalk()
    dingtalk.fail_next.append({"errcode": 90018, "errmsg": "请求过于频繁"})
    notice = notify([org.people.director], "other", "通知", dedupe_key="chat:fail")
    tasks.sweep_now()
    delivery = chat_deliveries(notice, "dingtalk")["张主任"]
    assert delivery.state == "pending" and "errcode 90018" in delivery.last_error  # tried again later
    assert tasks.deliver_now(delivery.pk) == "sent" and len(dingtalk.sent) == 1
    dingtalk.fail_next.append({"status": 502, "body": {"errmsg": "bad gateway"}})
    again = notify([org.people.director], "other", "通知二", dedupe_key="chat:fail:2")
    tasks.sweep_now()
    assert chat_deliveries(again, "dingtalk")["张主任"].state == "pending"


def test_a_mobile_the_platform_does_not_know_is_undeliverable(org, dingtalk):
    switch_on_dingtalk()
    Person.objects.filter(pk=org.people.deputy.pk).update(phone="13900000009")
    notice = notify([org.people.deputy], "other", "通知", dedupe_key="chat:unknown")
    tasks.sweep_now()
    delivery = chat_deliveries(notice, "dingtalk")["李副主任"]
    assert delivery.state == "failed" and "errcode 60121" in delivery.last_error and dingtalk.sent == []


def test_a_confidential_meeting_s_message_carries_no_content(org, dingtalk, wecom):
    switch_on_dingtalk()
    config = ChannelSettings.objects.get()
    config.wecom_enabled, config.wecom_corp_id, config.wecom_agent_id, config.wecom_secret = (
        True, "corp-a", "1000002", "secret-a")
    config.save()
    meeting = meeting_on("2026-09-07", confidentiality=Confidentiality.CONFIDENTIAL)
    notify([org.people.director], "meeting_notice", "关于召开人事专题会的通知", "研究干部任免，地点三楼会议室。",
           meeting=meeting, dedupe_key="chat:secret")
    tasks.sweep_now()
    texts = [dingtalk.sent[0]["msg"]["text"]["content"],
             wecom.sent[0]["textcard"]["title"] + wecom.sent[0]["textcard"]["description"]]
    for text in texts:
        assert str(CONFIDENTIAL_PLACEHOLDER) in text and "人事" not in text and "三楼" not in text


def test_wecom_sends_a_text_card_within_the_per_member_limit_and_forgets_a_member_who_left(org, wecom):
    configure_channels(email_enabled=False, wecom_enabled=True, wecom_corp_id="corp-a",
                                   wecom_agent_id="1000002", wecom_secret="secret-a")
    notices = [notify([org.people.director], "other", f"通知{n}", "正文", dedupe_key=f"chat:wecom:{n}")
               for n in range(31)]
    tasks.sweep_now()
    card = wecom.sent[0]
    assert (card["touser"], card["agentid"], card["enable_duplicate_check"]) == ("zhang", 1000002, 1)
    assert card["textcard"]["title"] == "通知0" and card["textcard"]["url"].endswith(f"#notice-{notices[0].pk}")
    states = [chat_deliveries(n, "wecom")["张主任"] for n in notices]
    assert [d.state for d in states].count("sent") == 30 == len(wecom.sent)  # the 31st waits for the next minute
    assert "30 messages a minute" in next(d for d in states if d.state == "pending").last_error

    wecom.directory.pop("13800000001")  # 张主任 leaves the organisation's WeCom
    cache.clear()  # a new minute
    left = notify([org.people.director], "other", "离开之后", dedupe_key="chat:wecom:left")
    tasks.sweep_now()
    delivery = chat_deliveries(left, "wecom")["张主任"]
    assert "errcode 81013" in delivery.last_error and not ChatAccount.objects.filter(service="wecom").exists()
    tasks.deliver_now(delivery.pk)  # looked up again: the platform no longer has the mobile
    delivery.refresh_from_db()
    assert delivery.state == "failed" and "errcode 46004" in delivery.last_error


def test_each_organisation_uses_its_own_app_and_its_own_token(org_a, org_b, dingtalk):
    for organisation_, key in ((org_a, "key-a"), (org_b, "key-b")):
        with tenant_context(organisation_):
            people = organisation()
            Person.objects.filter(pk=people.people.director.pk).update(phone="13800000001")
            switch_on_dingtalk(key, f"secret-{key[-1]}")
            notify([people.people.director], "other", f"{organisation_.schema_name} 的通知", dedupe_key="chat:iso")
            tasks.sweep_now()
    assert dingtalk.token_requests == ["a", "b"]  # B's cached token is not A's
    assert [(m["app"], m["msg"]["text"]["content"].split()[0]) for m in dingtalk.sent] == [
        ("a", f"{org_a.schema_name}"), ("b", f"{org_b.schema_name}")]
