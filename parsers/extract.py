"""The whole extraction: PDF bytes → the extraction JSON of DESIGN.md §5 (合同解析结果)."""

from __future__ import annotations

from parsers.clauses import Clause, TableBlock, build_blocks
from parsers.fields import extract_fields
from parsers.obligations import ObligationExtractor
from parsers.pdf import MAX_PAGES, PdfText, ProgressCallback, read_pdf


def extract_text(pdf: PdfText) -> dict:
    """Contract fields and candidate obligations from already-read pages."""
    blocks = build_blocks(pdf.pages)
    clauses = [b for b in blocks if isinstance(b, Clause)]
    first = next((p.raw_lines for p in pdf.pages if p.raw_lines), [])
    all_lines = [ln for p in pdf.pages for ln in p.raw_lines]
    fields = extract_fields(first, all_lines, [c.text for c in clauses])
    extractor = ObligationExtractor(fields)
    extractor.learn(clauses)
    for block in blocks:
        if isinstance(block, TableBlock):
            extractor.add_table(block)
        else:
            extractor.add_clause(block)
    warnings = list(pdf.warnings) + fields.warnings
    if fields.amount is None and any(p.lines for p in pdf.pages):
        warnings.append("未找到合同金额 / contract amount not found")
    if fields.signed_on is None and any(p.lines for p in pdf.pages):
        warnings.append("未找到签订日期 / signing date not found")
    return {
        "contract": fields.as_json(),
        "obligations": [ob.as_json() for ob in extractor.found],
        "pages": len(pdf.pages),
        "warnings": warnings,
        "needs_ocr": pdf.needs_ocr,
    }


def extract_document(data: bytes, *, on_page: ProgressCallback | None = None, max_pages: int = MAX_PAGES) -> dict:
    """PDF bytes → the extraction JSON (contract, obligations, pages, warnings, needs_ocr).

    Raises :class:`parsers.pdf.PdfError` for a file that is not a readable PDF.
    """
    return extract_text(read_pdf(data, on_page=on_page, max_pages=max_pages))
