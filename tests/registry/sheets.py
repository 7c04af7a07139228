"""Building import files in tests: a workbook or CSV from plain rows."""

from __future__ import annotations

import csv
import io
from typing import Any


def workbook(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    """An .xlsx with one worksheet per entry; the header is the union of the rows' keys, in order."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        header: list[str] = []
        for row in rows:
            header += [k for k in row if k not in header]
        ws.append(header)
        for row in rows:
            ws.append([row.get(k) for k in header])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[dict[str, Any]], encoding: str = "utf-8") -> bytes:
    header: list[str] = []
    for row in rows:
        header += [k for k in row if k not in header]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row[k] for k in header])
    return out.getvalue().encode(encoding)
