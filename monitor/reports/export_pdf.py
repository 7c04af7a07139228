"""PDF export (ReportLab) with the Chinese font embedded (嵌入中文字体).

The font is WenQuanYi Micro Hei, shipped in ``monitor/reports/fonts`` (Apache-2.0; see the README
there). ReportLab embeds the glyphs used as a TrueType subset with a ToUnicode map, so the PDF
shows the same on any reader and its text extracts back as Chinese (a CID font such as
STSong-Light is not embedded and would depend on the reader's fonts).
"""

from __future__ import annotations

import io
import threading
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

from monitor.reports.document import Column, Document, Section

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = Path(__file__).with_name("fonts") / "wqy-microhei.ttc"
_lock = threading.Lock()


def register_font() -> str:
    """Register the embedded Chinese font with ReportLab once per process; return its name."""
    with _lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE), subfontIndex=0))
    return FONT_NAME


def format_value(value: Any, kind: str) -> str:
    """A cell as text: money with thousands separators, rates as percentages, dates ISO."""
    if value is None or value == "":
        return "—" if kind != "text" else ""
    if kind == "money":
        return f"{Decimal(str(value)):,.2f}"
    if kind == "rate":
        return f"{Decimal(str(value)) * 100:.2f}%"
    if kind in ("number", "score"):
        return f"{Decimal(str(value)):.1f}"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4),
        "line": ParagraphStyle("line", fontName=font, fontSize=9, leading=13),
        "heading": ParagraphStyle("heading", fontName=font, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4),
        "cell": base,
        "num": ParagraphStyle("num", parent=base, alignment=2),
        "head": ParagraphStyle("head", parent=base, textColor=colors.white),
    }


def _table(section: Section, styles: dict[str, ParagraphStyle], width: float) -> LongTable:
    cols: list[Column] = section.columns
    total = sum(c.width for c in cols)
    widths = [width * c.width / total for c in cols]
    data = [[Paragraph(escape(c.title), styles["head"]) for c in cols]]
    for row in section.rows:
        data.append([Paragraph(escape(format_value(row.get(c.key), c.kind)),
                               styles["cell" if c.kind in ("text", "date") else "num"]) for c in cols])
    # splitInRow: a row taller than a page (a breach answered by several long written explanations)
    # runs on to the next page; without it reportlab refuses the whole document (LayoutError)
    table = LongTable(data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#35506b")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b4")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f5f8")]),
    ])
    return table


def render(doc: Document) -> bytes:
    """The document as PDF bytes (A4 landscape, headers repeated on every page)."""
    font = register_font()
    styles = _styles(font)
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=14 * mm, title=doc.title, author="政务履约监测",
                            subject=doc.title)
    story: list[Any] = [Paragraph(escape(doc.title), styles["title"])]
    story += [Paragraph(escape(line), styles["line"]) for line in doc.lines]
    for section in doc.sections:
        story.append(Paragraph(escape(section.title), styles["heading"]))
        if section.note:
            story.append(Paragraph(escape(section.note), styles["line"]))
        if section.rows:
            story.append(_table(section, styles, pdf.width))
        else:
            story.append(Paragraph("（无）", styles["line"]))
        story.append(Spacer(1, 4 * mm))

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawRightString(landscape(A4)[0] - 12 * mm, 7 * mm, f"第 {canvas.getPageNumber()} 页")
        canvas.drawString(12 * mm, 7 * mm, doc.title)
        canvas.restoreState()

    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
