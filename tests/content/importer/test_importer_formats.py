"""Inputs people have: Word's automatic numbering, .doc through LibreOffice, text PDFs, hard-wrapped GBK text."""

import sys

import docx
import pytest
from docx.oxml import parse_xml

from tests.support import libreoffice_convert
from yishi.content.importer import ImportFailed, import_document, read_document

from .helpers import assert_valid, meeting_type, packed, rule_values, write

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# One list as Chinese documents number it: 一、 / （一） / 1.
ABSTRACT = f"""<w:abstractNum {W_NS} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def numbered_docx(path, paragraphs):
    """A .docx whose numbers exist only as Word's automatic numbering, as Word writes it."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))  # abstract definitions come before the w:num instances
    numbering.append(parse_xml(NUM))
    for level, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    document.save(path)
    return path


RULES = [
    (None, "测试局局务会议制度"),
    (0, "会议组成"),
    (1, "局务会议由局长主持，各科室负责人参加。"),
    (1, "局务会议原则上每月召开一次。"),
    (0, "会议纪律"),
    (1, "因故不能参加的，须提前1天向局长请假。"),
    (2, "请假须书面提出。"),
    (2, "不得委托他人参会。"),
]


def test_word_automatic_numbering_is_read_back_into_the_text(tmp_path):
    path = numbered_docx(tmp_path / "制度.docx", RULES)
    assert read_document(path) == [
        "测试局局务会议制度", "一、会议组成", "（一）局务会议由局长主持，各科室负责人参加。",
        "（二）局务会议原则上每月召开一次。",
        "二、会议纪律", "（一）因故不能参加的，须提前1天向局长请假。", "1.请假须书面提出。", "2.不得委托他人参会。",
    ]
    result = import_document(path)
    regulation = result.pack["regulations"][0]
    assert [article["heading"] for article in regulation["articles"]] == ["会议组成", "会议纪律"]
    data = packed(result, "局务会议")
    assert data["cadence"]["rrule"] == "FREQ=MONTHLY"  # 每月一次: the frequency, its day flagged
    assert data["attendance"]["leave_lead_hours"] == 24 and data["attendance"]["delegation"] == "forbidden"
    assert_valid(result.pack)


def real_doc(path, paragraphs):
    """A Word 97–2003 .doc, written by LibreOffice from a .docx with automatic numbering (as an office
    that still saves .doc has them)."""
    source = numbered_docx(path.with_suffix(".docx"), paragraphs)
    assert libreoffice_convert(source, "doc") == path
    source.unlink()
    return path


def test_a_real_doc_is_read_through_libreoffice_with_its_numbering(tmp_path):
    doc = real_doc(tmp_path / "制度.doc", RULES)
    assert doc.read_bytes().startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # an OLE file, not a .docx renamed
    assert read_document(doc)[:3] == ["测试局局务会议制度", "一、会议组成",
                                      "（一）局务会议由局长主持，各科室负责人参加。"]
    result = import_document(doc)
    assert result.pack["regulations"][0]["title"] == "测试局局务会议制度"
    assert [article["heading"] for article in result.pack["regulations"][0]["articles"]] == ["会议组成", "会议纪律"]
    data = packed(result, "局务会议")
    assert data["roles"]["chair"] and data["attendance"]["delegation"] == "forbidden"


def failing_office(folder):
    """A `soffice` on PATH that fails as LibreOffice does on a file it cannot load (the real one opens
    nearly anything as text, so its failure is played)."""
    script = folder / "soffice"
    script.write_text(f"""#!{sys.executable}
import sys
assert "--headless" in sys.argv and sys.argv[sys.argv.index("--convert-to") + 1] == "docx"
assert any(argument.startswith("-env:UserInstallation=file://") for argument in sys.argv)
print("Error: source file could not be loaded", file=sys.stderr)
sys.exit(1)
""", encoding="utf-8")
    script.chmod(0o755)


def test_doc_without_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    doc = write(tmp_path, "制度.doc", "x")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ImportFailed, match="需要 LibreOffice"):
        import_document(doc)


def test_doc_libreoffice_cannot_convert_is_a_clear_error(tmp_path, monkeypatch):
    doc = write(tmp_path, "坏文件.doc", "x")
    failing_office(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ImportFailed, match="未能转换.*source file could not be loaded"):
        import_document(doc)


def text_pdf(path, lines):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("STSong-Light", 12)
    for index, line in enumerate(lines):
        page.drawString(60, 780 - 20 * index, line)
    page.save()
    return path


def test_text_pdf_with_lines_broken_mid_sentence(tmp_path):
    path = text_pdf(tmp_path / "制度.pdf", [
        "处务会议事规则",
        "一、处务会原则上每月召开一次，一般在月",
        "底召开，由处长主持，各科科长参加。",
        "二、处务会须有三分之二以上组成人员到会方可",
        "召开。",
    ])
    result = import_document(path)
    assert result.report.encoding == "pdf"
    council = meeting_type(result, "处务会")
    assert any("一般在月底召开" in value for value in rule_values(council, "cadence.phrase"))
    data = packed(result, "处务会")
    assert data["cadence"]["rrule"] == "FREQ=MONTHLY;BYMONTHDAY=-1"
    assert data["decisions"]["quorum"] == "2/3"
    assert_valid(result.pack)


def test_pdf_without_text_is_a_clear_error(tmp_path):
    path = text_pdf(tmp_path / "扫描件.pdf", [])
    with pytest.raises(ImportFailed, match="没有可提取的文字"):
        import_document(path)


def test_hard_wrapped_gbk_text(tmp_path):
    text = ("主任办公会议制度\n一、主任办公会议原则上每周召开一次，一般安排在星期\n"
            "一上午9:00，由主任主持，副主任和各科室负责\n人参加。\n二、会议纪要于会后2个工作日内印发。\n")
    result = import_document(write(tmp_path, "制度.txt", text, "gbk"))
    assert result.report.encoding == "gb18030"
    data = packed(result, "主任办公会议")
    assert data["cadence"]["rrule"] == "FREQ=WEEKLY;BYDAY=MO" and data["cadence"]["time"] == "09:00"
    names = {post["slug"]: post["name"] for post in result.pack["organisation"]["posts"]}
    assert [names[target["post"]] for target in data["roles"]["members"]] == ["副主任", "科室负责人"]
    assert data["minutes"]["deadline_workdays"] == 2
