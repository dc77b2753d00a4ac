"""Helpers shared by tests: clients per host, the test database URL, subprocesses, polling."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.db import connection
from django.test import Client

PASSWORD = "correct-horse-battery"


def host_client(organisation, **kwargs) -> Client:
    return Client(HTTP_HOST=organisation.primary_host, **kwargs)


def database_url() -> str:
    """The URL of the test database, for subprocesses (CLI, Celery worker) started by tests."""
    parts = urlsplit(settings.DATABASE_URL)
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def yishi_command(*args: str, env: dict | None = None, timeout: int = 120, input: str | None = None
                  ) -> subprocess.CompletedProcess:
    """Run the `yishi` console script against the test database (`input` is its stdin)."""
    environment = {**os.environ, "DATABASE_URL": database_url(), **(env or {})}
    return subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "yishi"), *args],
        env=environment, capture_output=True, text=True, timeout=timeout, input=input,
    )


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll until `predicate()` is truthy; return its value, or fail with the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn_server(url: str, *, env: dict | None = None, args: tuple[str, ...] = ()):
    """gunicorn serving the database at `url` (the test database: only committed rows are seen);
    yields its port. Any `<organisation>.localhost:<port>` reaches it from a browser.

    DEBUG is off and, the server speaking plain HTTP, so is YISHI_HTTPS; `env` changes either
    (an empty value means the production default) and `args` are more gunicorn options.
    """
    port = free_port()
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "yishi.platform.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning", *args],
        env={**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "live-test-key",
             "YISHI_HTTPS": "false", **(env or {})},
        start_new_session=True,
    )

    def up():
        try:
            return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
        except requests.RequestException:  # not listening yet, or still importing the project
            return False

    try:
        wait_for(up, timeout=60)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
