"""Benchmark the compliance checker on 1,000,000 obligations in PostgreSQL (检查性能基准).

    .venv/bin/python bench/checker.py [--server postgresql://postgres@127.0.0.1:5432/postgres]
                                      [--obligations 1000000] [--keep]

Creates a throw-away database ``ccm_bench_<random>`` on the server (never touching another one),
builds the schema from the models, bulk-loads agencies, officials, enterprises, contracts, events,
responsibilities and obligations with COPY, prepares the daily run's statements as ``monitor
worker`` does before it forks its work-horses (``engine.prepare``), then measures in the same process:

- the floor: a bare ``SELECT count(*)`` of overdue unpaid government obligations (best of 3);
- the first run as of the bench date (a full run: every rule's candidates computed, the findings
  created; then ``VACUUM ANALYZE`` if the server has autovacuum off, as autovacuum would), the same run again (idempotent re-run), the next day's run with nothing changed, the
  day after with 1,000 payments recorded through the payment service in between (the daily steady
  state: only the changed contracts and the deadlines reached are re-judged; three such days, their
  median quoted), and a full run asked for on the last day (what a parameter or calendar change
  costs, and the weekly safety net),

and prints obligations checked per second and each run's time as a multiple of the floor. The
database is dropped at the end unless ``--keep``. The data are shaped like a county's registry:
every obligation not yet due (or with no due date yet) is open, and 10% of those already due, so
about a third are open and about 7% overdue and unpaid (the floor's count); paid obligations carry
their ``paid_total`` as the payment service would have left it (no payment rows: the checker never
reads them).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from sqlalchemy import func, select, text

from contracts.calendar.deadlines import CalendarNotPublished, WorkCalendar
from contracts.core import clock
from contracts.core.db import db
from monitor.checker import engine
from monitor.checker.models import Finding
from monitor.models import load_all

AS_OF = date(2026, 6, 30)
CONTRACTS_PER_AGENCY = 500
OBLIGATIONS_PER_CONTRACT = 10
DAYS_OF_PAYMENTS = 3
PAID_DAY = "daily run after 1,000 payments"
FLOOR_SQL = ("SELECT count(*) FROM obligations WHERE debtor = 'government' AND status = 'open' "
             "AND due_date < :as_of AND amount > paid_total")


def _server_url(args: argparse.Namespace) -> str:
    return (args.server or os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL")
            or "postgresql://postgres@127.0.0.1:5432/postgres")


def _uscc(prefix: str, n: int) -> str:
    return f"{prefix}{n:016d}"


class Loader:
    """Generates the registry rows and COPYs them in (deterministic: seeded)."""

    def __init__(self, conn: psycopg.Connection, obligations: int) -> None:
        self.conn = conn
        self.rng = random.Random(20260630)
        self.cal = WorkCalendar()
        self.due_cache: dict[tuple[date, int, str], date | None] = {}
        self.contracts = max(1, obligations // OBLIGATIONS_PER_CONTRACT)
        self.obligations = obligations

    def copy(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)

    def due(self, start: date, offset: int, unit: str) -> date | None:
        key = (start, offset, unit)
        if key not in self.due_cache:
            try:
                self.due_cache[key] = self.cal.due(start, offset, unit)
            except CalendarNotPublished:
                self.due_cache[key] = None
        return self.due_cache[key]

    def day(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randrange((hi - lo).days + 1))

    def load(self) -> None:
        rng, now = self.rng, clock.now()
        agencies = max(1, self.contracts // CONTRACTS_PER_AGENCY)
        self.copy("agencies", ("id", "name", "uscc", "region_code", "level", "created_at"),
                  [(i, f"某县第{i}局", _uscc("11", i), "330102", "county", now) for i in range(1, agencies + 1)])
        officials = agencies * 5
        self.copy("officials", ("id", "name", "agency_id", "post", "active", "created_at"),
                  [(i, f"公务员{i}", (i - 1) // 5 + 1, "科长", True, now) for i in range(1, officials + 1)])
        enterprises = max(1, self.contracts // 5)
        self.copy("enterprises", ("id", "name", "uscc", "is_sme", "created_at"),
                  [(i, f"企业{i}", _uscc("91", i), rng.random() < 0.6, now) for i in range(1, enterprises + 1)])

        contracts, parties, events, duties, obligations = [], [], [], [], []
        ob_id = event_id = duty_id = 0
        kinds = ["procurement"] * 5 + ["bidding"] * 3 + ["ppp", "investment"]
        for cid in range(1, self.contracts + 1):
            kind = rng.choice(kinds)
            agency = (cid - 1) % agencies + 1
            signed = self.day(date(2021, 1, 4), date(2026, 6, 1))
            amount = Decimal(rng.randrange(100_000, 50_000_000))
            award = (signed - timedelta(days=rng.randrange(5, 29) if rng.random() < 0.97 else 45)
                     if kind in ("procurement", "bidding") else None)
            published = filed = None
            if kind == "procurement":
                published = signed + timedelta(days=1 if rng.random() < 0.95 else 6) if rng.random() < 0.99 else None
                filed = signed + timedelta(days=5 if rng.random() < 0.95 else 15) if rng.random() < 0.99 else None
            bidding = kind == "bidding"
            contracts.append((
                cid, kind, f"HT-{cid:07d}", f"合同{cid}", agency, amount, signed, "active",
                None if rng.random() < 0.9 else Decimal("0.0003"),
                rng.choice([None, None, 10, 15, 30]),
                amount * Decimal("1.02") if kind == "procurement" else None, award,
                min(published, AS_OF) if published else None, min(filed, AS_OF) if filed else None,
                amount * Decimal("1.05") if bidding else None,
                (amount * Decimal("0.021" if rng.random() < 0.03 else "0.01")).quantize(Decimal("0.01")) if bidding else None,
                (amount * Decimal("0.11" if rng.random() < 0.03 else "0.05")).quantize(Decimal("0.01")) if bidding else None,
                (amount * Decimal("0.05" if rng.random() < 0.03 else "0.03")).quantize(Decimal("0.01")) if bidding else None,
                (36 if rng.random() < 0.03 else 24) if bidding else None,
                rng.choice([20, 30, 30, 30, 45]) if kind == "ppp" else None,
                signed - timedelta(days=rng.randrange(0, 400)) if kind == "ppp" else None,
                rng.choice(["user_pay"] * 8 + ["viability_gap_funding", "government_pay"]) if kind == "ppp" else None,
                now, now))
            enterprise = rng.randrange(1, enterprises + 1)
            role = {"procurement": "supplier", "bidding": "winning_bidder", "ppp": "project_company",
                    "investment": "investor"}[kind]
            parties.append((cid, cid, enterprise, role))
            happened = {"signing": signed}
            if award:
                happened["award_notice"] = award
            delivered = signed + timedelta(days=rng.randrange(20, 200))
            if delivered <= AS_OF and rng.random() < 0.85:
                happened["delivery"] = delivered
                accepted = delivered + timedelta(days=rng.randrange(3, 40))
                if accepted <= AS_OF and rng.random() < 0.85:
                    happened["acceptance"] = accepted
                    settled = accepted + timedelta(days=rng.randrange(10, 120))
                    if bidding and settled <= AS_OF:
                        happened["settlement"] = settled
                    warranty = accepted + timedelta(days=365)
                    if bidding and warranty <= AS_OF:
                        happened["warranty_end"] = warranty
            if kind == "investment" and signed + timedelta(days=300) <= AS_OF:
                happened["production_start"] = signed + timedelta(days=300)
            for t, d in happened.items():
                event_id += 1
                events.append((event_id, cid, t, d, "", now))
            lead, approver = (agency - 1) * 5 + 1 + rng.randrange(5), (agency - 1) * 5 + 1 + rng.randrange(5)
            duties.append((duty_id + 1, cid, None, None, lead, "project_lead", signed, None, "", now))
            duties.append((duty_id + 2, cid, None, None, approver, "payment_approver", signed, None, "", now))
            duty_id += 2
            for _ in range(OBLIGATIONS_PER_CONTRACT):
                ob_id += 1
                obligations.append(self.obligation(ob_id, cid, kind, amount, signed, happened, now))
            if len(obligations) >= 200_000:
                self.flush(contracts, parties, events, duties, obligations)
        self.flush(contracts, parties, events, duties, obligations)
        self.conn.commit()
        with self.conn.cursor() as cur:
            for table in ("agencies", "officials", "enterprises", "contracts", "contract_parties", "contract_events",
                          "responsibilities", "obligations"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        self.conn.commit()
        self.conn.execute("ANALYZE")

    def obligation(self, ob_id: int, cid: int, kind: str, amount: Decimal, signed: date,
                   happened: dict[str, date], now: object) -> tuple:
        rng = self.rng
        if kind in ("ppp", "investment"):
            ob_kind = rng.choice(["payment", "subsidy", "subsidy", "land", "approval"])
        else:
            ob_kind = rng.choices(["payment", "deposit_return", "bond_return", "retention_return"],
                                  weights=[85, 5, 5, 5])[0]
        debtor = "government" if rng.random() < 0.97 else "counterparty"
        share = {"deposit_return": Decimal("0.021") if rng.random() < 0.03 else Decimal("0.01"),
                 "bond_return": Decimal("0.11") if rng.random() < 0.03 else Decimal("0.05"),
                 "retention_return": Decimal("0.03")}.get(ob_kind, Decimal(rng.choice(["0.1", "0.2", "0.3"])))
        base = amount * Decimal("1.02") if ob_kind == "deposit_return" and kind == "procurement" else amount
        value = (base * share).quantize(Decimal("0.01")) if ob_kind not in ("land", "approval") else None
        roll = rng.random()
        if roll < 0.45:
            due_on, event, offset, unit = self.day(signed, signed + timedelta(days=720)), None, None, None
        else:
            event = rng.choice(["delivery", "acceptance", "acceptance", "settlement", "signing"])
            unit = rng.choice(["day", "day", "working_day", "month"])
            offset = {"day": 90 if rng.random() < 0.02 else rng.choice([0, 10, 15, 30, 45]),
                      "working_day": rng.choice([5, 10, 15]),
                      "month": 3 if rng.random() < 0.02 else 1}[unit]
            due_on = None
        start = happened.get(event) if event else None
        due_date = due_on if due_on else (self.due(start, offset, unit) if start else None)
        error = None
        if start and due_date is None:
            error = "日历未发布 / calendar not yet published"
        # open: not due yet, no due date yet, or (10% of those due) not done; the rest were done on time
        still_open = rng.random() < 0.10 or due_date is None or due_date > AS_OF
        status = "open" if still_open else "fulfilled"
        paid = Decimal("0.00")
        fulfilled_on = None
        if status == "fulfilled":
            fulfilled_on = due_date - timedelta(days=rng.randrange(0, 10)) if due_date else None
            paid = value or Decimal("0.00")
        elif value is not None and rng.random() < 0.2:
            paid = (value / 2).quantize(Decimal("0.01"))
        return (ob_id, cid, debtor, ob_kind, "", value, None, due_on, event, offset, unit, due_date, error,
                paid, status, fulfilled_on, None, "imported", now)

    def flush(self, contracts: list, parties: list, events: list, duties: list, obligations: list) -> None:
        if contracts:
            self.copy("contracts", (
                "id", "kind", "code", "title", "agency_id", "amount", "signed_on", "status",
                "late_interest_daily_rate", "acceptance_period_days", "budget_amount", "award_notice_on",
                "published_on", "filed_on", "estimated_price", "bid_deposit", "performance_bond", "retention_amount",
                "defects_period_months", "cooperation_years", "ppp_launched_on", "ppp_payment_mechanism",
                "created_at", "updated_at"), contracts)
            self.copy("contract_parties", ("id", "contract_id", "enterprise_id", "role"), parties)
            self.copy("contract_events", ("id", "contract_id", "type", "occurred_on", "evidence", "created_at"), events)
            self.copy("responsibilities", ("id", "contract_id", "obligation_id", "stage", "official_id", "role",
                                           "start", "end", "handover_reason", "created_at"), duties)
        self.copy("obligations", (
            "id", "contract_id", "debtor", "kind", "description", "amount", "percent", "due_on", "due_event",
            "due_offset", "due_unit", "due_date", "due_date_error", "paid_total", "status", "fulfilled_on",
            "delay_reason", "source", "created_at"), obligations)
        for rows in (contracts, parties, events, duties, obligations):
            rows.clear()


def pay(session, count: int, on: date) -> None:  # type: ignore[no-untyped-def]
    """Pay ``count`` overdue obligations in full through the payment service, one commit each, as
    finance staff would over a day."""
    from contracts.obligations import services as obligations
    from contracts.obligations.models import Obligation

    ids = session.scalars(text(FLOOR_SQL.replace("count(*)", "id") + " ORDER BY id LIMIT :n"),
                          {"as_of": AS_OF, "n": count}).all()
    for ob_id in ids:
        ob = session.get(Obligation, ob_id)
        obligations.record_payment(session, ob, amount=ob.amount - ob.paid_total, paid_on=on, voucher="bench")
        session.commit()


def autovacuum(url: str) -> None:
    """Do what the server's autovacuum would do after the first run (which inserts every finding
    and candidate and then rewrites each finding once), when this server has autovacuum off."""
    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SHOW autovacuum").fetchone()[0] == "on":
            return
        timed("autovacuum is off here: VACUUM ANALYZE instead", lambda: conn.execute("VACUUM ANALYZE"))


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"  {label:<44} {seconds:8.3f} s", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", help="PostgreSQL server URL (a database on it is created and dropped)")
    parser.add_argument("--obligations", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the bench database for inspection")
    args = parser.parse_args()
    server = _server_url(args)
    name = f"ccm_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = server.rsplit("/", 1)[0] + f"/{name}"
    print(f"bench database {name} ({args.obligations:,} obligations, as of {AS_OF})", flush=True)
    try:
        engine_ = db.configure(url.replace("postgresql://", "postgresql+psycopg://", 1))
        load_all().metadata.create_all(engine_)
        with psycopg.connect(url) as conn:
            # loaded as a restored backup would be: the change feed's triggers are off for the load
            # (the first run is a full one anyway)
            conn.execute("SET session_replication_role = replica")
            timed("load (COPY) and ANALYZE", lambda: Loader(conn, args.obligations).load())
        session = db.session
        total = session.scalar(select(func.count()).select_from(text("obligations")))

        def floor() -> int:
            return session.execute(text(FLOOR_SQL), {"as_of": AS_OF}).scalar_one()

        session.execute(text(FLOOR_SQL), {"as_of": AS_OF})  # warm the cache
        floors = [timed("floor: bare count of overdue unpaid obligations", floor) for _ in range(3)]
        overdue, floor_s = floors[0][0], min(s for _, s in floors)
        session.commit()
        clock.set_today(AS_OF + timedelta(days=1))
        # as ``monitor worker`` does before it forks the work-horses that run the checks
        timed("prepare the daily statements (worker start)", lambda: engine.prepare(session))
        runs = []
        payday = AS_OF + timedelta(days=2)

        def check(as_of: date, full: bool = False):  # type: ignore[no-untyped-def]
            return engine.run_check(session, as_of=as_of, trigger="bench", full=full)

        for label, as_of in (("first run (full: creates the findings)", AS_OF),
                             ("same day again (idempotent)", AS_OF),
                             ("next day, nothing changed", AS_OF + timedelta(days=1))):
            run, seconds = timed(label, lambda as_of=as_of: check(as_of))
            runs.append((label, run, seconds))
            if as_of == AS_OF and run.mode == "full":
                autovacuum(url)
        # a sub-second run on a shared machine is noisy: three days of payments, each judged by its
        # daily run; the summary takes the median and prints all three
        for n in range(DAYS_OF_PAYMENTS):
            day = payday + timedelta(days=n)
            clock.set_today(day)
            timed("record 1,000 payments (payment service)", lambda day=day: pay(session, 1000, day))
            label = f"{PAID_DAY} (day {n + 1})"
            run, seconds = timed(label, lambda day=day: check(day))
            runs.append((label, run, seconds))
        run, seconds = timed("full run asked for, same day", lambda: check(day, True))
        runs.append(("full run asked for, same day", run, seconds))
        findings = session.scalar(select(func.count()).select_from(Finding))
        print()
        print(f"obligations:                {total:,}")
        print(f"overdue unpaid (the floor): {overdue:,} counted in {floor_s * 1000:.1f} ms")
        print(f"findings after the runs:    {findings:,}")
        for label, run, seconds in runs:
            print(f"{label:<40} {run.mode:<7} {seconds:7.2f} s  {run.obligations_checked / seconds:>12,.0f} "
                  f"obligations/s  {seconds / floor_s:6.1f}× the floor  (new {run.created:,}, "
                  f"updated {run.updated:,}, resolved {run.resolved:,})")
        paid = sorted(seconds for label, run, seconds in runs if label.startswith(PAID_DAY))
        if paid:
            median = paid[len(paid) // 2]
            print(f"the scheduled daily run, worst case (after 1,000 payments), median of {len(paid)} days: "
                  f"{median:.2f} s, {median / floor_s:.1f}× the floor (target: 10×); each day: "
                  + ", ".join(f"{s:.2f} s ({s / floor_s:.1f}×)" for s in paid))
        recompute = [seconds for label, run, seconds in runs[1:] if run.mode == "full"]
        if recompute:
            print(f"a full recompute (--full, the Sunday run): {recompute[-1]:.2f} s, "
                  f"{recompute[-1] / floor_s:.1f}× the floor")
        for label, run, _ in runs[-2:]:  # the last day's daily run and the full run
            slowest = sorted(run.per_rule.items(), key=lambda kv: -kv[1]["seconds"])[:6]
            print(f"slowest rules ({label}): " + ", ".join(f"{k} {v['seconds']:.3f} s" for k, v in slowest))
    finally:
        db.session.remove()
        if db.engine is not None:
            db.engine.dispose()
        if not args.keep:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            print(f"dropped {name}")


if __name__ == "__main__":
    main()
