"""Helpers shared by tests: clients per host, the test database URL, subprocesses, polling."""

import os
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

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
