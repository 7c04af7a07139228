"""Reading an uploaded .xlsx or .csv into rows of column values (读取导入文件).

The type is decided by the content, not the file name: an .xlsx is a zip holding
``xl/workbook.xml``; a CSV is text (UTF-8, or GB18030 as Chinese Excel saves it) without NUL bytes.

openpyxl reads the workbook's structure, shared strings and styles; the cells of the sheets we
import are then streamed straight from the sheet XML, which is three times faster than openpyxl's
cell objects (and an import is mostly reading cells).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from xml.etree.ElementTree import Element, iterparse

from contracts.core.errors import DomainError, msg
from contracts.importer.columns import SHEETS, Column, header_index, sheet_key

# An .xlsx is compressed XML; more than this many times its own size unpacked is a zip bomb.
MAX_EXPANSION = 40
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _ROW, _VALUE, _INLINE, _TEXT, _RUN, _FORMULA, _MERGE = (
    _NS + t for t in ("c", "row", "v", "is", "t", "r", "f", "mergeCell"))

Cells = dict[int, Any]  # column number (1 = A) → value


@dataclass(frozen=True)
class BadCell:
    """A cell whose value cannot be taken: a formula saved without its result (files written by
    scripts), an error value (#N/A, #DIV/0!), a date-formatted number that is no date. The
    importer reports ``message`` on the cell's row and column."""

    message: str

    def __str__(self) -> str:
        return self.message


NO_RESULT = BadCell(msg("公式的计算结果未随文件保存；请在 Excel 或 WPS 中打开并保存该文件，或粘贴为数值",
                        "the formula's result was not saved with the file; open and save it in Excel or WPS, "
                        "or paste the values"))


def _error_value(code: str) -> BadCell:
    return BadCell(msg(f"单元格为错误值 {code}（公式出错）", f"the cell holds the error value {code} (a formula failed)"))


def _not_a_date(number: Any) -> BadCell:
    return BadCell(msg(f"设置为日期格式的数值 {number} 不是有效日期", f"the number {number} is formatted as a date but is no date"))


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row (row 1 is the header)."""

    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class Sheet:
    key: str
    columns: list[Column]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def file_error(zh: str, en: str, status: int = 422) -> DomainError:
    return DomainError.field("file", zh, en, status=status)


def sniff(data: bytes) -> str:
    """'xlsx' or 'csv', judged by the bytes; anything else is refused with a reason."""
    if not data:
        raise file_error("文件为空", "the file is empty")
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise file_error("文件已损坏，无法作为 .xlsx 打开", "the file is damaged; it cannot be opened as .xlsx") from None
        if "xl/workbook.xml" not in names:
            raise file_error("这是压缩文件而不是 Excel 工作簿（.xlsx）", "a zip archive, not an Excel workbook (.xlsx)")
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise file_error("不支持旧版 .xls 文件，请另存为 .xlsx", "old .xls files are not supported; save it as .xlsx")
    if data.startswith(b"%PDF"):
        raise file_error("这是PDF文件，请上传 .xlsx 或 .csv 表格", "this is a PDF; upload an .xlsx or .csv spreadsheet")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"  # Excel's "Unicode text": UTF-16, tab-separated
    if b"\x00" in data[:65536]:
        raise file_error("文件不是 .xlsx 或 .csv 表格", "the file is neither an .xlsx nor a .csv spreadsheet")
    return "csv"


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise file_error("UTF-16 文本文件已损坏，无法读取", "the UTF-16 text file is damaged") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise file_error("CSV 文件编码无法识别（请使用 UTF-8）", "cannot decode the CSV; save it as UTF-8")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _header(sheet: str, cells: Cells, errors: list[RowError], row: int = 1) -> dict[int, Column]:
    index = header_index(sheet)
    columns: dict[int, Column] = {}
    seen: set[str] = set()
    for number, cell in sorted(cells.items()):
        title = _clean(cell)
        if title is None:
            continue
        if isinstance(title, BadCell):
            errors.append(RowError(sheet, row, f"#{number}", title.message))
            continue
        col = index.get(str(title).lower())
        if col is None:
            errors.append(RowError(sheet, row, str(title), msg(f"未知列“{title}”", f"unknown column {title!r}")))
        elif col.key in seen:
            errors.append(RowError(sheet, row, col.key, msg("列重复", "this column appears twice")))
        else:
            seen.add(col.key)
            columns[number] = col
    for col in SHEETS[sheet][1]:
        if col.required and col.key not in seen:
            errors.append(RowError(sheet, row, col.key, msg(f"缺少必填列“{col.key}”（{col.zh}）",
                                                            f"the required column {col.key!r} is missing")))
    return columns


class _Interrupted(Exception):
    """The progress callback raised (the job was superseded, say): not a fault of the file."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _Counter:
    """Rows read so far over every sheet, told to ``report`` every ``every`` rows."""

    def __init__(self, report: Callable[[int], None] | None, every: int) -> None:
        self.report, self.every, self.rows = report, max(every, 1), 0

    def add(self, sheet: Sheet, before: int) -> None:
        """Count the rows ``sheet`` gained since it held ``before``."""
        gained = len(sheet.rows) - before
        crossed = (self.rows + gained) // self.every > self.rows // self.every
        self.rows += gained
        if self.report is not None and crossed:
            try:
                self.report(self.rows)
            except Exception as exc:
                raise _Interrupted(exc) from exc


def _rows(sheet: Sheet, columns: dict[int, Column], rows: Iterable[tuple[int, Cells]], counter: _Counter) -> set[int]:
    """Collect the rows' values of the named columns; returns the numbers of the columns without a
    name that hold data."""
    before = len(sheet.rows)
    unnamed: set[int] = set()
    for number, cells in rows:
        values = {}
        for i, cell in cells.items():
            col = columns.get(i)
            if col is not None:
                cell = _clean(cell)
                if cell is not None:
                    values[col.key] = cell
            elif i not in unnamed and _clean(cell) is not None:
                unnamed.add(i)
        if values:
            sheet.rows.append((number, values))
            if len(sheet.rows) - before >= counter.every:
                counter.add(sheet, before)
                before = len(sheet.rows)
    counter.add(sheet, before)
    return unnamed


def _column(ref: str) -> int:
    """The column number of a cell reference: "A7" → 1, "AB12" → 28."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        else:
            break
    return n


def _inline_text(cell: Element) -> str | None:
    box = cell.find(_INLINE)
    if box is None:
        return None
    parts = [part.text or "" if part.tag == _TEXT else part.findtext(_TEXT) or "" for part in box
             if part.tag in (_TEXT, _RUN)]  # phonetic runs (rPh) are not part of the value
    return "".join(parts)


def _as_shown_in_percent(value: float | int) -> str:
    """A number in a percent-formatted cell as the clerk sees it: 0.3 → "30%" (Excel stores 30% as 0.3)."""
    shown = Decimal(format(value, ".15g")) * 100
    return f"{format(shown.normalize(), 'f')}%"


def _percent_styles(wb: Any) -> set[int]:
    """The cell styles whose number format shows a number as a percentage (a ``%`` outside quotes)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code

    found = set()
    custom = getattr(wb, "_number_formats", [])
    for idx, style in enumerate(getattr(wb, "_cell_styles", [])):
        number = style.numFmtId
        if number < BUILTIN_FORMATS_MAX_SIZE:
            fmt = builtin_format_code(number)
        elif number - BUILTIN_FORMATS_MAX_SIZE < len(custom):
            fmt = custom[number - BUILTIN_FORMATS_MAX_SIZE]
        else:
            fmt = None
        if fmt and "%" in re.sub(r'"[^"]*"|\\.', "", fmt):
            found.add(idx)
    return found


def _xlsx_rows(stream: IO[bytes], strings: list[str], date_styles: set[int], percent_styles: set[int], epoch: Any,
               merged: list[str]) -> Iterator[tuple[int, Cells]]:
    """(row number, cells) of one worksheet, streamed; values as openpyxl gives them with data_only,
    except that a number in a percent-formatted cell is the text it shows ("30%" for 0.3) and a
    cell whose value cannot be taken is a ``BadCell`` saying why, not empty or text. The sheet's
    merged ranges ("B2:B4"), which follow its rows, are added to ``merged`` at the end."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    row_no, col = 0, 0
    cells: Cells = {}
    for _event, el in iterparse(stream):
        tag = el.tag
        if tag == _CELL:
            ref = el.get("r")
            col = _column(ref) if ref else col + 1
            kind = el.get("t", "n")
            if kind == "inlineStr":
                value: Any = _inline_text(el)
            else:
                value = el.findtext(_VALUE)
                if value is None or (not value and kind != "str"):  # only a text result can be empty
                    value = NO_RESULT if el.find(_FORMULA) is not None else None
                elif kind == "n":
                    value = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                    style = el.get("s")
                    if style and int(style) in date_styles:
                        try:
                            value = from_excel(value, epoch)
                        except (OverflowError, ValueError):
                            value = _not_a_date(value)
                    elif style and int(style) in percent_styles:
                        value = _as_shown_in_percent(value)
                elif kind == "e":
                    value = _error_value(value)
                elif kind == "s":
                    value = strings[int(value)]
                elif kind == "b":
                    value = value == "1"
                elif kind == "d":
                    value = from_ISO8601(value)
            if value is not None:
                cells[col] = value
        elif tag == _ROW:
            r = el.get("r")
            row_no = int(r) if r else row_no + 1
            yield row_no, cells
            cells, col = {}, 0
            el.clear()
        elif tag == _MERGE and el.get("ref"):
            merged.append(el.get("ref"))  # type: ignore[arg-type]


def _workbook_sheets(data: bytes) -> Iterator[tuple[str, Iterator[tuple[int, Cells]], list[str]]]:
    """(title, rows, merged ranges) of each worksheet, the structure read by openpyxl; the merged
    ranges are known once the rows have been read."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    date_styles = set(getattr(reader.wb, "_date_formats", set()))
    percent_styles = _percent_styles(reader.wb)
    for sheet, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            with reader.archive.open(rel.target) as stream:
                merged: list[str] = []
                yield sheet.name, _xlsx_rows(stream, reader.shared_strings, date_styles, percent_styles,
                                                 reader.wb.epoch, merged), merged


def _cell(ref: str) -> tuple[int, int]:
    """(row, column) of a cell reference: "B4" → (4, 2)."""
    column = _column(ref)
    return int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), column


