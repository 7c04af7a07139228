"""Pure PDF extraction for the contract compliance monitor (合同文本解析).

Bytes in, data out: no Flask, no database. ``extract_document`` returns the extraction JSON
of DESIGN.md §5; bad files raise :class:`PdfError`.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from parsers.extract import extract_document, extract_text
from parsers.pdf import MAX_PAGES, PdfError, ProgressCallback, read_pdf

PARSER_VERSION = "1.174.0"

__all__ = [
    "PARSER_VERSION",
    "PdfError",
    "extract_document",
    "extract_path",
    "extract_text",
    "read_pdf",
]


def extract_path(
    path: str | PathLike[str], *, on_page: ProgressCallback | None = None, max_pages: int = MAX_PAGES
) -> dict:
    """Read the PDF at ``path`` and return its extraction JSON (see :func:`extract_document`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PdfError("unreadable", f"无法读取文件：{path} / cannot read the file: {exc.strerror or exc}") from exc
    return extract_document(data, on_page=on_page, max_pages=max_pages)
