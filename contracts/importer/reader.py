"""Reading an uploaded .xlsx or .csv into rows of column values (读取导入文件).

The type is decided by the content, not the file name: an .xlsx is a zip holding
``xl/workbook.xml``; a CSV is text (UTF-8, or GB18030 as Chinese Excel saves it) without NUL bytes.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from contracts.core.errors import DomainError, msg
from contracts.importer.columns import SHEETS, Column, header_index, sheet_key

# An .xlsx is compressed XML; more than this many times its own size unpacked is a zip bomb.
MAX_EXPANSION = 40


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
    if b"\x00" in data[:65536]:
        raise file_error("文件不是 .xlsx 或 .csv 表格", "the file is neither an .xlsx nor a .csv spreadsheet")
    return "csv"


def _decode(data: bytes) -> str:
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


def _header(sheet: str, cells: Iterable[Any], errors: list[RowError]) -> list[Column | None]:
    index = header_index(sheet)
    columns: list[Column | None] = []
    seen: set[str] = set()
    for cell in cells:
        title = _clean(cell)
        if title is None:
            columns.append(None)
            continue
        col = index.get(str(title).lower())
        if col is None:
            errors.append(RowError(sheet, 1, str(title), msg(f"未知列“{title}”", f"unknown column {title!r}")))
        elif col.key in seen:
            errors.append(RowError(sheet, 1, col.key, msg("列重复", "this column appears twice")))
            col = None
        else:
            seen.add(col.key)
        columns.append(col)
    for col in SHEETS[sheet][1]:
        if col.required and col.key not in seen:
            errors.append(RowError(sheet, 1, col.key, msg(f"缺少必填列“{col.key}”（{col.zh}）",
                                                          f"the required column {col.key!r} is missing")))
    return columns


def _rows(sheet: Sheet, columns: list[Column | None], rows: Iterator[tuple[Any, ...]]) -> None:
    width = len(columns)
    for number, cells in enumerate(rows, start=2):
        values = {}
        for col, cell in zip(columns, cells[:width], strict=False):
            if col is not None:
                cell = _clean(cell)
                if cell is not None:
                    values[col.key] = cell
        if values:
            sheet.rows.append((number, values))


def _guess_csv_sheet(header: list[str]) -> str | None:
    names = {str(h).strip().lower() for h in header if h and str(h).strip()}
    fits = [key for key in SHEETS
            if names <= set(header_index(key)) and all(c.key in names or c.zh.lower() in names
                                                      for c in SHEETS[key][1] if c.required)]
    return fits[0] if len(fits) == 1 else None


def read(data: bytes, kind: str, *, sheet: str | None = None) -> tuple[dict[str, Sheet], list[RowError]]:
    """The recognised sheets of a workbook (or the one sheet of a CSV) and the header problems."""
    errors: list[RowError] = []
    sheets: dict[str, Sheet] = {}
    if kind == "xlsx":
        from openpyxl import load_workbook

        unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if unpacked > MAX_EXPANSION * max(len(data), 1024 * 1024):
            raise file_error("工作簿解压后过大", "the workbook is too large when unpacked", status=413)
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken workbook
            raise file_error("无法读取该 Excel 工作簿", f"cannot read the workbook: {type(exc).__name__}") from None
        try:
            for ws in wb.worksheets:
                key = sheet_key(ws.title)
                if key is None or key in sheets or (sheet and key != sheet):
                    continue
                rows = ws.iter_rows(values_only=True)
                head = next(rows, None)
                target = sheets[key] = Sheet(key, SHEETS[key][1])
                if head is None:
                    continue
                columns = _header(key, head, errors)
                _rows(target, columns, rows)
        finally:
            wb.close()
        if not sheets:
            names = "、".join(f"{k}（{zh}）" for k, (zh, _) in SHEETS.items())
            raise file_error(f"工作簿中没有可导入的工作表，工作表应命名为：{names}",
                             f"no sheet to import; name the sheets {', '.join(SHEETS)}")
        return sheets, errors
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    header = next(reader, None) or []
    key = sheet or _guess_csv_sheet(header)
    if key is None:
        raise file_error("无法判断 CSV 对应哪张表，请用 sheet 参数指明（contracts/obligations/events/payments/"
                         "responsibilities）", "cannot tell which sheet this CSV is; name it with the sheet parameter")
    target = sheets[key] = Sheet(key, SHEETS[key][1])
    _rows(target, _header(key, header, errors), (tuple(r) for r in reader))
    return sheets, errors
