"""Fixtures for the document stories: a staff reviewer, an upload helper, and running queued jobs."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from contracts.core import jobs
from contracts.core.db import db
from contracts.documents.models import Document
from tests.documents import pdfs


def drain() -> None:
    """Run every queued job now: with Redis, an in-process rq worker; embedded, they already ran."""
    if not jobs.is_async():
        return
    from rq import SimpleWorker

    worker = SimpleWorker([jobs.queue(name) for name in jobs.QUEUE_NAMES], connection=jobs.connection())
    worker.work(burst=True, with_scheduler=False)


def upload_without_job(contract, data: bytes, filename: str = "采购合同.pdf") -> Document:  # type: ignore[no-untyped-def]
    """A document whose parse job never reached the queue (the process died right after commit)."""
    from flask import current_app

    from contracts.documents import services
    from contracts.documents.storage import BlobStore

    session = db.session()
    doc = services.upload_document(session, contract, filename=filename, data=data,
                                   store=BlobStore(current_app.config["UPLOAD_DIR"]),
                                   max_bytes=50 * 1024 * 1024)
    jobs.discard_pending(session)
    session.commit()
    return doc


@dataclass
class Desk:
    """A finance-bureau reviewer with a contract on the desk."""

    user: Any
    token: str
    contract: Any
    api: Any

    def upload(self, data: bytes, filename: str = "采购合同.pdf", contract_id: int | None = None):  # type: ignore[no-untyped-def]
        return self.api.post("/api/v1/documents", content_type="multipart/form-data",
                             data={"contract_id": str(contract_id or self.contract.id),
                                   "file": (io.BytesIO(data), filename)})

    def parsed(self, data: bytes, filename: str = "采购合同.pdf") -> dict[str, Any]:
        """Upload, let the parse job run, and return the document as the API shows it."""
        r = self.upload(data, filename)
        assert r.status_code == 201, r.get_json()
        drain()
        return self.document(r.get_json()["id"])

    def document(self, doc_id: int) -> dict[str, Any]:
        r = self.api.get(f"/api/v1/documents/{doc_id}")
        assert r.status_code == 200, r.get_json()
        return r.get_json()


@pytest.fixture
def desk(make, api) -> Desk:  # type: ignore[no-untyped-def]
    user, token = make.user("finance_staff")
    contract = make.contract(amount="1200000.00", title="教学设备采购合同")
    return Desk(user=user, token=token, contract=contract, api=api.as_(token))


@pytest.fixture(scope="session")
def contract_pdf() -> bytes:
    return pdfs.contract_pdf()


@pytest.fixture
def row() -> Callable[[int], Document]:
    """The document row as the database has it now (not a cached copy)."""

    def _get(doc_id: int) -> Document:
        session = db.session()
        session.expire_all()
        doc = session.get(Document, doc_id)
        assert doc is not None
        return doc

    return _get
