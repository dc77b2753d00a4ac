"""Issued minutes as documents laid out like an official document: title, number, date, body, distribution.

PDF with reportlab's built-in Adobe CJK font (STSong-Light): no font file to ship or install; PDF
readers supply the Song typeface for it.
"""

import io

from django.utils.translation import gettext as _

from .models import Minutes


def _parts(minutes: Minutes) -> dict:
    from .actions import issued_on

    day = issued_on(minutes)
    return {"title": minutes.title, "number": minutes.number, "date": f"{day.year}年{day.month}月{day.day}日",
            "body": minutes.body.splitlines(), "distribution": _("分送：%(names)s") % {"names": minutes.distribution}}


def minutes_docx(minutes: Minutes) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    parts = _parts(minutes)
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(parts["title"])
    run.bold, run.font.size = True, Pt(22)
    for text in (parts["number"], parts["date"]):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in parts["body"]:
        document.add_paragraph(line)
    document.add_paragraph(parts["distribution"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def minutes_pdf(minutes: Minutes) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    parts = _parts(minutes)
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=14, leading=24, firstLineIndent=28)
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER, firstLineIndent=0)
    heading = ParagraphStyle("title", parent=centre, fontSize=22, leading=34)
    story = [Paragraph(escape(parts["title"]), heading), Paragraph(escape(parts["number"]), centre),
             Paragraph(escape(parts["date"]), centre), HRFlowable(width="100%", color="red"), Spacer(1, 6 * mm)]
    story += [Paragraph(escape(line) or "&nbsp;", body) for line in parts["body"]]
    story += [Spacer(1, 10 * mm), HRFlowable(width="100%"), Paragraph(escape(parts["distribution"]), body)]
    buffer = io.BytesIO()
    # GB/T 9704 margins, roughly: 37 mm top, 28 mm left.
    SimpleDocTemplate(buffer, pagesize=A4, topMargin=37 * mm, leftMargin=28 * mm, rightMargin=26 * mm,
                      bottomMargin=35 * mm, title=parts["title"]).build(story)
    return buffer.getvalue()
