"""The outbox survives a broker outage: a real Redis of the test's own, stopped and started again,
and a real Celery worker. The notice is committed while Redis is down and delivered exactly once."""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.db import transaction
from django_tenants.utils import tenant_context

from tests.support import configure_channels, database_url, wait_for
from yishi.platform.celery import app
from yishi.tenants.structure.models import Person
from yishi.workflows.notices import tasks
from yishi.workflows.notices.models import Delivery, InboxMessage, Notice
from yishi.workflows.notices.outbox import notify

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, start_new_session=True)
    wait_for(lambda: subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip()
             == b"PONG", timeout=10)
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)


def point_producer_at(url: str) -> None:
    # The in-process producer caches its connection pool per broker URL: reset it for the new URL.
    app.conf.broker_url = url
    app.conf.broker_write_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def own_broker(organisations, django_db_blocker):
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    redis = start_redis(port)
    queue = f"outage-{os.getpid()}"
    with django_db_blocker.unblock():
        database = database_url()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "yishi.platform.celery", "worker", "--pool", "solo",
         "--loglevel", "WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        env=dict(os.environ, DATABASE_URL=database, REDIS_URL=os.environ.get("REDIS_URL", url),
                 YISHI_BROKER_URL=url, YISHI_CELERY_QUEUE=queue),
        start_new_session=True,
    )
    saved = (app.conf.broker_url, app.conf.broker_write_url, app.conf.task_default_queue)
    app.conf.task_default_queue = queue
    point_producer_at(url)
    state = {"redis": redis}
    try:
        yield state, port
    finally:
        stop(worker)
        stop(state["redis"])
        app.conf.broker_url, app.conf.broker_write_url, app.conf.task_default_queue = saved
        app._pool = None
        app.amqp._producer_pool = None


def test_a_notice_committed_while_redis_is_down_is_delivered_exactly_once(organisations, own_broker,
                                                                          django_db_blocker):
    state, port = own_broker
    with django_db_blocker.unblock(), tenant_context(organisations.a):
        configure_channels(email_enabled=False)  # inbox only: no mail server here
        person = Person.objects.create(name="停机测试人")
        try:
            stop(state["redis"])
            started = time.monotonic()
            with transaction.atomic():  # the change that causes the notice commits; sending to Celery fails
                notice = notify([person], "other", "停机期间的通知", dedupe_key=f"outage:{person.pk}")
            assert time.monotonic() - started < 30, "a broker outage must not hold the request"
            delivery = Delivery.objects.get(notice=notice)
            assert delivery.state == "pending"
            state["redis"] = start_redis(port)
            # What beat does every minute: the sweep finds the pending delivery and the worker sends it.
            tasks.sweep.apply_async(headers={"_schema_name": organisations.a.schema_name})
            wait_for(lambda: Delivery.objects.get(pk=delivery.pk).state == "sent", timeout=60)
            # Sweeps and duplicate tasks afterwards change nothing.
            tasks.sweep.apply_async(headers={"_schema_name": organisations.a.schema_name})
            tasks.deliver.apply_async(args=[delivery.pk], headers={"_schema_name": organisations.a.schema_name})
            time.sleep(3)
            delivery.refresh_from_db()
            assert (delivery.state, delivery.attempts) == ("sent", 1)
            assert InboxMessage.objects.filter(person=person, notice=notice).count() == 1
        finally:
            Notice.objects.filter(dedupe_key=f"outage:{person.pk}").delete()
            person.delete()
            configure_channels(email_enabled=True)
