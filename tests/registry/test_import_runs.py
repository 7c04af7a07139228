"""A clerk's large spreadsheet is imported by a background job: the file is stored first, the run
shows how far it got, then its report; a lost job is picked up again and stores each row once; the
synchronous API answers as it always did."""

from __future__ import annotations

import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from flask import current_app
from sqlalchemy import func, select, text

from contracts.core import clock, jobs
from contracts.core.db import db
from contracts.importer import runs, services
from contracts.importer.models import ImportRun
from contracts.obligations.models import Obligation
from monitor import schedule
from tests.documents.conftest import drain
from tests.registry.helpers import dump, is_bilingual, messages
from tests.registry.sheets import csv_bytes, workbook
from workers import imports as worker


def upload(data: bytes, name: str = "义务.xlsx") -> dict:  # type: ignore[type-arg]
    return {"data": {"file": (io.BytesIO(data), name)}, "content_type": "multipart/form-data"}


@pytest.fixture
def desk(api, make):  # type: ignore[no-untyped-def]
    """A finance-bureau clerk with a registered contract whose obligations come in a spreadsheet."""
    clock.set_today(date(2025, 6, 30))
    user, token = make.user("finance_staff", password=None)
    agency = make.agency("清河县教育局")
    contract = make.contract(agency, code="HT-1", amount="90000000.00", signed_on=date(2024, 3, 15))
    return SimpleNamespace(user=user, api=api.as_(token), agency=agency, contract=contract)


def obligation_rows(agency, n: int, code: str = "HT-1") -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return [{"agency_uscc": agency.uscc, "contract_code": code, "no": i, "kind": "payment", "amount": "10.00",
             "due_date": "2024-12-31", "description": f"第{i}期"} for i in range(1, n + 1)]


def obligations_of(contract) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Obligation).where(Obligation.contract_id == contract.id))


def run_row(run_id: int) -> ImportRun:
    session = db.session()
    session.expire_all()
    run = session.get(ImportRun, run_id)
    assert run is not None
    return run


def started_without_job(user, data: bytes, *, dry_run: bool = False, name: str = "义务.xlsx") -> ImportRun:  # type: ignore[no-untyped-def]
    """A run whose job never reached the queue (the web process died right after the commit)."""
    session = db.session()
    run = runs.start(session, user, data=data, filename=name, store=runs.blob_store(current_app.config["UPLOAD_DIR"]),
                     max_bytes=50 * 1024 * 1024, dry_run=dry_run)
    jobs.discard_pending(session)
    session.commit()
    return run


def as_job(monkeypatch, job_id: str | None) -> None:  # type: ignore[no-untyped-def]
    """The next worker.run_import runs as the rq job ``job_id``."""
    fake = SimpleNamespace(id=job_id, retries_left=3, timeout=3600, meta={}, save_meta=lambda: None)
    monkeypatch.setattr(worker, "get_current_job", lambda: fake)


def test_a_clerks_500_row_import_with_background_true_is_answered_at_once_then_followed_to_its_result(desk):
    data = workbook({"obligations": obligation_rows(desk.agency, 500)})
    r = desk.api.post("/api/v1/imports?background=true", **upload(data))
    assert r.status_code == 202, r.get_json()
    run = r.get_json()
    assert r.headers["Location"] == f"/api/v1/imports/{run['id']}"
    assert (run["dry_run"], run["filename"], run["size"]) == (False, "义务.xlsx", len(data))
    assert run["requested_by_id"] == desk.user.id
    if jobs.is_async():
        assert run["status"] == "queued" and jobs.queue().job_ids == [run["job_id"]], "the request only queues"
    drain()

    r = desk.api.get(r.headers["Location"])
    assert r.status_code == 200
    done = r.get_json()
    assert done["status"] == "done" and done["error"] is None and done["attempts"] == 1
    assert (done["rows_done"], done["rows_total"], done["progress"], done["stage"]) == (500, 500, 100.0, None)
    report = done["report"]
    assert report["ok"] and not report["dry_run"] and done["problems"] == 0
    assert report["counts"]["obligations"] == {"rows": 500, "added": 500, "unchanged": 0}
    assert obligations_of(desk.contract) == 500
    assert runs.blob_store(current_app.config["UPLOAD_DIR"]).read(run["sha256"]) == data, "the file is kept"

    audit = desk.api.get("/api/v1/audit", query_string={"entity": "import"}).get_json()
    assert [(e["actor_id"], e["after"]["sha256"]) for e in audit] == [(desk.user.id, run["sha256"])], \
        "the import is the clerk's in the audit trail, not the worker's"


