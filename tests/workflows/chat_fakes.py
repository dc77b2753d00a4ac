"""Local fakes of the DingTalk and WeCom server APIs, built from their published request and answer
formats and error codes (DingTalk 开放平台: gettoken, topapi/v2/user/getbymobile,
topapi/message/corpconversation/asyncsend_v2; WeCom 开发者中心: cgi-bin/gettoken,
cgi-bin/user/getuserid, cgi-bin/message/send). Each checks credentials and tokens as the real one
does, keeps what it was sent, and can be told to expire its tokens or to fail."""

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Platform:
    """One platform's state: its apps' credentials, its directory (mobile → user id), what it got."""

    credentials: dict[tuple[str, str], str]  # (key, secret) → the app's name
    directory: dict[str, str]  # mobile → user id
    tokens: dict[str, str] = field(default_factory=dict)  # live token → the app's name
    token_requests: list[str] = field(default_factory=list)  # the app of each gettoken
    sent: list[dict] = field(default_factory=list)  # each message: its body and the app it came from
    fail_next: list[dict] = field(default_factory=list)  # answers to give instead, in order
    counter: itertools.count = field(default_factory=itertools.count)

    def expire_tokens(self) -> None:
        self.tokens.clear()

    def issue(self, key: str, secret: str) -> dict | None:
        app = self.credentials.get((key, secret))
        if app is None:
            return None
        token = f"token-{app}-{next(self.counter)}"
        self.tokens[token] = app
        self.token_requests.append(app)
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}


class _Handler(BaseHTTPRequestHandler):
    platform: Platform
    routes: dict

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, body: dict, status: int = 200) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}") if method == "POST" else {}
        if self.platform.fail_next:
            answer = self.platform.fail_next.pop(0)
            self._answer(answer.get("body", answer), answer.get("status", 200))
            return
        route = self.routes.get((method, parts.path))
        if route is None:
            self._answer({"errcode": 404, "errmsg": "no such api"}, 404)
            return
        self._answer(route(self.platform, query, body))

    def do_GET(self):  # noqa: N802 — http.server's name
        self._handle("GET")

    def do_POST(self):  # noqa: N802
        self._handle("POST")


def _app(platform: Platform, query: dict, expired: int) -> tuple[str | None, dict | None]:
    token = query.get("access_token", "")
    if token in platform.tokens:
        return platform.tokens[token], None
    # An old token of this fake (issued, then expired) reads as expired; anything else as invalid.
    if token.startswith("token-"):
        return None, {"errcode": expired, "errmsg": "access_token expired"}
    return None, {"errcode": 40014, "errmsg": "invalid access_token"}


def _dingtalk_token(platform, query, body):
    return platform.issue(query.get("appkey", ""), query.get("appsecret", "")) or {
        "errcode": 40089, "errmsg": "不合法的corpid或corpsecret"}


def _user(not_found: dict, found: callable):
    """getbymobile / getuserid: the user id of a mobile number, or the platform's not-found answer."""
    def answer(platform, query, body):
        app, refused = _app(platform, query, 42001)
        if refused:
            return refused
        user_id = platform.directory.get(body.get("mobile", ""))
        return not_found if user_id is None else {"errcode": 0, "errmsg": "ok", **found(user_id)}
    return answer


_dingtalk_user = _user({"errcode": 60121, "errmsg": "找不到该用户", "request_id": "r"},
                       lambda user_id: {"result": {"userid": user_id}, "request_id": "r"})
_wecom_user = _user({"errcode": 46004, "errmsg": "mobile not found"}, lambda user_id: {"userid": user_id})


def _dingtalk_send(platform, query, body):
    app, refused = _app(platform, query, 42001)
    if refused:
        return refused
    if not isinstance(body.get("agent_id"), int) or body.get("msg", {}).get("msgtype") != "text":
        return {"errcode": 40035, "errmsg": "缺少参数 agent_id 或 msg"}
    platform.sent.append({"app": app, **body})
    return {"errcode": 0, "errmsg": "ok", "task_id": next(platform.counter), "request_id": "r"}


def _wecom_token(platform, query, body):
    return platform.issue(query.get("corpid", ""), query.get("corpsecret", "")) or {
        "errcode": 40001, "errmsg": "invalid credential"}


def _wecom_send(platform, query, body):
    app, refused = _app(platform, query, 42001)
    if refused:
        return refused
    card = body.get("textcard", {})
    if body.get("msgtype") != "textcard" or not card.get("url") or len(card.get("title", "").encode()) > 128 \
            or len(card.get("description", "").encode()) > 512:
        return {"errcode": 44004, "errmsg": "textcard 缺少 url 或超长"}
    if body.get("touser") not in platform.directory.values():
        return {"errcode": 81013, "errmsg": "user & party & tag all invalid"}
    platform.sent.append({"app": app, **body})
    return {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": f"msg-{next(platform.counter)}"}


ROUTES = {
    "dingtalk": {("GET", "/gettoken"): _dingtalk_token, ("POST", "/topapi/v2/user/getbymobile"): _dingtalk_user,
                 ("POST", "/topapi/message/corpconversation/asyncsend_v2"): _dingtalk_send},
    "wecom": {("GET", "/cgi-bin/gettoken"): _wecom_token, ("POST", "/cgi-bin/user/getuserid"): _wecom_user,
              ("POST", "/cgi-bin/message/send"): _wecom_send},
}


class FakePlatform:
    """`with FakePlatform("dingtalk", credentials, directory) as fake:` … `fake.url`, `fake.platform`."""

    def __init__(self, service: str, credentials: dict, directory: dict):
        self.platform = Platform(dict(credentials), dict(directory))
        handler = type("Handler", (_Handler,), {"platform": self.platform, "routes": ROUTES[service]})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "FakePlatform":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
