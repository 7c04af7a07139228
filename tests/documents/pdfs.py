"""Small real contract PDFs for the document tests, drawn with reportlab (CID font STSong-Light)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from contracts.organisations.uscc import check_character

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

AGENCY = "清河县教育局"
AGENCY_USCC = "11330100MB0000001" + check_character("11330100MB0000001")
SUPPLIER = "清河智联科技有限公司"
SUPPLIER_USCC = "91330100MA0000002" + check_character("91330100MA0000002")

CONTRACT_PAGE_1 = [
    "政府采购合同",
    "合同编号：QH-CG-2024-017",
    f"采购人（甲方）：{AGENCY}",
    f"统一社会信用代码：{AGENCY_USCC}",
    f"供应商（乙方）：{SUPPLIER}",
    f"统一社会信用代码：{SUPPLIER_USCC}",
    "根据《中华人民共和国政府采购法》，甲乙双方就教学设备采购项目签订本合同。",
    "第一条 合同金额",
    "合同总价为人民币壹佰贰拾万元整（¥1,200,000.00）。",
    "第二条 交货与验收",
    "乙方应于合同签订后30日内交货，甲方应在交货后10个工作日内组织验收。",
]
CONTRACT_PAGE_2 = [
    "第三条 付款方式",
    "1. 合同签订后10日内，甲方向乙方支付合同总价的30%作为预付款，即人民币360,000.00元。",
    "2. 货物验收合格之日起10个工作日内，甲方向乙方支付合同总价的60%，即人民币720,000.00元。",
    "3. 质保期满后30日内，甲方向乙方支付合同总价的10%，即人民币120,000.00元。",
    "第四条 违约责任",
    "甲方逾期付款的，每日按应付未付款项的万分之五向乙方支付违约金。",
    "第五条 其他",
    "本合同一式六份，甲乙双方各执三份，自双方签字盖章之日起生效。",
    "签订日期：2024年3月15日",
]


def _page(c: canvas.Canvas, lines: Sequence[str], *, number: int | None = None) -> None:
    width, height = A4
    c.setFont(FONT, 11)
    y = height - 25 * mm
    for line in lines:
        c.drawString(20 * mm, y, line)
        y -= 8 * mm
    if number is not None:
        c.setFont(FONT, 9)
        c.drawCentredString(width / 2, 12 * mm, f"第 {number} 页")
    c.showPage()


def _table_page(c: canvas.Canvas, number: int) -> None:
    """A page with a ruled table (the slow path of the parser: pdfplumber reads tables)."""
    width, height = A4
    c.setFont(FONT, 11)
    c.drawString(20 * mm, height - 20 * mm, f"附件：设备清单（续{number}）")
    c.setFont(FONT, 9)
    rows, cols = 30, 5
    left, top, cw, rh = 20 * mm, height - 30 * mm, 34 * mm, 7.5 * mm
    for r in range(rows + 1):
        c.line(left, top - r * rh, left + cols * cw, top - r * rh)
    for k in range(cols + 1):
        c.line(left + k * cw, top, left + k * cw, top - rows * rh)
    for r in range(rows):
        cells = [f"{number}-{r + 1}", "多媒体教学一体机", "台", str(r % 7 + 1), f"{(r + 3) * 1000}.00"]
        for k, text in enumerate(cells):
            c.drawString(left + k * cw + 2 * mm, top - (r + 1) * rh + 2.2 * mm, text)
    c.drawCentredString(width / 2, 12 * mm, f"第 {number} 页")
    c.showPage()


def contract_pdf(*, table_pages: int = 0, title: str | None = None) -> bytes:
    """A two-page procurement contract with three government payments, plus optional table pages."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    page_1 = list(CONTRACT_PAGE_1)
    if title:
        page_1[0] = title
    _page(c, page_1, number=1)
    _page(c, CONTRACT_PAGE_2, number=2)
    for n in range(table_pages):
        _table_page(c, n + 3)
    c.save()
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    """A contract protected by a user password."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    buf = io.BytesIO()
    enc = StandardEncryption("secret-user-pw", ownerPassword="secret-owner-pw", strength=128)
    c = canvas.Canvas(buf, pagesize=A4, encrypt=enc, invariant=1)
    _page(c, CONTRACT_PAGE_1)
    c.save()
    return buf.getvalue()


def truncated_pdf() -> bytes:
    """The first half of a contract, as a broken upload leaves it."""
    data = contract_pdf()
    return data[: len(data) // 2]


def garbage_pdf() -> bytes:
    """Bytes that start like a PDF but are not one."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\nthis is not a PDF body\n%%EOF\n"


def bomb_pdf(pages: int = 2500) -> bytes:
    """A PDF bomb by page count: thousands of empty pages."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    for _ in range(pages):
        c.showPage()
    c.save()
    return buf.getvalue()


def png_bytes() -> bytes:
    """A real (tiny) PNG image."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"\x00\xff\xff\xff"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
