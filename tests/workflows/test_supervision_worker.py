"""The reminder scan on a real worker: killed with SIGKILL mid-batch, re-run, exactly one notice each.

The data must be committed for the worker to see it, so this test uses an organisation of its own
(created and deleted here) instead of the shared A and B.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
from django_tenants.utils import tenant_context

from tests.support import database_url, wait_for
from tests.workflows.decision_setup import setup_organisation
from yishi.tenants import tasks as tenant_tasks
from yishi.tenants.backup import delete_organisation
from yishi.tenants.models import WorkerHeartbeat
from yishi.tenants.provisioning import create_organisation
from yishi.workflows.notices.models import Notice
from yishi.workflows.supervision import actions, tasks
from yishi.workflows.supervision.actions import Assignment

ITEMS = 6
LOCKED = 3  # the worker commits items 0–2, then waits for the test's lock on item 3
KINDS = ["escalate_chair", "escalate_leader", "overdue"]


def start_worker(url: str, queue: str) -> subprocess.Popen:
    # One pool process, so tasks run in the order they were sent.
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "yishi.platform.celery", "worker", "--pool", "prefork",
         "--concurrency", "1", "--loglevel", "WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        env=dict(os.environ, DATABASE_URL=url, YISHI_CELERY_QUEUE=queue), start_new_session=True)


def pool_processes(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                children.append(int(entry.name))
    return children


def scan_kinds(item_ids: list[int]) -> dict[int, list[str]]:
    found = {pk: [] for pk in item_ids}
    for key in Notice.objects.filter(dedupe_key__startswith="supervision:").values_list("dedupe_key", flat=True):
        kind, pk = key.split(":")[1:3]
        if kind in KINDS and int(pk) in found:
            found[int(pk)].append(kind)
    return {pk: sorted(kinds) for pk, kinds in found.items()}


def test_a_worker_killed_mid_scan_reruns_and_sends_each_reminder_once(organisations, django_db_blocker, tmp_path):
    queue = f"test-kill-{os.getpid()}"
    with django_db_blocker.unblock():
        url = database_url()
        organisation = create_organisation("org-kill", "丙单位")
        worker = lock = None
        try:
            with tenant_context(organisation):
                org = setup_organisation()
                ids = [actions.assign(org.meeting, Assignment(
                    f"事项{n}", org.approvals, org.people.clerk, org.people.deputy, due_date=dt.date(2025, 10, 9),
                )).pk for n in range(ITEMS)]
            lock = psycopg.connect(url, autocommit=False)
            lock.execute(f'SET search_path TO "{organisation.schema_name}"')
            lock.execute("SELECT 1 FROM supervision_actionitem WHERE id = %s FOR UPDATE", [ids[LOCKED]])
            worker = start_worker(url, queue)
            tasks.scan.apply_async(kwargs={"today": "2025-10-20"}, queue=queue,
                                   headers={"_schema_name": organisation.schema_name})

            def waiting_on_lock():
                # Asked outside the lock's transaction: pg_stat_activity is a snapshot per transaction.
                with psycopg.connect(url, autocommit=True) as probe:
                    return probe.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND query LIKE '%supervision_actionitem%'").fetchone()[0]

            wait_for(waiting_on_lock, timeout=90)
            with tenant_context(organisation):
                before = scan_kinds(ids)
            assert [before[pk] for pk in ids] == [KINDS] * LOCKED + [[]] * (ITEMS - LOCKED)

            children = pool_processes(worker.pid)
            assert children, "the worker's pool process"
            for pid in children:
                os.kill(pid, signal.SIGKILL)  # mid-task: acks_late + reject_on_worker_lost re-queue it
            lock.rollback()
            lock.close()

            with tenant_context(organisation):
                wait_for(lambda: all(kinds == KINDS for kinds in scan_kinds(ids).values()), timeout=90)
                # A duplicated beat tick, then a marker task: once the marker ran, so had the tick.
                tasks.scan.apply_async(kwargs={"today": "2025-10-20"}, queue=queue,
                                       headers={"_schema_name": organisation.schema_name})
                WorkerHeartbeat.objects.filter(organisation=organisation).delete()
                tenant_tasks.heartbeat.apply_async(queue=queue, headers={"_schema_name": organisation.schema_name})
            wait_for(lambda: WorkerHeartbeat.objects.filter(organisation=organisation).exists(), timeout=60)
            with tenant_context(organisation):
                assert all(kinds == KINDS for kinds in scan_kinds(ids).values())
                assert Notice.objects.filter(dedupe_key__startswith="supervision:").count() == ITEMS * 4  # + assigned
        finally:
            if lock is not None and not lock.closed:
                lock.close()
            if worker is not None:
                os.killpg(worker.pid, signal.SIGTERM)
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
            delete_organisation(organisation, tmp_path / "org-kill.json")
