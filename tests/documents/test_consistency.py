"""A PDF's own particulars set beside the registered contract's (合同一致性核对)."""

from __future__ import annotations

from datetime import date

from contracts.documents.consistency import differences


def _extraction(**contract):  # type: ignore[no-untyped-def]
    return {"contract": contract, "obligations": []}


def test_particulars_written_differently_but_meaning_the_same_are_no_difference(make):
    agency, supplier = make.agency("清河县教育局"), make.enterprise("清河智联科技有限公司")
    contract = make.contract(agency, supplier, code="QH-CG-2025-001", amount="500000.00", signed_on=date(2025, 3, 3))
    same = _extraction(code="ｑｈ－ｃｇ－2025－001".upper(), amount="500000.00", signed_on="2025-03-03", parties=[
        {"side": "government", "name": "清河县 教育局", "uscc": None},
        {"side": "counterparty", "name": "另一种写法的公司名", "uscc": supplier.uscc.lower()}])
    assert differences(contract, same) == []
    assert differences(contract, None) == [] and differences(contract, _extraction()) == []


def test_a_different_signing_date_or_government_party_is_listed_with_both_sides(make):
    agency, supplier = make.agency("清河县教育局"), make.enterprise("清河智联科技有限公司")
    contract = make.contract(agency, supplier, signed_on=date(2025, 3, 3))
    found = differences(contract, _extraction(signed_on="2024-03-03", parties=[
        {"side": "government", "name": "清河县卫生健康局", "uscc": "11330100000000099X"}]))
    assert [tuple(d.as_json().values()) for d in found] == [
        ("signed_on", "2025-03-03", "2024-03-03"),
        ("government", f"清河县教育局（{agency.uscc}）", "清河县卫生健康局（11330100000000099X）")]