def test_the_synchronous_api_still_answers_201_with_the_report_200_for_a_dry_run_and_422_listing_bad_rows(desk):
    good = workbook({"obligations": obligation_rows(desk.agency, 3)})
    r = desk.api.post("/api/v1/imports?dry_run=true", **upload(good))
    assert r.status_code == 200 and r.get_json()["ok"] and r.get_json()["dry_run"]
    r = desk.api.post("/api/v1/imports", **upload(good))
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["counts"]["obligations"]["added"] == 3 and r.get_json()["audit_event_id"]
    rows = obligation_rows(desk.agency, 3)
    rows[1]["amount"] = "-1.00"
    r = desk.api.post("/api/v1/imports", **upload(workbook({"obligations": rows}), "坏.xlsx"))
    assert r.status_code == 422
    assert "obligations[3].amount" in messages(r.get_json())
    assert desk.api.get("/api/v1/imports").get_json() == [], "a synchronous import keeps no run, as before"


def test_a_checked_file_is_imported_for_real_without_uploading_it_again_and_once_only(desk):
    data = workbook({"obligations": obligation_rows(desk.agency, 20)})
    checked = desk.api.post("/api/v1/imports?background=true&dry_run=true", **upload(data)).get_json()
    drain()
    checked = desk.api.get(f"/api/v1/imports/{checked['id']}").get_json()
    assert (checked["status"], checked["dry_run"], checked["report"]["ok"]) == ("done", True, True)
    assert obligations_of(desk.contract) == 0, "a dry run stores nothing"

    r = desk.api.post(f"/api/v1/imports/{checked['id']}/rerun?dry_run=false")
    assert r.status_code == 202, r.get_json()
    real = r.get_json()
    assert real["id"] != checked["id"] and real["sha256"] == checked["sha256"] and not real["dry_run"]
    drain()
    real = desk.api.get(r.headers["Location"]).get_json()
    assert real["status"] == "done" and real["report"]["counts"]["obligations"]["added"] == 20
    assert obligations_of(desk.contract) == 20

    again = desk.api.post(f"/api/v1/imports/{real['id']}/rerun").get_json()
    drain()
    again = desk.api.get(f"/api/v1/imports/{again['id']}").get_json()
    assert again["status"] == "done" and again["report"]["counts"]["obligations"]["unchanged"] == 20
    assert obligations_of(desk.contract) == 20, "running a file again stores nothing twice"
    listed = desk.api.get("/api/v1/imports")
    assert [x["id"] for x in listed.get_json()] == [again["id"], real["id"], checked["id"]]
    assert "report" not in listed.get_json()[0], "the list stays light; the report is on the run"


def test_a_background_dry_run_lists_every_bad_row_and_a_real_run_with_them_is_rejected_storing_nothing(desk):
    rows = obligation_rows(desk.agency, 500)
    rows[9]["amount"] = "-10.00"  # row 11
    rows[99]["contract_code"] = "HT-404"  # row 101
    data = workbook({"obligations": rows})
    checked = desk.api.post("/api/v1/imports?background=true&dry_run=true", **upload(data)).get_json()
    drain()
    checked = desk.api.get(f"/api/v1/imports/{checked['id']}").get_json()
    assert (checked["status"], checked["problems"]) == ("done", 2)
    assert [(e["row"], e["column"]) for e in checked["report"]["errors"]] == [(11, "amount"), (101, "contract_code")]
    assert all(is_bilingual(e["message"]) for e in checked["report"]["errors"])

    before = {k: v for k, v in dump().items() if k != "import_runs"}
    real = desk.api.post(f"/api/v1/imports/{checked['id']}/rerun?dry_run=false").get_json()
    drain()
    real = desk.api.get(f"/api/v1/imports/{real['id']}").get_json()
    assert (real["status"], real["problems"], real["error"]) == ("rejected", 2, None)
    assert {k: v for k, v in dump().items() if k != "import_runs"} == before, "all or nothing"


