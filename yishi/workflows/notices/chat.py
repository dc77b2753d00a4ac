"""钉钉工作通知 and 企业微信应用消息: the channels that reach people where offices already are.

Credentials are the organisation's own (ChannelSettings; secrets encrypted). A person is found on
the platform once, by the mobile number of their person record, and the user id is kept
(ChatAccount) until the platform no longer knows it. The access token is cached under the
organisation's cache keys for as long as the platform says it lasts (7,200 s), less a margin, and
fetched again when the platform answers that it expired. A confidential meeting's message carries
no content: the placeholder and the link to the inbox, like e-mail.

Every failure raises, so the outbox retries with backoff and the office sees the platform's error
code; a person the platform does not know is Undeliverable (no retries).
"""

import re
import time
from collections.abc import Callable

import httpx
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from yishi.platform.links import organisation_url
from yishi.tenants.structure.models import Person

from .channels import Channel, Undeliverable
from .models import ChannelSettings, ChatAccount, Delivery, Notice

TIMEOUT_SECONDS = 10
TOKEN_MARGIN_SECONDS = 300
TOKEN_INVALID = {40014, 42001}  # both platforms: access_token 不合法 / 已过期
WECOM_PER_MEMBER_PER_MINUTE = 30  # WeCom: one app sends one member at most 30 messages a minute


class PlatformError(OSError):
    """The platform answered with an error code; the message keeps its code and text for the office."""

    def __init__(self, service: str, answer: dict):
        self.code = answer.get("errcode")
        super().__init__(f"{service} errcode {self.code}: {answer.get('errmsg', '')}")


def mobile_of(person: Person) -> str:
    """The person's mainland mobile number (11 digits from 1), or '' for a landline or nothing."""
    digits = re.sub(r"\D", "", person.phone or "").removeprefix("86")
    return digits if re.fullmatch(r"1\d{10}", digits) else ""


def _clip(text: str, limit: int) -> str:
    """At most `limit` UTF-8 bytes, cut on a character (the platforms count bytes)."""
    data = text.encode()
    return text if len(data) <= limit else data[: limit - 3].decode(errors="ignore") + "…"


class ChatChannel(Channel):
    service: str
    not_found: set[int]  # lookup codes for a mobile number the platform does not know
    stale_user: set[int] = set()  # send codes for a kept user id the platform no longer knows

    def base_url(self) -> str:
        raise NotImplementedError

    def fetch_token(self, client: httpx.Client, config: ChannelSettings) -> dict:
        raise NotImplementedError

    def look_up(self, client: httpx.Client, token: str, mobile: str) -> dict:
        raise NotImplementedError

    def post(self, client: httpx.Client, token: str, config: ChannelSettings, user_id: str, notice: Notice) -> dict:
        raise NotImplementedError

    def send(self, delivery: Delivery) -> None:
        config = ChannelSettings.current()
        with httpx.Client(base_url=self.base_url(), timeout=TIMEOUT_SECONDS) as client:
            user_id = self.user_id(client, config, delivery.person)
            try:
                self.call(client, config, lambda token: self.post(client, token, config, user_id, delivery.notice))
            except PlatformError as error:
                if error.code in self.stale_user:  # left, or a new id: the retry looks the person up again
                    ChatAccount.objects.filter(person=delivery.person, service=self.service).delete()
                raise

    def call(self, client: httpx.Client, config: ChannelSettings, request: Callable[[str], dict]) -> dict:
        """`request(token)` with a cached token, once more with a fresh one if the platform refused it."""
        answer = request(self.token(client, config))
        if answer.get("errcode") in TOKEN_INVALID:
            answer = request(self.token(client, config, fresh=True))
        if answer.get("errcode") != 0:
            raise PlatformError(self.service, answer)
        return answer

    def token(self, client: httpx.Client, config: ChannelSettings, fresh: bool = False) -> str:
        key = f"chat-token:{self.service}"  # the cache's key function prefixes the organisation's schema
        token = None if fresh else cache.get(key)
        if token is None:
            answer = self.fetch_token(client, config)
            if answer.get("errcode") != 0:
                raise PlatformError(self.service, answer)
            token = answer["access_token"]
            cache.set(key, token, max(int(answer.get("expires_in", 7200)) - TOKEN_MARGIN_SECONDS, 60))
        return token

    def user_id(self, client: httpx.Client, config: ChannelSettings, person: Person) -> str:
        known = ChatAccount.objects.filter(person=person, service=self.service).first()
        if known:
            return known.user_id
        mobile = mobile_of(person)
        if not mobile:
            raise Undeliverable(f"{person.name}: no mobile number to find the {self.service} account by")
        try:
            answer = self.call(client, config, lambda token: self.look_up(client, token, mobile))
        except PlatformError as error:
            if error.code in self.not_found:
                raise Undeliverable(f"{person.name}: {error}") from error
            raise
        user_id = answer.get("userid") or answer.get("result", {}).get("userid")
        ChatAccount.objects.update_or_create(person=person, service=self.service, defaults={"user_id": user_id})
        return user_id


