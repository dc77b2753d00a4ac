"""Organisation tasks run in the schema they were sent for, through a real worker and broker."""

from django_tenants.utils import schema_context, tenant_context

from tests.support import wait_for
from yishi.platform.celery import MissingOrganisation, enqueue
from yishi.tenants import tasks
from yishi.tenants.models import WorkerHeartbeat


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
