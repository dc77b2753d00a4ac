"""电子印章: the office uploads the organisation's seal in the admin (设置 → 电子印章); minutes signed off
from then on carry it on the issuer and the date, in the PDF and the DOCX. Anyone else is refused with
nothing stored; a file that is no transparent square PNG is refused naming the field and the reason;
the image is never at a URL and never reaches another organisation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from PIL import Image

from tests.platform.test_menus import menu_entries, refused
from tests.workflows.test_minutes_sign import documents_text, minutes_of, reviewed, sign
from tests.workflows.test_workflow_admin import page
from yishi.workflows.minutes.models import Seal

SEAL_URL = "/admin/minutes/seal/"


def png(size=(400, 400), mode="RGBA", format="PNG") -> bytes:
    """A red ring on a transparent ground, as an organisation's seal is scanned."""
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    from PIL import ImageDraw

    ImageDraw.Draw(image).ellipse((10, 10, size[0] - 10, size[1] - 10), outline=(230, 0, 18, 255) if mode == "RGBA"
                                  else (230, 0, 18), width=24)
    out = io.BytesIO()
    image.save(out, format=format)
    return out.getvalue()


def upload(client, data: bytes, name="seal.png"):
    return client.post(SEAL_URL, {"image": SimpleUploadedFile(name, data)}, follow=True)


def seal_count(org_a) -> int:
    with tenant_context(org_a):
        return Seal.objects.count()


@pytest.fixture
def org(org_a):
    return reviewed(org_a)


def test_the_office_uploads_the_seal_and_signed_minutes_carry_it(org_a, org, settings, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn
    from pypdf import PdfReader

    settings.MEDIA_ROOT = str(tmp_path)
    office = org.clients["secretary"]
    assert ("电子印章", SEAL_URL) in menu_entries(page(office.get("/admin/")))
    assert "尚未上传电子印章" in page(office.get(SEAL_URL))
    shown = page(upload(office, png()))
    assert "电子印章已保存" in shown and "data:image/png;base64," in shown and "赵秘书" in shown
    assert seal_count(org_a) == 1

    sign(org, "director", org.meeting.date)
    minutes = minutes_of(org_a, org)
    documents_text(org_a, minutes)  # the worker's export
    with tenant_context(org_a):
        minutes.refresh_from_db()
        pdf, docx = minutes.pdf.read(), minutes.docx.read()
    last = PdfReader(io.BytesIO(pdf)).pages[-1]
    images = [x for x in last["/Resources"].get("/XObject", {}).values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1  # the seal, on the page of the issuer and date
    document = Document(io.BytesIO(docx))
    (issuer,) = [p for p in document.paragraphs if p.text == org_a.name]
    anchors = issuer._p.findall(".//" + qn("wp:anchor"))
    assert len(anchors) == 1 and anchors[0].find(qn("wp:wrapNone")) is not None  # floats over the text
    assert len(document.inline_shapes) == 0 and len(document.part.package.image_parts) == 1


def test_minutes_without_a_seal_carry_none_and_removing_it_stops_it(org_a, org, settings, tmp_path):
    from pypdf import PdfReader

    settings.MEDIA_ROOT = str(tmp_path)
    office = org.clients["secretary"]
    upload(office, png())
    assert "电子印章已移除" in page(office.post(SEAL_URL, {"remove": "on"}, follow=True))
    assert seal_count(org_a) == 0
    sign(org, "director", org.meeting.date)
    minutes = minutes_of(org_a, org)
    documents_text(org_a, minutes)
    with tenant_context(org_a):
        minutes.refresh_from_db()
        last = PdfReader(io.BytesIO(minutes.pdf.read())).pages[-1]
    assert not last["/Resources"].get("/XObject")


@pytest.mark.parametrize(("data", "name", "reason"), [
    (png(format="JPEG", mode="RGB"), "seal.jpg", "应为 PNG 图片（现为 JPEG）"),
    (png(mode="RGB"), "seal.png", "图片没有透明背景"),
    (png(size=(120, 120)), "seal.png", "图片为 120×120 像素，边长至少 200 像素"),
    (png(size=(600, 300)), "seal.png", "印章应近似正方形（现为 600×300 像素）"),
    (b"<svg onload=alert(1)>", "seal.png", "不是有效的图片文件"),
    (png()[:200], "seal.png", "不是有效的图片文件"),
])
def test_a_file_that_is_no_seal_is_refused_naming_the_field(org_a, org, data, name, reason):
    shown = page(upload(org.clients["secretary"], data, name))
    assert reason in shown and "印章图片" in shown
    assert seal_count(org_a) == 0


def test_nothing_chosen_is_refused(org_a, org):
    assert "请选择印章图片" in page(org.clients["secretary"].post(SEAL_URL, {}, follow=True))


@pytest.mark.parametrize("who", ["director", "deputy"])  # a leader and a member: not the office
def test_anyone_but_the_office_is_refused_and_nothing_is_stored(org_a, org, who):
    upload(org.clients["secretary"], png())
    client = org.clients[who]
    assert not any(label == "电子印章" for label, _url in menu_entries(page(client.get("/admin/"))))
    assert refused(client, SEAL_URL)
    for answer in (upload(client, png(size=(300, 300))), client.post(SEAL_URL, {"remove": "on"}, follow=True)):
        assert "data:image/png;base64," not in page(answer) and "电子印章已" not in page(answer)
    with tenant_context(org_a):
        assert Seal.objects.count() == 1 and Image.open(io.BytesIO(Seal.image_bytes())).size == (400, 400)


def test_another_organisation_sees_no_seal_and_its_minutes_carry_none(org_a, org_b, org, settings, tmp_path):
    from pypdf import PdfReader

    settings.MEDIA_ROOT = str(tmp_path)
    upload(org.clients["secretary"], png())
    other = reviewed(org_b)
    assert "尚未上传电子印章" in page(other.clients["secretary"].get(SEAL_URL))
    sign(other, "director", other.meeting.date)
    minutes = minutes_of(org_b, other)
    documents_text(org_b, minutes)
    with tenant_context(org_b):
        minutes.refresh_from_db()
        assert not PdfReader(io.BytesIO(minutes.pdf.read())).pages[-1]["/Resources"].get("/XObject")
