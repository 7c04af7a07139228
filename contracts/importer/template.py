"""The downloadable import template (.xlsx, or one sheet as .csv) with its documentation (导入模板)."""

from __future__ import annotations

import csv
import io

from contracts.importer.columns import ORDER, SHEETS

README = [
    ("合同登记批量导入模板", "Contract registry import template"),
    ("", ""),
    ("每张工作表第一行是列名（英文键或中文名均可），从第二行起每行一条记录；空行忽略。",
     "Row 1 of each sheet holds the column keys (English key or Chinese label); one record per row from row 2."),
    ("合同以“部门统一社会信用代码 + 合同编号”识别：已登记的合同、义务、事件、付款和任期记为“未变化”，"
     "与登记内容不一致的行报错；同一文件重复导入不会改变任何数据。",
     "A contract is identified by (agency USCC, contract code). Rows already in the registry count as "
     "unchanged; rows that contradict it are errors; importing the same file again changes nothing."),
    ("先用“试导入”（dry_run=true）检查：会列出每一处错误的工作表、行号、列和原因。正式导入要么全部成功，"
     "要么（有任何错误时）什么也不保存。",
     "Check with a dry run first (dry_run=true): every bad row is listed with sheet, row, column and reason. "
     "A real import stores everything or, if any row is bad, nothing."),
    ("金额以元为单位，最多两位小数，不得为负；日期格式 YYYY-MM-DD；比例填 30 表示 30%。",
     "Money in yuan, at most two decimals, never negative; dates YYYY-MM-DD; percent 30 means 30%."),
    ("付款记录和责任分工通过“义务序号”引用履约义务表中同一合同的义务。",
     "Payments and responsibilities refer to an obligation by its 'no' in the obligations sheet."),
    ("CSV 文件只含一张表：列名决定是哪一张，也可用 sheet 参数指定。",
     "A CSV holds one sheet: its columns tell which, or name it with the sheet parameter."),
]


def workbook() -> bytes:
    """The .xlsx template: a README sheet (说明), then one sheet per record type with its header row."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    info = wb.active
    info.title = "说明"
    for zh, en in README:
        info.append([zh, en])
    info.append([])
    info.append(["工作表 sheet", "列 column", "中文名", "必填 required", "说明 help", "示例 example"])
    for key in ORDER:
        zh_sheet, columns = SHEETS[key]
        for col in columns:
            info.append([f"{key}（{zh_sheet}）", col.key, col.zh, "是 yes" if col.required else "", col.help,
                         "" if col.example is None else str(col.example)])
    info["A1"].font = Font(bold=True, size=14)
    for letter, width in zip("ABCDEF", (28, 24, 22, 12, 70, 22), strict=True):
        info.column_dimensions[letter].width = width
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for key in ORDER:
        zh_sheet, columns = SHEETS[key]
        ws = wb.create_sheet(key)
        ws.append([c.key for c in columns])
        for cell, col in zip(ws[1], columns, strict=True):
            cell.font = Font(bold=True)
            if col.required:
                cell.fill = required_fill
            cell.comment = Comment(f"{col.zh}{'（必填）' if col.required else ''}\n{col.help}".strip(), "template")
            ws.column_dimensions[cell.column_letter].width = max(14, len(col.key) + 4)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_header(sheet: str) -> bytes:
    """One sheet's header as a UTF-8 CSV (with a BOM, so Excel shows the Chinese right)."""
    out = io.StringIO()
    csv.writer(out).writerow([c.key for c in SHEETS[sheet][1]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
