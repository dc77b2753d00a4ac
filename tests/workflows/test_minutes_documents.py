"""The issued minutes' PDF and DOCX laid out per GB/T 9704-2012 纪要: A4, the type area, 22 × 28, the red
mark, the fonts embedded with every character in them (no tofu), Chinese line breaking."""

import io

import pytest
from django.utils import timezone

from tests.support import libreoffice_convert
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
    from fontTools.ttLib import TTFont

    return set(TTFont(str(documents.font_file(kind)), fontNumber=FONTS[kind][2]).getBestCmap())


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
    assert fonts == {"FandolSong", "FandolFang", "WenQuanYi Zen Hei"}
    assert {run.text for run in runs if run.bold} == {"甲单位处务会纪要", exported.title}  # FandolSong Bold
    assert {run._element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) for run in runs} == {"zh-CN"}
    mark = document.paragraphs[0].runs[0]
    assert mark.text == "甲单位处务会纪要" and str(mark.font.color.rgb) == "E60012"
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert exported.number in text and "签发：同意印发——王主任 2025年9月28日" in text
    (grid,) = section._sectPr.findall(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "580")  # 225 mm / 22 in twips
    # 28 characters to a line: 3号 body runs condensed so that 28 fit 156 mm and 29 do not.
    body = [run for paragraph in document.paragraphs for run in paragraph.runs if run.font.size.pt == 16]
    (spacing,) = {int(run._element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20 for run in body}
    assert CHARS * (16 + spacing) <= WIDTH < (CHARS + 1) * (16 + spacing)
    # 版记: the last paragraphs, one frame at the foot of the type area, between rules.
    imprint = [p for p in document.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None]
    assert [p.text for p in imprint] == [f"分送：{exported.distribution}", imprint[-1].text]
    assert imprint[-1].text.endswith("印发") and [p._p for p in imprint] == [p._p for p in document.paragraphs[-2:]]
    for paragraph in imprint:
        frame = paragraph._p.pPr.find(qn("w:framePr"))
        assert (frame.get(qn("w:vAnchor")), frame.get(qn("w:yAlign")), frame.get(qn("w:w"))) == (
            "margin", "bottom", str(round(WIDTH * 20)))
        rules = [paragraph._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:' + edge)}") for edge in ("top", "bottom")]
        assert [rule.get(qn("w:sz")) for rule in rules] == ["8", "8"]  # the thick rules around the group


def test_the_docx_lays_out_on_a4_in_its_fonts_28_to_a_line_the_imprint_at_the_foot(exported, tmp_path):
    """Rendered: A4 pages, only the three embedded faces (no fallback font, so no missing glyph), a
    full body line of 28 characters, and the 版记 at the foot of the last page's type area."""
    import pypdfium2
    from pypdf import PdfReader

    exported.body += "\n" + "议" * 70  # a paragraph of three lines: 26 (indented two), 28, 16
    source = tmp_path / "minutes.docx"
    source.write_bytes(documents.minutes_docx(exported))
    data = libreoffice_convert(source, "pdf").read_bytes()  # laid out as Word or WPS would lay it out
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
        fonts |= {str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    faces = {face for face in ("FandolSong-Bold", "FandolFang-Regular", "WenQuanYiZenHei") for font in fonts
             if font.endswith(face)}
    assert len(faces) == 3 and all(font.endswith(tuple(faces)) for font in fonts), fonts
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)  # the grid spaces characters
    assert exported.number in text and exported.title in text and "签发：同意印发" in text

    document = pypdfium2.PdfDocument(data)
    rows: dict[float, int] = {}  # baseline → 议 on it, over every page
    for index in range(len(document)):
        chars = document[index].get_textpage()
        for n in range(chars.count_chars()):
            if chars.get_text_range(n, 1) == "议":
                _left, bottom, _right, _top = chars.get_charbox(n)
                rows[(index, round(bottom))] = rows.get((index, round(bottom)), 0) + 1
    assert CHARS in rows.values() and CHARS - 2 in rows.values()  # the grid's 28, the indented first line
    last = document[len(document) - 1].get_textpage()
    found = last.search("印发", match_case=True)
    spans = []
    while (hit := found.get_next()) is not None:
        spans.append(last.get_charbox(hit[0])[1])
    bottom_of_type_area = 35 * 72 / 25.4
    assert spans and min(spans) < bottom_of_type_area + 30  # the last line of the 版记 sits on the foot
    image = document[len(document) - 1].render(scale=1).to_pil()
    assert image.size == pytest.approx(A4, abs=1)
