"""A reviewer confirms a proposed obligation at the moment a re-parse saves its result (PostgreSQL:
the two run on separate connections, as a web request and a worker do)."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import select

from contracts.core.db import db
from contracts.documents import services
from contracts.documents.models import Candidate, Document
from contracts.documents.services import CandidateStatus
from tests.documents.conftest import Desk


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"),
                    reason="row locks are PostgreSQL's (TEST_POSTGRES_URL); SQLite runs one writer at a time")
def test_a_proposal_confirmed_while_a_reparse_saves_stays_confirmed_and_is_not_proposed_again(
        app, desk: Desk, session, contract_pdf):
    """The reviewer's confirmation of 预付款 is written but not yet committed when the worker saves a
    re-parse of the same file. Before, the worker read the proposal as still pending, marked it
    superseded over the confirmation once that committed, and proposed 预付款 again, so a second
    confirmation would have made the payment twice."""
    doc = desk.parsed(contract_pdf)
    advance = next(c for c in doc["candidates"] if "预付款" in c["text"])
    saved: list[BaseException] = []

    def worker_saves_the_reparse() -> None:
        with app.app_context(), db.isolated_scope() as worker:
            try:
                d = worker.get(Document, doc["id"])
                services.store_result(worker, d, dict(d.extraction), d.parser_version)
                worker.commit()
            except BaseException as exc:  # reported to the test below
                saved.append(exc)

    with db.isolated_scope() as reviewer:
        services.accept_candidate(reviewer, reviewer.get(Candidate, advance["id"]), user_id=desk.user.id)
        thread = threading.Thread(target=worker_saves_the_reparse)
        thread.start()
        thread.join(timeout=2)  # the worker reaches the proposals while the confirmation is uncommitted
        reviewer.commit()
    thread.join(timeout=30)
    assert not thread.is_alive() and not saved, saved
    session.expire_all()
    assert session.get(Candidate, advance["id"]).status == CandidateStatus.accepted
    again = session.scalars(select(Candidate).where(Candidate.document_id == doc["id"],
                                                    Candidate.status == CandidateStatus.pending,
                                                    Candidate.text == advance["text"])).all()
    assert again == [], "the confirmed proposal is asked again"
