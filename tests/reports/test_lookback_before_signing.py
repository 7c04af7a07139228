"""A supervisor looks back as at a day before the contract was signed: there was no signed contract
then, so there is nothing to answer for yet.

The approver story (conftest): the works contract is signed on 2024-03-15 with three payments
(advance, progress, final); 王一 approves and 周四 leads the project from signing. Today is 2024-12-02.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pdfplumber

from monitor.reports import contract_lookback, official_lookback
from tests.reports.conftest import ApproverStory

SIGNED = date(2024, 3, 15)
BEFORE_SIGNING = date(2024, 3, 1)
NOTHING = {"obligations": 0, "breaches": 0, "overdue_outstanding": Decimal("0.00"), "findings": 0, "handovers": 0}


def test_a_look_back_as_at_a_day_before_the_signing_says_the_contract_was_not_yet_signed_and_counts_nothing(
        session, story: ApproverStory):
    report = contract_lookback.build(session, story.contract, as_of=BEFORE_SIGNING)

    assert report["as_of"] == BEFORE_SIGNING
    assert report["summary"] == NOTHING, "its three payments were not owed before it was signed"
    assert report["not_yet_signed"] is True
    assert report["note"] == ("截至 2024-03-01 合同尚未签订（签订日期 2024-03-15），无可回溯的履约事项 / "
                              "As at 2024-03-01 the contract was not yet signed (signed on 2024-03-15): "
                              "there is nothing to look back on")
    for part in ("timeline", "responsibilities", "handovers", "actions"):
        assert report[part] == [], part
    # which contract it is, and when it was signed, still show
    assert (report["contract"]["code"], report["contract"]["signed_on"]) == (story.contract.code, SIGNED)


def test_a_look_back_as_at_the_signing_day_shows_the_signed_contract(session, story: ApproverStory):
    report = contract_lookback.build(session, story.contract, as_of=SIGNED)

    assert (report["not_yet_signed"], report["note"]) == (False, "")
    assert report["summary"]["obligations"] == 3
    assert report["timeline"][0]["stage"] == "signing"
    assert contract_lookback.build(session, story.contract)["not_yet_signed"] is False  # as at today


def test_a_project_lead_named_before_the_signing_has_nothing_to_answer_for_on_it_until_it_is_signed(
        session, make, story: ApproverStory):
    """钱五 leads the preparation of a second contract from 02-01; it is signed on 03-20 with a payment
    due 04-30. He also leads an older contract signed on 01-10, with a payment due 03-31."""
    qian = make.official(story.agency, "钱五", "项目办副主任")
    older = make.contract(story.agency, kind="procurement", amount="200000.00", signed_on=date(2024, 1, 10),
                          title="办公设备采购合同")
    make.responsible(older, qian, "project_lead")
    make.obligation(older, due={"date": "2024-03-31"}, amount="200000.00", description="设备款")
    later = make.contract(story.agency, kind="procurement", amount="500000.00", signed_on=date(2024, 3, 20),
                          title="校园网络改造合同")
    make.responsible(later, qian, "project_lead", start=date(2024, 2, 1))
    make.obligation(later, due={"date": "2024-04-30"}, amount="500000.00", description="网络工程款")

    before = official_lookback.build(session, qian, as_of=BEFORE_SIGNING)
    assert [t["contract_id"] for t in before["tenures"]] == [older.id], "the unsigned contract contributes nothing"
    assert before["summary"]["contracts"] == 1 and before["summary"]["tenures"] == 1
    assert [o["contract_code"] for o in before["awaiting"]] == [older.code]

    signed = official_lookback.build(session, qian, as_of=date(2024, 3, 20))
    assert {t["contract_id"] for t in signed["tenures"]} == {older.id, later.id}
    assert sorted(o["contract_code"] for o in signed["awaiting"]) == sorted([older.code, later.code])
    assert [o["contract_code"] for o in signed["obligations"]] == []
    # and the contract's own look-back as at the day before it was signed names nobody
    report = contract_lookback.build(session, later, as_of=date(2024, 3, 19))
    assert report["not_yet_signed"] is True and report["responsibilities"] == []


def test_the_api_and_its_files_say_the_contract_was_not_yet_signed(api, story: ApproverStory):
    sup = api.as_("supervisor")
    url = f"/api/v1/reports/contracts/{story.contract.id}/lookback?as_of=2024-03-01"
    body = sup.get(url).json
    assert body["not_yet_signed"] is True and "尚未签订" in body["note"] and "not yet signed" in body["note"]
    assert body["summary"]["obligations"] == 0 and body["timeline"] == []

    xlsx = sup.get(url + "&format=xlsx")
    assert xlsx.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.data)).worksheets[0]
    assert "合同尚未签订" in ws.cell(row=2, column=1).value
    pdf = sup.get(url + "&format=pdf")
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    assert "合同尚未签订" in text
