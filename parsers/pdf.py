"""PDF bytes → pages of text lines and tables (PDF文本提取).

Each page is read with pypdfium2 first (20–70× faster than pdfminer). pdfplumber takes over a
page only when it is needed or pypdfium2 cannot be trusted there:

* the page has ruled lines or rectangles → ``find_tables()`` / ``extract()`` for the tables and
  the text lines outside them;
* pypdfium2 silently dropped text objects (it de-duplicates repeated glyph runs: faux-bold
  titles, table cells with the same unit "台") → pdfplumber's text, with ``dedupe_chars()``
  when the page shows doubled characters (合合同同);
* pypdfium2 returns replacement or private-use characters.

When pdfplumber returns (almost) nothing on a page that pypdfium2 reads (a known pdfminer gap
with embedded CMaps), pypdfium2's text stays. Pages without a text layer but with images are
OCRed with tesseract (``parsers.ocr``) or reported with ``needs_ocr``. Running headers,
footers and page numbers are dropped. Bad input raises :class:`PdfError`.
"""

from __future__ import annotations

import io
import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers import ocr as ocr_mod
from parsers.text import normalize, running_line_mask

log = logging.getLogger(__name__)

MAX_PAGES = 2000
MAX_BYTES = 256 * 1024 * 1024
MAX_PAGE_OBJECTS = 100_000
TABLE_MIN_PATHS = 4
MIN_TEXT_CHARS = 5
SCAN_MAX_CHARS = 20

ProgressCallback = Callable[[int, int], None]
_PDFIUM_LOCK = threading.RLock()


class PdfError(Exception):
    """A PDF that cannot be read; ``code`` is machine-readable, ``message`` a one-line
    Chinese / English explanation."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f}"


@dataclass
class Table:
    """A ruled table: ``rows`` of cell strings; it sits before line ``anchor`` of its page."""

    rows: list[list[str]]
    anchor: int = 0


@dataclass
class PageText:
    """One physical page (``number`` is 1-based)."""

    number: int
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    source: str = "pdfium"
    raw_lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class PdfText:
    """The pages of a document, whether any page still needs OCR, and warnings."""

    pages: list[PageText]
    needs_ocr: bool = False
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- validation


def _check_bytes(data: bytes, max_bytes: int) -> None:
    if not data or not data.strip():
        raise PdfError("empty", "文件为空 / the file is empty")
    if len(data) > max_bytes:
        raise PdfError("too_large", f"文件过大（{_mb(len(data))} MB，上限 {_mb(max_bytes)} MB）"
                                    f" / file too large ({_mb(len(data))} MB, limit {_mb(max_bytes)} MB)")
    if b"%PDF-" not in data[:1024]:
        raise PdfError("not_pdf", "文件不是PDF / not a PDF file")
    if b"%%EOF" not in data[-2048:]:
        raise PdfError("truncated", "PDF文件不完整（可能被截断） / the PDF is truncated or incomplete")


def _open(data: bytes, max_pages: int) -> pdfium.PdfDocument:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's error code is process-global and can be stale: look at the file as well
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) and b"/Encrypt" in data:
            raise PdfError("encrypted", "PDF已加密，需要密码才能打开 / the PDF is encrypted (password required)") from exc
        if re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+0\b", data):
            raise PdfError("empty", "PDF没有页面 / the PDF has no pages") from exc
        raise PdfError("corrupt", "PDF文件已损坏，无法读取 / the PDF is corrupt and cannot be read") from exc
    try:
        count = len(doc)
    except Exception as exc:  # pragma: no cover - pdfium raises on broken page trees only
        doc.close()
        raise PdfError("corrupt", "PDF文件已损坏，无法读取 / the PDF is corrupt and cannot be read") from exc
    if count == 0:
        doc.close()
        raise PdfError("empty", "PDF没有页面 / the PDF has no pages")
    if count > max_pages:
        doc.close()
        raise PdfError("too_many_pages", f"PDF页数过多（{count}页，上限{max_pages}页）"
                                         f" / too many pages ({count}, limit {max_pages})")
    return doc


# ---------------------------------------------------------------- pypdfium2 pass


@dataclass
class _Probe:
    text: str = ""
    chars: int = 0
    text_objects: int = 0
    dropped: int = 0
    paths: int = 0
    images: int = 0
    objects: int = 0
    garbled: bool = False
    deferred: bool = False


_GARBLE_RE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")


def _probe(page: pdfium.PdfPage) -> _Probe:
    """An audit of a page's objects and, unless pdfplumber will read the page for its tables
    anyway, pypdfium2's text of it."""
    probe = _Probe()
    text_objects = []
    for obj in page.get_objects(max_depth=3):
        probe.objects += 1
        if probe.objects > MAX_PAGE_OBJECTS:
            break
        kind = obj.type
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            text_objects.append(obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            probe.paths += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            probe.images += 1
    probe.text_objects = len(text_objects)
    if probe.paths >= TABLE_MIN_PATHS and probe.text_objects and probe.objects <= MAX_PAGE_OBJECTS:
        probe.deferred = True  # a ruled page: pdfplumber reads it, pdfium's text only if that fails
        return probe
    _read_text(page, probe, text_objects)
    return probe


def _read_text(page: pdfium.PdfPage, probe: _Probe, text_objects: list | None = None) -> None:
    textpage = page.get_textpage()
    try:
        probe.text = textpage.get_text_range()
        probe.chars = sum(1 for ch in probe.text if not ch.isspace())
        for obj in text_objects or []:
            # an object whose glyphs pdfium left out of the text page (de-duplicated runs)
            if pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0) <= 2:
                probe.dropped += 1
    finally:
        textpage.close()
    probe.deferred = False
    if probe.chars:
        bad = len(_GARBLE_RE.findall(probe.text))
        probe.garbled = bad > max(2, probe.chars * 0.05)


