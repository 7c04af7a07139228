"""The whole extraction: PDF bytes → the extraction JSON of DESIGN.md §5 (合同解析结果)."""

from __future__ import annotations

import itertools
import re

from parsers.clauses import Clause, TableBlock, apply_errata, apply_hand_corrections, build_blocks
from parsers.fields import extract_fields, is_signature_label
from parsers.obligations import ObligationExtractor
from parsers.pdf import MAX_PAGES, PdfText, ProgressCallback, Table, read_pdf

_LABEL_CELL_RE = re.compile(r"^[\u4e00-\u9fff()（）/、\s]{2,12}[：:]?$")
_LABEL_WORD_RE = re.compile(r"方|人|名称|代码|编号|日期|时间|金额|价|地址|住所|电话|代表|单位")


def table_label_lines(table: Table) -> list[str]:
    """Rows of a form-like table as "label：value" lines (甲方 | 某某局 → 甲方：某某局), so that
    parties, codes and dates laid out in a grid are read like text. A row holding two
    label/value pairs side by side is read column by column (甲方 block, then 乙方 block)."""
    groups: dict[int, list[str]] = {}
    for row in table.rows:
        cells = [c.strip() for c in row]
        for i, (label, value) in enumerate(itertools.pairwise(cells)):
            if label and value and _LABEL_CELL_RE.match(label) and _LABEL_WORD_RE.search(label) \
                    and not value.endswith(("：", ":")):
                groups.setdefault(i // 2, []).append(f"{label.rstrip('：:')}：{value}")
    return [line for key in sorted(groups) for line in groups[key]]


_SIGNED_AT_HEADER_RE = re.compile(r"(?:电子)?(?:签章|签署|签字|签名)(?:时间|日期)")


def signature_columns(table: Table) -> list[str]:
    """A signature table's cells column by column (甲方（盖章） / 某某局 / …（签字）： / 日期：…, then
    乙方's), so its dates are read as a signature block's; nothing for any other table."""
    rows = [[c.strip() for c in row] for row in table.rows]
    # 签署方 | 单位名称 | 签章状态 | 签章时间: an 电子签章 record, one row per party with its timestamp
    if not any(is_signature_label(cell) or _SIGNED_AT_HEADER_RE.fullmatch(cell) for row in rows for cell in row):
        return []
    width = max((len(row) for row in rows), default=0)
    return [row[col] for col in range(width) for row in rows if col < len(row) and row[col]]


def extract_text(pdf: PdfText) -> dict:
    """Contract fields and candidate obligations from already-read pages."""
    blocks = apply_hand_corrections(apply_errata(build_blocks(pdf.pages)))
    clauses = [b for b in blocks if isinstance(b, Clause)]
    first = next((p.raw_lines for p in pdf.pages if p.raw_lines), [])
    all_lines: list[str] = []
    form_lines: list[str] = []
    signatures: list[str] = []
    for page in pdf.pages:
        all_lines += page.raw_lines
        for table in page.tables:
            lines = table_label_lines(table)
            all_lines += lines
            form_lines += lines
            signatures += signature_columns(table)
    if not first and form_lines:
        first = form_lines
    fields = extract_fields(first, all_lines, [c.text for c in clauses] + form_lines, signatures)
    extractor = ObligationExtractor(fields)
    extractor.learn(clauses, [b for b in blocks if isinstance(b, TableBlock)])
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
