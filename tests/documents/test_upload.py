"""Staff upload a contract PDF: it is stored once by content, and bad uploads are refused cleanly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from contracts.documents.models import Document
from contracts.documents.storage import BlobStore, digest
from tests.documents import pdfs


def _blobs(app) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(app.config["UPLOAD_DIR"])
    return sorted(p for p in root.rglob("*.pdf") if p.is_file())


def _documents(session) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Document))


@pytest.fixture(autouse=True)
def _empty_upload_dir(app):  # type: ignore[no-untyped-def]
    for p in _blobs(app):
        p.unlink()


def test_an_upload_is_stored_by_its_sha256_and_answered_with_its_status(desk, app, contract_pdf):
    r = desk.upload(contract_pdf, "教学设备采购合同（盖章版）.pdf")
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["contract_id"] == desk.contract.id
    assert body["filename"] == "教学设备采购合同（盖章版）.pdf"
    assert body["size"] == len(contract_pdf)
    assert body["sha256"] == digest(contract_pdf)
    assert body["status"] in {"queued", "running", "done"}
    stored = BlobStore(Path(app.config["UPLOAD_DIR"])).path_for(body["sha256"])
    assert stored.read_bytes() == contract_pdf
    assert stored.name == f"{body['sha256']}.pdf"
    assert stored.is_relative_to(app.config["UPLOAD_DIR"])


def test_the_same_file_uploaded_twice_is_one_stored_blob_and_two_documents(desk, app, session, contract_pdf):
    first = desk.upload(contract_pdf, "合同.pdf").get_json()
    second = desk.upload(contract_pdf, "合同-副本.pdf").get_json()
    assert first["id"] != second["id"]
    assert first["sha256"] == second["sha256"]
    assert len(_blobs(app)) == 1
    other = pdfs.contract_pdf(title="政府采购合同（补充）")
    desk.upload(other, "补充合同.pdf")
    assert len(_blobs(app)) == 2
    assert _documents(session) == 3


def test_an_oversize_file_is_refused_with_the_limit_and_nothing_is_stored(desk, app, session, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    big = b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10) + b"\n%%EOF\n"
    r = desk.upload(big, "扫描件.pdf")
    assert r.status_code == 413
    [message] = r.get_json()["errors"]["json"]["file"]
    assert "1 MB" in message and "上限" in message and "upload limit" in message
    assert _blobs(app) == [] and _documents(session) == 0


def test_a_body_beyond_the_request_limit_gets_the_same_clear_413(desk, app, session, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    r = desk.upload(b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024), "大文件.pdf")
    assert r.status_code == 413
    assert r.is_json
    assert "upload limit" in r.get_json()["errors"]["json"]["file"][0]
    assert _blobs(app) == [] and _documents(session) == 0


def test_a_png_named_pdf_is_refused_by_its_content_and_nothing_is_stored(desk, app, session):
    r = desk.upload(pdfs.png_bytes(), "合同.pdf")
    assert r.status_code == 422
    [message] = r.get_json()["errors"]["json"]["file"]
    assert "不是PDF" in message and "PNG" in message
    assert _blobs(app) == [] and _documents(session) == 0


def test_a_text_file_with_a_pdf_name_is_refused_and_an_empty_file_too(desk, app, session):
    r = desk.upload("甲方应于验收合格后付款".encode(), "合同.pdf")
    assert r.status_code == 422
    assert "judged by its content" in r.get_json()["errors"]["json"]["file"][0]
    r = desk.upload(b"", "空.pdf")
    assert r.status_code == 422
    assert "文件为空" in r.get_json()["errors"]["json"]["file"][0]
    assert _blobs(app) == [] and _documents(session) == 0


def test_a_pdf_with_another_name_is_accepted_because_the_content_decides(desk, contract_pdf):
    r = desk.upload(contract_pdf, "scan_0001.bin")
    assert r.status_code == 201
    assert r.get_json()["filename"] == "scan_0001.bin"


def test_missing_fields_and_an_unknown_contract_are_named(desk, app, session, contract_pdf):
    r = desk.api.post("/api/v1/documents", content_type="multipart/form-data", data={})
    assert r.status_code == 422
    errors = r.get_json()["errors"]["json"]
    assert set(errors) == {"contract_id", "file"}
    r = desk.upload(contract_pdf, contract_id=999999)
    assert r.status_code == 422
    assert "contract_id" in r.get_json()["errors"]["json"]
    r = desk.api.post("/api/v1/documents", content_type="multipart/form-data",
                      data={"contract_id": "abc", "file": (io.BytesIO(contract_pdf), "a.pdf")})
    assert r.status_code == 422
    assert "contract_id" in r.get_json()["errors"]["json"]
    assert _blobs(app) == [] and _documents(session) == 0


def test_a_path_in_the_file_name_is_dropped(desk, contract_pdf):
    r = desk.upload(contract_pdf, "../../etc/合同.pdf")
    assert r.get_json()["filename"] == "合同.pdf"


def test_who_may_upload(make, api, contract_pdf):
    agency = make.agency(name="清河县教育局")
    contract = make.contract(agency)
    _, own_token = make.user("agency_staff", agency=agency)
    _, other_token = make.user("agency_staff")
    data = {"contract_id": str(contract.id)}

    def upload(token: str):  # type: ignore[no-untyped-def]
        return api.as_(token).post("/api/v1/documents", content_type="multipart/form-data",
                                   data={**data, "file": (io.BytesIO(contract_pdf), "合同.pdf")})

    assert upload(own_token).status_code == 201
    assert upload(other_token).status_code == 422, "another agency's contract is not even named"
    assert upload(make.user("supervisor")[1]).status_code == 403
    assert upload(make.user("enterprise")[1]).status_code == 403


def test_blobs_are_written_atomically_and_idempotently(tmp_path):
    store = BlobStore(tmp_path)
    sha = store.put(b"%PDF-1.4 one")
    assert store.put(b"%PDF-1.4 one") == sha
    path = store.path_for(sha)
    assert path.parent.parent.name == sha[:2] and path.parent.name == sha[2:4]
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file is left behind"
    assert store.read(sha) == b"%PDF-1.4 one"
    with pytest.raises(ValueError):
        store.path_for("../../etc/passwd")


@pytest.fixture
def queue_down(monkeypatch):  # type: ignore[no-untyped-def]
    """The job queue as a worker host sees it while Redis is down (connection refused)."""
    from redis import Redis
    from rq import Queue

    from contracts.core import jobs

    down = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
    monkeypatch.setattr(jobs._backend, "url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(jobs._backend, "connection", down)
    monkeypatch.setattr(jobs._backend, "queues", {name: Queue(name, connection=down) for name in jobs.QUEUE_NAMES})


def test_an_upload_made_while_redis_is_down_is_kept_and_answered_as_queued(desk, session, contract_pdf, queue_down):
    """The document and its file are committed before the job is sent: the upload succeeded, and
    the reconciler sends the parse once Redis is back (a 500 made clients upload it again)."""
    before = _documents(session)
    r = desk.upload(contract_pdf)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["status"] == "queued"
    assert _documents(session) == before + 1


def test_a_command_that_finds_redis_down_ends_in_one_line_and_exit_2(monkeypatch, capsys):
    from redis.exceptions import ConnectionError as RedisConnectionError

    from monitor import cli

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(cli.cli, "main", down)
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == ("monitor: 无法连接任务队列（Redis） / the job queue (Redis) is unreachable: "
                                               "Error 111 connecting to 127.0.0.1:6379. Connection refused.")
