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


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    """Wait until `url` answers 200 (a server started by a test is still importing, or not listening)."""
    def up():
        try:
            return requests.get(url, timeout=5).status_code == 200
        except requests.RequestException:
            return False

    wait_for(up, timeout=timeout)


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
             "YISHI_HTTPS": "false", "PORT": str(port), **(env or {})},  # PORT: the links it writes
        start_new_session=True,
    )

    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def configure_channels(**fields):
    """Set the organisation's notice channels (its one ChannelSettings row, made by the migrations)."""
    from yishi.workflows.notices.models import ChannelSettings

    assert ChannelSettings.objects.update(**fields) == 1
    return ChannelSettings.current()


def libreoffice_convert(source, to: str):
    """`source` converted by LibreOffice headless to the format `to` (pdf, doc…) beside it, in a profile
    of its own; the path of the result."""
    import shutil

    office = shutil.which("soffice")
    assert office, "this test converts with LibreOffice: apt-get install libreoffice-writer-nogui (.ci/run does)"
    folder = source.parent
    subprocess.run([office, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", to, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / f"{source.stem}.{to}"
