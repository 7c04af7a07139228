"""A list of ids bound as one SQL parameter (ID 列表参数): ``column IN ids`` costs the same to render
and send whether it names ten rows or ten thousand."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, String, TypeDecorator, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class IdList(TypeDecorator):
    """A list of integer ids bound as one text parameter: an array literal (``{1,2,3}``) that
    PostgreSQL casts to ``integer[]``, JSON on SQLite. Text, not an array parameter: the driver
    then sends one string instead of adapting every id on each execution (a check run sends the
    same thousand ids with each of its ~30 statements)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        ids = ",".join(str(int(v)) for v in value)
        return f"{{{ids}}}" if dialect.name == "postgresql" else f"[{ids}]"


class in_ids(FunctionElement):
    """``column IN ids`` with the ids as one parameter, however many there are (``IN (SELECT
    unnest(array))`` / ``IN (SELECT value FROM json_each(…))``): thousands of separate parameters cost more to render
    than the query takes to run."""

    type = Boolean()
    inherit_cache = True
    name = "in_ids"

    def __init__(self, column: Any, ids: Any, *, name: str | None = None) -> None:
        # a named parameter lets a statement built once be run again with other ids
        # (``session.execute(stmt, {name: ids})``)
        super().__init__(column, bindparam(name, list(ids), type_=IdList()))


@compiles(in_ids)
def _in_ids_default(element: in_ids, compiler: Any, **kw: Any) -> str:
    column, ids = list(element.clauses)
    # a set-returning subquery, not ``= ANY(array)``: the planner then joins through the column's
    # index instead of testing every row against the whole array
    return f"{compiler.process(column, **kw)} IN (SELECT unnest(CAST({compiler.process(ids, **kw)} AS INTEGER[])))"


@compiles(in_ids, "sqlite")
def _in_ids_sqlite(element: in_ids, compiler: Any, **kw: Any) -> str:
    column, ids = list(element.clauses)
    return f"{compiler.process(column, **kw)} IN (SELECT value FROM json_each({compiler.process(ids, **kw)}))"
