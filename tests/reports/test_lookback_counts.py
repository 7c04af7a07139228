"""A look-back charges each breach to the right official once: a clause to whoever held the role at
signing, a breach once whatever the roles held, nothing not yet due as fallen due; its files list
what it counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
from sqlalchemy import select

from contracts.core import clock
from contracts.core.db import db
from monitor.checker import engine
from monitor.checker.models import Finding
from monitor.reports import contract_lookback, official_lookback
from tests.reports.conftest import ApproverStory


def test_a_clause_breach_is_charged_to_whoever_held_the_role_at_signing(make, session):
    """A bid deposit over the cap was agreed at signing under 王一; the checker first ran after 李二 took over."""
    clock.set_today(date(2024, 12, 2))
    agency = make.agency("某县住房和城乡建设局")
    wang = make.official(agency, "王一", "财务科科长")
    li = make.official(agency, "李二", "财务科副科长")
    contract = make.contract(agency, kind="bidding", role="winning_bidder", signed_on=date(2024, 3, 15),
                             amount="1000000.00", estimated_price=Decimal("1000000.00"),
                             bid_deposit=Decimal("50000.00"))  # 5% > the 2% cap
    make.responsible(contract, wang, "payment_approver")
    make.handover(contract, li, date(2024, 6, 1), reason="王一调任县财政局")
    engine.run_check(session, as_of=date(2024, 12, 2))
    db.commit()

    wang_report = official_lookback.build(session, wang)
    li_report = official_lookback.build(session, li)
    [finding] = wang_report["contract_findings"] + li_report["contract_findings"]
    assert finding["rule_id"] == "tb_bid_deposit_cap"
    # the checker's own snapshot names the holder at signing (the date of a clause without a deadline) ...
    snapshot = session.scalars(select(Finding).where(Finding.id == finding["finding_id"])).one()
    assert [p["name"] for p in snapshot.responsible_on_due_date] == ["王一"]
    # ... and so do the look-backs: 王一, who held the role at signing, not 李二, in office when the checker first ran
    assert [f["rule_id"] for f in wang_report["contract_findings"]] == ["tb_bid_deposit_cap"]
    assert li_report["contract_findings"] == []
    entry = next(e for e in contract_lookback.build(session, contract)["timeline"] if e["stage"] == "finding")
    assert [h["name"] for h in entry["responsible"] if h["role"] == "payment_approver"] == ["王一"]


def test_an_official_holding_two_roles_has_each_contract_breach_counted_once(make, session):
    clock.set_today(date(2024, 12, 2))
    agency = make.agency("某县教育局")
    wang = make.official(agency, "王一", "计财科科长")
    contract = make.contract(agency, kind="procurement", signed_on=date(2024, 3, 15))  # never published nor filed
    make.responsible(contract, wang, "payment_approver")
    make.responsible(contract, wang, "project_lead")
    engine.run_check(session, as_of=date(2024, 12, 2))
    db.commit()

    report = official_lookback.build(session, wang)
    ids = [f["finding_id"] for f in report["contract_findings"]]
    assert len(ids) == len(set(ids)) == 2, ids  # gets [1, 2, 1, 2]
    assert report["summary"]["breaches"] == 2  # gets 4


def test_the_official_look_back_export_lists_what_the_report_counts(api, make, session):
    clock.set_today(date(2024, 12, 2))
    agency = make.agency("某县教育局")
    wang = make.official(agency, "王一", "计财科科长")
    contract = make.contract(agency, kind="procurement", signed_on=date(2024, 3, 15), title="教学设备采购合同")
    make.responsible(contract, wang, "payment_approver")
    make.obligation(contract, due={"event": "acceptance", "offset": 15, "unit": "day"}, amount="100000.00",
                    description="验收款")
    engine.run_check(session, as_of=date(2024, 12, 2))
    db.commit()
    sup = api.as_("supervisor")
    body = sup.get(f"/api/v1/reports/officials/{wang.id}/lookback").json
    assert body["summary"]["breaches"] == 2 and len(body["contract_findings"]) == 2
    assert [o["description"] for o in body["awaiting"]] == ["验收款"]  # also listed on the staff page

    xlsx = sup.get(f"/api/v1/reports/officials/{wang.id}/lookback?format=xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    cells = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert "逾期违约 2 项" in cells  # the file states the count ...
    for f in body["contract_findings"]:
        assert f["rule_id"] in cells or f["summary"] in cells, f["rule_id"]  # ... but lists none of them
    assert "验收款" in cells


def test_obligations_not_yet_due_are_not_counted_as_fallen_due_in_the_tenure(make, session, story: ApproverStory):
    make.obligation(story.contract, due={"date": "2025-03-31"}, amount="50000.00", description="质保金返还",
                    kind="retention_return")
    report = official_lookback.build(session, story.zhao)  # as of 2024-12-02
    assert report["summary"]["obligations_due"] == 1  # only the final payment (10-08) fell due; gets 2

