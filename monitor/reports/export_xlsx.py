"""Excel export (.xlsx, openpyxl): one worksheet per section, frozen header row, number formats."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from monitor.reports.document import Document, Section

FORMATS = {"money": "#,##0.00", "rate": "0.00%", "date": "yyyy-mm-dd", "int": "0", "number": "0.0",
           "score": "0.0"}
HEADER_ROW = 3  # row 1: title, row 2: context, row 3: column headings, data from row 4
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _cell_value(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind in ("money", "rate", "number", "score") and not isinstance(value, Decimal | int | float):
        return Decimal(str(value))
    if kind == "date" and isinstance(value, datetime):
        return value.date()
    if kind == "text" and not isinstance(value, str):
        return str(value)
    return value


def _sheet(wb: Workbook, doc: Document, section: Section, first: bool) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = section.sheet[:31]
    ws.cell(row=1, column=1, value=f"{doc.title} — {section.title}").font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value="　".join(doc.lines) + (f"　{section.note}" if section.note else ""))
    for col, column in enumerate(section.columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=column.title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = max(column.width, len(column.title) * 2 + 2)
    for r, row in enumerate(section.rows, start=HEADER_ROW + 1):
        for col, column in enumerate(section.columns, start=1):
            cell = ws.cell(row=r, column=col, value=_cell_value(row.get(column.key), column.kind))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # entered text starting with "=" stays text, never a formula
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
            if column.kind == "text" and column.width >= 24:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    if section.rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(section.columns))}{HEADER_ROW + len(section.rows)}"


def render(doc: Document) -> bytes:
    """The workbook as bytes."""
    wb = Workbook()
    for i, section in enumerate(doc.sections):
        _sheet(wb, doc, section, i == 0)
    wb.properties.title = doc.title
    wb.properties.created = datetime.now()
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