def test_a_bad_file_ends_failed_with_one_line_and_the_stored_file_stays(desk):
    data = workbook({"Sheet1": [{"a": 1}]})  # a workbook, but no sheet the template knows
    r = desk.api.post("/api/v1/imports?background=true", **upload(data, "随便.xlsx"))
    assert r.status_code == 202
    drain()
    failed = desk.api.get(r.headers["Location"]).get_json()
    assert failed["status"] == "failed" and failed["report"] is None
    assert "no sheet to import" in failed["error"] and "\n" not in failed["error"] and is_bilingual(failed["error"])
    assert runs.blob_store(current_app.config["UPLOAD_DIR"]).exists(failed["sha256"])
    again = desk.api.post(f"/api/v1/imports/{failed['id']}/rerun")
    assert again.status_code == 202, "a failed run can be run again"


def test_a_file_that_is_no_spreadsheet_at_all_is_refused_at_the_door_and_not_stored(desk):
    r = desk.api.post("/api/v1/imports?background=true", **upload(b"%PDF-1.7 ...", "合同.xlsx"))
    assert r.status_code == 422 and "PDF" in messages(r.get_json())["file"][0]
    assert desk.api.get("/api/v1/imports").get_json() == []


def test_a_run_that_failed_on_a_passing_fault_succeeds_when_run_again(desk, monkeypatch):
    data = workbook({"obligations": obligation_rows(desk.agency, 5)})
    real = services.run_import

    def out_of_memory(*a, **kw):  # type: ignore[no-untyped-def]
        raise MemoryError

    monkeypatch.setattr(worker.services, "run_import", out_of_memory)
    first = desk.api.post("/api/v1/imports?background=true", **upload(data)).get_json()
    drain()
    first = desk.api.get(f"/api/v1/imports/{first['id']}").get_json()
    assert first["status"] == "failed" and "ran out of memory" in first["error"]
    monkeypatch.setattr(worker.services, "run_import", real)
    second = desk.api.post(f"/api/v1/imports/{first['id']}/rerun").get_json()
    drain()
    assert desk.api.get(f"/api/v1/imports/{second['id']}").get_json()["status"] == "done"
    assert obligations_of(desk.contract) == 5


def test_progress_is_written_in_batches_as_the_import_goes_and_others_see_it(desk, monkeypatch):
    data = workbook({"obligations": obligation_rows(desk.agency, 3000)})
    run = started_without_job(desk.user, data)
    as_job(monkeypatch, run.job_id)
    monkeypatch.setattr(worker, "PROGRESS_EVERY", 0)
    seen = []
    real = runs.record_progress

    def watched(session, run_id, job_id, stage, done, total):  # type: ignore[no-untyped-def]
        owned = real(session, run_id, job_id, stage, done, total)
        session.commit()
        with db.engine.connect() as other:  # what a page polling the API would read now
            seen.append(tuple(other.execute(text("SELECT status, stage, rows_done, rows_total FROM import_runs "
                                                 "WHERE id = :id"), {"id": run_id}).one()))
        return owned

    monkeypatch.setattr(runs, "record_progress", watched)
    assert worker.run_import(run.id) == "done"
    stages = [s for _, s, _, _ in seen]
    assert stages[0] == "reading" and stages[-1] == "writing" and "checking" in stages
    assert all(status == "running" for status, *_ in seen)
    checking = [(done, total) for _, stage, done, total in seen if stage == "checking"]
    assert len(checking) >= 5, "in batches, not once at the end"
    assert [d for d, _ in checking] == sorted(d for d, _ in checking) and {t for _, t in checking} == {3000}
    assert run_row(run.id).status == "done" and obligations_of(desk.contract) == 3000


