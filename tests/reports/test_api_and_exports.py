"""Reports over the API: JSON, Excel, PDF and CSV carry the same figures; big ones are exported by a job."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pdfplumber
from sqlalchemy import func, select

from contracts.core.db import db
from monitor.checker import engine
from monitor.checker import services as checker
from monitor.checker.models import Finding, FindingState
from monitor.reports.export_xlsx import HEADER_ROW
from monitor.reports.models import ReportExport
from tests.reports.conftest import ApproverStory, ThreeAgencies, run_queued_jobs

SCOREBOARD = "/api/v1/reports/scoreboard?start=2025-01-01&end=2025-06-30"


def _sheet_rows(ws) -> list[dict]:  # type: ignore[no-untyped-def]
    header = [c.value for c in ws[HEADER_ROW]]
    return [dict(zip(header, (c.value for c in row), strict=True))
            for row in ws.iter_rows(min_row=HEADER_ROW + 1)]


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


# ---- permissions ------------------------------------------------------------------------------
def test_supervisors_and_credit_officers_see_every_agency_and_enterprises_see_no_reports(api, make, three_agencies):
    for role in ("supervisor", "credit_officer", "finance_staff"):
        r = api.as_(role).get(SCOREBOARD)
        assert r.status_code == 200, (role, r.json)
        assert len(r.json["rows"]) == 3
    r = api.as_("enterprise").get(SCOREBOARD)
    assert r.status_code == 403
    assert r.json["errors"]["json"]["_schema"][0].startswith("无权")
    assert api.get(SCOREBOARD).status_code == 401


def test_agency_staff_see_their_own_agency_only(api, make, three_agencies: ThreeAgencies):
    _, token = make.user("agency_staff", agency=three_agencies.education)
    staff = api.as_(token)
    r = staff.get(SCOREBOARD)
    assert [row["name"] for row in r.json["rows"]] == ["某县教育局"]
    assert staff.get(SCOREBOARD + f"&agency_id={three_agencies.health.id}").status_code == 403
    assert staff.get(f"/api/v1/reports/contracts/{three_agencies.c_education.id}/lookback").status_code == 200
    assert staff.get(f"/api/v1/reports/contracts/{three_agencies.c_health.id}/lookback").status_code == 404
    r = staff.get(f"{SCOREBOARD.replace('scoreboard?', 'scoreboard/drilldown?')}&figure=payments_due")
    assert [row["contract_id"] for row in r.json] == [three_agencies.c_education.id]


def test_a_drilldown_page_past_the_end_is_empty_with_the_total_as_the_other_lists_answer_it(api, three_agencies):
    sup = api.as_("supervisor")
    drill = f"{SCOREBOARD.replace('scoreboard?', 'scoreboard/drilldown?')}&figure=payments_due&page_size=2"
    first = sup.get(drill)
    assert first.status_code == 200 and len(first.json) == 2
    for page in ("3", "99999999999999999999"):  # the latter a 500 before: OFFSET overflowed in the driver
        r = sup.get(f"{drill}&page={page}")
        assert (r.status_code, r.json) == (200, []), page
        assert '"total": 3' in r.headers["X-Pagination"] and '"last_page": 2' in r.headers["X-Pagination"]
    for lst in ("/api/v1/contracts", "/api/v1/agencies"):  # the registry's lists answer it the same way
        assert (sup.get(f"{lst}?page=99999999999999999999").status_code, sup.get(f"{lst}?page=9").json) == (200, [])


def test_officials_of_another_agency_are_not_found_for_agency_staff(api, make, story: ApproverStory):
    other = make.agency("某县民政局", region_code="330103")
    _, token = make.user("agency_staff", agency=other)
    assert api.as_(token).get(f"/api/v1/reports/officials/{story.wang.id}/lookback").status_code == 404
    assert api.as_("supervisor").get(f"/api/v1/reports/officials/{story.wang.id}/lookback").status_code == 200


def test_bad_query_parameters_get_field_messages(api, three_agencies):
    sup = api.as_("supervisor")
    r = sup.get("/api/v1/reports/scoreboard?start=2025-06-30&end=2025-01-01")
    assert r.status_code == 422 and "end" in r.json["errors"]["json"]
    r = sup.get(SCOREBOARD + "&format=docx")
    assert r.status_code == 422 and "format" in r.json["errors"]["query"]
    r = sup.get(f"/api/v1/reports/contracts/{three_agencies.c_education.id}/lookback?format=csv")
    assert r.status_code == 422
    r = sup.get(f"{SCOREBOARD.replace('scoreboard?', 'scoreboard/drilldown?')}&figure=everything")
    assert r.status_code == 422 and "figure" in r.json["errors"]["query"]


# ---- the look-backs over the API ----------------------------------------------------------------
def test_the_contract_look_back_json_names_each_approver(api, story: ApproverStory):
    r = api.as_("supervisor").get(f"/api/v1/reports/contracts/{story.contract.id}/lookback")
    assert r.status_code == 200
    body = r.json
    final = next(e for e in body["timeline"] if e["stage"] == "breach" and e["obligation_id"] == story.final.id)
    assert final["date"] == "2024-10-08" and final["days_late"] == 55
    assert [h["name"] for h in final["responsible"] if h["role"] == "payment_approver"] == ["赵三"]
    assert final["obligation"]["outstanding"] == "400000.00"
    assert body["summary"]["overdue_outstanding"] == "400000.00"
    assert [(h["from"]["name"], h["to"]["name"], h["reason"]) for h in body["handovers"]] == [
        ("王一", "李二", "王一调任县财政局"), ("李二", "赵三", "李二退休")]


def test_the_official_look_back_json_shows_the_handover_and_no_breach(api, story: ApproverStory):
    r = api.as_("credit_officer").get(f"/api/v1/reports/officials/{story.wang.id}/lookback")
    assert r.status_code == 200
    assert r.json["breaches"] == []
    assert r.json["tenures"][0]["handed_to"]["name"] == "李二"
    assert r.json["summary"]["breaches"] == 0


def test_the_contract_look_back_pdf_embeds_its_chinese_font_and_reads_back(api, story: ApproverStory):
    r = api.as_("supervisor").get(f"/api/v1/reports/contracts/{story.contract.id}/lookback?format=pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert "contract-lookback" in r.headers["Content-Disposition"]
    text = _pdf_text(r.data)
    for phrase in ("项目责任回溯：城南小学改造工程施工合同", "付款审批人：王一", "付款审批人：赵三", "王一调任县财政局",
                   "李二退休", "逾期未履行", "400,000.00"):
        assert phrase in text, phrase
    with pdfplumber.open(io.BytesIO(r.data)) as pdf:
        fonts = {c["fontname"] for page in pdf.pages for c in page.chars}
    assert fonts and all("WenQuanYiMicroHei" in f for f in fonts)
    assert b"/FontFile2" in r.data, "the TrueType glyphs are embedded in the file"


def test_a_breach_with_several_written_explanations_runs_on_to_the_next_page_of_the_look_back_pdf(
        api, make, session, story: ApproverStory):
    """The agency explains the overdue final payment in writing three times, each a long paragraph, so
    the breach's row in the timeline is taller than a page: the supervisor's PDF carries the row over
    the page break instead of failing."""
    engine.run_check(session, as_of=date(2024, 12, 2))
    db.commit()
    [overdue] = session.scalars(select(Finding).where(Finding.obligation_id == story.final.id,
                                                      Finding.state != FindingState.warning)).all()
    staff, _ = make.user("agency_staff", agency=story.agency)
    reasons = "因财政资金拨付计划调整、经办人员岗位变动及国库支付系统升级，竣工验收款未能按期支付。" * 10
    endings = ["已报请县政府统筹安排。", "已列入十二月资金调度计划。", "预计十二月底前付清。"]
    for ending in endings:
        checker.act(session, staff, overdue, "explain", explanation=reasons + ending)
        db.commit()
    r = api.as_("supervisor").get(f"/api/v1/reports/contracts/{story.contract.id}/lookback?format=pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = "".join(_pdf_text(r.data).split())
    assert "项目责任回溯：城南小学改造工程施工合同" in text
    for ending in endings:
        assert ending in text


def test_the_official_look_back_pdf_and_xlsx(api, story: ApproverStory):
    sup = api.as_("supervisor")
    pdf = sup.get(f"/api/v1/reports/officials/{story.li.id}/lookback?format=pdf")
    text = _pdf_text(pdf.data)
    assert "责任人履职回溯：李二" in text and "进度款" in text and "逾期后履行" in text
    xlsx = sup.get(f"/api/v1/reports/officials/{story.li.id}/lookback?format=xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    breaches = _sheet_rows(wb["任内违约"])
    assert [(b["义务"], b["逾期天数"], b["到期日"].date()) for b in breaches] == [("进度款", 20, date(2024, 7, 31))]
    assert [t["接任自"] for t in _sheet_rows(wb["任期"])] == ["王一（某县住房和城乡建设局）"]


# ---- the scoreboard in every format -------------------------------------------------------------
def test_the_scoreboard_xlsx_has_the_same_figures_as_the_json(api, three_agencies: ThreeAgencies):
    sup = api.as_("supervisor")
    rows = {r["name"]: r for r in sup.get(SCOREBOARD).json["rows"]}
    r = sup.get(SCOREBOARD + "&format=xlsx")
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    wb = openpyxl.load_workbook(io.BytesIO(r.data))
    ws = wb["诚信评价"]
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    sheet = {row["部门"]: row for row in _sheet_rows(ws)}
    assert set(sheet) == {*rows, "合计"}
    for name, api_row in rows.items():
        x = sheet[name]
        assert x["到期付款笔数"] == api_row["payments_due"]
        assert Decimal(str(x["到期付款金额（元）"])) == Decimal(api_row["payments_due_amount"])
        assert Decimal(str(x["按时支付率"])) == Decimal(api_row["on_time_rate"])
        assert Decimal(str(x["逾期未付金额（元）"])) == Decimal(api_row["overdue_outstanding"])
        assert Decimal(str(x["诚信评分"])) == Decimal(api_row["score"])
        assert (x["平均逾期天数"] is None) == (api_row["avg_days_late"] is None)
    header = {c.value: c.column for c in ws[HEADER_ROW]}
    money_cell = ws.cell(row=HEADER_ROW + 1, column=header["到期付款金额（元）"])
    rate_cell = ws.cell(row=HEADER_ROW + 1, column=header["按时支付率"])
    assert (money_cell.number_format, rate_cell.number_format) == ("#,##0.00", "0.00%")
    trend = _sheet_rows(wb["月度趋势"])
    assert sum(t["到期付款笔数"] for t in trend) == 6


def test_the_scoreboard_csv_uses_the_api_field_names(api, three_agencies):
    sup = api.as_("supervisor")
    rows = {r["name"]: r for r in sup.get(SCOREBOARD).json["rows"]}
    r = sup.get(SCOREBOARD + "&format=csv")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.data.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    edu = next(row for row in table if row["name"] == "某县教育局")
    for key in ("payments_due", "payments_due_amount", "on_time_rate", "avg_days_late", "overdue_outstanding",
                "score"):
        assert edu[key] == str(rows["某县教育局"][key]), key
    assert table[-1]["name"] == "合计"


def test_the_scoreboard_pdf_reads_back_in_chinese(api, three_agencies):
    r = api.as_("supervisor").get(SCOREBOARD + "&format=pdf")
    text = _pdf_text(r.data)
    assert "政务诚信评价" in text and "某县卫生健康委员会" in text and "按时支付率" in text
    assert "33.33%" in text and "50,000.00" in text


# ---- exports by job -----------------------------------------------------------------------------
def test_a_big_scoreboard_is_exported_by_a_job_and_downloaded(api, make, three_agencies):
    _, token = make.user("credit_officer")
    officer = api.as_(token)
    r = officer.post("/api/v1/reports/exports", json={
        "report": "scoreboard", "format": "xlsx",
        "params": {"start": "2025-01-01", "end": "2025-06-30", "details": True}})
    assert r.status_code == 202, r.json
    export_id = r.json["id"]
    run_queued_jobs()
    status = officer.get(f"/api/v1/reports/exports/{export_id}").json
    assert (status["status"], status["progress"]) == ("done", 100), status
    assert status["download_url"] == f"/api/v1/reports/exports/{export_id}/download"
    download = officer.get(status["download_url"])
    assert download.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(download.data))
    details = _sheet_rows(wb["合同明细"])
    assert sorted(d["合同编号"] for d in details) == sorted(
        c.code for c in (three_agencies.c_education, three_agencies.c_health, three_agencies.c_transport))
    assert sum(d["到期笔数"] for d in details) == 6
    # Someone else cannot see or fetch it.
    other = api.as_("credit_officer")
    assert other.get(f"/api/v1/reports/exports/{export_id}").status_code == 404
    assert other.get(f"/api/v1/reports/exports/{export_id}/download").status_code == 404
    assert [e["id"] for e in officer.get("/api/v1/reports/exports").json] == [export_id]


def test_a_look_back_pdf_export(api, story: ApproverStory):
    sup = api.as_("supervisor")
    r = sup.post("/api/v1/reports/exports", json={"report": "contract_lookback", "format": "pdf",
                                                  "params": {"contract_id": story.contract.id}})
    assert r.status_code == 202
    run_queued_jobs()
    status = sup.get(f"/api/v1/reports/exports/{r.json['id']}").json
    assert status["status"] == "done" and status["file_name"].endswith(".pdf")
    assert "赵三" in _pdf_text(sup.get(status["download_url"]).data)


def test_a_refused_export_request_stores_nothing(api, story: ApproverStory):
    sup = api.as_("supervisor")
    cases = [
        {"report": "contract_lookback", "format": "csv", "params": {"contract_id": story.contract.id}},
        {"report": "contract_lookback", "format": "pdf", "params": {"contract_id": 999999}},
        {"report": "scoreboard", "format": "xlsx", "params": {"start": "2025-01-01"}},
        {"report": "scoreboard", "format": "xlsx", "params": {"start": "2024-01-01", "end": "2024-12-31",
                                                             "colour": "red"}},
        {"report": "everything", "format": "xlsx", "params": {}},
    ]
    for body in cases:
        r = sup.post("/api/v1/reports/exports", json=body)
        assert r.status_code in (404, 422), (body, r.status_code)
    assert db.session.scalar(select(func.count()).select_from(ReportExport)) == 0
    assert api.as_("enterprise").post("/api/v1/reports/exports", json={
        "report": "scoreboard", "format": "csv", "params": {"start": "2024-01-01", "end": "2024-12-31"}}
    ).status_code == 403


def test_an_export_whose_requester_was_disabled_fails_with_the_reason(api, make, session, story):
    from monitor.reports import service

    user, _ = make.user("supervisor")
    export = service.request_export(session, user, report="contract_lookback", fmt="xlsx",
                                    params={"contract_id": story.contract.id})
    user.active = False
    db.commit()
    run_queued_jobs()
    session.refresh(export)
    assert export.status == "failed"
    assert "停用" in export.error
    assert export.file_path is None


def test_a_look_back_over_the_api_shows_the_record_with_its_publicity_end(api, registers, three_agencies):
    r = api.as_("supervisor").get(f"/api/v1/reports/contracts/{three_agencies.c_education.id}/lookback")
    decided = [e for e in r.json["timeline"] if e["stage"] == "record"][-1]
    assert decided["record"]["status"] == "published"
    assert decided["record"]["publicity_end"] == registers.record.publicity_end.isoformat()


def test_text_someone_entered_never_becomes_a_formula_in_an_export():
    """A contract titled like a formula is exported as the text it is (CSV/formula injection)."""
    from monitor.reports import export_csv, export_xlsx
    from monitor.reports.document import Column, Document, Section

    title = '=HYPERLINK("http://evil.example","点击查看")'
    doc = Document(title="合同清单", filename="contracts", sections=[Section(
        title="合同", sheet="合同", columns=[Column("title", "合同名称"), Column("amount", "金额", "money")],
        rows=[{"title": title, "amount": Decimal("-12.50")}, {"title": "@SUM(A1)", "amount": Decimal("1.00")}])])
    lines = export_csv.render(doc).decode("utf-8-sig").splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(") and lines[1].endswith(",-12.50")
    assert lines[2] == "'@SUM(A1),1.00"
    ws = openpyxl.load_workbook(io.BytesIO(export_xlsx.render(doc))).active
    cell = ws.cell(row=HEADER_ROW + 1, column=1)
    assert (cell.value, cell.data_type) == (title, "s")
