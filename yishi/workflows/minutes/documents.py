"""Issued minutes as 纪要 laid out per GB/T 9704-2012, as PDF (reportlab) and DOCX (python-docx).

A4; type area 156 × 225 mm (top 37, left 28, right 26, bottom 35 mm); 22 lines of 28 characters in
the body; the red 纪要 mark ("<organisation><meeting>纪要") with the number 〔year〕N号 and a red rule;
the title in 2号 (22 pt), the body in 3号 (16 pt) 仿宋-style; 出席/列席/请假 labels in 3号黑体, their
names hanging after the colon; the sign-off (签发); 记录人; the issuing body centred on the date, the
date four characters in from the right, the organisation's electronic seal (if it has one) pressed on
both, they below its centre (7.3.5.1); page numbers "— 1 —" in 4号 (14 pt); the 版记 (分送, 印发机关 and
印发日期 between rules) at the foot of the last page — in the DOCX a frame anchored to the foot of the
type area, on the grid of 22 lines and 28 characters.

The faces are free ones of the official-document styles: FandolFang (仿宋) for the body and FandolSong
Bold (a bold 宋, for 小标宋) for the mark and the title, from Debian's texlive-lang-chinese, and WenQuanYi
Zen Hei (黑体) for the labels, from fonts-wqy-zenhei (FONTS; `.ci/run` and the Dockerfile install them).
reportlab embeds TrueType outlines only, and Fandol's are CFF: `font_file` converts each once to
TrueType (fontTools' cubic-to-quadratic pen) into the data folder. Lines are broken by `break_lines`,
not by reportlab's wordWrap="CJK": its "may not start a line" set is Japanese (it lets "，；：！？”》"
start a line) and it splits dates and numbers.
"""

import datetime as dt
import io
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from yishi.content.rules import rules_in_force
from yishi.workflows import roles as R

from .models import Minutes, Seal

MM = 72 / 25.4  # points per millimetre
PAGE = (210 * MM, 297 * MM)
TOP, LEFT, RIGHT, BOTTOM = 37 * MM, 28 * MM, 26 * MM, 35 * MM
WIDTH, HEIGHT = 156 * MM, 225 * MM  # the type area
LINES, CHARS = 22, 28
# 3号 is 16 pt; 28 of them fill 156 mm at a pitch of 15.8 pt (the standard's "撑满版心").
BODY_SIZE = WIDTH / CHARS
LEADING = HEIGHT / LINES
TITLE_SIZE, PAGE_NUMBER_SIZE, IMPRINT_SIZE = 22, 14, 14
RED = "#E60012"
SEAL_SIZE = 40 * MM  # diameter: an organisation's round seal (the image keeps its own proportions inside)

# Where Fandol's files are: .ci/run and the Dockerfile take them from the package into a folder fontconfig
# reads (so LibreOffice lays the DOCX out in them too); installing texlive-lang-chinese puts them in TeX's.
FANDOL_FOLDERS = ("/usr/local/share/fonts/fandol", "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol")
# reportlab name → (file name, folders, index in a collection, Debian package); the comment: the face.
FONTS = {
    "song": ("FandolSong-Bold.otf", FANDOL_FOLDERS, 0, "texlive-lang-chinese"),  # 小标宋: mark, title
    "fangsong": ("FandolFang-Regular.otf", FANDOL_FOLDERS, 0, "texlive-lang-chinese"),  # 仿宋: body
    "hei": ("wqy-zenhei.ttc", ("/usr/share/fonts/truetype/wqy",), 0, "fonts-wqy-zenhei"),  # 黑体: labels
}
# The DOCX's names of the faces (family, bold): the fonts a viewer finds installed.
FONT_NAMES = {"song": ("FandolSong", True), "fangsong": ("FandolFang", False), "hei": ("WenQuanYi Zen Hei", False)}
LABELS = ("出席", "请假及缺席", "列席")  # the lines of the attendance blocks, as compose() writes them
CANNOT_START = set("，。、；：！？）》」』】〕〉”’…—·%,.;:!?)]}")
CANNOT_END = set("（《「『【〔〈“‘([{")
# What is never split: a date, a time, a run of Latin letters or digits; else one character.
UNITS = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|[0-9A-Za-z]+|.", re.S)