def _deferred_text(doc: pdfium.PdfDocument, i: int, probe: _Probe) -> None:
    if probe.deferred:
        page = doc[i]
        try:
            _read_text(page, probe)
        finally:
            page.close()


def _lines(text: str) -> list[str]:
    return [ln for ln in (normalize(x).rstrip() for x in text.splitlines()) if ln.strip()]


# ---------------------------------------------------------------- pdfplumber pass


def doubled_ratio(line: str) -> float:
    """Share of characters that sit in doubled pairs (合合同同 → 1.0)."""
    chars = [ch for ch in line if not ch.isspace()]
    if len(chars) < 4:
        return 0.0
    paired, i = 0, 0
    while i < len(chars) - 1:
        if chars[i] == chars[i + 1]:
            paired += 2
            i += 2
        else:
            i += 1
    return paired / len(chars)


def has_doubled_chars(lines: list[str]) -> bool:
    """True when some line of four or more characters is mostly doubled (faux bold)."""
    return any(doubled_ratio(line) >= 0.8 for line in lines)


def _cell(text: str | None) -> str:
    if not text:
        return ""
    parts = [p.strip() for p in normalize(text).split("\n")]
    out = ""
    for part in parts:
        if out and part and out[-1].isascii() and part[0].isascii() and out[-1].isalpha() and part[0].isalpha():
            out += " "
        out += part
    return out


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _plumber_read(page, want_tables: bool) -> tuple[list[str], list[Table]]:
    found = page.find_tables() if want_tables else []
    boxes = [t.bbox for t in found]
    body = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    text_lines = body.extract_text_lines(return_chars=False)
    lines: list[str] = []
    tops: list[float] = []
    for item in text_lines:
        line = normalize(item["text"]).rstrip()
        if line.strip():
            lines.append(line)
            tops.append(item["top"])
    tables = []
    for t in found:
        rows = [[_cell(c) for c in row] for row in t.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            anchor = sum(1 for top in tops if top < t.bbox[1])
            tables.append(Table(rows, anchor))
    return lines, tables


def _plumber_page(page, want_tables: bool) -> tuple[list[str], list[Table], bool]:
    lines, tables = _plumber_read(page, want_tables)
    cells = [c for t in tables for r in t.rows for c in r]
    if has_doubled_chars(lines) or has_doubled_chars(cells):
        lines, tables = _plumber_read(page.dedupe_chars(), want_tables)
        return lines, tables, True
    return lines, tables, False


# ---------------------------------------------------------------- the reader


def read_pdf(
    data: bytes | str | os.PathLike[str],
    *,
    on_page: ProgressCallback | None = None,
    max_pages: int = MAX_PAGES,
    max_bytes: int = MAX_BYTES,
    ocr: bool = True,
) -> PdfText:
    """Read a PDF (bytes or a path) into pages of text lines and tables.

    ``on_page(done, total)`` is called once per finished page. Raises :class:`PdfError` for an
    empty file, a non-PDF, a truncated, corrupt or encrypted PDF, or one with more than
    ``max_pages`` pages.
    """
    if isinstance(data, str | os.PathLike):
        try:
            data = Path(data).read_bytes()
        except OSError as exc:
            raise PdfError("unreadable", f"无法读取文件：{data} / cannot read the file: {exc.strerror or exc}") from exc
    elif not isinstance(data, bytes):
        data = bytes(data)
    _check_bytes(data, max_bytes)
    with _PDFIUM_LOCK:  # PDFium is not thread-safe: one document at a time per process
        return _read(data, on_page, max_pages, ocr)


def _read(data: bytes, on_page: ProgressCallback | None, max_pages: int, ocr: bool) -> PdfText:
    doc = _open(data, max_pages)
    total = len(doc)
    pages = [PageText(number=i + 1) for i in range(total)]
    warnings: list[str] = []
    done = 0

    def finish() -> None:
        nonlocal done
        done += 1
        if on_page is not None:
            on_page(done, total)

    plumber_pages: dict[int, tuple[_Probe, bool]] = {}
    scanned: list[int] = []
    try:
        broken = 0
        for i in range(total):
            try:
                page = doc[i]
            except pdfium.PdfiumError:
                broken += 1
                if broken > max(3, total // 2):
                    raise PdfError("corrupt", "PDF页面结构损坏，无法读取 / the PDF page tree is broken") from None
                warnings.append(f"第{i + 1}页无法读取 / page {i + 1} cannot be read")
                pages[i].source = "error"
                finish()
                continue
            try:
                probe = _probe(page)
            finally:
                page.close()
            pages[i].lines = _lines(probe.text)
            want_tables = probe.paths >= TABLE_MIN_PATHS
            if probe.objects > MAX_PAGE_OBJECTS:
                warnings.append(f"第{i + 1}页对象过多，只取快速文本 / page {i + 1}: too many objects, fast text only")
                finish()
            elif probe.images and probe.chars < SCAN_MAX_CHARS and not probe.deferred:
                # an image with at most a stamped page number or date on top: a scan
                scanned.append(i)
            elif probe.chars == 0 and probe.text_objects == 0:
                pages[i].source = "empty"
                finish()
            elif want_tables or probe.dropped or probe.garbled or probe.chars < MIN_TEXT_CHARS:
                plumber_pages[i] = (probe, want_tables)
            else:
                finish()

        if plumber_pages:
            _plumber_pass(data, doc, pages, plumber_pages, warnings, finish, scanned)

        needs_ocr = False
        if scanned:
            needs_ocr = _ocr_pass(doc, pages, sorted(scanned), warnings, finish, ocr)
    finally:
        doc.close()

    masks = running_line_mask([p.lines for p in pages])
    for page, mask in zip(pages, masks, strict=True):
        page.raw_lines = page.lines
        for table in page.tables:
            table.anchor = sum(1 for drop in mask[: table.anchor] if not drop)
        page.lines = [ln for ln, drop in zip(page.raw_lines, mask, strict=True) if not drop]
    if not any(p.lines or p.tables for p in pages) and not needs_ocr:
        warnings.append("PDF中没有可提取的文本 / no extractable text in the PDF")
    return PdfText(pages=pages, needs_ocr=needs_ocr, warnings=warnings)


def _plumber_pass(data, doc, pages, todo, warnings, finish, scanned) -> None:
    numbers = sorted(todo)

    def fall_back(i: int, probe: _Probe) -> None:
        """pdfium's text for a page pdfplumber could not read; a scan goes to OCR."""
        _deferred_text(doc, i, probe)
        pages[i].lines = _lines(probe.text)
        pages[i].source = "pdfium"
        if probe.images and probe.chars < SCAN_MAX_CHARS:
            scanned.append(i)
        else:
            finish()

    try:
        pdf = pdfplumber.open(io.BytesIO(data), pages=[i + 1 for i in numbers])
    except Exception as exc:  # pdfminer raises many types on odd files
        log.warning("pdfplumber cannot open the file: %s", exc)
        warnings.append(f"pdfplumber无法打开文件，表格未提取 / pdfplumber could not open the file ({type(exc).__name__});"
                        " tables not extracted")
        for i in numbers:
            fall_back(i, todo[i][0])
        return
    try:
        for page in pdf.pages:
            i = page.page_number - 1
            probe, want_tables = todo[i]
            try:
                lines, tables, deduped = _plumber_page(page, want_tables)
            except Exception as exc:  # a pdfminer failure on one page keeps pdfium's text
                log.warning("pdfplumber failed on page %d: %s", i + 1, exc)
                warnings.append(f"第{i + 1}页表格提取失败 / page {i + 1}: table extraction failed ({type(exc).__name__})")
                fall_back(i, probe)
                continue
            finally:
                page.close()
            plumber_chars = sum(len(ln.strip()) for ln in lines) + sum(len(c) for t in tables for r in t.rows for c in r)
            unmapped = sum(ln.count("(cid:") for ln in lines)
            if plumber_chars < MIN_TEXT_CHARS * 4 or unmapped > 3:
                _deferred_text(doc, i, probe)
            if probe.chars >= MIN_TEXT_CHARS and (plumber_chars < max(MIN_TEXT_CHARS, probe.chars * 0.2)
                                                  or unmapped > 3):
                # pdfminer read (almost) nothing, or only (cid:…) codes, where pdfium did: keep pdfium's text
                pages[i].lines = _lines(probe.text)
                pages[i].tables = tables
                pages[i].source = "pdfium"
            elif probe.images and max(plumber_chars, probe.chars) < SCAN_MAX_CHARS:
                pages[i].lines = lines
                scanned.append(i)  # a scan with ruled lines (a form border) drawn on it
                continue
            else:
                pages[i].lines = lines
                pages[i].tables = tables
                pages[i].source = "pdfplumber"
            if deduped:
                warnings.append(f"第{i + 1}页有重复字符，已去重 / page {i + 1}: doubled characters removed")
            finish()
    finally:
        pdf.close()


def _ocr_pass(doc, pages, scanned, warnings, finish, enabled: bool) -> bool:
    available = enabled and ocr_mod.ocr_available()
    needs = False
    for i in scanned:
        if not available:
            pages[i].source = "needs_ocr"
            needs = True
            finish()
            continue
        page = doc[i]
        try:
            text = ocr_mod.ocr_page(page)
        except ocr_mod.OcrError as exc:
            warnings.append(f"第{i + 1}页OCR失败 / page {i + 1}: OCR failed ({exc})")
            pages[i].source = "needs_ocr"
            needs = True
            finish()
            continue
        finally:
            page.close()
        pages[i].lines = _lines(text)  # replaces a stamped page number, if any
        pages[i].source = "ocr"
        finish()
    ocr_pages = [i + 1 for i in scanned if pages[i].source == "ocr"]
    if ocr_pages:
        warnings.append(f"第{_ranges(ocr_pages)}页为扫描图像，已用OCR识别，请核对 / page(s) {_ranges(ocr_pages)}"
                        " are scanned images read by OCR; please check the results")
    missing = [i + 1 for i in scanned if pages[i].source == "needs_ocr"]
    if missing:
        warnings.append(f"第{_ranges(missing)}页为扫描图像，没有文本层，需要OCR（请安装 tesseract-ocr 和 chi_sim 语言包）"
                        f" / page(s) {_ranges(missing)} have no text layer and need OCR"
                        " (install tesseract-ocr with chi_sim)")
    return needs


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ",".join(parts)
