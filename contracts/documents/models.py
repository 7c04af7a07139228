"""Document (合同文件) — the record of a parse job — and Candidate (待确认义务)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.core import clock
from contracts.core.db import Base

if TYPE_CHECKING:
    from contracts.registry.models import Contract

JSONType = JSON().with_variant(JSONB(), "postgresql")


class Document(Base):
    """An uploaded PDF; the blob is content-addressed by SHA-256 under UPLOAD_DIR.

    status: queued → running → done / failed / needs_ocr; Redis is not the record of the work,
    this row is (a reconciler re-queues rows left queued or running by a lost job).
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    contract: Mapped[Contract] = relationship()
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    pages_done: Mapped[int] = mapped_column(default=0)
    pages_total: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    job_id: Mapped[str | None] = mapped_column(String(64))
    parser_version: Mapped[str | None] = mapped_column(String(32))
    extraction: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    queued_at: Mapped[datetime] = mapped_column(default=clock.now)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="document", order_by="Candidate.position")


class Candidate(Base):
    """An obligation proposed by the parser, waiting for staff to accept, edit or reject it."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    position: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    page: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/accepted/rejected/superseded
    parser_version: Mapped[str] = mapped_column(String(32), default="")
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]

    document: Mapped[Document] = relationship(back_populates="candidates")
