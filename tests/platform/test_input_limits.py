"""Issue 14, finding 9: packs, documents and uploads are refused past their limits, each with a message
naming the limit, and nothing is written."""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_tenants.utils import tenant_context

from tests.content.packdata import pack
from tests.support import host_client
from yishi.content.importer import ImportFailed, read_document
from yishi.content.models import RegulationPage
from yishi.content.packs import PackInvalid, dump_pack, load_pack
from yishi.workflows.supervision.models import ProgressAttachment

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def alias_bomb(levels: int = 9) -> str:
    """Each level refers nine times to the one before: 9**levels leaves in a few hundred bytes."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines)


def docx_bytes(extra_members: dict[str, bytes] | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph("测试局周例会制度")
    document.add_paragraph("第一条 周例会每周一上午9:00召开，由局长主持。")
    buffer = io.BytesIO()
    document.save(buffer)
    if not extra_members:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
        for name, data in extra_members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def test_it_refuses_a_yaml_alias_bomb():
    bomb = alias_bomb()
    assert len(bomb) < 600
    with pytest.raises(PackInvalid, match="YISHI_PACK_MAX_NODES"):
        load_pack(bomb)


def test_it_refuses_more_yaml_aliases_than_the_limit_and_aliases_that_loop():
    many = "base: &base {name: x}\nlist:\n" + "".join("  - *base\n" for _ in range(101))
    with pytest.raises(PackInvalid, match="YISHI_PACK_MAX_ALIASES"):
        load_pack(many)
    with pytest.raises(PackInvalid, match="循环引用"):
        load_pack("a: &a [1, *a]")
    with pytest.raises(PackInvalid, match="嵌套"):
        load_pack("[" * 5000)
    assert load_pack(dump_pack(pack())) == pack()  # an ordinary pack, aliases or not, still loads


def test_it_refuses_a_pack_over_its_byte_limit():
    with override_settings(YISHI_PACK_MAX_BYTES=1000), pytest.raises(PackInvalid, match="YISHI_PACK_MAX_BYTES"):
        load_pack(dump_pack(pack()))


def test_it_refuses_a_pack_bomb_posted_to_the_admin_import(org_a):
    client = host_client(org_a)
    client.post("/admin/login/", {"username": "alice", "password": "correct-horse-battery"})
    response = client.post("/admin/import/", {"pack": alias_bomb()}, follow=True)
    assert "YISHI_PACK_MAX_NODES" in response.content.decode()
    with tenant_context(org_a):
        assert not RegulationPage.objects.exists()


def test_it_refuses_a_docx_decompression_bomb(tmp_path):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_bytes({"word/media/padding.bin": b"\0" * (12 * 2**20)}))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(ImportFailed, match="YISHI_DOCX_MAX_UNCOMPRESSED_BYTES"):
        read_document(bomb)
    with override_settings(YISHI_DOCX_MAX_UNCOMPRESSED_BYTES=2**30), \
            pytest.raises(ImportFailed, match="YISHI_DOCX_MAX_RATIO"):
        read_document(bomb)


def test_it_refuses_a_docx_with_too_many_members(tmp_path):
    crowded = tmp_path / "crowded.docx"
    crowded.write_bytes(docx_bytes({f"customXml/padding{n}.xml": b"<a/>" for n in range(1001)}))
    with pytest.raises(ImportFailed, match="YISHI_DOCX_MAX_MEMBERS"):
        read_document(crowded)
    plain = tmp_path / "plain.docx"
    plain.write_bytes(docx_bytes())
    assert read_document(plain) == ["测试局周例会制度", "第一条 周例会每周一上午9:00召开，由局长主持。"]


def test_it_refuses_a_document_with_more_text_than_the_import_limit(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("测试局周例会制度\n" + "第一条 周例会每周一召开。\n" * 200, encoding="utf-8")
    with override_settings(YISHI_IMPORT_MAX_CHARS=1000), pytest.raises(ImportFailed, match="YISHI_IMPORT_MAX_CHARS"):
        read_document(long)


@override_settings(YISHI_IMPORT_MAX_BYTES=1000)
def test_it_refuses_an_import_upload_over_its_size_limit(org_a):
    client = host_client(org_a)
    client.post("/admin/login/", {"username": "alice", "password": "correct-horse-battery"})
    upload = SimpleUploadedFile("制度.txt", "第一条 周例会每周一召开。\n".encode() * 100, content_type="text/plain")
    page = client.post("/admin/import/", {"document": upload}).content.decode()
    assert "超过上限 1000" in page and "制度.txt" in page and 'name="pack"' not in page


@override_settings(YISHI_UPLOAD_MAX_REQUEST_BYTES=50_000)
def test_it_refuses_a_request_over_the_upload_limit_before_reading_it(org_a):
    client = host_client(org_a)
    client.post("/admin/login/", {"username": "alice", "password": "correct-horse-battery"})
    upload = SimpleUploadedFile("制度.txt", b"x" * 60_000, content_type="text/plain")
    response = client.post("/admin/import/", {"document": upload})
    assert response.status_code == 413
    assert "YISHI_UPLOAD_MAX_REQUEST_BYTES" in response.content.decode()


@pytest.fixture
def item(in_org_a):
    from tests.workflows.decision_setup import setup_organisation
    from yishi.workflows.supervision import actions
    from yishi.workflows.supervision.actions import Assignment

    org = setup_organisation()
    item = actions.assign(org.meeting, Assignment(
        title="制定窗口服务提升方案", owner_department=org.approvals, owner=org.people.clerk, leader=org.people.deputy,
        due_workdays=5), actor=org.people.secretary.user)
    client = host_client(in_org_a)
    client.force_login(org.people.clerk.user)
    return item, client


def report(client, item, *files):
    response = client.post(f"/admin/supervision/items/{item.pk}/progress/",
                           {"text": "已完成调研", "percent": 40, "files": list(files)}, follow=True)
    return response.content.decode()


@override_settings(YISHI_ATTACHMENT_MAX_BYTES=1000)
def test_it_refuses_a_progress_attachment_over_its_size_limit(item):
    item, client = item
    page = report(client, item, SimpleUploadedFile("方案.pdf", PDF + b"0" * 2000, content_type="application/pdf"))
    assert "附件" in page and "方案.pdf" in page and "超过上限 1000" in page
    assert not item.progress_reports.exists() and not ProgressAttachment.objects.exists()


def test_it_refuses_a_progress_attachment_of_a_type_not_on_the_list(item):
    item, client = item
    page = report(client, item, SimpleUploadedFile("页面.html", b"<script>fetch('/admin/')</script>",
                                                   content_type="text/html"))
    assert "不接受此类文件：页面.html" in page
    page = report(client, item, SimpleUploadedFile("方案.pdf", b"<html><script>alert(1)</script>",
                                                   content_type="application/pdf"))
    assert "方案.pdf 的内容不是 .pdf 文件" in page
    assert not item.progress_reports.exists()
    report(client, item, SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf"))
    assert [a.name for a in ProgressAttachment.objects.filter(report__item=item)] == ["方案.pdf"]
