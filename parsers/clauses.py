"""Pages → an ordered stream of clauses (条款) and tables (表格), each with its page.

Lines broken mid-sentence are joined across line and page breaks; ruled tables come from
pdfplumber, and tables laid out with spaces only (or read by OCR) are recognised from their
header line. Continuation tables on the next page inherit the header of the table before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.numbers import UNIT_SCALE, find_dates, to_decimal
from parsers.pdf import PageText
from parsers.text import (
    HEADING_RE,
    LABEL,
    LABEL_LINE_RE,
    clause_label,
    clause_number,
    collapse_spaces,
    full_line_width,
    join_lines,
    split_sentences,
    starts_clause,
)

HEADER_WORDS = re.compile(
    r"序号|编号|时间|日期|期限|金额|费用|名称|项目|内容|比例|阶段|节点|事项|款项|类别|责任|单位|数量|单价|备注|说明|条件|年度|期数|期次"
    # 起止期间, 第一期（万元）: a column's money unit in brackets
    r"|期间|[(（](?:" + "|".join(u for u in UNIT_SCALE if u.endswith("元")) + r")[)）]$"
    # 第一期（45%） | 第一期时限: an instalment's share, and its time
    r"|时限|时点|服务费|[(（]\d{1,3}(?:\.\d+)?%[)）]$"
    # 分季度支付 spanning 第一季度 | 第二季度 | …, 付款比例 spanning 本笔 | 累计: a sub-column's label
    r"|^第[一二三四1-4]季度$|^[上下]半年(?:度)?$|^(?:本笔|本期|本次|累计)$"
)


@dataclass
class Clause:
    """One paragraph of body text; ``page`` is where it begins."""

    text: str
    page: int
    heading: str = ""
    label: str = ""

    @property
    def sentences(self) -> list[str]:
        return split_sentences(self.text)


@dataclass
class TableBlock:
    """A table: ``header`` (may be empty) and data ``rows``; ``intro`` is the clause before it."""

    header: list[str]
    rows: list[list[str]]
    page: int
    row_pages: list[int] = field(default_factory=list)
    intro: str = ""
    heading: str = ""

    def page_of(self, n: int) -> int:
        """The page row ``n`` stands on (a table carried over a page break spans two)."""
        return self.row_pages[n] if n < len(self.row_pages) else self.page


Block = Clause | TableBlock


def looks_like_header(cells: list[str]) -> bool:
    """A row of short labels (序号, 支付时间, 金额（元）) rather than data."""
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2:
        return False
    hits = sum(1 for c in filled if HEADER_WORDS.search(c))
    data = sum(1 for c in filled if find_dates(c) or to_decimal(c.replace("元", "")) is not None)
    return hits >= max(1, len(filled) // 3) and data == 0


def _split_cells(line: str) -> list[str]:
    return [c for c in re.split(r"\s+", line.strip()) if c]


def _text_table_header(line: str) -> list[str] | None:
    if re.search(r"[，。；]", line) or starts_clause(line):
        return None
    cells = _split_cells(line)
    if len(cells) < 3 or any(len(c) > 12 for c in cells):
        return None
    return cells if looks_like_header(cells) else None


def _find_text_tables(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], dict[int, TableBlock]]:
    """Space-aligned tables among the lines: returns the remaining lines and the tables keyed by
    the index of the line they replace."""
    out: list[tuple[int, str]] = []
    tables: dict[int, TableBlock] = {}
    i = 0
    while i < len(lines):
        page, line = lines[i]
        header = _text_table_header(line)
        if header:
            rows: list[list[str]] = []
            pages: list[int] = []
            j = i + 1
            while j < len(lines):
                cells = _split_cells(lines[j][1])
                if len(cells) != len(header) or _text_table_header(lines[j][1]):
                    break
                rows.append(cells)
                pages.append(lines[j][0])
                j += 1
            if rows:
                tables[len(out)] = TableBlock(header, rows, page, pages)
                out.append((page, ""))
                i = j
                continue
        out.append((page, line))
        i += 1
    return out, tables


_CLAUSE_NO_RE = re.compile(r"^(?:条款号|条款编号|条号|条款序号)$")
_CLAUSE_BODY_RE = re.compile(r"^(?:专用约定|约定内容|条款内容|具体约定|专用条款内容)$")


def _is_clause_table(header: list[str]) -> bool:
    """A table of clauses (专用合同条款 laid out as 条款号 | 条款名称 | 专用约定), not of figures."""
    cells = [re.sub(r"\s+", "", h) for h in header]
    return any(_CLAUSE_NO_RE.match(c) for c in cells) and any(_CLAUSE_BODY_RE.match(c) for c in cells)


_ITEM_END_RE = re.compile(rf"[；;](?={LABEL})")  # 首次支付：【2026年7月】；末次支付：…


def _is_form_item(text: str) -> bool:
    """An item of a form filled in (付款时间：【每半年度首月的20日前】；, 预付款扣回方式：■不扣回 □按进度款比例扣回。)."""
    return bool(LABEL_LINE_RE.match(text)) and not starts_clause(text) and re.search(r"[【■□]", text) is not None


def build_blocks(pages: list[PageText]) -> list[Block]:
    """Clauses and tables in reading order."""
    # lines with table markers: (page, text) and (page, None, table)
    stream: list[tuple[int, str | None, object]] = []
    for page in pages:
        anchors: dict[int, list] = {}
        for table in page.tables:
            anchors.setdefault(table.anchor, []).append(table)
        for idx, line in enumerate(page.lines):
            for table in anchors.pop(idx, []):
                stream.append((page.number, None, table))
            stream.append((page.number, line, None))
        for rest in anchors.values():
            for table in rest:
                stream.append((page.number, None, table))

    width = full_line_width(line for _, line, _ in stream if line)
    blocks: list[Block] = []
    heading = ""
    run: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal heading
        if not run:
            return
        lines, text_tables = _find_text_tables(run)
        segment: list[tuple[int, str]] = []
        for k, (pg, ln) in enumerate(lines):
            if k in text_tables:
                _emit_paragraphs(segment)
                segment = []
                _add_table(text_tables[k])
            else:
                segment.append((pg, ln))
        _emit_paragraphs(segment)
        run.clear()

    def _emit_paragraphs(segment: list[tuple[int, str]]) -> None:
        nonlocal heading
        for para in join_lines(segment, width):
            text = collapse_spaces(para.text)
            prev = blocks[-1] if blocks else None
            if isinstance(prev, Clause) and _is_form_item(text) and clause_number(prev.text):
                # 12.2.1 预付款 / 预付款支付比例或金额：【签约合同价的10%…】；/ 预付款支付期限：【合同签订之日起14天内】；
                # a form's filled-in items are its numbered clause, read as one sentence
                prev.text = (prev.text[:-1] + "，" if prev.text.endswith(("；", ";")) else prev.text) \
                    + _ITEM_END_RE.sub("，", text)
                continue
            if HEADING_RE.match(text) and len(text) <= 40 and not re.search(r"[，。；]", text):
                heading = text
            blocks.append(Clause(text, para.page, heading, clause_label(text)))

    def _add_table(table: TableBlock) -> None:
        prev = blocks[-1] if blocks else None
        if not table.header and isinstance(prev, TableBlock) and table.rows and len(prev.header) == len(table.rows[0]):
            table.header = list(prev.header)
        if isinstance(prev, Clause):
            table.intro = prev.text
        elif isinstance(prev, TableBlock) and prev.header == table.header:
            table.intro = prev.intro
        table.heading = heading
        if _is_clause_table(table.header):
            # 条款号 | 条款名称 | 专用约定: each row is a clause of the contract, read as one
            for n, row in enumerate(table.rows):
                text = collapse_spaces(" ".join(c.strip() for c in row if c.strip()))
                blocks.append(Clause(text, table.page_of(n), heading, clause_label(text)))
            return
        blocks.append(table)

    for pg, line, table in stream:
        if table is None:
            run.append((pg, line))
            continue
        flush()
        rows = [r for r in table.rows if any(c.strip() for c in r)]
        if not rows:
            continue
        header: list[str] = []
        if looks_like_header(rows[0]):
            header, rows = rows[0], rows[1:]
            if rows and "" in header and looks_like_header(rows[0]):
                # a header over two rows (应付款项 spanning 占合同总价比例 | 金额（千元）): each column's labels
                header, rows = [a + b for a, b in zip(header, rows[0], strict=False)], rows[1:]
        if not rows:
            # a header alone at the foot of a page: kept for the rows on the next page
            _add_table(TableBlock(header, [], pg, []))
            continue
        _add_table(TableBlock(header, rows, pg, [pg] * len(rows)))
    flush()
    return [b for b in blocks if not (isinstance(b, TableBlock) and not b.rows)] if blocks else []


# 勘误表 | 序号 | 位置 | 原文 | 更正为: a table of corrections both parties signed
_ERRATA_HEADER_RE = re.compile(r"原文|原表述|原内容")
_CORRECTED_HEADER_RE = re.compile(r"更正为|更正后|改为|修改为|勘误为")
_WHERE_LABEL_RE = re.compile(r"第(?P<label>[^第条款项\s]{1,8}?)(?:条|款|项)|^(?P<bare>[^第条款项\s]{1,8}?)(?:条|款|项)")


# 甲方于终验合格之日起30日〔手写修改为：15日〕内无息退还: a figure corrected by hand in the text, the correction in brackets
_HAND_CORRECTED_RE = re.compile(r"(?P<old>[\d,.]+[\u4e00-\u9fff%]{0,4}?)\s*[〔［\[]\s*(?:手写|手工)?(?:修改|更正|改)为[：:]?\s*"
                                r"(?P<new>[\d,.]+[\u4e00-\u9fff%]{0,4}?)\s*[〕］\]]")


def apply_hand_corrections(blocks: list[Block]) -> list[Block]:
    """``blocks`` with each figure a bracket corrects (30日〔手写修改为：15日〕) written as corrected (15日), in clauses,
    the copies tables keep of the clauses before them, and table cells."""
    def corrected(text: str) -> str:
        return _HAND_CORRECTED_RE.sub(lambda m: m.group("new"), text)
    for b in blocks:
        if isinstance(b, Clause):
            b.text = corrected(b.text)
        else:
            b.intro, b.rows = corrected(b.intro), [[corrected(c) for c in row] for row in b.rows]
    return blocks


def apply_errata(blocks: list[Block]) -> list[Block]:
    """``blocks`` with the corrections of an errata table (勘误表: 位置 | 原文 | 更正为) written into the clauses they
    correct: the clause the 位置 names by its label (第肆・一条 → the clause opening 肆・一), else the one clause holding
    the old words. The errata table itself is left out, its rows owing nothing."""
    errata = [b for b in blocks if isinstance(b, TableBlock)
              and any(_ERRATA_HEADER_RE.search(h) for h in b.header) and any(_CORRECTED_HEADER_RE.search(h) for h in b.header)]
    if not errata:
        return blocks
    clauses = [b for b in blocks if isinstance(b, Clause)]
    for table in errata:
        old_col = next(i for i, h in enumerate(table.header) if _ERRATA_HEADER_RE.search(h))
        new_col = next(i for i, h in enumerate(table.header) if _CORRECTED_HEADER_RE.search(h))
        where_col = next((i for i, h in enumerate(table.header) if re.search(r"位置|条款|出处", h)), None)
        for row in table.rows:
            if max(old_col, new_col) >= len(row) or not row[old_col].strip():
                continue
            old, new = row[old_col].strip(), row[new_col].strip()
            holding = [c for c in clauses if old in c.text]
            # 第肆・一条 → 肆・一; 专用条款第8.2款 → 8.2 (the last 第…款 the cell names)
            found = list(_WHERE_LABEL_RE.finditer(row[where_col])) if where_col is not None and where_col < len(row) else []
            label = (found[-1].group("label") or found[-1].group("bare")).replace("·", "・") if found else None
            named = [c for c in holding if label and re.match(re.escape(label) + r"(?![\d.．・])",
                                                              c.text.lstrip().replace("·", "・"))]
            for clause in named or (holding if len(holding) == 1 else []):
                before = clause.text
                clause.text = before.replace(old, new, 1)
                for b in blocks:  # (a table's intro is a copy of the clause before it)
                    if isinstance(b, TableBlock) and old in b.intro and b.intro in before:
                        b.intro = b.intro.replace(old, new, 1)
    return [b for b in blocks if not any(b is t for t in errata)]
