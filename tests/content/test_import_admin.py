"""The admin upload: report and draft pack shown first, drafts created only when asked."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from tests.support import PASSWORD, host_client
from yishi.content.models import RegulationPage

DOCUMENT = """测试局周例会制度
第一条 周例会每周一上午9:00召开，由局长主持。
第二条 各科室于会前一个工作日报送议题。
""".encode("gb18030")


def signed_in(organisation, username):
    client = host_client(organisation)
    assert client.post("/admin/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_upload_shows_the_report_and_creates_drafts_on_request(org_a):
    client = signed_in(org_a, "alice")
    upload = SimpleUploadedFile("周例会制度.txt", DOCUMENT, content_type="text/plain")
    page = client.post("/admin/import/", {"document": upload}).content.decode()
    assert "周例会" in page and "FREQ=WEEKLY" in page
    pack = page.split('name="pack"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    with tenant_context(org_a):
        assert not RegulationPage.objects.exists()  # nothing written by the preview
    import html

    # The document names posts the organisation lacks: creating them is confirmed with the drafts.
    confirm = page.split('name="confirm" value="', 1)[1].split('"', 1)[0]
    assert "新增岗位" in page.split('class="import-structure-changes"', 1)[1].split("</ul>", 1)[0]
    response = client.post("/admin/import/", {"pack": html.unescape(pack), "confirm": confirm})
    assert response.status_code == 302
    with tenant_context(org_a):
        regulation = RegulationPage.objects.get()
        assert regulation.live is False and regulation.title == "测试局周例会制度"


def test_an_unsupported_file_is_refused_with_the_field(org_a):
    client = signed_in(org_a, "alice")
    upload = SimpleUploadedFile("rules.pdf", b"%PDF-1.4", content_type="application/pdf")
    page = client.post("/admin/import/", {"document": upload}).content.decode()
    assert "不支持的文件类型" in page


def test_another_organisations_account_cannot_reach_the_upload(org_a, org_b):
    response = host_client(org_b).get("/admin/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert host_client(org_b).post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 200
