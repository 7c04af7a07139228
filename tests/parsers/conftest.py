"""PDF builders for the parser tests: reportlab with the CID font STSong-Light.

``ContractPdf`` lays out clauses, ruled tables, running headers and footers, faux-bold titles
(characters drawn twice) and page breaks that fall inside a clause, so that each test can
state its own document and its own truth.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from parsers import extract_document

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_W, PAGE_H = A4
LEFT = 20 * mm
RIGHT = PAGE_W - 20 * mm
TOP = PAGE_H - 22 * mm
BOTTOM = 20 * mm


@dataclass
class _Text:
    x: float
    y: float
    text: str
    size: float
    bold: str = ""  # "", "line" (whole line drawn twice) or "char" (every character twice)


@dataclass
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float


class ContractPdf:
    """A contract laid out page by page; ``build()`` returns the PDF bytes."""

    def __init__(self, *, header: str | None = None, footer: str | None = "第{page}页 共{pages}页",
                 size: float = 10.5, leading: float = 17) -> None:
        self.header = header
        self.footer = footer
        self.size = size
        self.leading = leading
        self.pages: list[list[_Text | _Line]] = [[]]
        self.y = TOP

    # -- layout ------------------------------------------------------

    def _wrap(self, text: str, width: float, size: float) -> list[str]:
        lines, current = [], ""
        for ch in text:
            if pdfmetrics.stringWidth(current + ch, FONT, size) > width and current:
                lines.append(current)
                current = ch
            else:
                current += ch
        if current:
            lines.append(current)
        return lines

    def _need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.page_break()

    def page_break(self) -> ContractPdf:
        self.pages.append([])
        self.y = TOP
        return self

    def lines_left(self) -> int:
        return int((self.y - BOTTOM) // self.leading)

    def para(self, text: str, *, bold: str = "", size: float | None = None, center: bool = False) -> ContractPdf:
        """A paragraph wrapped to the page width; it continues on the next page if it must."""
        size = size or self.size
        for line in self._wrap(text, RIGHT - LEFT, size):
            self._need(self.leading)
            x = LEFT
            if center:
                x = (PAGE_W - pdfmetrics.stringWidth(line, FONT, size)) / 2
            self.pages[-1].append(_Text(x, self.y - size, line, size, bold))
            self.y -= self.leading
        return self

    def paras(self, texts: Sequence[str]) -> ContractPdf:
        for text in texts:
            self.para(text)
        return self

    def fill_page(self, leave_lines: int = 1) -> ContractPdf:
        """Filler clauses (no deadlines, no money) until ``leave_lines`` lines are left."""
        n = 1
        while self.lines_left() > leave_lines:
            self.para(f"备注{n}：双方应当遵守国家有关法律法规和本合同的约定，诚实守信，全面履行各自的义务。")
            n += 1
        while self.lines_left() < leave_lines:
            self.page_break()
            self.fill_page(leave_lines)
        return self

    def table(self, rows: Sequence[Sequence[str]], widths_mm: Sequence[float], *, header_rows: int = 1,
              repeat_header: bool = True, size: float = 9) -> ContractPdf:
        """A ruled table; rows that do not fit go to the next page (with the header repeated)."""
        widths = [w * mm for w in widths_mm]
        pad, lead = 2.0, size + 4

        def cell_lines(row: Sequence[str]) -> list[list[str]]:
            return [self._wrap(str(cell), w - 2 * pad, size) or [""] for cell, w in zip(row, widths, strict=True)]

        def draw(row: Sequence[str]) -> None:
            wrapped = cell_lines(row)
            height = max(len(c) for c in wrapped) * lead + 2 * pad
            top = self.y
            x = LEFT
            ops = self.pages[-1]
            ops.append(_Line(LEFT, top, LEFT + sum(widths), top))
            ops.append(_Line(LEFT, top - height, LEFT + sum(widths), top - height))
            for k, w in enumerate(widths):
                ops.append(_Line(x, top, x, top - height))
                for j, part in enumerate(wrapped[k]):
                    ops.append(_Text(x + pad, top - pad - size - j * lead, part, size))
                x += w
                if k == len(widths) - 1:
                    ops.append(_Line(x, top, x, top - height))
            self.y -= height

        header = list(rows[:header_rows])
        for row in header:
            self._need(len(max(cell_lines(row), key=len)) * lead + 2 * pad)
            draw(row)
        for row in rows[header_rows:]:
            height = max(len(c) for c in cell_lines(row)) * lead + 2 * pad
            if self.y - height < BOTTOM:
                self.page_break()
                if repeat_header:
                    for h in header:
                        draw(h)
            draw(row)
        self.y -= self.leading / 2
        return self

    # -- output ------------------------------------------------------

    def build(self, *, encrypt: str | None = None) -> bytes:
        buf = io.BytesIO()
        kwargs = {}
        if encrypt:
            from reportlab.lib import pdfencrypt

            kwargs["encrypt"] = pdfencrypt.StandardEncryption(encrypt, ownerPassword=encrypt + "-owner")
        c = canvas.Canvas(buf, pagesize=A4, **kwargs)
        total = len(self.pages)
        for number, ops in enumerate(self.pages, start=1):
            if self.header:
                c.setFont(FONT, 9)
                c.drawString(LEFT, PAGE_H - 12 * mm, self.header)
            for op in ops:
                if isinstance(op, _Line):
                    c.setLineWidth(0.6)
                    c.line(op.x1, op.y1, op.x2, op.y2)
                    continue
                c.setFont(FONT, op.size)
                if op.bold == "char":
                    x = op.x
                    for ch in op.text:
                        c.drawString(x, op.y, ch)
                        c.drawString(x + 0.35, op.y, ch)
                        x += pdfmetrics.stringWidth(ch, FONT, op.size)
                elif op.bold == "line":
                    c.drawString(op.x, op.y, op.text)
                    c.drawString(op.x + 0.35, op.y, op.text)
                else:
                    c.drawString(op.x, op.y, op.text)
            if self.footer:
                c.setFont(FONT, 9)
                c.drawCentredString(PAGE_W / 2, 10 * mm, self.footer.format(page=number, pages=total))
            c.showPage()
        c.save()
        return buf.getvalue()


def scanned(pdf: bytes, dpi: int = 200, stamp: str | None = None, ruled: bool = False) -> bytes:
    """The same pages as images only (no text layer), like a scanner's output; ``stamp`` adds
    a small text line on top of each image (a page number stamped by the archive system),
    ``ruled`` a frame of vector lines (a form border)."""
    doc = pdfium.PdfDocument(pdf)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(len(doc)):
        page = doc[i]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        c.drawImage(ImageReader(image), 0, 0, width=PAGE_W, height=PAGE_H)
        if ruled:
            for k in range(6):
                c.line(LEFT, BOTTOM + k * 40 * mm, RIGHT, BOTTOM + k * 40 * mm)
        if stamp:
            c.setFont(FONT, 8)
            c.drawString(PAGE_W - 40 * mm, 8 * mm, stamp.format(page=i + 1))
        c.showPage()
        page.close()
    doc.close()
    c.save()
    return buf.getvalue()


def uscc(first17: str) -> str:
    """A valid unified social credit code from its first 17 characters."""
    from parsers.uscc import check_char

    return first17 + check_char(first17)


def government_obligations(result: dict) -> set[tuple]:
    """(kind, amount, due) of every obligation owed by the government, for comparing with truth."""
    out = set()
    for ob in result["obligations"]:
        if ob["debtor"] != "government":
            continue
        due = ob["due"]
        key = due["date"] if "date" in due else (due["event"], due["offset"], due["unit"])
        out.add((ob["kind"], ob["amount"], key))
    return out


@pytest.fixture
def contract_pdf() -> type[ContractPdf]:
    """The ContractPdf builder class."""
    return ContractPdf


@pytest.fixture
def scan() -> Callable[[bytes], bytes]:
    return scanned


@pytest.fixture
def make_uscc() -> Callable[[str], str]:
    return uscc


@pytest.fixture
def gov_obligations() -> Callable[[dict], set[tuple]]:
    return government_obligations


@pytest.fixture
def extract() -> Callable[..., dict]:
    return extract_document