def _json(response: httpx.Response) -> dict:
    response.raise_for_status()
    return response.json()


class DingTalkChannel(ChatChannel):
    """工作通知 (corpconversation/asyncsend_v2) as the organisation's own app."""

    service = ChatAccount.Service.DINGTALK
    not_found = {60121}  # 找不到该用户

    def base_url(self) -> str:
        return settings.YISHI_DINGTALK_API_URL

    def fetch_token(self, client, config):
        return _json(client.get("/gettoken", params={"appkey": config.dingtalk_app_key,
                                                     "appsecret": config.dingtalk_app_secret}))

    def look_up(self, client, token, mobile):
        return _json(client.post("/topapi/v2/user/getbymobile", params={"access_token": token},
                                 json={"mobile": mobile}))

    def post(self, client, token, config, user_id, notice):
        # The same text reaches a person once a day on DingTalk: the notice's link keeps each distinct.
        link = organisation_url(reverse("notices_inbox")) + f"#notice-{notice.pk}"
        text = _clip(f"{notice.shown_subject}\n{notice.shown_body}".strip(), 1800) + f"\n{link}"
        return _json(client.post("/topapi/message/corpconversation/asyncsend_v2", params={"access_token": token},
                                 json={"agent_id": int(config.dingtalk_agent_id), "userid_list": user_id,
                                       "msg": {"msgtype": "text", "text": {"content": text}}}))


class WeComChannel(ChatChannel):
    """应用消息 (message/send) as a text card, with WeCom's own duplicate check on."""

    service = ChatAccount.Service.WECOM
    not_found = {46004, 60111}  # 不存在的成员 / UserID 不存在
    stale_user = {81013}  # 接收人全部非法

    def base_url(self) -> str:
        return settings.YISHI_WECOM_API_URL

    def fetch_token(self, client, config):
        return _json(client.get("/cgi-bin/gettoken", params={"corpid": config.wecom_corp_id,
                                                            "corpsecret": config.wecom_secret}))

    def look_up(self, client, token, mobile):
        return _json(client.post("/cgi-bin/user/getuserid", params={"access_token": token}, json={"mobile": mobile}))

    def post(self, client, token, config, user_id, notice):
        # Count against the per-member limit before calling: over it, the outbox tries again later.
        window = f"chat-rate:wecom:{user_id}:{int(time.time() // 60)}"
        cache.add(window, 0, timeout=120)
        if cache.incr(window) > WECOM_PER_MEMBER_PER_MINUTE:
            raise PlatformError(self.service, {"errcode": "rate", "errmsg": "30 messages a minute to one member"})
        answer = _json(client.post("/cgi-bin/message/send", params={"access_token": token}, json={
            "touser": user_id, "msgtype": "textcard", "agentid": int(config.wecom_agent_id),
            "textcard": {"title": _clip(str(notice.shown_subject), 128),
                         "description": _clip(str(notice.shown_body) or str(notice.shown_subject), 512),
                         "url": organisation_url(reverse("notices_inbox")) + f"#notice-{notice.pk}",
                         "btntxt": _("详情")},
            "enable_duplicate_check": 1, "duplicate_check_interval": 1800,
        }))
        if answer.get("errcode") == 0 and answer.get("invaliduser"):  # accepted, but not for this member
            return {"errcode": 81013, "errmsg": f"invaliduser {answer['invaliduser']}"}
        return answer