def _merged_cells(sheet: Sheet, columns: dict[int, Column], header: int, ranges: list[str], unnamed: set[int],
                  errors: list[RowError]) -> None:
    """Mark the cells a merged range covers besides its first: the value is stored in the first
    cell only, so they read as empty though the clerk sees the value (a contract code merged down
    its obligations' rows). Each is reported on its row; a header cell merged into its neighbour
    leaves that column without a name, which is reported when the column holds data."""
    if not ranges:
        return
    rows = dict(sheet.rows)
    for ref in ranges:
        first, _, last = ref.upper().partition(":")
        try:
            (r1, c1), (r2, c2) = _cell(first), _cell(last or first)
        except ValueError:
            continue
        message = msg(f"此格属于合并单元格 {ref}，其值只在首格；请取消合并并逐行填写",
                      f"this cell is inside the merged cells {ref}, whose value is in the first cell only; "
                      "unmerge them and fill in every row")
        if r1 <= header <= r2:
            for c in sorted(n for n in unnamed if c1 <= n <= c2):
                if (header, c) != (r1, c1):
                    errors.append(RowError(sheet.key, header, f"#{c}", msg(
                        f"列名单元格 {ref} 被合并，第{c}列没有列名", f"the header cells {ref} are merged: column {c} has no name")))
        covered = [(c, col) for c, col in columns.items() if c1 <= c <= c2]
        lo = max(r1, header + 1)
        for r in range(lo, r2 + 1) if r2 - lo < len(rows) else sorted(n for n in rows if lo <= n <= r2):
            values = rows.get(r)
            if values is None or not covered:
                continue
            for c, col in covered:
                if (r, c) != (r1, c1) and col.key not in values:
                    values[col.key] = BadCell(message)


