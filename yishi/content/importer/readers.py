"""Read a regulation document (.txt, .html, .docx, .doc, .pdf) into normalised paragraphs."""

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .text import normalise_line


class ImportFailed(Exception):
    """The document cannot be read at all (unknown format, unreadable file)."""


@dataclass
class SourceText:
    paragraphs: list[str]
    encoding: str = ""
    # (text, reason) of page parts removed by the reader itself, e.g. a <nav> element
    dropped: list[tuple[str, str]] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, since GB18030 accepts almost any byte string."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding.removesuffix("-sig")
        except UnicodeDecodeError as error:
            failure = error
    raise ImportFailed(_("无法按 UTF-8 或 GB18030 解码文本（第 %(byte)s 字节）") % {"byte": failure.start})


def _paragraphs(lines) -> list[str]:
    return [line for line in (normalise_line(raw) for raw in lines) if line]


def read_txt(path: Path) -> SourceText:
    text, encoding = decode(path.read_bytes())
    return SourceText(_paragraphs(text.splitlines()), encoding)


# Elements that never hold regulation text.
_NEVER_TEXT = ("script", "style", "noscript", "template", "iframe", "form", "button", "select", "input", "textarea")
# Page furniture: dropped with its text listed in the report.
_FURNITURE_TAGS = {"nav": "导航", "footer": "页脚", "aside": "侧栏"}
_FURNITURE_CLASS = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|sidebar|share|copyright|toolbar|related)($|[-_ ])", re.I
)
_BLOCKS = (
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "header", "blockquote", "pre", "center", "title", "hr",
)


def read_html(path: Path) -> SourceText:
    from bs4 import BeautifulSoup

    text, encoding = decode(path.read_bytes())
    soup = BeautifulSoup(text, "html.parser")
    dropped: list[tuple[str, str]] = []
    for element in soup.find_all(_NEVER_TEXT):
        element.decompose()
    for element in soup.find_all(True):
        if element.decomposed:
            continue
        tokens = " ".join([element.get("id") or "", *(element.get("class") or [])])
        if element.name in _FURNITURE_TAGS or _FURNITURE_CLASS.search(tokens):
            removed = normalise_line(element.get_text(" "))
            if removed:
                dropped.append((removed, _FURNITURE_TAGS.get(element.name, "导航")))
            element.decompose()
    if soup.head:  # the <title> repeats the headline with the site name
        soup.head.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    return SourceText(_paragraphs(soup.get_text().splitlines()), encoding, dropped)


def check_docx_package(path: Path) -> None:
    """Refuse a zip bomb before python-docx inflates every part into memory.

    The sizes are those the zip's directory declares; zipfile never inflates a member beyond its
    declared size (and fails its CRC check if the data says otherwise), so they bound the work.
    """
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFailed(_("不是可读的 .docx 文件：%(error)s") % {"error": error}) from None
    inflated = sum(member.file_size for member in members)
    limits = [
        (len(members) > settings.YISHI_DOCX_MAX_MEMBERS,
         _("含 %(count)d 个文件，超过上限 %(limit)d（YISHI_DOCX_MAX_MEMBERS）") % {
             "count": len(members), "limit": settings.YISHI_DOCX_MAX_MEMBERS}),
        (inflated > settings.YISHI_DOCX_MAX_UNCOMPRESSED_BYTES,
         _("解压后 %(size)s，超过上限 %(limit)s（YISHI_DOCX_MAX_UNCOMPRESSED_BYTES）") % {
             "size": filesizeformat(inflated), "limit": filesizeformat(settings.YISHI_DOCX_MAX_UNCOMPRESSED_BYTES)}),
        (inflated > settings.YISHI_DOCX_MAX_RATIO * max(path.stat().st_size, 1),
         _("解压后是原文件的 %(ratio)d 倍，超过上限 %(limit)d 倍（YISHI_DOCX_MAX_RATIO）") % {
             "ratio": inflated // max(path.stat().st_size, 1), "limit": settings.YISHI_DOCX_MAX_RATIO}),
    ]
    for exceeded, reason in limits:
        if exceeded:
            raise ImportFailed(_("%(name)s：%(reason)s") % {"name": path.name, "reason": reason})


def read_docx(path: Path) -> SourceText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .office import numbered_text, numbering_for

    check_docx_package(path)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several unrelated types for a damaged package
        raise ImportFailed(_("不是可读的 .docx 文件：%(error)s") % {"error": error}) from None
    numbering = numbering_for(document)  # Word's automatic numbers are not in the paragraph text
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(numbered_text(Paragraph(child, document), numbering))
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                lines.append(" ".join(dict.fromkeys(cell.text for cell in row.cells)))  # merged cells repeat
    return SourceText(_paragraphs(lines), "docx")


def read_doc(path: Path) -> SourceText:
    import tempfile

    from .office import convert_doc

    with tempfile.TemporaryDirectory() as folder:
        return read_docx(convert_doc(path, Path(folder)))


def read_pdf(path: Path) -> SourceText:
    from .office import pdf_lines

    return SourceText(_paragraphs(pdf_lines(path)), "pdf")


READERS = {".txt": read_txt, ".text": read_txt, ".html": read_html, ".htm": read_html, ".docx": read_docx,
           ".doc": read_doc, ".pdf": read_pdf}


def load_document(path) -> SourceText:
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ImportFailed(_("%(name)s：不支持的文件类型 %(suffix)s，应为 .txt、.html、.docx、.doc 或 .pdf") % {
            "name": path.name, "suffix": path.suffix or "-"})
    if not path.is_file():
        raise ImportFailed(_("%(path)s：文件不存在") % {"path": path})
    source = reader(path)
    # Recognising structure and rules takes time in proportion to the text: bound it.
    length, limit = sum(map(len, source.paragraphs)), settings.YISHI_IMPORT_MAX_CHARS
    if length > limit:
        raise ImportFailed(_("%(name)s：正文 %(length)d 字，超过上限 %(limit)d 字（YISHI_IMPORT_MAX_CHARS）") % {
            "name": path.name, "length": length, "limit": limit})
    return source


def read_document(path) -> list[str]:
    """The document's paragraphs in order, normalised, blank lines removed."""
    return load_document(path).paragraphs
