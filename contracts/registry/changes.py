"""The registry's change feed: which contracts changed since someone last looked (合同变更记录).

Every insert, update or delete of a contract or of anything the checker reads about one — its
parties, events, obligations (a payment updates its obligation's paid total), responsibilities, or
an enterprise's SME status — appends a ``contract_changes`` row per contract touched. Database
triggers write them, in the same transaction as the change itself, so a change and its mark commit
or roll back together, whoever makes the change: the services through the ORM, the importer's bulk
inserts, a migration, or someone correcting a row by hand in ``psql``. On PostgreSQL one trigger
per statement writes the distinct contracts of the rows it touched (transition tables); SQLite has
row triggers only.

A finding a person reopened asks for its contract to be judged again the same way
(``judge_again``). The checker reads the feed to re-judge only those contracts (``pending`` /
``consume``); a row is deleted only by the reader that processed it, so a change committed while
a run is going on is picked up by the next run.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from contracts.core import clock
from contracts.core.db import Base, on_create_all
from contracts.core.idlist import in_ids


class ContractChange(Base):
    """One mark: ``contract_id`` changed at ``changed_at`` (not yet processed by the checker)."""

    __tablename__ = "contract_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(index=True)  # no foreign key: a removed contract is a change too
    changed_at: Mapped[datetime] = mapped_column(default=clock.now)
    # the table whose row changed (NULL in marks written before migration 0005: any table)
    source: Mapped[str | None] = mapped_column(String(40))


ANY_TABLE = "*"  # a mark that does not say which table changed


def pending(session: Session) -> tuple[list[int], dict[int, set[str]]]:
    """The unprocessed marks: (their row ids, each contract they name with the tables whose rows
    changed; ``ANY_TABLE`` for a mark that does not say)."""
    rows = session.execute(select(ContractChange.id, ContractChange.contract_id, ContractChange.source)
                           .order_by(ContractChange.id)).all()
    changed: dict[int, set[str]] = {}
    for _, contract_id, source in rows:
        changed.setdefault(contract_id, set()).add(source or ANY_TABLE)
    return [r[0] for r in rows], changed


def judge_again(session: Session, contract_id: int, source: str) -> None:
    """Ask the next check run to judge the contract again, for a change no trigger sees: a
    finding a person reopened (``source`` names the table, so no rule recomputes anything for it)."""
    session.add(ContractChange(contract_id=contract_id, source=source))


def consume(session: Session, row_ids: list[int]) -> None:
    """Delete the marks a reader processed (exactly those: later ones stay for the next reader)."""
    if row_ids:
        session.execute(delete(ContractChange).where(in_ids(ContractChange.id, row_ids)))


# ---- the triggers ------------------------------------------------------------------------------
# (table, the column naming the contract) for the tables whose every row belongs to one contract
BY_CONTRACT = (("contracts", "id"), ("contract_parties", "contract_id"), ("contract_events", "contract_id"),
               ("obligations", "contract_id"), ("responsibilities", "contract_id"))


def trigger_ddl(dialect: str, *, with_source: bool = True) -> list[str]:
    """The statements that create the triggers writing the feed (``contract_changes``), for
    ``create_all`` and the migrations; each drops what it replaces first. ``with_source=False``
    gives the first version (migration 0004), which did not name the table."""
    mark = _Mark(dialect, with_source)
    return _postgresql_ddl(mark) if dialect == "postgresql" else _sqlite_ddl(mark)


def drop_trigger_ddl(dialect: str) -> list[str]:
    """The statements that remove the triggers (the migration's downgrade)."""
    tables = [t for t, _ in BY_CONTRACT] + ["enterprises"]
    if dialect == "postgresql":
        return [f"DROP FUNCTION IF EXISTS contract_changes_{t}() CASCADE" for t in tables]
    return [f"DROP TRIGGER IF EXISTS contract_changes_{t}_{op}" for t in tables for op in ("ins", "upd", "del")]


class _Mark:
    """The INSERT a trigger writes its marks with: the contract, the time and (since migration
    0005) the table whose rows changed."""

    def __init__(self, dialect: str, with_source: bool) -> None:
        self.now = "now()" if dialect == "postgresql" else "CURRENT_TIMESTAMP"
        self.with_source = with_source

    def insert(self) -> str:
        return f"INSERT INTO contract_changes (contract_id, changed_at{', source' if self.with_source else ''}) "

    def stamp(self, table: str) -> str:
        """The values after the contract id: the time, and the table."""
        return f"{self.now}, '{table}'" if self.with_source else self.now


def _postgresql_ddl(mark: _Mark) -> list[str]:
    out = []
    for table, key in BY_CONTRACT:
        def rows(source: str, key: str = key) -> str:
            return f"SELECT {key} FROM {source} WHERE {key} IS NOT NULL"

        put, stamp = mark.insert(), mark.stamp(table)
        body = (f"IF TG_OP = 'INSERT' THEN {put}SELECT DISTINCT {key}, {stamp} FROM ({rows('new_rows')}) c;\n"
                f"  ELSIF TG_OP = 'UPDATE' THEN {put}SELECT {key}, {stamp} FROM ({rows('new_rows')} UNION "
                f"{rows('old_rows')}) c;\n"
                f"  ELSE {put}SELECT DISTINCT {key}, {stamp} FROM ({rows('old_rows')}) c;\n  END IF;")
        out += _pg_function(table, body)
        out += [f"CREATE TRIGGER contract_changes_{table}_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS "
                f"new_rows FOR EACH STATEMENT EXECUTE FUNCTION contract_changes_{table}()",
                f"CREATE TRIGGER contract_changes_{table}_upd AFTER UPDATE ON {table} REFERENCING OLD TABLE AS "
                f"old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contract_changes_{table}()",
                f"CREATE TRIGGER contract_changes_{table}_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS "
                f"old_rows FOR EACH STATEMENT EXECUTE FUNCTION contract_changes_{table}()"]
    # an enterprise's SME status decides the SME rules for every contract it is a party to
    out += _pg_function("enterprises", f"{mark.insert()}SELECT DISTINCT p.contract_id, {mark.stamp('enterprises')} "
                                       "FROM new_rows n JOIN old_rows o ON o.id = n.id "
                                       "JOIN contract_parties p ON p.enterprise_id = n.id "
                                       "WHERE o.is_sme IS DISTINCT FROM n.is_sme;")
    out.append("CREATE TRIGGER contract_changes_enterprises_upd AFTER UPDATE ON enterprises REFERENCING OLD TABLE "
               "AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contract_changes_enterprises()")
    return out


def _pg_function(table: str, body: str) -> list[str]:
    return [f"DROP FUNCTION IF EXISTS contract_changes_{table}() CASCADE",
            f"CREATE FUNCTION contract_changes_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  {body}\n"
            "  RETURN NULL;\nEND $$"]


def _sqlite_ddl(mark: _Mark) -> list[str]:
    out = []
    for table, key in BY_CONTRACT:
        for op, event_, rows in (("ins", "INSERT", ["NEW"]), ("upd", "UPDATE", ["NEW", "OLD"]),
                                 ("del", "DELETE", ["OLD"])):
            touched = " UNION ".join(f"SELECT {row}.{key} AS c" for row in rows)
            out += [f"DROP TRIGGER IF EXISTS contract_changes_{table}_{op}",
                    f"CREATE TRIGGER contract_changes_{table}_{op} AFTER {event_} ON {table} BEGIN "
                    f"{mark.insert()}SELECT c, {mark.stamp(table)} FROM ({touched}) WHERE c IS NOT NULL; END"]
    out += ["DROP TRIGGER IF EXISTS contract_changes_enterprises_upd",
            "CREATE TRIGGER contract_changes_enterprises_upd AFTER UPDATE OF is_sme ON enterprises "
            f"WHEN OLD.is_sme IS NOT NEW.is_sme BEGIN {mark.insert()}SELECT contract_id, {mark.stamp('enterprises')} "
            "FROM contract_parties WHERE enterprise_id = NEW.id; END"]
    return out


on_create_all({"contract_changes", "enterprises", *(t for t, _ in BY_CONTRACT)}, trigger_ddl)
