"""Reading PDFs: fast text, tables from ruled pages, doubled characters, running headers,
progress, and pages without a text layer."""

from __future__ import annotations

import pytest

from parsers import ocr, pdf
from parsers.pdf import has_doubled_chars, read_pdf
from parsers.text import normalize

CLAUSES = [
    "第一条 合同金额",
    "1.1 本合同总价为人民币壹佰贰拾万元整（¥1,200,000.00）。",
    "第二条 付款方式",
    "2.1 甲方按下表向乙方支付合同价款：",
]
TABLE = [["付款阶段", "支付时间", "金额（元）"],
         ["预付款", "2024年3月31日前", "360,000.00"],
         ["验收款", "2024年9月30日前", "840,000.00"]]
# what the reader returns: NFKC turns （） into ()
READ = [normalize(c) for c in CLAUSES]
READ_TABLE = [[normalize(c) for c in row] for row in TABLE]


def test_a_page_with_a_ruled_table_gives_rows_and_text_lines_without_the_cells(contract_pdf):
    doc = contract_pdf(footer=None).paras(CLAUSES).table(TABLE, [40, 60, 50]).para("2.2 其余事项另行约定。")
    [page] = read_pdf(doc.build()).pages
    assert page.source == "pdfplumber"
    assert [t.rows for t in page.tables] == [READ_TABLE]
    assert page.lines == [*READ, "2.2 其余事项另行约定。"]
    assert page.tables[0].anchor == len(CLAUSES), "the table sits after the clause that introduces it"


def test_a_page_of_plain_text_is_read_by_the_fast_path(contract_pdf):
    [page] = read_pdf(contract_pdf(footer=None).paras(CLAUSES).build()).pages
    assert page.source == "pdfium"
    assert page.lines == READ


def test_a_title_drawn_twice_per_character_comes_out_once(contract_pdf):
    doc = contract_pdf(footer=None).para("建设工程施工合同", bold="char").paras(CLAUSES)
    result = read_pdf(doc.build())
    [page] = result.pages
    assert page.lines[0] == "建设工程施工合同"
    assert page.lines[1:] == READ
    assert any("doubled characters removed" in w for w in result.warnings)


def test_a_line_drawn_twice_on_top_of_itself_comes_out_once(contract_pdf):
    doc = contract_pdf(footer=None).para("合同编号：CG-2024-001", bold="line").paras(CLAUSES)
    [page] = read_pdf(doc.build()).pages
    assert page.lines == ["合同编号：CG-2024-001", *READ]


def test_doubled_character_detection_needs_a_mostly_doubled_line():
    assert has_doubled_chars(["合合同同编编号号"])
    assert not has_doubled_chars(["普通文本行：常常人人天天向上"])


def test_running_header_footer_and_page_numbers_are_dropped_but_kept_in_the_raw_lines(contract_pdf):
    doc = contract_pdf(header="某某项目服务合同", footer="第{page}页 共{pages}页")
    bodies = ["第一条 总则", "第二条 合同金额", "第三条 付款方式"]
    for body in bodies:
        doc.para(body).page_break()
    result = read_pdf(doc.build())
    assert [p.lines for p in result.pages[:3]] == [[b] for b in bodies]
    assert result.pages[0].raw_lines == ["某某项目服务合同", "第一条 总则", "第1页 共4页"]


def test_progress_is_reported_after_every_page(contract_pdf):
    doc = contract_pdf()
    for n in range(5):
        doc.para(f"第{n + 1}条 条款内容").page_break()
    doc.table(TABLE, [40, 60, 50])
    calls: list[tuple[int, int]] = []
    read_pdf(doc.build(), on_page=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 6) for n in range(1, 7)]


def test_pdfium_text_is_kept_where_pdfplumber_reads_nothing(contract_pdf, monkeypatch):
    monkeypatch.setattr(pdf, "_plumber_page", lambda page, want_tables: ([], [], False))
    [page] = read_pdf(contract_pdf(footer=None).paras(CLAUSES).table(TABLE, [40, 60, 50]).build()).pages
    assert page.source == "pdfium"
    assert page.lines[: len(CLAUSES)] == READ


def test_a_pdfminer_failure_on_a_page_keeps_the_fast_text_and_says_so(contract_pdf, monkeypatch):
    def broken(page, want_tables):
        raise KeyError("odd object stream")

    monkeypatch.setattr(pdf, "_plumber_page", broken)
    result = read_pdf(contract_pdf(footer=None).paras(CLAUSES).table(TABLE, [40, 60, 50]).build())
    assert result.pages[0].lines[: len(CLAUSES)] == READ
    assert any("table extraction failed" in w for w in result.warnings)


def test_a_scanned_page_without_tesseract_is_marked_needs_ocr_with_a_clear_message(contract_pdf, scan, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_available", lambda lang=ocr.OCR_LANG: False)
    scanned = scan(contract_pdf(footer=None).paras(CLAUSES).build())
    result = read_pdf(scanned)
    assert result.needs_ocr is True
    assert result.pages[0].source == "needs_ocr" and result.pages[0].lines == []
    assert any("need OCR" in w and "需要OCR" in w for w in result.warnings)


@pytest.mark.skipif(not ocr.ocr_available(), reason="tesseract with chi_sim is not installed")
def test_a_scanned_page_is_read_by_tesseract_when_it_is_installed(contract_pdf, scan):
    scanned = scan(contract_pdf(footer=None, size=12).paras(CLAUSES).build(), dpi=300)
    result = read_pdf(scanned)
    assert result.needs_ocr is False
    [page] = result.pages
    assert page.source == "ocr"
    text = "".join(page.lines).replace(" ", "")
    assert "本合同总价为人民币" in text and "甲方按下表向乙方支付合同价款" in text


def test_a_scan_with_a_stamped_page_number_is_still_a_scan(contract_pdf, scan, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_available", lambda lang=ocr.OCR_LANG: False)
    result = read_pdf(scan(contract_pdf(footer=None).paras(CLAUSES).build(), stamp="档案第{page}页"))
    assert result.needs_ocr is True
    assert result.pages[0].source == "needs_ocr"


def test_a_scan_with_ruled_lines_drawn_over_it_is_still_a_scan(contract_pdf, scan, monkeypatch):
    monkeypatch.setattr(ocr, "ocr_available", lambda lang=ocr.OCR_LANG: False)
    result = read_pdf(scan(contract_pdf(footer=None).paras(CLAUSES).build(), stamp="第{page}页", ruled=True))
    assert result.needs_ocr is True
    assert result.pages[0].source == "needs_ocr"


def test_parses_from_several_threads_at_once_all_succeed(contract_pdf):
    import threading

    data = bytearray(contract_pdf(footer=None).paras(CLAUSES).table(TABLE, [40, 60, 50]).build())
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(len(read_pdf(data).pages[0].tables))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [1, 1, 1, 1]


def test_a_path_can_be_read_as_well_as_bytes(contract_pdf, tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(contract_pdf(footer=None).paras(CLAUSES).build())
    assert read_pdf(path).pages[0].lines == READ
    assert read_pdf(str(path)).pages[0].lines == READ
