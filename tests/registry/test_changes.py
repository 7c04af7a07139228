"""Every registry change marks its contract for the checker's next run, in the same transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import text

from contracts.organisations import services as orgs
from contracts.registry import changes


def _changed(session) -> set[int]:  # type: ignore[no-untyped-def]
    return set(changes.pending(session)[1])


def _tables(session) -> dict[int, set[str]]:  # type: ignore[no-untyped-def]
    return changes.pending(session)[1]


def _consume(session) -> None:  # type: ignore[no-untyped-def]
    changes.consume(session, changes.pending(session)[0])
    session.commit()


def test_a_payment_an_sme_flag_and_a_handover_mark_the_contract_and_an_agency_rename_does_not(make, session):
    agency = make.agency()
    supplier = make.enterprise(is_sme=True)
    contract = make.contract(agency, supplier)
    other = make.contract(agency)
    ob = make.obligation(contract, due={"date": "2024-06-30"}, amount="1000.00")
    assert _changed(session) == {contract.id, other.id}
    _consume(session)

    make.payment(ob, "100.00", date(2024, 4, 1))
    assert _tables(session) == {contract.id: {"obligations"}}, "a payment changes its obligation's paid total"
    _consume(session)

    orgs.update(session, supplier, {"is_sme": False})
    session.commit()
    assert _tables(session) == {contract.id: {"enterprises"}}, "every contract the enterprise is a party to"
    _consume(session)

    make.responsible(other, make.official(agency))
    assert _tables(session) == {other.id: {"responsibilities"}}
    _consume(session)

    orgs.update(session, agency, {"name": "某县财政局（更名）"})
    session.commit()
    assert _changed(session) == set()


def test_a_change_rolled_back_leaves_no_mark_and_a_reader_deletes_only_what_it_read(make, session):
    contract = make.contract()
    _consume(session)
    make.obligation(contract, due={"date": "2024-06-30"}, amount="1000.00")
    read, _ = changes.pending(session)
    make.obligation(contract, due={"date": "2024-07-30"}, amount="1000.00")  # arrives while a run works
    changes.consume(session, read)
    session.commit()
    assert _changed(session) == {contract.id}, "the later change waits for the next run"
    _consume(session)
    from contracts.obligations import services as obligations

    obligations.add_obligation(session, contract, kind="payment", due={"date": "2024-08-30"},
                               amount=Decimal("5.00"), percent=None)
    session.flush()
    session.rollback()
    assert _changed(session) == set()


def test_a_row_corrected_by_hand_in_sql_marks_its_contract_as_a_service_would(make, session):
    """The feed is written by database triggers: a statement outside the ORM (psql, a migration,
    a bulk writer) marks the contracts it touches, and a no-op on another table marks nothing."""
    agency = make.agency()
    supplier = make.enterprise(is_sme=False)
    contract, other = make.contract(agency, supplier), make.contract(agency)
    ob = make.obligation(contract, due={"date": "2024-06-30"}, amount="1000.00")
    make.obligation(other, due={"date": "2024-06-30"}, amount="1000.00")
    _consume(session)

    session.execute(text("UPDATE obligations SET paid_total = amount, status = 'fulfilled' WHERE id = :id"),
                    {"id": ob.id})
    session.commit()
    assert _changed(session) == {contract.id}
    _consume(session)

    session.execute(text("UPDATE enterprises SET is_sme = :sme WHERE id = :id"), {"sme": True, "id": supplier.id})
    session.commit()
    assert _changed(session) == {contract.id}, "every contract the enterprise is a party to"
    _consume(session)
    session.execute(text("UPDATE enterprises SET name = name WHERE id = :id"), {"id": supplier.id})
    session.commit()
    assert _changed(session) == set(), "only the SME status matters to the checker"

    session.execute(text("DELETE FROM obligations WHERE contract_id = :id"), {"id": other.id})
    session.execute(text("UPDATE contracts SET amount = amount + 1"))
    session.commit()
    assert _changed(session) == {contract.id, other.id}
