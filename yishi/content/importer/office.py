"""What Word and PDF files hold beyond plain paragraphs: Word's automatic numbering, .doc, text PDFs.

Word keeps automatic numbers ("第一条", "一、", "（一）", "1.") out of the paragraph text: a paragraph
says only which list and level it is in (w:numPr), and numbering.xml says how that level is counted
and written (w:numFmt, w:lvlText, w:start). `numbered_texts` puts the numbers back, counted as Word
counts them, so the structure reader sees what the reader of the document saw.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from .readers import ImportFailed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(value: int) -> str:
    """12 → 十二, 20 → 二十, 105 → 一百零五 (the way Word's chineseCounting writes them)."""
    if value < 10:
        return _CN[value]
    if value < 20:
        return "十" + (_CN[value % 10] if value % 10 else "")
    if value < 100:
        return _CN[value // 10] + "十" + (_CN[value % 10] if value % 10 else "")
    rest = value % 100
    return _CN[value // 100] + "百" + ("" if not rest else ("零" if rest < 10 else "") + chinese_number(rest))


def _format(value: int, number_format: str) -> str:
    if number_format in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
                         "ideographDigital", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(value)
    if number_format == "ideographTraditional" and value <= len(_TIANGAN):
        return _TIANGAN[value - 1]
    if number_format == "decimalEnclosedCircle" and value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    if number_format in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if number_format == "upperLetter" else letter.lower()
    if number_format == "bullet" or number_format == "none":
        return ""
    return str(value)  # decimal, decimalZero and whatever else: digits are the safe reading


def _value(element, tag: str, default: str | None = None) -> str | None:
    found = element.find(f"{W}{tag}") if element is not None else None
    return found.get(f"{W}val") if found is not None else default


class _Numbering:
    """Levels of each list (numId → ilvl → (format, text, start)) and the running counters."""

    def __init__(self, document):
        self.levels: dict[str, dict[str, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # a document without any list has no numbering part
            return
        abstract = {}
        for definition in root.findall(f"{W}abstractNum"):
            abstract[definition.get(f"{W}abstractNumId")] = {
                level.get(f"{W}ilvl"): (_value(level, "numFmt", "decimal"), _value(level, "lvlText", ""),
                                        int(_value(level, "start", "1")))
                for level in definition.findall(f"{W}lvl")
            }
        for instance in root.findall(f"{W}num"):
            self.levels[instance.get(f"{W}numId")] = abstract.get(_value(instance, "abstractNumId"), {})

    def prefix(self, num_id: str, level: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or str(level) not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[str(level)][2] - 1) + 1
        for deeper in [key for key in counters if key > level]:  # a new item restarts the levels below it
            del counters[deeper]
        number_format, text, _start = levels[str(level)]
        for shown in range(level + 1):
            if f"%{shown + 1}" in text:
                shown_format = levels.get(str(shown), ("decimal", "", 1))[0]
                count = counters.get(shown, levels.get(str(shown), ("", "", 1))[2])
                text = text.replace(f"%{shown + 1}", _format(count, number_format if shown == level else shown_format))
        return text


def _num_pr(paragraph):
    """The paragraph's list and level: its own w:numPr, else its style's."""
    properties = paragraph._p.pPr
    num_pr = properties.numPr if properties is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        style_properties = style.element.pPr
        num_pr = style_properties.numPr if style_properties is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None
    return str(num_pr.numId.val), int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0


def numbered_text(paragraph, numbering: _Numbering) -> str:
    found = _num_pr(paragraph)
    prefix = numbering.prefix(*found) if found else ""
    return f"{prefix}{paragraph.text}" if paragraph.text.strip() else paragraph.text


def numbering_for(document) -> _Numbering:
    return _Numbering(document)


def convert_doc(path: Path, folder: Path) -> Path:
    """A .doc converted to .docx by LibreOffice headless; a clear error when LibreOffice is not installed."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ImportFailed(_("%(name)s：读取 .doc 需要 LibreOffice（soffice），本机未安装；请安装 LibreOffice，"
                             "或在 Word 中另存为 .docx 后再导入") % {"name": path.name})
    profile = Path(tempfile.mkdtemp(dir=folder)).as_uri()  # its own profile: conversions may run at once
    command = [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx", "--outdir",
               str(folder), str(path)]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        raise ImportFailed(_("%(name)s：LibreOffice 转换超时（120 秒）") % {"name": path.name}) from None
    converted = folder / f"{path.stem}.docx"
    if finished.returncode != 0 or not converted.is_file():
        detail = (finished.stderr or finished.stdout).strip().splitlines()[-1:] or ["-"]
        raise ImportFailed(_("%(name)s：LibreOffice 未能转换此 .doc 文件：%(detail)s") % {
            "name": path.name, "detail": detail[0]})
    return converted


def pdf_lines(path: Path) -> list[str]:
    """The text lines of a PDF with a text layer, page by page; a scanned PDF has none and says so."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise ImportFailed(_("%(name)s：PDF 已加密，无法读取文字") % {"name": path.name})
        lines = [line for page in reader.pages for line in (page.extract_text() or "").splitlines()]
    except (PdfReadError, ValueError, KeyError) as error:
        raise ImportFailed(_("不是可读的 PDF 文件：%(error)s") % {"error": error}) from None
    if not any(line.strip() for line in lines):
        raise ImportFailed(_("%(name)s：PDF 中没有可提取的文字（可能是扫描件），请先做文字识别") % {"name": path.name})
    return lines
