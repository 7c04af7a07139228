"""Schemas of the audit trail (审计日志)."""

from __future__ import annotations

from contracts.core.schemas import BaseSchema, DateTime, Dict, Id, Int, Str


class AuditEventSchema(BaseSchema):
    """Who did what to which row, when, with the row before and after; hash-chained."""

    id = Int()
    at = DateTime()
    actor_id = Int(allow_none=True)
    actor = Str()
    action = Str()
    entity = Str()
    entity_id = Int(allow_none=True)
    contract_id = Int(allow_none=True)
    before = Dict(allow_none=True)
    after = Dict(allow_none=True)
    note = Str()
    prev_hash = Str()
    hash = Str()


class AuditQuerySchema(BaseSchema):
    entity = Str(metadata={"description": "contract, obligation, payment, event, responsibility, agency…"})
    entity_id = Id()
    contract_id = Id()
    action = Str()
    actor_id = Id()