def test_while_the_rows_are_written_the_run_counts_them_where_the_database_lets_it(desk, monkeypatch):
    """PostgreSQL: the rows written of the rows the file adds, on the side connection, with the
    heartbeat (a long write is not taken for a lost run). SQLite: the import holds the one write
    lock, so the run shows the writing stage once and the count goes only to the job's meta;
    a side write would have waited for the lock and failed the import."""
    tenures = [{"agency_uscc": desk.agency.uscc, "contract_code": "HT-1", "role": "payment_approver",
                "official_name": f"经办人{i:02d}", "start": (date(2024, 3, 15) + timedelta(days=10 * i)).isoformat(),
                "end": (date(2024, 3, 25) + timedelta(days=10 * i)).isoformat(), "reason": "轮岗"} for i in range(40)]
    data = workbook({"obligations": obligation_rows(desk.agency, 2000), "responsibilities": tenures})
    run = started_without_job(desk.user, data)
    metas: list[dict] = []  # type: ignore[type-arg]
    fake = SimpleNamespace(id=run.job_id, retries_left=3, timeout=3600, meta={})
    fake.save_meta = lambda: metas.append(dict(fake.meta["progress"]))
    monkeypatch.setattr(worker, "get_current_job", lambda: fake)
    monkeypatch.setattr(worker, "PROGRESS_EVERY", 0)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 10)
    written = []
    real = runs.record_progress

    def watched(session, run_id, job_id, stage, done, total):  # type: ignore[no-untyped-def]
        owned = real(session, run_id, job_id, stage, done, total)
        if stage == "writing":
            written.append((done, total))
        return owned

    monkeypatch.setattr(runs, "record_progress", watched)
    assert worker.run_import(run.id) == "done"
    assert obligations_of(desk.contract) == 2000
    meta = [(m["rows_done"], m["rows_total"]) for m in metas if m["stage"] == "writing"]
    if db.engine.dialect.name == "postgresql":
        assert written[0] == (0, 2040) and written[-1] == (2040, 2040) and len(written) >= 5, written
        assert [d for d, _ in written] == sorted(d for d, _ in written)
        assert meta == written
    else:
        assert written == [(2040, 2040)], "shown once, as every row checked"
        assert meta[-1] == (2040, 2040) and len(meta) >= 5, "the count still reaches the job's meta"
    assert run_row(run.id).rows_total == 2040


def _killed_mid_import(user, data: bytes, *, minutes_ago: int = 20, attempts: int = 1) -> ImportRun:  # type: ignore[no-untyped-def]
    """A run whose worker died (SIGKILL, power cut) while checking its rows, ``minutes_ago``:
    its transaction died with it, so nothing of it was stored."""
    run = started_without_job(user, data)
    session = db.session()
    runs.begin_run(session, run.id, run.job_id)
    run.attempts, run.stage, run.rows_done, run.rows_total = attempts, "checking", 120, len(data)
    run.heartbeat_at = run.started_at = clock.now() - timedelta(minutes=minutes_ago)
    session.commit()
    return run


def test_an_import_whose_worker_died_is_picked_up_again_and_stores_each_row_once(desk):
    run = _killed_mid_import(desk.user, workbook({"obligations": obligation_rows(desk.agency, 300)}))
    lost_job = run.job_id
    result = worker.reconcile_imports()
    assert result == {"checked": 1, "requeued": [run.id], "failed": []}
    drain()
    again = run_row(run.id)
    assert again.status == "done" and again.attempts == 2 and again.job_id != lost_job
    assert obligations_of(desk.contract) == 300
    assert worker.reconcile_imports() == {"checked": 0, "requeued": [], "failed": []}
    assert obligations_of(desk.contract) == 300


def test_a_run_whose_job_never_reached_the_queue_is_queued_again_and_a_fresh_one_is_left_alone(desk):
    run = started_without_job(desk.user, workbook({"obligations": obligation_rows(desk.agency, 3)}))
    assert worker.reconcile_imports(grace_seconds=60)["requeued"] == [], "just stored: its job may be on the way"
    session = db.session()
    session.get(ImportRun, run.id).queued_at = clock.now() - timedelta(minutes=30)
    session.commit()
    assert worker.reconcile_imports()["requeued"] == [run.id]
    drain()
    assert run_row(run.id).status == "done" and obligations_of(desk.contract) == 3


