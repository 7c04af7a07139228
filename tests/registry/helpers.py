"""Helpers for the registry tests: a full dump of the database, flattened error messages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from contracts.core.db import Base, db


def dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order, read on a fresh connection."""
    assert db.engine is not None
    out = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    return out


def messages(body: dict[str, Any]) -> dict[str, list[str]]:
    """flask-smorest's ``errors.json`` flattened to ``{"due.offset": [...], "parties.0.role": [...]}``."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            flat[prefix] = value
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(f"{prefix}.{i}", v)

    walk("", body.get("errors", {}).get("json", {}))
    return flat


def is_bilingual(text: str) -> bool:
    """"中文 / English": Chinese first, then English."""
    zh, sep, en = text.partition(" / ")
    return bool(sep) and any("\u4e00" <= ch <= "\u9fff" for ch in zh) and any(ch.isascii() and ch.isalpha() for ch in en)
