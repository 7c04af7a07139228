"""Choosing the exporter for a format (导出格式)."""

from __future__ import annotations

from dataclasses import dataclass

from contracts.core.errors import DomainError
from monitor.reports import export_csv, export_pdf, export_xlsx
from monitor.reports.document import Document

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}
FILE_FORMATS = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str


def render(doc: Document, fmt: str) -> Rendered:
    """Render ``doc`` as ``fmt`` (xlsx, pdf or csv)."""
    renderers = {"xlsx": export_xlsx.render, "pdf": export_pdf.render, "csv": export_csv.render}
    if fmt not in renderers:
        raise DomainError.field("format", f"不支持的导出格式 {fmt}", f"unsupported format {fmt!r}")
    return Rendered(renderers[fmt](doc), CONTENT_TYPES[fmt], f"{doc.filename}.{fmt}")