def test_a_run_with_a_fresh_heartbeat_is_left_to_its_worker(desk):
    run = _killed_mid_import(desk.user, workbook({"obligations": obligation_rows(desk.agency, 3)}), minutes_ago=0)
    assert worker.reconcile_imports() == {"checked": 1, "requeued": [], "failed": []}
    assert run_row(run.id).status == "running"


def test_after_too_many_interrupted_attempts_the_run_fails_with_one_line_and_can_be_run_again(desk):
    run = _killed_mid_import(desk.user, workbook({"obligations": obligation_rows(desk.agency, 3)}),
                             attempts=runs.MAX_ATTEMPTS)
    assert worker.reconcile_imports()["failed"] == [run.id]
    failed = desk.api.get(f"/api/v1/imports/{run.id}").get_json()
    assert failed["status"] == "failed" and f"中断{runs.MAX_ATTEMPTS}次" in failed["error"]
    assert "nothing was stored" in failed["error"] and is_bilingual(failed["error"])
    again = desk.api.post(f"/api/v1/imports/{run.id}/rerun").get_json()
    drain()
    assert desk.api.get(f"/api/v1/imports/{again['id']}").get_json()["status"] == "done"


def test_a_job_superseded_mid_import_stops_and_stores_nothing_the_new_job_stores_each_row_once(desk, monkeypatch):
    run = started_without_job(desk.user, workbook({"obligations": obligation_rows(desk.agency, 3000)}))
    as_job(monkeypatch, run.job_id)
    monkeypatch.setattr(worker, "PROGRESS_EVERY", 0)
    real = runs.record_progress

    def reconciler_strikes(session, run_id, job_id, stage, done, total):  # type: ignore[no-untyped-def]
        if stage == "checking" and done > 1000:  # the worker looked dead; the run was re-queued meanwhile
            session.execute(text("UPDATE import_runs SET status = 'queued', job_id = 'import-new' WHERE id = :id"),
                            {"id": run_id})
        return real(session, run_id, job_id, stage, done, total)

    monkeypatch.setattr(runs, "record_progress", reconciler_strikes)
    assert worker.run_import(run.id) == "superseded"
    assert obligations_of(desk.contract) == 0 and run_row(run.id).status == "queued"
    monkeypatch.setattr(runs, "record_progress", real)
    assert worker.run_import(run.id) == "skipped", "the old job, retried, stays out"
    as_job(monkeypatch, "import-new")
    assert worker.run_import(run.id) == "done"
    assert obligations_of(desk.contract) == 3000


def test_agency_staff_see_their_agencys_runs_and_others_are_refused_in_both_languages(api, make, desk):
    own = make.agency("本部门")
    staff = api.as_(make.user("agency_staff", agency=own, password=None)[1])
    colleague = api.as_(make.user("agency_staff", agency=own, password=None)[1])
    data = csv_bytes([{"agency_uscc": own.uscc, "contract_code": "X", "no": 1, "kind": "payment",
                       "amount": "1.00", "due_date": "2024-12-31"}])
    mine = staff.post("/api/v1/imports?background=true&dry_run=true", **upload(data, "本部门.csv")).get_json()
    theirs = desk.api.post("/api/v1/imports?background=true&dry_run=true", **upload(data, "财政局.csv")).get_json()
    drain()
    assert [r["id"] for r in colleague.get("/api/v1/imports").get_json()] == [mine["id"]]
    assert [r["id"] for r in desk.api.get("/api/v1/imports").get_json()] == [theirs["id"], mine["id"]]
    r = staff.get(f"/api/v1/imports/{theirs['id']}")
    assert r.status_code == 404 and is_bilingual(messages(r.get_json())["_schema"][0])
    assert staff.post(f"/api/v1/imports/{theirs['id']}/rerun").status_code == 404

    for role in ("supervisor", "credit_officer", "enterprise"):
        other = api.as_(make.user(role, password=None)[1])
        for r in (other.get("/api/v1/imports"), other.get(f"/api/v1/imports/{mine['id']}"),
                  other.post("/api/v1/imports?background=true", **upload(data))):
            assert r.status_code == 403, (role, r.status_code)
            assert is_bilingual(messages(r.get_json())["_schema"][0])
    assert api.client.get("/api/v1/imports").status_code == 401


