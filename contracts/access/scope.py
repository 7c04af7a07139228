"""What each user can see: tenant-scoped queries and getters (数据范围).

An enterprise asking for a contract it is not party to gets 404, not 403, so existence does not leak.
"""

from __future__ import annotations

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from contracts.access.permissions import Permission, require
from contracts.core.enums import Role
from contracts.core.errors import Forbidden, NotFound
from contracts.registry.models import Contract, ContractParty


def visible_contracts(user: object, stmt: Select | None = None) -> Select:
    """``stmt`` (default: all contracts) narrowed to what ``user`` may see."""
    stmt = stmt if stmt is not None else select(Contract)
    role = getattr(user, "role", None)
    if role == Role.agency_staff:
        return stmt.where(Contract.agency_id == user.agency_id)  # type: ignore[attr-defined]
    if role == Role.enterprise:
        party = exists().where(ContractParty.contract_id == Contract.id,
                               ContractParty.enterprise_id == user.enterprise_id)  # type: ignore[attr-defined]
        return stmt.where(party)
    return stmt


def can_see(session: Session, user: object, contract: Contract) -> bool:
    role = getattr(user, "role", None)
    if role == Role.agency_staff:
        return contract.agency_id == user.agency_id  # type: ignore[attr-defined]
    if role == Role.enterprise:
        return any(p.enterprise_id == user.enterprise_id for p in contract.parties)  # type: ignore[attr-defined]
    return role is not None


def get_contract(session: Session, user: object, contract_id: int, *, write: bool = False) -> Contract:
    """The contract if ``user`` may see it (else 404); with ``write``, also the right to change it."""
    require(user, Permission.registry_read)
    contract = session.get(Contract, contract_id)
    if contract is None or not can_see(session, user, contract):
        raise NotFound("contract")
    if write:
        require_contract_write(user, contract)
    return contract


def require_contract_write(user: object, contract: Contract | None = None, agency_id: int | None = None) -> None:
    """finance_staff and admin write everywhere; agency_staff only their own agency's contracts."""
    require(user, Permission.registry_write)
    target = agency_id if agency_id is not None else (contract.agency_id if contract else None)
    if getattr(user, "role", None) == Role.agency_staff and target != user.agency_id:  # type: ignore[attr-defined]
        raise Forbidden("只能维护本部门的合同", "agency staff may only change their own agency's contracts")


def recused(user: object, agency_id: int | None) -> bool:
    """回避: the user works for ``agency_id``, so may not decide about it (a record, or clearing a finding)."""
    own = getattr(user, "agency_id", None)
    return own is not None and own == agency_id


def require_not_own(user: object, agency_id: int | None) -> None:
    """Refuse (403) a decision about the agency the user works for (``recused``)."""
    if recused(user, agency_id):
        raise Forbidden("不能认定、处理针对本部门的失信记录或发现（应当回避）",
                        "staff of an agency cannot decide on records or findings about their own agency")
