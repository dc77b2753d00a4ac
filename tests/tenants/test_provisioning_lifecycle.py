"""Suspending, backing up, deleting and restoring one organisation."""

import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_exists, tenant_context
from wagtail.documents.models import Document

from tests.content.packdata import pack
from tests.support import host_client, yishi_command
from yishi.content.models import RegulationPage
from yishi.content.packs import apply_pack
from yishi.tenants import tasks
from yishi.tenants.backup import (
    backup,
    delete_organisation,
    media_root,
    read_backup,
    remove_media,
    restore,
    write_backup,
)
from yishi.tenants.models import Organisation, WorkerHeartbeat
from yishi.tenants.provisioning import ProvisioningError, create_organisation
from yishi.tenants.suspension import resume, suspend
from yishi.workflows.scheduling.planning import plan_meetings


@pytest.fixture
def committed(organisations, django_db_blocker):
    """Autocommit outside a test transaction (schemas are created and dropped); cleans up after."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()  # a test client request before may have left an organisation's
        yield
        connection.set_schema_to_public()  # and after: the test's own requests leave theirs
        for organisation in Organisation.objects.filter(slug__startswith="life-"):
            organisation.delete(force_drop=True)
            remove_media(organisation)


def add_content(organisation) -> None:
    with tenant_context(organisation):
        apply_pack(pack())
        # Publishing queued a planning task for the session's worker; planning here first makes it a no-op
        # whenever it runs (before the backup, or after the restore of this schema), so the rows compare.
        plan_meetings()
        page = RegulationPage.objects.get()
        page.title = "处务会议事规则（修订草稿）"
        page.save_revision()  # a draft on top of the published revision
        user = get_user_model().objects.create_user("clerk", password="x" * 12)
        user.groups.add(Group.objects.first())
        Document.objects.create(title="会议纪要", file=ContentFile(b"%PDF-1.4 minutes of life", name="minutes.pdf"))


def document_bytes() -> bytes:
    with Document.objects.get().file.open("rb") as file:
        return file.read()


def test_a_suspended_organisation_answers_503_and_its_tasks_do_not_run(org_a, org_b, monkeypatch):
    fanned_out = []
    monkeypatch.setattr(tasks.heartbeat, "apply_async",
                        lambda **options: fanned_out.append(options["headers"]["_schema_name"]))
    suspend(org_a)
    response = host_client(org_a).get("/")
    assert response.status_code == 503
    assert "暂停" in response.content.decode() and org_a.name in response.content.decode()
    assert host_client(org_a).post("/graphql/", {}).status_code == 503
    assert host_client(org_b).get("/").status_code == 200
    with tenant_context(org_a):
        tasks.heartbeat.apply()
    assert not WorkerHeartbeat.objects.filter(organisation=org_a).exists()
    tasks.heartbeat_all.apply()
    assert org_a.schema_name not in fanned_out and org_b.schema_name in fanned_out

    resume(org_a)
    assert host_client(org_a).get("/").status_code == 200
    fanned_out.clear()
    tasks.heartbeat_all.apply()
    assert org_a.schema_name in fanned_out


def test_backup_delete_restore_gives_identical_content_and_files(committed, tmp_path):
    organisation = create_organisation("life-cycle", "生命周期单位", host="life.example.cn")
    add_content(organisation)
    with tenant_context(create_organisation("life-other", "另一单位")):
        Document.objects.create(title="另一单位的文件", file=ContentFile(b"the other's own", name="minutes.pdf"))
    before = backup(organisation)
    assert before["pack"]["regulations"][0]["slug"] == "office-meeting-rules"

    path = delete_organisation(organisation, tmp_path / "life-cycle.zip")
    assert not Organisation.objects.filter(slug="life-cycle").exists()
    assert not schema_exists("org_life_cycle")
    assert not media_root(organisation).exists()  # a later organisation with this slug starts without files
    with zipfile.ZipFile(path) as archive:  # A's files only, never B's
        files = {name: archive.read(name) for name in archive.namelist() if name.startswith("media/")}
    assert list(files.values()) == [b"%PDF-1.4 minutes of life"]

    restored = restore(read_backup(path))
    after = backup(restored)
    assert after["rows"] == before["rows"]
    assert after["pack"] == before["pack"]
    assert after["organisation"] == before["organisation"]
    with tenant_context(restored):
        assert document_bytes() == b"%PDF-1.4 minutes of life"
        page = RegulationPage.objects.get()
        assert page.get_latest_revision_as_object().title == "处务会议事规则（修订草稿）"
        assert get_user_model().objects.get(username="clerk").groups.exists()
        new_page = page.get_parent().add_child(instance=RegulationPage(title="恢复后新建", effective_from="2026-01-01"))
        assert new_page.pk > page.pk  # sequences continue after the restored ids
    response = Client(HTTP_HOST="life.example.cn").get(f"/{page.slug}/")
    assert response.status_code == 200


def test_a_json_backup_from_before_files_were_included_still_restores(committed, tmp_path):
    organisation = create_organisation("life-json", "旧格式单位")
    add_content(organisation)
    data = {**backup(organisation), "format": "yishi-organisation-backup/1"}
    path = tmp_path / "life-json.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    delete_organisation(organisation, tmp_path / "unused.zip")

    restored = restore(read_backup(path))
    assert backup(restored)["rows"] == data["rows"]
    assert not media_root(restored).exists()  # that format had no files; they were copied by hand


def test_an_archive_entry_leaving_the_media_directory_is_refused_and_nothing_is_created(committed, tmp_path):
    organisation = create_organisation("life-slip", "越界单位")
    path = delete_organisation(organisation, tmp_path / "life-slip.zip")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("media/../../escaped.txt", b"x")
    with pytest.raises(ProvisioningError, match=r"file: .*entries outside media/ or leaving it: media/\.\./"):
        restore(read_backup(path))
    assert not Organisation.objects.filter(slug="life-slip").exists()


def test_restoring_over_an_existing_organisation_is_refused_and_changes_nothing(committed, tmp_path, org_a):
    path = tmp_path / "a.zip"
    write_backup(org_a, path)
    with pytest.raises(ProvisioningError, match="slug: an organisation 'org-a' already exists"):
        restore(read_backup(path))
    assert Organisation.objects.filter(slug="org-a").count() == 1


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    path = tmp_path / "pack.json"
    path.write_text('{"regulations": []}', encoding="utf-8")
    with pytest.raises(ProvisioningError, match="file: .*not a yishi-organisation-backup/2 archive"):
        read_backup(path)


def test_org_delete_asks_for_the_slug_and_writes_a_backup_first(committed, tmp_path):
    create_organisation("life-cli", "命令行单位")
    refused = yishi_command("org", "delete", "life-cli", "--backup", str(tmp_path / "x.json"), input="wrong\n")
    assert refused.returncode == 2 and "not confirmed" in refused.stderr
    assert Organisation.objects.filter(slug="life-cli").exists()

    deleted = yishi_command("org", "delete", "life-cli", "--backup", str(tmp_path / "x.zip"), input="life-cli\n")
    assert deleted.returncode == 0, deleted.stderr
    assert not Organisation.objects.filter(slug="life-cli").exists()
    assert read_backup(tmp_path / "x.zip").data["organisation"]["slug"] == "life-cli"

    restored = yishi_command("org", "restore", str(tmp_path / "x.zip"))
    assert restored.returncode == 0, restored.stderr
    assert Organisation.objects.filter(slug="life-cli").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM org_life_cli.wagtailcore_site")
        assert cursor.fetchone()[0] == 1