def break_lines(text: str, font: str, size: float, first: float, rest: float) -> list[str]:
    """`text` in lines of at most `first` points (the first line) and `rest` points (the others): no
    line starts with a closing mark or comma, none ends with an opening mark, no date is split."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[list[str]] = [[]]
    used, room = 0.0, first
    for unit in UNITS.findall(text):
        width = stringWidth(unit, font, size)
        line = lines[-1]
        if line and used + width > room + 0.01:
            carried = []
            if unit[0] in CANNOT_START and len(line) > 1:
                carried.insert(0, line.pop())  # the mark takes the last unit down with it
            while len(line) > 1 and line[-1][-1] in CANNOT_END:
                carried.insert(0, line.pop())
            lines.append(carried)
            used, room = stringWidth("".join(carried), font, size), rest
        lines[-1].append(unit)
        used += width
    return ["".join(line) for line in lines]


def font_file(kind: str) -> Path:
    """The TrueType file of the face `kind`: the installed one, or its TrueType conversion (made once)."""
    name, folders, _index, package = FONTS[kind]
    found = next((Path(folder) / name for folder in folders if (Path(folder) / name).exists()), None)
    if found is None:
        raise ImproperlyConfigured(f"minutes PDF: font {name} missing from {', '.join(folders)} "
                                   f"(it comes with the Debian package {package}; .ci/run shows how)")
    if found.suffix != ".otf":
        return found
    converted = Path(settings.DATA_DIR) / "fonts" / f"{found.stem}.ttf"
    if not converted.exists():
        converted.parent.mkdir(parents=True, exist_ok=True)
        partial = converted.with_suffix(f".{os.getpid()}.part")
        _truetype(found, partial)
        partial.replace(converted)  # atomic: a concurrent export sees the whole file or none
    return converted


def _truetype(source: Path, target: Path) -> None:
    """An OpenType font with CFF outlines rewritten with TrueType (quadratic) outlines, as reportlab
    needs them; everything else in the font is kept."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source))
    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font["head"].glyphDataFormat = 0
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(target))


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for kind, (_name, _folders, index, _package) in FONTS.items():
        if kind not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(kind, str(font_file(kind)), subfontIndex=index))


def body_style():
    """3号 仿宋 on the 22 × 28 grid, the first line indented two characters. Its paragraphs come broken
    into lines by `break_lines` (joined by <br/>); wordWrap="CJK" only for its tolerance, which lets a
    full line of 28 stay one line (the plain wrapping would split it over a rounding error)."""
    from reportlab.lib.styles import ParagraphStyle

    _register_fonts()
    return ParagraphStyle("body", fontName="fangsong", fontSize=BODY_SIZE, leading=LEADING,
                          firstLineIndent=2 * BODY_SIZE, wordWrap="CJK")


def mark_size(mark: str) -> float:
    """The mark's size: 36 pt, smaller when a long organisation name would not fit the width."""
    return min(36.0, WIDTH / max(len(mark), 1))


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Parts:
    mark: str
    number: str
    title: str
    body: list[str]
    sign_off: str
    issuer: str
    date: str
    recorder: str
    distribution: str  # the names
    printed: str  # 印发日期
    seal: bytes | None  # the electronic seal (PNG): signed minutes only


def issued_on(minutes: Minutes) -> dt.date:
    """The documents' date: the 签发日期 (minutes issued before 签发 existed: the day they were numbered)."""
    if minutes.signed_on:
        return minutes.signed_on
    return timezone.localdate(minutes.issued_at) if minutes.issued_at else minutes.meeting.date


def parts(minutes: Minutes) -> Parts:
    meeting = minutes.meeting
    organisation = getattr(connection.tenant, "name", "")
    rules = rules_in_force(meeting.meeting_type_slug, meeting.date)
    recorders = R.holders_of(R.SECRETARY, rules, meeting.date) if rules else []
    printed = timezone.localdate(minutes.issued_at) if minutes.issued_at else issued_on(minutes)
    return Parts(
        mark=_("%(organisation)s%(meeting)s纪要") % {"organisation": organisation, "meeting": meeting.name},
        number=minutes.number, title=minutes.title, body=minutes.body.splitlines(),
        sign_off=_("签发：%(text)s") % {"text": minutes.sign_off} if minutes.sign_off else "",
        issuer=organisation, date=_day(issued_on(minutes)),
        recorder=_("记录人：%(names)s") % {"names": "、".join(p.name for p in recorders)} if recorders else "",
        distribution=minutes.distribution,
        printed=_("%(date)s印发") % {"date": _day(printed)},
        seal=Seal.image_bytes() if minutes.signed_on else None,
    )


