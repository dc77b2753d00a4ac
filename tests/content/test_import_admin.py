"""The admin upload: report and draft pack shown first, drafts created only when asked."""

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from wagtail.models import PageLogEntry

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
    upload = SimpleUploadedFile("rules.rtf", b"{\\rtf1 }", content_type="application/rtf")
    page = client.post("/admin/import/", {"document": upload}).content.decode()
    assert "不支持的文件类型" in page


def test_another_organisations_account_cannot_reach_the_upload(org_a, org_b):
    response = host_client(org_b).get("/admin/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert host_client(org_b).post("/admin/login/", {"username": "alice", "password": PASSWORD}).status_code == 200


REVIEWED = """测试局局务会议制度
一、局务会议每周一上午9:00召开，由局长主持，各科室负责人参加。
二、因故不能参加的，须提前1天向办公室请假。
""".encode()


def review_form(page: str) -> dict:
    """The review form as a browser would send it: every input of the second form, with its value."""
    form = page.split('name="review"', 1)[0].rsplit("<form", 1)[1] + page.split('name="review"', 1)[1]
    fields = {html.unescape(name): html.unescape(value)
              for name, value in re.findall(r'<input type="(?:hidden|text)"[^>]*?name="([^"]+)" value="([^"]*)"', form)}
    fields.update({"review": html.unescape(re.search(r'name="review" value="([^"]*)"', page).group(1))})
    fields["pack"] = html.unescape(page.split('name="pack"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0])
    return fields


def rule_rows(page: str) -> dict[str, tuple[str, str, str]]:
    """Each rule row: its pack path → (input name, the value shown, the source sentence beside it)."""
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        path = re.search(r"<code>([^<]+)</code>", row)
        field = re.search(r'name="(fix-\d+)" value="([^"]*)"', row)
        if path and field:
            source = re.search(r"<blockquote>(.*?)</blockquote>", row, re.S)
            rows[path.group(1)] = (field.group(1), html.unescape(field.group(2)),
                                   html.unescape(source.group(1)) if source else "")
    return rows


def test_the_office_corrects_a_rule_beside_its_sentence_and_the_correction_is_kept(org_a):
    client = signed_in(org_a, "alice")
    upload = SimpleUploadedFile("局务会议制度.txt", REVIEWED, content_type="text/plain")
    page = client.post("/admin/import/", {"document": upload}).content.decode()
    rows = rule_rows(page)
    assert rows["roles.chair"][1] == "局长" and "由局长主持" in rows["roles.chair"][2]
    assert rows["attendance.leave_approver"][1] == "办公室"
    assert rows["cadence.rrule"][1] == "FREQ=WEEKLY;BYDAY=MO" and "每周一上午9:00召开" in rows["cadence.rrule"][2]

    form = review_form(page)
    form[rows["attendance.leave_approver"][0]] = "局长"  # the office knows the director approves leave
    form[rows["cadence.time"][0]] = "08:30"
    response = client.post("/admin/import/", form)
    assert response.status_code == 302
    with tenant_context(org_a):
        regulation = RegulationPage.objects.get()
        assert regulation.live is False
        meeting = regulation.get_latest_revision_as_object().meeting_types.get()
        assert meeting.time.strftime("%H:%M") == "08:30"
        logged = PageLogEntry.objects.get(page=regulation, action="yishi.import_document")
        corrections = logged.data["corrections"]
        assert {(c["field"], c["extracted"], c["corrected"]) for c in corrections} == {
            ("attendance.leave_approver", "办公室", "局长"), ("cadence.time", "09:00", "08:30")}
        assert "人工核对：更正 2 处" in logged.data["report"] and logged.data["source"] == "局务会议制度.txt"


def test_a_bad_correction_names_the_rule_and_changes_nothing(org_a):
    client = signed_in(org_a, "alice")
    upload = SimpleUploadedFile("局务会议制度.txt", REVIEWED, content_type="text/plain")
    page = client.post("/admin/import/", {"document": upload}).content.decode()
    form = review_form(page)
    form[rule_rows(page)["attendance.leave_lead_hours"][0]] = "一天"
    answer = client.post("/admin/import/", form).content.decode()
    assert "attendance.leave_lead_hours" in answer and "应为整数" in answer
    assert 'value="一天"' in answer  # what was typed is shown again for correcting
    with tenant_context(org_a):
        assert not RegulationPage.objects.exists()


def test_a_forged_review_is_refused(org_a):
    client = signed_in(org_a, "alice")
    upload = SimpleUploadedFile("局务会议制度.txt", REVIEWED, content_type="text/plain")
    form = review_form(client.post("/admin/import/", {"document": upload}).content.decode())
    form["review"] = form["review"][:-3] + "xyz"
    response = client.post("/admin/import/", form, follow=True)
    assert "导入审阅已失效" in response.content.decode()
    with tenant_context(org_a):
        assert not RegulationPage.objects.exists()
