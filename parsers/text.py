"""Text normalisation (规范化): NFKC, broken lines, running headers and footers, clauses.

PDF text breaks lines in the middle of sentences ("该价款已包\\n含", "计人民币\\n1,966,390.00元")
and repeats headers and footers on every page. This module turns per-page lines into
paragraphs (one clause each, 条款) with the page where each begins, and paragraphs into
sentences.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK_RE = re.compile(f"[{_CJK_CLASS}]")
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—～·"
TERMINALS = "。；;！？!?"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\x02\x03"), None)
# East Asian wide and full-width characters (CJK, kana, hangul, full-width forms)
_WIDE_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u2018\u2019\u201c\u201d\u2026\u2014"
    "\U00020000-\U0003fffd]"
)


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph."""
    return bool(_CJK_RE.match(ch))


def display_width(line: str) -> int:
    """Width in half-width cells (a CJK character counts 2)."""
    return len(line) + len(_WIDE_RE.findall(line))


def normalize(text: str) -> str:
    """NFKC (Kangxi radicals, full-width digits, ％ → %), but keep the Chinese comma, colon
    and semicolon apart from ASCII ones so that 1,200 (or 1,⏎200 wrapped) stays a number; \\r\\n → \\n."""
    text = text.translate(_ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text)
    # a number wrapped after its thousands comma (计1,⏎452,632.40元), or before it (人民币8⏎,000万元 in a
    # narrow cell), stays one number
    text = re.sub(r"(\d) *\n *,(?=\d{3}(?!\d))", r"\1,\n", text)
    text = re.sub(r"(?<!\d),|,(?!\d| *\n *\d{3}(?!\d))", "，", text)
    text = re.sub(r";", "；", text)
    text = re.sub(r"(?<!\d):|:(?!\d)", "：", text)
    text = text.replace("\t", " ").replace("\xa0", " ")
    return text


_TIGHT = f"{_CJK_CLASS}{re.escape(CJK_PUNCT)}()\\[\\]%:：，,。；;、"
_LOOSE_SPACE_RE = re.compile(f"(?<=[{_TIGHT}])[ \u3000]+|[ \u3000]+(?=[{_TIGHT}])")
_LEADING_NUMBER_RE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){1,3})\s+(?=\D)")


def collapse_spaces(text: str) -> str:
    """Drop whitespace between CJK characters, digits and punctuation (30 个工作日 → 30个工作日,
    甲方 (采购人 ) → 甲方(采购人)); keep one space between Latin words and numbers and after a
    leading clause number (5.2 预付款)."""
    lead = _LEADING_NUMBER_RE.match(text)
    if lead:
        return lead.group(1) + " " + collapse_spaces(text[lead.end():])
    text = _LOOSE_SPACE_RE.sub("", text)
    return re.sub(r"[ \u3000]+", " ", text).strip()


_UNCHOSEN_RE = re.compile(r"□[^■□，。；;：:\s]*")  # □按月 ■按半年度: an option not chosen on a form
_FORM_MARKS = str.maketrans("", "", "■【】")  # 付款时间：【每半年度首月的20日前】: what is filled in


def compact(text: str) -> str:
    """Text for pattern matching: every whitespace run removed except between two ASCII
    letters or digits (where it becomes one space); a form's filled-in text without its 【】 and
    ■ marks, and without the options not chosen (□)."""
    if "□" in text or "■" in text or "【" in text:
        text = _UNCHOSEN_RE.sub("", text).translate(_FORM_MARKS)
    return re.sub(r"\s+", lambda m: " " if _ascii_pair(m) else "", text.strip())


def _ascii_pair(m: re.Match) -> bool:
    s, a, b = m.string, m.start(), m.end()
    return a > 0 and b < len(s) and s[a - 1].isascii() and s[a - 1].isalnum() and s[b].isascii() and s[b].isalnum()


# ---------------------------------------------------------------- headers and footers