@dataclass
class Signature:
    """Where the issuer, the date and the seal go, in points from the type area's right edge: the
    date four characters in, the issuer centred on the date (as far as the margin lets it)."""

    issuer_right: float
    date_right: float
    seal_centre: float

    @classmethod
    def of(cls, p: Parts) -> "Signature":
        from reportlab.pdfbase.pdfmetrics import stringWidth

        _register_fonts()
        issuer, date = (stringWidth(text, "fangsong", BODY_SIZE) for text in (p.issuer, p.date))
        date_right = 4 * BODY_SIZE
        centre = date_right + date / 2
        return cls(issuer_right=max(0.0, centre - issuer / 2), date_right=date_right, seal_centre=centre)


def label_of(line: str) -> str:
    return next((label for label in LABELS if line.startswith(f"{label}：")), "")


def minutes_pdf(minutes: Minutes) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.colors import HexColor, black
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import BaseDocTemplate, Flowable, Frame, HRFlowable, PageTemplate, Paragraph, Spacer

    p = parts(minutes)
    body = body_style()
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER, firstLineIndent=0)
    title = ParagraphStyle("title", parent=centre, fontName="song", fontSize=TITLE_SIZE, leading=LEADING * 1.5)
    mark = ParagraphStyle("mark", parent=centre, fontName="song", fontSize=mark_size(p.mark),
                          leading=mark_size(p.mark) * 1.3, textColor=HexColor(RED))

    def paragraph(line: str) -> Paragraph:
        label = label_of(line)
        indent = 2 * BODY_SIZE
        if not label:
            lines = break_lines(line, "fangsong", BODY_SIZE, WIDTH - indent, WIDTH)
            return Paragraph("<br/>".join(escape(part) for part in lines) or "&nbsp;", body)
        # 出席：names — the label in 黑体, continuation lines aligned after the colon.
        hang = (len(label) + 1) * BODY_SIZE
        style = ParagraphStyle(f"label-{label}", parent=body, leftIndent=indent + hang, firstLineIndent=-hang)
        lines = break_lines(line[len(label) + 1:], "fangsong", BODY_SIZE, WIDTH - indent - hang, WIDTH - indent - hang)
        return Paragraph(f'<font name="hei">{escape(label)}：</font>' + "<br/>".join(escape(part) for part in lines),
                         style)

    class Imprint(Flowable):
        """版记 at the foot of the last page (it takes the rest of the page, or a new one): 分送 (names
        hanging after the colon) and 印发机关 … 印发日期, between rules — thick outside, thin inside."""

        row = IMPRINT_SIZE * 1.75

        def wrap(self, available_width, available_height):
            self.width = available_width
            inner = available_width - 2 * IMPRINT_SIZE
            label = _("分送：")
            hang = stringWidth(label, "fangsong", IMPRINT_SIZE)
            names = break_lines(p.distribution, "fangsong", IMPRINT_SIZE, inner - hang, inner - hang)
            self.blocks = [[(0.0, label + names[0])] + [(hang, line) for line in names[1:]]] if p.distribution \
                else []
            self.blocks.append([])  # 印发机关 and 印发日期
            self.needed = sum(max(len(block), 1) for block in self.blocks) * self.row
            self.height = max(available_height, self.needed)
            return self.width, self.height

        def draw(self):
            c, y = self.canv, self.needed
            c.setStrokeColor(black)
            c.setFont("fangsong", IMPRINT_SIZE)
            for n, block in enumerate(self.blocks):
                c.setLineWidth(0.35 * MM if n == 0 else 0.25 * MM)
                c.line(0, y, self.width, y)
                for indent, line in block or [(0.0, "")]:
                    y -= self.row
                    baseline = y + (self.row - IMPRINT_SIZE) / 2 + 2
                    if block:
                        c.drawString(IMPRINT_SIZE + indent, baseline, line)
                    else:
                        c.drawString(IMPRINT_SIZE, baseline, p.issuer)
                        c.drawRightString(self.width - IMPRINT_SIZE, baseline, p.printed)
            c.setLineWidth(0.35 * MM)
            c.line(0, 0, self.width, 0)

    class Signed(Flowable):
        """The issuer over the date, two lines; the seal drawn over them, their centre below its own."""

        def wrap(self, available_width, available_height):
            self.width = available_width
            return available_width, 2 * LEADING

        def draw(self):
            c, place = self.canv, Signature.of(p)
            c.setFont("fangsong", BODY_SIZE)
            c.setFillColor(black)
            for line, right_indent, row in ((p.issuer, place.issuer_right, 1), (p.date, place.date_right, 0)):
                c.drawRightString(self.width - right_indent, row * LEADING + (LEADING - BODY_SIZE) / 2, line)
            if p.seal:
                from reportlab.lib.utils import ImageReader

                x = self.width - place.seal_centre - SEAL_SIZE / 2
                c.drawImage(ImageReader(io.BytesIO(p.seal)), x, 1.25 * LEADING - SEAL_SIZE / 2, SEAL_SIZE,
                            SEAL_SIZE, mask="auto", preserveAspectRatio=True)

    def page_number(canvas, document):
        # 4号 "— n —" 7 mm below the type area: odd pages on the right, even on the left, one character in.
        number = f"— {document.page} —"
        canvas.setFont("song", PAGE_NUMBER_SIZE)
        y = BOTTOM - 7 * MM - PAGE_NUMBER_SIZE
        if document.page % 2:
            canvas.drawRightString(PAGE[0] - RIGHT - PAGE_NUMBER_SIZE, y, number)
        else:
            canvas.drawString(LEFT + PAGE_NUMBER_SIZE, y, number)

    story = [Paragraph(escape(p.mark), mark), Spacer(1, LEADING / 2), Paragraph(escape(p.number), centre),
             HRFlowable(width="100%", thickness=0.7 * MM, color=HexColor(RED), spaceBefore=4 * MM,
                        spaceAfter=LEADING),
             Paragraph(escape(p.title), title), Spacer(1, LEADING)]
    story += [paragraph(line) for line in p.body]
    story += [Spacer(1, LEADING)] + [paragraph(line) for line in (p.sign_off, p.recorder) if line]
    story += [Spacer(1, LEADING), Signed(), Imprint()]
    buffer = io.BytesIO()
    frame = Frame(LEFT, BOTTOM, WIDTH, HEIGHT, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    # initialFontName: otherwise every page lists Helvetica, a font that is not embedded.
    document = BaseDocTemplate(buffer, pagesize=PAGE, title=p.title, initialFontName="fangsong",
                               pageTemplates=[PageTemplate("page", [frame], onPage=page_number)])
    document.build(story)
    return buffer.getvalue()


BODY_SIZE_DOCX = 16.0  # 3号: the DOCX sets characters at their size, condensed to the pitch
# Character spacing in twentieths of a point: 16 − 0.25 pt a character, so 28 fit 156 mm and 29 do not.
CONDENSED = math.floor((BODY_SIZE - BODY_SIZE_DOCX) * 20)


def _press_seal(paragraph, image: bytes, place: Signature) -> None:
    """The seal as a floating picture in front of the text (python-docx adds pictures inline only: its
    inline drawing is rewritten as an anchor), centred on the date, the two lines below its centre."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    inline = paragraph.add_run().add_picture(io.BytesIO(image), width=Pt(SEAL_SIZE), height=Pt(SEAL_SIZE))._inline
    emu = Pt(1)
    x = round((WIDTH - place.seal_centre - SEAL_SIZE / 2) * emu)
    y = round((0.75 * LEADING - SEAL_SIZE / 2) * emu)  # from the issuer line's top
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
        f'behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{inline.extent.cx}" cy="{inline.extent.cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/></wp:anchor>')
    anchor.append(inline.docPr)
    anchor.append(parse_xml(f'<wp:cNvGraphicFramePr {nsdecls("wp")}/>'))
    anchor.append(inline.graphic)
    inline.getparent().replace(inline, anchor)


def minutes_docx(minutes: Minutes) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    p = parts(minutes)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    # The line grid: 22 lines in the type area (the template's section has its docGrid already). The 28
    # characters come from condensing body runs (CONDENSED), not from a character grid: LibreOffice gives
    # a 16 pt character two cells of a 15.8 pt grid, 14 to a line.
    document.styles["Normal"].font.size = Pt(BODY_SIZE_DOCX)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LEADING * 20)))

    def run_font(run, kind: str, size: float, colour: str = ""):
        family, bold = FONT_NAMES[kind]
        run.font.size, run.font.name, run.font.bold = Pt(size), family, bold or None
        properties = run._element.get_or_add_rPr()
        fonts = properties.find(qn("w:rFonts"))
        fonts.set(qn("w:eastAsia"), family)
        language = OxmlElement("w:lang")
        language.set(qn("w:eastAsia"), "zh-CN")
        language.set(qn("w:val"), "zh-CN")
        properties.append(language)
        if size == BODY_SIZE_DOCX:
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), str(CONDENSED))
            properties.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz")  # the schema's order
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
        return run

    def add(line: str, kind="fangsong", size=BODY_SIZE_DOCX, align=None, colour="", indent=True):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32) if indent and align is None else None
        if align is not None:
            paragraph.alignment = align
        label = label_of(line)
        if label:
            run_font(paragraph.add_run(f"{label}："), "hei", size)
            line = line[len(label) + 1:]
        run_font(paragraph.add_run(line), kind, size, colour)
        return paragraph

    add(p.mark, "song", mark_size(p.mark), WD_ALIGN_PARAGRAPH.CENTER, RED)
    add(p.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    add(p.title, "song", TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
    for line in p.body:
        add(line)
    for line in (p.sign_off, p.recorder):
        if line:
            add(line)
    place = Signature.of(p)
    for line, right_indent in ((p.issuer, place.issuer_right), (p.date, place.date_right)):
        paragraph = add(line, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(right_indent)
        if p.seal and line is p.issuer:
            _press_seal(paragraph, p.seal, place)
    # 版记: one frame at the foot of the type area of the page it falls on (the last), between the thick
    # rules (0.35 mm ≈ 1 pt, sz in eighths). The paragraphs' frame and borders are the same: one bordered
    # group. (The thin rule between them, w:between, makes LibreOffice drop the frame; the PDF has it.)
    imprint = [add(_("分送：") + p.distribution, size=IMPRINT_SIZE, indent=False)] if p.distribution else []
    imprint.append(add(f"{p.issuer}　　{p.printed}", size=IMPRINT_SIZE, indent=False))
    for paragraph in imprint:
        properties = paragraph._p.get_or_add_pPr()
        frame = OxmlElement("w:framePr")
        for name, value in (("w", str(round(WIDTH * 20))), ("wrap", "around"), ("vAnchor", "margin"),
                            ("hAnchor", "margin"), ("xAlign", "center"), ("yAlign", "bottom")):
            frame.set(qn(f"w:{name}"), value)
        borders = OxmlElement("w:pBdr")
        for edge in ("top", "bottom"):
            rule = OxmlElement(f"w:{edge}")
            for name, value in (("val", "single"), ("sz", "8"), ("space", "1"), ("color", "000000")):
                rule.set(qn(f"w:{name}"), value)
            borders.append(rule)
        properties.insert(0, borders)
        properties.insert(0, frame)  # framePr comes before pBdr in a paragraph's properties
    # Page numbers "— PAGE —" in 4号: odd pages on the right, even on the left, one character in.
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                      WD_ALIGN_PARAGRAPH.LEFT)):
        number = footer.paragraphs[0]
        number.alignment = align
        number.paragraph_format.left_indent = number.paragraph_format.right_indent = Pt(PAGE_NUMBER_SIZE)
        run_font(number.add_run("— "), "song", PAGE_NUMBER_SIZE)
        for tag, value in (("w:fldChar", "begin"), ("w:instrText", "PAGE"), ("w:fldChar", "end")):
            element = OxmlElement(tag)
            if tag == "w:fldChar":
                element.set(qn("w:fldCharType"), value)
            else:
                element.text = value
            run_font(number.add_run(), "song", PAGE_NUMBER_SIZE)._element.append(element)
        run_font(number.add_run(" —"), "song", PAGE_NUMBER_SIZE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
