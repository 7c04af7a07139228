"""Benchmark: build the integrity scoreboard over 1,000,000 obligations on PostgreSQL (政务诚信评价 压测).

    .venv/bin/python bench/reports.py [--server postgresql://postgres@127.0.0.1:5432/postgres]
                                      [--obligations 1000000] [--agencies 300] [--runs 3]

Creates a throw-away database of its own on the server, builds the schema from the models,
bulk-loads agencies, contracts, obligations, payments, findings with the history of their states, and
the audit trail of the changes (each payment's update of its obligation, cancellations, people's
changes of findings) with COPY,
runs ANALYZE, then times ``monitor.reports.scoreboard.build`` (per agency, per region, and judged
at an earlier date, which reads the payments table and the audit trail), and drops the database
again. Prints one line per measurement.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from contracts.core import clock
from monitor.models import load_all
from monitor.reports import scoreboard

TODAY = date(2025, 12, 31)
FIRST_DUE = date(2023, 1, 1)
KINDS = ("payment", "payment", "payment", "payment", "payment", "payment", "retention_return", "bond_return",
         "deposit_return", "subsidy")


def _server_url(server: str, name: str) -> str:
    return server.rsplit("/", 1)[0] + "/" + name


def _load(conn: psycopg.Connection, n_obligations: int, n_agencies: int, per_contract: int = 10) -> dict[str, int]:
    rnd = random.Random(7)
    now = datetime(2025, 12, 31, 8, 0, tzinfo=UTC)
    counts = {"agencies": n_agencies, "contracts": n_obligations // per_contract, "obligations": n_obligations,
              "payments": 0, "findings": 0, "audit_events": 0}
    with conn.cursor() as cur:
        with cur.copy("COPY agencies (id, name, uscc, region_code, level, created_at) FROM STDIN") as cp:
            for i in range(1, n_agencies + 1):
                region = f"33{(i % 30) // 10 + 1:02d}{i % 10 + 1:02d}"
                cp.write_row((i, f"压测部门{i:04d}", f"11{i:016d}", region, "county", now))
        n_contracts = counts["contracts"]
        with cur.copy("COPY contracts (id, kind, code, title, agency_id, amount, signed_on, status, created_at, "
                      "updated_at) FROM STDIN") as cp:
            for c in range(1, n_contracts + 1):
                cp.write_row((c, "procurement", f"BENCH-{c:07d}", "压测合同", rnd.randint(1, n_agencies),
                              Decimal("1000000.00"), date(2022, 6, 1), "active", now, now))
        payments: list[tuple[int, int, Decimal, date]] = []
        findings: list[tuple] = []
        changes: list[tuple[int, int, str, datetime]] = []
        facts: dict[int, tuple] = {}  # obligation id -> what its audited snapshots show
        cancelled: list[tuple[int, date]] = []
        arnd = random.Random(11)  # the audit trail's own draws: the obligations are those of the runs before it
        span = (TODAY - FIRST_DUE).days
        with cur.copy("COPY obligations (id, contract_id, debtor, kind, description, amount, due_on, due_date, "
                      "paid_total, status, fulfilled_on, source, created_at) FROM STDIN") as cp:
            for o in range(1, n_obligations + 1):
                contract = (o - 1) // per_contract + 1
                amount = Decimal(rnd.randint(1_000, 500_000)).quantize(Decimal("0.01"))
                due = FIRST_DUE + timedelta(days=rnd.randint(0, span))
                debtor = "government" if rnd.random() < 0.92 else "counterparty"
                kind = rnd.choice(KINDS) if debtor == "government" else "payment"
                paid, status, fulfilled = Decimal("0.00"), "open", None
                roll = rnd.random()
                if due < TODAY:
                    if roll < 0.60:
                        fulfilled = due - timedelta(days=rnd.randint(0, 10))
                    elif roll < 0.80:
                        fulfilled = min(due + timedelta(days=rnd.randint(1, 120)), TODAY - timedelta(days=1))
                    elif roll < 0.90:
                        paid = (amount * Decimal("0.4")).quantize(Decimal("0.01"))
                        payments.append((len(payments) + 1, o, paid, due + timedelta(days=rnd.randint(0, 20))))
                if fulfilled is not None:
                    fulfilled = min(fulfilled, TODAY)
                    paid, status = amount, "fulfilled"
                    payments.append((len(payments) + 1, o, amount, fulfilled))
                elif due < TODAY and debtor == "government" and rnd.random() < 0.5:
                    findings.append((o, contract, due))
                elif due < TODAY and debtor == "government" and paid == 0 and arnd.random() < 0.05:
                    status = "cancelled"  # by a person, audited: some of them after the earlier as_of
                    cancelled.append((o, min(due + timedelta(days=arnd.randint(1, 200)), TODAY - timedelta(days=1))))
                facts[o] = (contract, debtor, kind, amount, due)
                cp.write_row((o, contract, debtor, kind, "", amount, due, due, paid, status, fulfilled, "imported", now))
        with cur.copy("COPY payments (id, obligation_id, amount, paid_on, voucher, created_at) FROM STDIN") as cp:
            for pid, o, amount, paid_on in payments:
                cp.write_row((pid, o, amount, paid_on, "", now))
        counts["payments"] = len(payments)
        cur.execute("SELECT id, agency_id FROM contracts")
        agency_of = dict(cur.fetchall())
        states = ("open", "notified", "rectifying", "escalated", "resolved", "dismissed")
        history: list[tuple] = []  # the finding's states as the triggers would have recorded them
        cur.execute("ALTER TABLE findings DISABLE TRIGGER finding_state_changes_ins")  # loaded below instead
        with cur.copy("COPY findings (id, fingerprint, rule_id, severity, contract_id, obligation_id, agency_id, "
                      "state, due_date, days_overdue, summary, citation, details, responsible_on_due_date, "
                      "needs_officials, first_found_on, last_checked_on, state_changed_at, created_at) FROM STDIN") as cp:
            for fid, (o, contract, due) in enumerate(findings, start=1):
                found = due + timedelta(days=1)
                state = rnd.choice(states)
                changed = datetime.combine(found + timedelta(days=rnd.randint(0, 60)), datetime.min.time(), UTC)
                found_at = datetime.combine(found, datetime.min.time(), UTC)
                history.append((fid, "open", found_at))
                if state != "open":  # a person moved it on: audited
                    changes.append((contract, fid, state, changed))
                    history.append((fid, state, changed))
                cp.write_row((fid, f"payment_overdue|o{o}|{due.isoformat()}", "payment_overdue", "general", contract,
                              o, agency_of[contract], state, due, (TODAY - due).days, "", "", json.dumps({}),
                              json.dumps([]), False, found, TODAY, changed, now))
        cur.execute("ALTER TABLE findings ENABLE TRIGGER finding_state_changes_ins")
        with cur.copy("COPY finding_state_changes (finding_id, state, at) FROM STDIN") as cp:
            for row in history:
                cp.write_row(row)
        counts["findings"] = len(findings)
        counts["audit_events"] = _load_audit(cur, facts, payments, cancelled, changes, agency_of)
        for table in ("agencies", "contracts", "obligations", "payments", "findings", "finding_state_changes",
                      "audit_events"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cur.execute("ANALYZE")
    conn.commit()
    return counts


SUMMARY = "{name}未按合同约定于{due}前支付{amount}元，已逾期，请限期整改并说明原因。"
CITATION = "《保障中小企业款项支付条例》第九条第一款；《政府采购法实施条例》第五十一条"


def _obligation_snapshot(o: int, fact: tuple, paid: Decimal, status: str, fulfilled: date | None) -> dict:
    contract, debtor, kind, amount, due = fact
    return {"id": o, "contract_id": contract, "debtor": debtor, "kind": kind, "description": "", "amount": str(amount),
            "percent": None, "due_on": due.isoformat(), "due_event": None, "due_offset": None, "due_unit": None,
            "due_date": due.isoformat(), "due_date_error": None, "paid_total": str(paid), "status": status,
            "fulfilled_on": fulfilled.isoformat() if fulfilled else None, "delay_reason": None, "source": "imported",
            "document_id": None, "source_page": None, "source_text": None, "confirmed_by_id": None,
            "confirmed_at": None, "created_at": "2025-12-31T08:00:00+00:00"}


def _finding_snapshot(fid: int, o: int, contract: int, agency: int, state: str, due: date) -> dict:
    return {"id": fid, "fingerprint": f"payment_overdue|o{o}|{due.isoformat()}", "rule_id": "payment_overdue",
            "severity": "general", "contract_id": contract, "obligation_id": o, "agency_id": agency, "state": state,
            "due_date": due.isoformat(), "recorded_days_overdue": 30, "warn_level": None, "outstanding": "100000.00",
            "recorded_interest": "1500.00", "interest_rate": "0.000500",
            "summary": SUMMARY.format(name=f"压测部门{agency:04d}", due=due.isoformat(), amount="100,000.00"),
            "citation": CITATION, "details": {"obligation_id": o, "amount": "100000.00", "paid": "0.00",
                                               "kind": "payment", "deadline_rule": "contract"},
            "aggravating": None, "responsible_on_due_date": [
                {"role": "payment_approver", "official_id": agency * 10, "name": "王某某", "post": "财务科科长",
                 "agency_id": agency, "stage": "performance"},
                {"role": "project_lead", "official_id": agency * 10 + 1, "name": "李某某", "post": "项目办主任",
                 "agency_id": agency, "stage": "performance"}],
            "needs_officials": False, "first_found_on": (due + timedelta(days=1)).isoformat(),
            "recorded_checked_on": TODAY.isoformat(), "cured_on": None, "rectify_deadline": None, "explanation": None,
            "resolution_reason": None, "decided_by_id": None, "first_run_id": None,
            "state_changed_at": "2025-12-31T08:00:00+00:00", "created_at": "2025-12-31T08:00:00+00:00"}


def _load_audit(cur: psycopg.Cursor, facts: dict[int, tuple], payments: list[tuple[int, int, Decimal, date]],
                cancelled: list[tuple[int, date]], changes: list[tuple[int, int, str, datetime]],
                agency_of: dict[int, int]) -> int:
    """The audit trail a real deployment would have for these rows, in the order it was written: each
    payment's update of its obligation, the cancellations, and people's changes of findings' states.
    (Creation events are left out: they are never changes, and only make the table bigger.)"""
    at10 = datetime.min.time().replace(hour=2)  # 10:00 in Asia/Shanghai
    events: list[tuple[datetime, str, tuple]] = [(datetime.combine(on, at10, UTC), "payment", (o, amount, on))
                                                  for _pid, o, amount, on in payments]
    events += [(datetime.combine(on, at10, UTC), "cancel", (o,)) for o, on in cancelled]
    events += [(changed, "finding", (contract, fid, state)) for contract, fid, state, changed in changes]
    events.sort(key=lambda e: e[0])
    of_finding = {fid: (o, due) for fid, o, due in cur.execute("SELECT id, obligation_id, due_date FROM findings")}
    with cur.copy("COPY audit_events (id, at, actor, action, entity, entity_id, contract_id, before, after, note, "
                  "prev_hash, hash) FROM STDIN") as cp:
        for aid, (at, kind, ref) in enumerate(events, start=1):
            if kind == "payment":
                o, amount, on = ref
                fact = facts[o]
                full = amount == fact[3]
                before = _obligation_snapshot(o, fact, Decimal("0.00"), "open", None)
                after = _obligation_snapshot(o, fact, amount, "fulfilled" if full else "open", on if full else None)
                entity, entity_id, contract = "obligation", o, fact[0]
            elif kind == "cancel":
                (o,) = ref
                fact = facts[o]
                before = _obligation_snapshot(o, fact, Decimal("0.00"), "open", None)
                after = _obligation_snapshot(o, fact, Decimal("0.00"), "cancelled", None)
                entity, entity_id, contract = "obligation", o, fact[0]
            else:
                contract, fid, state = ref
                o, due = of_finding[fid]
                before = _finding_snapshot(fid, o, contract, agency_of[contract], "open", due)
                after = _finding_snapshot(fid, o, contract, agency_of[contract], state, due)
                entity, entity_id = "finding", fid
            cp.write_row((aid, at, "bench", "update", entity, entity_id, contract, json.dumps(before),
                          json.dumps(after), "", f"{aid - 1:064d}", f"{aid:064d}"))
    return len(events)


def _time(session: Session, q: scoreboard.Query, runs: int) -> tuple[float, dict]:
    timings = []
    report: dict = {}
    for _ in range(runs):
        session.expire_all()
        started = time.perf_counter()
        report = scoreboard.build(session, q)
        timings.append(time.perf_counter() - started)
        session.rollback()
    return statistics.median(timings), report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--obligations", type=int, default=1_000_000)
    parser.add_argument("--agencies", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="leave the database for EXPLAIN (prints its name)")
    args = parser.parse_args()

    name = f"ccm_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(args.server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = _server_url(args.server, name)
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        load_all().metadata.create_all(engine)
        started = time.perf_counter()
        with psycopg.connect(url) as conn:
            counts = _load(conn, args.obligations, args.agencies)
        load_s = time.perf_counter() - started
        print(f"loaded {counts['obligations']:,} obligations, {counts['payments']:,} payments, "
              f"{counts['findings']:,} findings, {counts['audit_events']:,} audit events, {counts['contracts']:,} contracts, {counts['agencies']} agencies "
              f"with COPY in {load_s:.1f} s")
        clock.set_today(TODAY)
        with Session(engine) as session:
            cases = [
                ("all 3 years, per agency", scoreboard.Query.make(start=FIRST_DUE, end=TODAY)),
                ("all 3 years, per region", scoreboard.Query.make(start=FIRST_DUE, end=TODAY, group="region")),
                ("all 3 years, judged 2025-06-30 (reads payments and the audit trail)",
                 scoreboard.Query.make(start=FIRST_DUE, end=TODAY, as_of=date(2025, 6, 30))),
                ("year 2025, per agency", scoreboard.Query.make(start=date(2025, 1, 1), end=TODAY)),
            ]
            for label, q in cases:
                seconds, report = _time(session, q, args.runs)
                print(f"scoreboard {label}: {seconds:.2f} s (median of {args.runs}); "
                      f"{report['totals']['payments_due']:,} government payments due in "
                      f"{len(report['rows'])} rows, {len(report['trend'])} trend rows")
    finally:
        engine.dispose()
        clock.set_today(None)
        if args.keep:
            print(f"kept database {name}; drop it with: DROP DATABASE \"{name}\"")
        else:
            with psycopg.connect(args.server, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
