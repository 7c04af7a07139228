"""Paginating a SQLAlchemy select for ``@blp.paginate()`` views (分页)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


def page(session: Session, stmt: Select, pagination_parameters: Any) -> list[Any]:
    """The rows of the requested page; sets the total for the ``X-Pagination`` header."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    pagination_parameters.item_count = total
    if pagination_parameters.first_item >= total:  # past the last page (however far: no OFFSET overflow)
        return []
    return list(session.scalars(stmt.limit(pagination_parameters.page_size)
                                .offset(pagination_parameters.first_item)))
