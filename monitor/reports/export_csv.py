"""CSV export of a report's main table (the scoreboard): UTF-8 with BOM so Excel reads the Chinese.

The header row holds the field names of the JSON API (``payments_due``, ``on_time_rate``...), so
scripts can read the CSV and the JSON alike; money has two decimals, rates are fractions (0.6667).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from monitor.reports.document import Document

# A text cell starting with one of these is read as a formula by spreadsheet programs
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "money":
        return f"{Decimal(str(value)):.2f}"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if kind == "text" and text.startswith(FORMULA_STARTS):
        # entered text (a contract title, an official's name) never runs as a formula (CSV injection)
        return "'" + text
    return text


def render(doc: Document) -> bytes:
    """The document's first section as CSV bytes."""
    section = doc.sections[0]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.key for c in section.columns])
    for row in section.rows:
        writer.writerow([_text(row.get(c.key), c.kind) for c in section.columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