_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-–—_\s]*\d{1,4}[-–—_\s]*|第\s*\d+\s*页\s*(?:[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+"
    r"|共\s*\d+\s*页\s*第\s*\d+\s*页|page\s*\d+(?:\s*of\s*\d+)?)\s*$",
    re.IGNORECASE,
)


def is_page_number(line: str) -> bool:
    """A line that is only a page number: "- 3 -", "3", "第3页 共10页", "3/10"."""
    return bool(_PAGE_NUMBER_RE.match(line))


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def running_line_mask(pages: list[list[str]], depth: int = 2) -> list[list[bool]]:
    """For each line of each page, True when it is a page number or a running header/footer.

    A line (digits masked) counts as running when it sits within ``depth`` non-empty lines of
    the top or bottom of at least half the pages with text, and of at least 3 pages.
    """
    counts: Counter[str] = Counter()
    with_text = 0
    for lines in pages:
        body = [ln for ln in lines if ln.strip()]
        if not body:
            continue
        with_text += 1
        counts.update({_shape(ln) for ln in body[:depth] + body[-depth:]})
    need = max(3, math.ceil(with_text * 0.5))
    running = {shape for shape, n in counts.items() if n >= need and shape}
    masks: list[list[bool]] = []
    for lines in pages:
        body_index = [i for i, ln in enumerate(lines) if ln.strip()]
        edge = set(body_index[:depth] + body_index[-depth:])
        masks.append([
            not ln.strip() or (i in edge and (is_page_number(ln) or _shape(ln) in running))
            for i, ln in enumerate(lines)
        ])
    return masks


def strip_running_lines(pages: list[list[str]], depth: int = 2) -> list[list[str]]:
    """Drop page numbers and header/footer lines repeated at the top or bottom of pages."""
    masks = running_line_mask(pages, depth)
    return [[ln for ln, drop in zip(lines, mask, strict=True) if not drop] for lines, mask in zip(pages, masks, strict=True)]


# ---------------------------------------------------------------- paragraphs and sentences

CN_ORDINAL = "一二三四五六七八九十百零〇"
CLAUSE_START_RE = re.compile(
    rf"^\s*(?:第[{CN_ORDINAL}\d]+\s*[条章节款部篇]"
    rf"|[（(]\s*[{CN_ORDINAL}\d]{{1,3}}\s*[)）]"
    rf"|[{CN_ORDINAL}]{{1,3}}\s*[、.]"
    r"|\d{1,2}(?:\.\d{1,2}){1,3}(?=\s|[\u4e00-\u9fff(（])(?![元万亿%])"
    r"|\d{1,2}\s*[、](?!\d)"
    r"|附件\s*\d*|附表\s*\d*)"
)
HEADING_RE = re.compile(rf"^\s*第[{CN_ORDINAL}\d]+\s*[条章节部篇]|^\s*附件|^\s*附表")
LABEL = r"[\u4e00-\u9fff()（）\s]{2,16}[：:]"  # 付款时间：, 统一社会信用代码：
LABEL_LINE_RE = re.compile(r"^\s*" + LABEL)
_CONTINUES = "，。、；：）)”’%》」』"
_OPENS = "，、（(“‘《「『"
_MID_SENTENCE_RE = re.compile(r"[\u4e00-\u9fff\d%）)]{2}[，,][^：:]{2,}$")


@dataclass
class Paragraph:
    """Consecutive lines joined into one clause; ``page`` is where it begins (1-based)."""

    text: str
    page: int
    lines: list[str] = field(default_factory=list)


def starts_clause(line: str) -> bool:
    """A line that opens a new clause: 1.2, 第三条, （一）, 一、, 附件."""
    return bool(CLAUSE_START_RE.match(line))


def full_line_width(lines: Iterable[str]) -> int:
    """The width of a full line of body text (90th percentile of line widths)."""
    widths = sorted(w for w in (display_width(ln.strip()) for ln in lines) if w >= 10)
    if not widths:
        return 0
    return widths[min(len(widths) - 1, int(len(widths) * 0.9))]


# 与四 / 按第三 / 见二: a line ending on a reference to a numbered clause, its item number on the next line
_SPLIT_REFERENCE_RE = re.compile(r"(?:与|按|见|依|依据|根据|按照|同|第)[一二三四五六七八九十]{1,3}$")


def should_join(prev: str, nxt: str, full_width: int, sentence: str = "") -> bool:
    """True when ``nxt`` continues the sentence that ``prev`` breaks off mid-way; ``sentence`` is
    the unfinished sentence ``prev`` ends, when it began on an earlier line of the paragraph."""
    prev, nxt = prev.rstrip(), nxt.strip()
    if not prev or not nxt:
        return False
    if prev[-1] in TERMINALS or prev[-1] in "：:":
        return False
    if nxt[0] in _CONTINUES:
        return True
    long_prev = full_width > 0 and display_width(prev) >= 0.8 * full_width
    if long_prev and _SPLIT_REFERENCE_RE.search(prev) and re.match(r"[（(][\d一二三四五六七八九十]{1,2}[)）]", nxt):
        return True  # …甲方与四 | （1）运行款同期退还: a reference to 四（1） wrapped, not a new item
    if starts_clause(nxt):
        return False
    if prev[-1] in _OPENS:
        return True
    if not long_prev:
        # a short line that has begun a sentence (a comma after its first words) and not
        # ended it was broken by hand: "…采购人于质保期满后两个月内" / "支付剩余的百分之十。"
        # (…7个 | 工作日内 | 支付首付款…: the short line ends a sentence begun on the wrapped line before)
        return _MID_SENTENCE_RE.search(sentence or prev) is not None and not LABEL_LINE_RE.match(nxt)
    if LABEL_LINE_RE.match(nxt) and not LABEL_LINE_RE.match(prev):
        return display_width(prev) >= 0.9 * full_width
    return True


def _unfinished(text: str) -> str:
    """The sentence ``text`` ends with, from after its last full stop or semicolon."""
    cut = max(text.rfind(t) for t in TERMINALS)
    return text[cut + 1:]


def _wrapped_thousands(tail: str, head: str) -> bool:
    """One comma between a digit ending a line and three digits starting the next: a number's thousands."""
    return (re.search(r"\d，?$", tail) is not None and re.match(r"，?\d{3}(?!\d)", head) is not None
            and tail.endswith("，") != head.startswith("，"))


def join_lines(lines: list[tuple[int, str]], full_width: int) -> list[Paragraph]:
    """Join (page, line) pairs into paragraphs across line and page breaks."""
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    for page, line in lines:
        line = line.strip()
        if not line:
            continue
        if current is not None and should_join(current.lines[-1], line, full_width, _unfinished(current.text)):
            glue = " " if current.text[-1:].isascii() and line[:1].isascii() and current.text[-1:].isalpha() \
                and line[:1].isalpha() else ""
            if _wrapped_thousands(current.text, line):
                # 人民币1⏎,200万元 / 人民币1,⏎200万元: the comma, read line by line, became the Chinese one
                current.text, line, glue = current.text.removesuffix("，"), line.removeprefix("，"), ","
            current.text += glue + line
            current.lines.append(line)
            continue
        current = Paragraph(line, page, [line])
        paragraphs.append(current)
    return paragraphs


_SENTENCE_SPLIT_RE = re.compile(r"(?<=[。；！？!?])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, cut after 。；！？ (the delimiter stays with its sentence)."""
    return [s for s in (part.strip() for part in _SENTENCE_SPLIT_RE.split(text)) if s]


_CLAUSE_NUMBER_RE = re.compile(
    rf"^\s*(?:\d{{1,2}}(?:\.\d{{1,2}}){{1,3}}|第[{CN_ORDINAL}\d]+\s*[条款]|[（(][{CN_ORDINAL}\d]{{1,3}}[)）]"
    rf"|[{CN_ORDINAL}]{{1,3}}、"
    # [D.2], 【1】, 〔1.1〕, 「一」: a number in brackets
    r"|[\[【〔「『〈][A-Za-z\d一二三四五六七八九十.．\-]{1,6}[\]】〕」』〉])\s*"
)
_LABEL_RE = re.compile(r"^([\u4e00-\u9fff（）()]{2,12})[：:]")


_NUMBER_RE = re.compile(r"^\s*第?\s*(\d{1,2}(?:\.\d{1,2}){0,3})(?![\d年月日%.．万元])\s*(?:条|款|项)?")
# 第二部分 通用合同条款, 专用条款（…）; 上编（合同协议书） / 下编 专用条件, the lower part prevailing
_PART_RE = re.compile(r"(?:第[一二三四五六七八九十\d]+部分)?(?:(上|下)编[（(]?[\u4e00-\u9fff]{0,8}[)）]?"
                      r"|[\u4e00-\u9fff]{0,12}?(通用|专用)(?:合同)?(?:条款|条件)(?:[（(][^）)]{0,12}[）)])?)")


def clause_number(text: str) -> str:
    """The number a clause opens with, as the 专用条款 cross-references it: "5.2 预付款：…" → "5.2",
    "第8.3款 履约保证金…" → "8.3", "第5条" → "5"; "" when it opens with none."""
    m = _NUMBER_RE.match(text)
    return m.group(1) if m else ""


def contract_part(text: str) -> str:
    """"general" for the heading of a contract's 通用(合同)条款 or 上编, "special" for its 专用(合同)条款 or 下编, else ""."""
    m = _PART_RE.fullmatch(re.sub(r"\s+", "", text))
    return "" if m is None else "general" if (m.group(1) or m.group(2)) in ("通用", "上") else "special"


def without_number(text: str) -> str:
    """A clause without the number it opens with: "5.2 其余人民币…" → "其余人民币…"."""
    return _CLAUSE_NUMBER_RE.sub("", text, count=1)


def clause_label(text: str) -> str:
    """The short label a clause opens with: "5.2 预付款：合同签订后…" → "预付款"."""
    body = without_number(text)
    m = _LABEL_RE.match(body)
    return m.group(1) if m else ""
