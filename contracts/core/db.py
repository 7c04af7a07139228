"""Database access: declarative base, engine, and a scoped session (数据库).

Plain SQLAlchemy 2 with a context-variable scope, so the web app, CLI commands and rq jobs
share one way of getting a session, and a job run in-process gets a session of its own.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    DateTime,
    Dialect,
    Engine,
    MetaData,
    Numeric,
    String,
    TypeDecorator,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.pool import NullPool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MONEY = Numeric(18, 2, asdecimal=True)


class UTCDateTime(TypeDecorator[datetime]):
    """An instant (时间点): ``timestamptz`` on PostgreSQL, UTC without an offset on SQLite, and read
    back from either as an aware datetime in UTC, so the API and the code see the same value on
    both (SQLite's came back naive, PostgreSQL's in the server's time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None and dialect.name == "sqlite":
            return value.astimezone(UTC).replace(tzinfo=None)  # SQLite would keep the wall time
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of every model; money maps to Numeric(18,2), datetimes to aware UTC instants."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        Decimal: MONEY,
        datetime: UTCDateTime(),
    }


def on_create_all(tables: set[str], ddl: Callable[[str], list[str]]) -> None:
    """Run ``ddl(dialect)`` (statements creating triggers) after ``create_all`` whenever it created
    every one of ``tables``, as a migration does: the tests and the benchmarks build their schema
    from the models and need the triggers too."""

    @event.listens_for(Base.metadata, "after_create")
    def _create(metadata: Any, connection: Any, **kw: Any) -> None:
        created = {t.name for t in kw.get("tables") or metadata.sorted_tables}
        if tables <= created:
            for statement in ddl(connection.dialect.name):
                connection.exec_driver_sql(statement)


_scope: contextvars.ContextVar[object] = contextvars.ContextVar("db_scope")
_default_scope = object()


def _current_scope() -> object:
    return _scope.get(_default_scope), _thread_key()


def _thread_key() -> int:
    import threading

    return threading.get_ident()


class Database:
    """Holds the engine and the scoped session; configured once per process by the app factory."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.url: str | None = None
        self._factory = sessionmaker(expire_on_commit=False)
        self.session = scoped_session(self._factory, scopefunc=_current_scope)

    def configure(self, url: str, *, echo: bool = False, pool: bool = True) -> Engine:
        """Create the engine for ``url`` (replacing an earlier one) and bind sessions to it."""
        if self.engine is not None and self.url == url:
            return self.engine
        if self.engine is not None:
            self.session.remove()
            self.engine.dispose()
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            kwargs["pool_pre_ping"] = True
            if not pool:
                kwargs["poolclass"] = NullPool
        engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(engine, "connect", _sqlite_pragmas)
        self.engine = engine
        self.url = url
        self._factory.configure(bind=engine)
        os.register_at_fork(after_in_child=self._after_fork)
        return engine

    def _after_fork(self) -> None:
        # A forked rq work-horse must not reuse the parent's pooled connections.
        if self.engine is not None:
            self.engine.dispose(close=False)

    @property
    def dialect(self) -> str:
        assert self.engine is not None, "database not configured"
        return self.engine.dialect.name

    def commit(self) -> None:
        """Commit the current session, then hand over the jobs queued during the transaction."""
        from contracts.core import jobs

        session = self.session()
        session.commit()
        jobs.dispatch_pending(session)

    def rollback(self) -> None:
        from contracts.core import jobs

        session = self.session()
        session.rollback()
        jobs.discard_pending(session)

    @contextmanager
    def isolated_scope(self) -> Iterator[Session]:
        """Run a block (an in-process job, a CLI step) with a session of its own."""
        token = _scope.set(object())
        try:
            yield self.session()
        finally:
            self.session.remove()
            _scope.reset(token)


def reread_locked(session: Session, *rows: Any) -> None:
    """Read ``rows`` again under a row lock (PostgreSQL ``FOR UPDATE``; SQLite has one writer) before
    deciding on their state: of two requests acting at once (a double click, two officers), the
    second sees what the first did, not what it read before. Pending changes are flushed first."""
    session.flush()
    for row in rows:
        session.refresh(row, with_for_update=True)


def _text_limits(mapper: Any) -> list[tuple[str, int]]:
    """(attribute, characters) of the mapped class's bounded text columns (``String(n)``)."""
    found = _LIMITS.get(mapper)
    if found is None:
        found = _LIMITS[mapper] = [(prop.key, col.type.length) for prop in mapper.column_attrs
                                   for col in prop.columns[:1]
                                   if isinstance(col.type, String) and col.type.length]
    return found


_LIMITS: dict[Any, list[tuple[str, int]]] = {}


@event.listens_for(Session, "before_flush")
def _refuse_overlong_text(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse text longer than its column, beside the field (``DomainError``), whoever wrote it.

    PostgreSQL refuses it in the driver (a 500) and SQLite stores it whole, so a form that forgot
    the column's width failed in production and kept what production cannot hold in the embedded
    default. Refused, not cut short: a person's words are kept whole or not at all. Only values
    being written are judged: a row an earlier version let through on SQLite still takes other
    changes (a due date derived again, a status).
    """
    from contracts.core.errors import DomainError, msg

    errors: dict[str, list[str]] = {}
    for obj in (*session.new, *session.dirty):
        mapper = getattr(obj, "__mapper__", None)
        if mapper is None:
            continue
        state = inspect(obj)
        for key, limit in _text_limits(mapper):
            value = obj.__dict__.get(key)
            if not isinstance(value, str) or len(value) <= limit:
                continue
            if state.persistent and not state.attrs[key].history.added:
                continue  # stored before, not being written now
            errors.setdefault(key, []).append(msg(f"最多{limit}个字符", f"at most {limit} characters"))
    if errors:
        raise DomainError(errors)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


db = Database()