def test_a_queued_run_is_not_run_twice_and_a_run_whose_file_is_gone_says_so(desk):
    run = started_without_job(desk.user, workbook({"obligations": obligation_rows(desk.agency, 2)}))
    r = desk.api.post(f"/api/v1/imports/{run.id}/rerun")
    assert r.status_code == 409 and is_bilingual(messages(r.get_json())["status"][0])
    runs.blob_store(current_app.config["UPLOAD_DIR"]).path_for(run.sha256).unlink()
    worker.reconcile_imports(grace_seconds=0, stale_seconds=0)
    drain()
    gone = run_row(run.id)
    assert gone.status == "failed" and "upload it again" in gone.error
    r = desk.api.post(f"/api/v1/imports/{run.id}/rerun")
    assert r.status_code == 409 and "upload it again" in messages(r.get_json())["file"][0]


def test_the_runs_are_paginated(desk):
    data = workbook({"obligations": obligation_rows(desk.agency, 1)})
    for _ in range(3):
        desk.api.post("/api/v1/imports?background=true&dry_run=true", **upload(data))
    drain()
    r = desk.api.get("/api/v1/imports", query_string={"page_size": 2, "page": 2})
    assert r.status_code == 200 and len(r.get_json()) == 1
    assert '"total": 3' in r.headers["X-Pagination"]


def test_the_import_reconciler_is_scheduled_beside_the_documents_one():
    entries = {dotted: (cron, interval, queue) for dotted, cron, interval, queue in schedule.PERIODIC}
    assert entries["workers.imports.reconcile_imports"] == entries["workers.documents.reconcile_documents"]


def test_operators_run_the_import_reconciler_from_the_command_line(desk, cli_env):
    import subprocess
    import sys

    run = _killed_mid_import(desk.user, workbook({"obligations": obligation_rows(desk.agency, 4)}))
    r = subprocess.run([sys.executable, "-m", "monitor.cli", "reconcile", "--stale-minutes", "5"],
                       env=cli_env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert f"import run {run.id} re-queued: no heartbeat" in r.stdout
    assert "1 unfinished import run(s) checked, 1 re-queued" in r.stdout
    drain()
    assert run_row(run.id).status == "done" and obligations_of(desk.contract) == 4


def test_a_csv_import_superseded_while_its_rows_are_read_stops_quietly_and_the_new_job_imports_it(desk, monkeypatch):
    """As for a workbook: the old job hears it lost the run while still reading the CSV and stops,
    neither failing the run the new job owns nor raising an error of its own."""
    run = started_without_job(desk.user, csv_bytes(obligation_rows(desk.agency, 3000)), name="义务.csv")
    as_job(monkeypatch, run.job_id)
    monkeypatch.setattr(worker, "PROGRESS_EVERY", 0)
    real = runs.record_progress

    def reconciler_strikes(session, run_id, job_id, stage, done, total):  # type: ignore[no-untyped-def]
        if stage == "reading" and done >= 1000:
            session.execute(text("UPDATE import_runs SET status = 'queued', job_id = 'import-new' WHERE id = :id"),
                            {"id": run_id})
        return real(session, run_id, job_id, stage, done, total)

    monkeypatch.setattr(runs, "record_progress", reconciler_strikes)
    assert worker.run_import(run.id) == "superseded"
    assert obligations_of(desk.contract) == 0
    assert (run_row(run.id).status, run_row(run.id).error) == ("queued", None)
    monkeypatch.setattr(runs, "record_progress", real)
    as_job(monkeypatch, "import-new")
    assert worker.run_import(run.id) == "done"
    assert obligations_of(desk.contract) == 3000
