"""Layout and truth helpers for the held-out contracts (留出集): reportlab with STSong-Light.

A contract is a list of blocks (``P`` paragraph, ``T`` ruled table, ``BREAK``); obligations
are attached to the block that states them, so each obligation's truth ``page`` is the page
on which that block begins.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_W, PAGE_H = A4
LEFT, RIGHT = 22 * mm, PAGE_W - 22 * mm
TOP, BOTTOM = PAGE_H - 24 * mm, 22 * mm

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(first17: str) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015) from its first 17 characters."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return first17 + _USCC_CHARS[(31 - total % 31) % 31]


def ob(kind: str, amount: str | None, due: str | tuple[str, int, str], percent: str | None = None) -> dict:
    """A government obligation in the corpus truth format; ``due`` is an ISO date or (event, offset, unit)."""
    if isinstance(due, str):
        due_d: dict[str, Any] = {"date": due}
    else:
        due_d = {"event": due[0], "offset": due[1], "unit": due[2]}
    return {"kind": kind, "debtor": "government", "amount": amount, "percent": percent, "due": due_d}


@dataclass
class P:
    """A paragraph; a newline in ``text`` is a hard line break inside the clause."""

    text: str
    obs: list[dict] = field(default_factory=list)
    center: bool = False
    size: float = 10.5

    def __init__(self, text: str, *obs: dict, center: bool = False, size: float = 10.5) -> None:
        self.text, self.obs, self.center, self.size = text, list(obs), center, size


@dataclass
class T:
    """A ruled table; ``obs`` maps a row index (0 = header) to that row's obligations."""

    rows: list[list[str]]
    widths_mm: list[float]
    obs: dict[int, list[dict]] = field(default_factory=dict)


BREAK = object()


@dataclass
class Doc:
    name: str
    kind: str
    title: str
    code: str
    amount: str
    signed_on: str
    parties: list[tuple[str, str, str]]  # (side, name, uscc)
    blocks: list[Any]


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    for hard in text.split("\n"):
        current = ""
        for ch in hard:
            if current and pdfmetrics.stringWidth(current + ch, FONT, size) > width:
                lines.append(current)
                current = ch
            else:
                current += ch
        lines.append(current)
    return lines


def render(doc: Doc) -> tuple[bytes, dict]:
    """The PDF bytes and the truth JSON of one held-out contract."""
    pages: list[list[tuple]] = [[]]
    y = TOP
    obligations: list[dict] = []

    def need(h: float) -> None:
        nonlocal y
        if y - h < BOTTOM:
            pages.append([])
            y = TOP

    for block in doc.blocks:
        if block is BREAK:
            pages.append([])
            y = TOP
            continue
        if isinstance(block, P):
            lead = block.size + 6.5
            first = True
            for line in _wrap(block.text, RIGHT - LEFT, block.size):
                need(lead)
                if first:
                    obligations += [dict(o, page=len(pages)) for o in block.obs]
                    first = False
                x = (PAGE_W - pdfmetrics.stringWidth(line, FONT, block.size)) / 2 if block.center else LEFT
                pages[-1].append(("t", x, y - block.size, line, block.size))
                y -= lead
            y -= 2
            continue
        size, pad = 9.0, 2.0
        lead = size + 4
        widths = [w * mm for w in block.widths_mm]
        for r, row in enumerate(block.rows):
            cells = [_wrap(str(c), w - 2 * pad, size) for c, w in zip(row, widths, strict=True)]
            height = max(len(c) for c in cells) * lead + 2 * pad
            need(height)
            obligations += [dict(o, page=len(pages)) for o in block.obs.get(r, [])]
            ops = pages[-1]
            right = LEFT + sum(widths)
            ops.append(("l", LEFT, y, right, y))
            ops.append(("l", LEFT, y - height, right, y - height))
            x = LEFT
            for k, w in enumerate(widths):
                ops.append(("l", x, y, x, y - height))
                for j, part in enumerate(cells[k]):
                    ops.append(("t", x + pad, y - pad - size - j * lead, part, size))
                x += w
            ops.append(("l", x, y, x, y - height))
            y -= height
        y -= 8

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for number, ops in enumerate(pages, start=1):
        for op in ops:
            if op[0] == "l":
                c.setLineWidth(0.6)
                c.line(*op[1:])
            else:
                c.setFont(FONT, op[4])
                c.drawString(op[1], op[2], op[3])
        c.setFont(FONT, 9)
        c.drawCentredString(PAGE_W / 2, 11 * mm, f"— {number} —")
        c.showPage()
    c.save()
    truth = {
        "contract": {
            "kind": doc.kind, "title": doc.title, "code": doc.code, "amount": doc.amount,
            "signed_on": doc.signed_on,
            "parties": [{"side": s, "name": n, "uscc": u} for s, n, u in doc.parties],
        },
        "obligations": obligations,
    }
    return buf.getvalue(), truth
