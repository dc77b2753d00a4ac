"""The issued minutes' PDF and DOCX laid out per GB/T 9704-2012 纪要: A4, the type area, 22 × 28, the red
mark, the fonts embedded with every character in them (no tofu), Chinese line breaking."""

import io

import pytest
from django.utils import timezone

from tests.workflows.test_minutes import decided, issue
from yishi.workflows.minutes import documents, tasks
from yishi.workflows.minutes.documents import BODY_SIZE, CHARS, FONTS, HEIGHT, LINES, WIDTH, break_lines

A4 = (595.28, 841.89)


@pytest.fixture
def exported(in_org_a, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path)
    org = decided()
    with django_capture_on_commit_callbacks(execute=False):
        minutes = issue(org.minutes, org.people.director.user)
    tasks.export_minutes.apply(args=[minutes.pk])
    minutes.refresh_from_db()
    return minutes


def cmap(kind: str) -> set[int]:
    from fontTools.ttLib import TTCollection

    path, index, _package = FONTS[kind]
    return set(TTCollection(path).fonts[index].getBestCmap())


def test_the_pdf_is_a4_in_embedded_fonts_with_every_character_in_them(exported):
    import pypdfium2
    from pypdf import PdfReader

    data = exported.pdf.read()
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    text = "\n".join(page.extract_text() for page in reader.pages)
    printed = timezone.localdate(exported.issued_at)  # 印发日期: the day 签发 numbered and sent them
    for part in ("甲单位处务会纪要", exported.number, exported.title, "签发：同意印发——王主任 2025年9月28日",
                 "出席：", "记录人：", "分送：", f"{printed.year}年{printed.month}月{printed.day}日印发", "— 1 —"):
        assert part in text, part
    fonts = {}  # every font the pages use: embedded TrueType (FontFile2), none of the PDF base or CID fonts
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor.get_object()
    assert fonts and all(fonts.values()), fonts
    assert not any("STSong" in name for name in fonts)
    # No tofu: each character is in the cmap of the face that sets it.
    body = "".join(exported.body.split()) + exported.sign_off + exported.distribution
    assert not {c for c in body if ord(c) not in cmap("fangsong")}
    assert not {c for c in "甲单位处务会纪要" + exported.title + exported.number if ord(c) not in cmap("song")}
    assert not {c for c in "出席列席请假及缺席：" if ord(c) not in cmap("hei")}
    # Rendered: an A4 page at 72 dpi, the mark in red in the page head.
    image = pypdfium2.PdfDocument(data)[0].render(scale=1).to_pil().convert("RGB")
    assert image.size == pytest.approx(A4, abs=1)  # one pixel a point
    head = image.crop((0, 0, image.width, 160))
    assert any(r > 200 and g < 80 and b < 80 for _count, (r, g, b) in head.getcolors(maxcolors=1 << 24))


def test_the_body_is_22_lines_of_28_characters_in_the_type_area():
    from reportlab.platypus import Paragraph

    style = documents.body_style()
    style.firstLineIndent = 0
    page = "<br/>".join(["议" * CHARS] * LINES)
    _width, height = Paragraph(page, style).wrap(WIDTH, HEIGHT)
    assert height == pytest.approx(HEIGHT) and height == pytest.approx(225 * 72 / 25.4)
    assert Paragraph(page, style).split(WIDTH, HEIGHT)[1:] == []  # all 22 on one page …
    assert len(Paragraph(page + "<br/>议", style).split(WIDTH, HEIGHT)) == 2  # … a 23rd goes to the next
    assert len(break_lines("议" * CHARS, "fangsong", BODY_SIZE, WIDTH, WIDTH)) == 1  # 28 fill 156 mm


def test_chinese_lines_are_28_characters_and_broken_by_the_rules():
    documents._register_fonts()

    def lines(text, first=WIDTH, rest=WIDTH):
        return break_lines(text, "fangsong", BODY_SIZE, first, rest)

    assert [len(line) for line in lines("议" * 60)] == [CHARS, CHARS, 4]
    assert [len(line) for line in lines("议" * 60, first=WIDTH - 2 * BODY_SIZE)] == [CHARS - 2, CHARS, 6]
    comma = lines("议" * CHARS + "，同意")  # a comma would start line 2: it takes a character down with it
    assert comma[1] == "议，同意" and not any(line[0] in "，。）：；" for line in comma[1:])
    opening = lines("议" * (CHARS - 1) + "（调整）")  # an opening bracket never ends a line
    assert opening[0] == "议" * (CHARS - 1) and opening[1] == "（调整）"
    date = lines("议" * (CHARS - 4) + "2025年10月10日前完成")  # the date moves down whole
    assert date[0] == "议" * (CHARS - 4) and date[1].startswith("2025年10月10日")
    iso = lines("议" * (CHARS - 3) + "2025-10-10")
    assert iso == ["议" * (CHARS - 3), "2025-10-10"]


def test_the_docx_has_the_page_the_fonts_and_the_language(exported):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document(io.BytesIO(exported.docx.read()))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin)
    assert [round(size / Mm(1)) for size in sizes] == [210, 297, 37, 35, 28, 26]  # stored in twips
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    fonts = {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in runs}
    assert fonts == {"AR PL UMing CN", "AR PL UKai CN", "WenQuanYi Zen Hei"}
    assert {run._element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) for run in runs} == {"zh-CN"}
    mark = document.paragraphs[0].runs[0]
    assert mark.text == "甲单位处务会纪要" and str(mark.font.color.rgb) == "E60012"
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert exported.number in text and "签发：同意印发——王主任 2025年9月28日" in text
    (grid,) = section._sectPr.findall(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "580")  # 225 mm / 22 in twips
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        number = footer.paragraphs[0]
        assert number.text == "—  —" and "PAGE" in footer._element.xml and number.alignment.name == align
