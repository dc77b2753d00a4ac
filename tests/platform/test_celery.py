"""Organisation tasks run in the schema they were sent for, through a real worker and broker."""

import os

import pytest
from django.conf import settings
from django_tenants.utils import schema_context, tenant_context

from tests.support import wait_for
from yishi.platform.celery import MissingOrganisation, app, enqueue
from yishi.tenants import tasks
from yishi.tenants.models import WorkerHeartbeat
from yishi.tenants.suspension import resume, suspend


def test_a_task_for_organisation_a_runs_in_a_schema(organisations, celery_worker, django_db_blocker):
    a, b = organisations.a, organisations.b
    with django_db_blocker.unblock():
        WorkerHeartbeat.objects.filter(organisation__in=[a, b]).delete()
        with tenant_context(a):  # the schema travels in the task's headers
            tasks.heartbeat.delay()
        beat = wait_for(lambda: WorkerHeartbeat.objects.filter(organisation=a).first())
        assert beat.schema_name == a.schema_name
        assert not WorkerHeartbeat.objects.filter(organisation=b).exists()


def test_the_periodic_fan_out_reaches_every_organisation(organisations, celery_worker, django_db_blocker):
    a, b = organisations.a, organisations.b
    with django_db_blocker.unblock():
        WorkerHeartbeat.objects.filter(organisation__in=[a, b]).delete()
        tasks.heartbeat_all.delay()
        wait_for(lambda: WorkerHeartbeat.objects.filter(organisation__in=[a, b]).count() == 2)
        for organisation in (a, b):
            assert WorkerHeartbeat.objects.get(organisation=organisation).schema_name == organisation.schema_name


def test_an_organisation_task_without_a_schema_fails_closed(org_a):
    with schema_context("public"):
        result = tasks.heartbeat.apply()
    assert isinstance(result.result, MissingOrganisation)
    assert not WorkerHeartbeat.objects.filter(schema_name="public").exists()


def test_tasks_are_sent_only_after_the_transaction_commits(org_a, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.heartbeat, "apply_async", lambda **kwargs: sent.append(kwargs))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue(tasks.heartbeat, org_a.schema_name)
    assert sent == []
    callbacks[0]()
    assert sent[0]["headers"] == {"_schema_name": org_a.schema_name}


@pytest.fixture
def private_queue():
    """Tasks sent during the test go to a queue of their own, which the test reads back from the broker."""
    queue = f"fan-out-{os.getpid()}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = previous


def drain(queue: str) -> list[tuple[str, str]]:
    """(task name, organisation schema) of every message waiting in the queue, taken off it."""
    taken = []
    with app.connection_for_read() as broker, broker.SimpleQueue(queue) as messages:
        while True:
            try:
                message = messages.get(timeout=1)
            except messages.Empty:
                return taken
            taken.append((message.headers["task"], message.headers.get("_schema_name")))
            message.ack()


def test_no_fan_out_sends_a_task_to_a_suspended_organisation(org_a, org_b, private_queue):
    """Every periodic fan-out of the beat schedule, run once: what it put on the broker."""
    app.loader.import_default_modules()  # every room's tasks module, as a worker loads them
    fan_outs = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    suspend(org_a)
    for name in fan_outs:
        app.tasks[name].apply()
    sent = drain(private_queue)
    assert org_a.schema_name not in {schema for _, schema in sent}
    assert len([task for task, schema in sent if schema == org_b.schema_name]) == len(fan_outs)

    resume(org_a)  # the same run reaches it again
    for name in fan_outs:
        app.tasks[name].apply()
    assert len([task for task, schema in drain(private_queue) if schema == org_a.schema_name]) == len(fan_outs)