def _guess_csv_sheet(header: Iterable[Any]) -> str | None:
    names = {str(h).strip().lower() for h in header if h and str(h).strip()}
    fits = [key for key in SHEETS
            if names <= set(header_index(key)) and all(c.key in names or c.zh.lower() in names
                                                      for c in SHEETS[key][1] if c.required)]
    return fits[0] if len(fits) == 1 else None


def read(data: bytes, kind: str, *, sheet: str | None = None, on_rows: Callable[[int], None] | None = None,
         every: int = 1000) -> tuple[dict[str, Sheet], list[RowError]]:
    """The recognised sheets of a workbook (or the one sheet of a CSV) and the header problems;
    ``on_rows(n)`` hears the number of rows read so far, every ``every`` rows."""
    errors: list[RowError] = []
    sheets: dict[str, Sheet] = {}
    counter = _Counter(on_rows, every)
    if kind == "xlsx":
        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if unpacked > MAX_EXPANSION * max(len(data), 1024 * 1024):
            raise file_error("工作簿解压后过大", "the workbook is too large when unpacked", status=413)
        try:
            titles: dict[str, str] = {}
            for title, rows, merged in _workbook_sheets(data):
                key = sheet_key(title)
                if key is None or (sheet and key != sheet):
                    continue
                if key in sheets:  # its rows would be left out unseen
                    errors.append(RowError(key, 1, "sheet", msg(
                        f"工作簿中有两张{SHEETS[key][0]}表（“{titles[key]}”和“{title}”），请合并为一张",
                        f"two sheets hold {key} ({titles[key]!r} and {title!r}); put their rows in one")))
                    continue
                titles[key] = title
                target = sheets[key] = Sheet(key, SHEETS[key][1])
                first = next(rows, None)
                if first is not None:
                    columns = _header(key, first[1], errors, first[0])
                    unnamed = _rows(target, columns, rows, counter)
                    _merged_cells(target, columns, first[0], merged, unnamed, errors)
                    _unnamed_columns(key, first[0], unnamed - _titled(first[1]), errors)
        except DomainError:
            raise
        except _Interrupted as stop:
            raise stop.cause from None
        except Exception as exc:  # a broken workbook fails in many ways inside openpyxl and the XML parser
            raise file_error("无法读取该 Excel 工作簿", f"cannot read the workbook: {type(exc).__name__}") from None
        if not sheets:
            names = "、".join(f"{k}（{zh}）" for k, (zh, _) in SHEETS.items())
            raise file_error(f"工作簿中没有可导入的工作表，工作表应命名为：{names}",
                             f"no sheet to import; name the sheets {', '.join(SHEETS)}")
        return sheets, errors
    text = _decode(data)
    records = _csv_records(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    header = next(records, (1, {}))[1]
    key = sheet or _guess_csv_sheet(header.values())
    if key is None:
        raise file_error("无法判断 CSV 对应哪张表，请用 sheet 参数指明（contracts/obligations/events/payments/"
                         "responsibilities）", "cannot tell which sheet this CSV is; name it with the sheet parameter")
    target = sheets[key] = Sheet(key, SHEETS[key][1])
    columns = _header(key, header, errors)
    try:
        unnamed = _rows(target, columns, records, counter)
    except _Interrupted as stop:
        raise stop.cause from None
    _unnamed_columns(key, 1, unnamed - _titled(header), errors)
    return sheets, errors


def _delimiter(text: str) -> str:
    """A tab where the header line is tab-separated (Excel's "Unicode text", a copy from a sheet),
    else a comma."""
    first = text.split("\n", 1)[0]
    return "\t" if "\t" in first and "," not in first else ","


def _titled(header: Cells) -> set[int]:
    """The columns whose header cell holds anything (a name, an unknown one: reported already)."""
    return {n for n, cell in header.items() if _clean(cell) is not None}


def _unnamed_columns(sheet: str, header: int, unnamed: set[int], errors: list[RowError]) -> None:
    """A column holding data under an empty header cell is reported on the header row: its values
    would otherwise be left out unseen (a voucher number typed beside the last named column)."""
    told = {e.column for e in errors if e.sheet == sheet and e.row == header}
    for c in sorted(unnamed):
        if f"#{c}" not in told:
            errors.append(RowError(sheet, header, f"#{c}", msg(
                f"第{c}列有数据但没有列名，这些数据不会被导入；请填写列名或删除该列",
                f"column {c} holds data but has no name, so it would not be imported; name it or delete it")))


def _csv_records(reader: Iterator[list[str]]) -> Iterator[tuple[int, Cells]]:
    """(row number, cells) of a CSV; a record Python's csv cannot read refuses the file, naming its row."""
    number = 0
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise file_error(f"CSV 第{number}行有单元格超过 {csv.field_size_limit():,} 个字符",
                                 f"row {number} of the CSV has a cell longer than {csv.field_size_limit():,} "
                                 "characters") from None
            raise file_error(f"CSV 第{number}行无法读取（{exc}）", f"row {number} of the CSV cannot be read: {exc}") from None
        yield number, dict(enumerate(record, start=1))
