"""Benchmark: import 100,000 obligations from an .xlsx and print rows per second (导入性能).

    .venv/bin/python bench/registry.py                      # SQLite in a temporary folder
    .venv/bin/python bench/registry.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

The workbook is built here (openpyxl, write-only) the way a clerk's spreadsheet looks: amounts and
dates typed as numbers and dates, codes and words as text. 2,000 contracts of 50 obligations each
(a mix of percent and fixed amounts, fixed dates and 工作日/日/月 rules after acceptance), one
acceptance event per contract and a payment for every tenth obligation. The import goes through the same service as
``POST /api/v1/imports``: a dry run, the real run (one transaction), then the same file again, which
must change nothing. Last, the same file checked as the workbench sends it: stored, then dry-run by
the import job (in-process here, as in the embedded default), which writes its progress as it goes;
like the re-import, it checks every row against the registry the import filled, so compare the two.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def build_workbook(agency_uscc: str, enterprise_uscc: str, obligations: int, per_contract: int) -> tuple[bytes, dict]:
    from openpyxl import Workbook

    contracts = max(1, obligations // per_contract)
    wb = Workbook(write_only=True)
    cs = wb.create_sheet("contracts")
    cs.append(["agency_uscc", "code", "kind", "title", "amount", "signed_on", "enterprise_uscc", "party_role"])
    ev = wb.create_sheet("events")
    ev.append(["agency_uscc", "contract_code", "type", "occurred_on", "evidence"])
    obs = wb.create_sheet("obligations")
    obs.append(["agency_uscc", "contract_code", "no", "kind", "amount", "percent", "due_date", "due_event",
                "due_offset", "due_unit", "description"])
    pays = wb.create_sheet("payments")
    pays.append(["agency_uscc", "contract_code", "obligation_no", "amount", "paid_on", "voucher"])
    counts = {"contracts": contracts, "events": contracts, "obligations": 0, "payments": 0}
    units = ("working_day", "day", "month")
    for c in range(contracts):
        code = f"BENCH-{c:06d}"
        signed = date(2024, 1, 2) + timedelta(days=c % 300)
        cs.append([agency_uscc, code, "procurement", f"基准测试合同{c}", 10_000_000, signed, enterprise_uscc,
                   "supplier"])
        ev.append([agency_uscc, code, "acceptance", signed + timedelta(days=40), "验收报告"])
        for n in range(1, per_contract + 1):
            if counts["obligations"] >= obligations:
                break
            counts["obligations"] += 1
            if n % 3 == 0:
                row = [None, 1.5, signed + timedelta(days=30 * n), None, None, None]
            else:
                row = [1000 + n + 0.5, None, None, "acceptance", 5 + n % 25, units[n % 3]]
            obs.append([agency_uscc, code, n, "payment", *row, f"第{n}期付款"])
            if n % 10 == 1:
                counts["payments"] += 1
                pays.append([agency_uscc, code, n, 500, signed + timedelta(days=45), f"V{c}-{n}"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--obligations", type=int, default=100_000)
    parser.add_argument("--per-contract", type=int, default=50)
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a temporary database is created and dropped")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ccm-bench-"))
    pg_name = None
    if args.postgres:
        import psycopg

        pg_name = f"ccm_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        url = args.postgres.rsplit("/", 1)[0] + "/" + pg_name
    else:
        url = f"sqlite:///{tmp / 'bench.db'}"
    try:
        run(url, tmp, args.obligations, args.per_contract)
    finally:
        if pg_name:
            from contracts.core.db import db

            db.session.remove()
            if db.engine is not None:
                db.engine.dispose()
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def run(url: str, tmp: Path, n_obligations: int, per_contract: int) -> None:
    from sqlalchemy import func, select

    from contracts.access.services import create_user
    from contracts.audit import trail
    from contracts.core import clock
    from contracts.core.db import db
    from contracts.importer import runs
    from contracts.importer.services import run_import
    from contracts.obligations.models import Obligation, Payment
    from contracts.organisations.services import create_agency, create_enterprise
    from contracts.organisations.uscc import check_character
    from monitor import create_app
    from monitor.models import load_all

    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(tmp), "AUTO_MIGRATE": False,
                      "CHECK_ON_START": False, "SECRET_KEY": "bench", "LOG_LEVEL": "WARNING"})
    load_all().metadata.create_all(db.engine)
    clock.set_today(date(2025, 12, 31))
    with app.app_context():
        s = db.session
        agency = create_agency(s, name="基准测试财政局", uscc=_code("11", check_character), region_code="330102")
        ent = create_enterprise(s, name="基准测试供应商", uscc=_code("91", check_character), is_sme=True)
        user = create_user(s, username="bench", role="finance_staff")
        db.commit()
        agency_uscc, ent_uscc = agency.uscc, ent.uscc

        t0 = time.perf_counter()
        data, counts = build_workbook(agency_uscc, ent_uscc, n_obligations, per_contract)
        t_build = time.perf_counter() - t0
        total_rows = sum(counts.values())
        print(f"database: {db.dialect}; workbook: {len(data) / 1e6:.1f} MB, "
              + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" (built in {t_build:.1f} s)")

        t0 = time.perf_counter()
        report = run_import(s, data, user=user, filename="bench.xlsx", dry_run=True)
        db.rollback()
        t_dry = time.perf_counter() - t0
        assert report.ok, report.errors[:5]
        print(f"dry run:   {t_dry:6.1f} s  {counts['obligations'] / t_dry:9,.0f} obligation rows/s "
              f"({total_rows / t_dry:,.0f} rows/s, all sheets)")

        t0, c0 = time.perf_counter(), time.process_time()
        report = run_import(s, data, user=user, filename="bench.xlsx", dry_run=False)
        db.commit()
        t_real, c_real = time.perf_counter() - t0, time.process_time() - c0
        stored = s.scalar(select(func.count()).select_from(Obligation))
        paid = s.scalar(select(func.count()).select_from(Payment))
        assert stored == counts["obligations"] and paid == counts["payments"], (stored, paid)
        print(f"import:    {t_real:6.1f} s  {counts['obligations'] / t_real:9,.0f} obligation rows/s "
              f"({total_rows / t_real:,.0f} rows/s, all sheets; {c_real:.1f} s of it on this process's CPU)")

        t0 = time.perf_counter()
        again = run_import(s, data, user=user, filename="bench.xlsx", dry_run=False)
        db.commit()
        t_again = time.perf_counter() - t0
        assert not any(c["added"] for c in again.counts.values()), again.counts
        print(f"re-import: {t_again:6.1f} s  (idempotent: nothing added)")

        t0 = time.perf_counter()
        run = runs.start(s, user, data=data, filename="bench.xlsx", store=runs.blob_store(app.config["UPLOAD_DIR"]),
                         max_bytes=len(data), dry_run=True)
        db.commit()  # no REDIS_URL: the job runs here, in its own session
        t_job = time.perf_counter() - t0
        s.refresh(run)
        assert (run.status, run.problems, run.rows_done) == ("done", 0, total_rows), (run.status, run.error)
        print(f"job:       {t_job:6.1f} s  (the same file again as a background dry run: stored, checked against "
              f"the registry like the re-import, progress written)")
        t0 = time.perf_counter()
        result = trail.verify(s)
        assert result.ok, result.problems[:3]
        print(f"audit verify: {result.checked:,} events intact ({time.perf_counter() - t0:.1f} s)")
        print(f"RESULT {counts['obligations'] / t_real:,.0f} obligation rows/s imported from xlsx "
              f"({counts['obligations']:,} obligations, {db.dialect})")


def _code(prefix: str, check_character) -> str:  # type: ignore[no-untyped-def]
    body = f"{prefix}330102{uuid.uuid4().int % 10**9:09d}"
    return body + check_character(body)


if __name__ == "__main__":
    main()
