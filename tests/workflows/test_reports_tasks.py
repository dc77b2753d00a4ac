"""The reports of the periods that have ended, written by beat on a real worker: once per period
under a duplicated tick, per organisation (suspended ones skipped), downloadable by the report roles
only, and naming no confidential meeting's item."""

import datetime as dt
import io
from pathlib import Path

from celery import chain
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.support import wait_for
from tests.workflows.decision_setup import meeting_on, setup_organisation
from tests.workflows.test_record_admin import Admin
from yishi.tenants import tasks as tenant_tasks
from yishi.tenants.models import WorkerHeartbeat
from yishi.tenants.suspension import resume, suspend
from yishi.workflows.reports import tasks
from yishi.workflows.reports.models import AnnualAnalysis
from yishi.workflows.supervision import actions
from yishi.workflows.supervision.actions import Assignment
from yishi.workflows.supervision.documents import ensure_report, last_closed, period_bounds
from yishi.workflows.supervision.models import SupervisionReport


def written(organisation) -> dict:
    """What the beat wrote for `organisation`: {(kind, start): (file name, written at)}."""
    with tenant_context(organisation):
        rows = {("annual", str(a.year)): (a.file.name, a.updated_at) for a in AnnualAnalysis.objects.exclude(file="")}
        rows.update({(r.period, str(r.start)): (r.file.name, r.created_at)
                     for r in SupervisionReport.objects.exclude(file="")})
        return rows


def stored_files(organisation) -> list[Path]:
    """The documents under the organisation's own folder, where the worker writes them. (From the
    setting: django-tenants' storage keeps the MEDIA_ROOT it first saw, and other tests change it.)"""
    return sorted((Path(settings.MEDIA_ROOT) / organisation.schema_name).rglob("*.docx"))


def clear(*organisations) -> None:
    for organisation in organisations:
        with tenant_context(organisation):
            for row in [*SupervisionReport.objects.all(), *AnnualAnalysis.objects.all()]:
                (Path(settings.MEDIA_ROOT) / organisation.schema_name / row.file.name).unlink(missing_ok=True)
                row.delete()


def test_a_duplicated_beat_tick_writes_each_period_once(organisations, celery_worker, django_db_blocker):
    a, b = organisations.a, organisations.b
    today = timezone.localdate()
    expected = {(period, str(period_bounds(period, last_closed(period, today))[0]))
                for period in SupervisionReport.Period.values} | {("annual", str(today.year - 1))}
    with django_db_blocker.unblock():
        clear(a, b)
        suspend(b)
        try:
            tasks.periodic_all.delay()
            tasks.periodic_all.delay()  # the same tick twice: both run, side by side on two processes
            wait_for(lambda: set(written(a)) == expected, timeout=120)
            first = written(a)
            files = stored_files(a)
            assert {str(path.relative_to(Path(settings.MEDIA_ROOT) / a.schema_name)) for path in files} >= {
                name for name, _at in first.values()}  # in organisation A's own folder
            # One more tick; the marker runs only after it finished (a chain), so nothing is left in flight.
            WorkerHeartbeat.objects.filter(organisation=a).delete()
            with tenant_context(a):
                chain(tasks.periodic.si(), tenant_tasks.heartbeat.si()).delay()
            wait_for(lambda: WorkerHeartbeat.objects.filter(organisation=a).exists(), timeout=60)
            assert written(a) == first  # nothing new, nothing rewritten
            assert stored_files(a) == files
            assert written(b) == {}  # suspended: skipped
        finally:
            resume(b)
            clear(a, b)


def test_report_downloads_are_for_the_report_roles_and_name_no_confidential_item(in_org_a, org_a, settings, tmp_path):
    from docx import Document

    settings.MEDIA_ROOT = str(tmp_path)
    org = setup_organisation()
    secret = meeting_on(dt.date(2025, 9, 29), confidentiality="confidential")
    for meeting, title in ((org.meeting, "公开的逾期事项"), (secret, "涉密的逾期事项")):
        actions.assign(meeting, Assignment(title, org.approvals, org.people.clerk, due_date=dt.date(2025, 10, 9)))
    report = ensure_report("month", dt.date(2025, 10, 15))
    assert ensure_report("month", dt.date(2025, 10, 31)).file.name == report.file.name  # written once
    assert f"/{org_a.schema_name}/supervision/reports/" in report.file.path
    p = org.people
    url = f"/admin/yishi/reports/supervision/{report.pk}/"
    for person in (p.clerk, p.head, p.outsider):
        admin = Admin(org_a, person.user)
        for refused in (admin.get("/admin/yishi/reports/"), admin.get(url)):
            # Wagtail answers a PermissionDenied in its admin with a redirect home and a message.
            assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    supervisor = Admin(org_a, p.supervisor.user)
    assert url in supervisor.get("/admin/yishi/reports/").content.decode()
    response = supervisor.get(url)
    assert response.status_code == 200
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "公开的逾期事项" in cells and "涉密会议事项" in cells and "涉密的逾期事项" not in cells
    assert "逾期 2 项" in "\n".join(paragraph.text for paragraph in document.paragraphs)  # counted all the same
    assert supervisor.get("/admin/yishi/reports/annual/999/").status_code == 404
