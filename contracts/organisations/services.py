"""Creating and changing agencies, officials and enterprises, with audit events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.core.errors import Conflict, DomainError, msg
from contracts.organisations import uscc as uscc_mod
from contracts.organisations.models import Agency, Enterprise, Official


def _check_uscc(value: str, field: str = "uscc") -> str:
    code = uscc_mod.normalise(value)
    p = uscc_mod.problem(code)
    if p:
        raise DomainError({field: [msg(*p)]})
    return code


def create_agency(session: Session, *, name: str, uscc: str, region_code: str, level: str = "county",
                  parent_id: int | None = None) -> Agency:
    """Register a government party (政府部门)."""
    code = _check_uscc(uscc)
    if session.scalar(select(Agency.id).where(Agency.uscc == code)):
        raise Conflict({"uscc": [msg("该统一社会信用代码已登记", "an agency with this code exists")]})
    if parent_id is not None and session.get(Agency, parent_id) is None:
        raise DomainError.field("parent_id", "上级部门不存在", "parent agency does not exist")
    agency = Agency(name=name.strip(), uscc=code, region_code=region_code, level=level, parent_id=parent_id)
    session.add(agency)
    session.flush()
    trail.record(session, "create", "agency", agency.id, after=trail.snapshot(agency))
    return agency


def create_official(session: Session, *, name: str, agency_id: int, post: str = "",
                    email: str | None = None) -> Official:
    """Register an official (公务员) of an agency."""
    if session.get(Agency, agency_id) is None:
        raise DomainError.field("agency_id", "部门不存在", "agency does not exist")
    official = Official(name=name.strip(), agency_id=agency_id, post=post, email=email)
    session.add(official)
    session.flush()
    trail.record(session, "create", "official", official.id, after=trail.snapshot(official))
    return official


def create_enterprise(session: Session, *, name: str, uscc: str, is_sme: bool = False,
                      email: str | None = None) -> Enterprise:
    """Register an enterprise (企业); ``is_sme`` as declared at signing."""
    code = _check_uscc(uscc)
    if session.scalar(select(Enterprise.id).where(Enterprise.uscc == code)):
        raise Conflict({"uscc": [msg("该统一社会信用代码已登记", "an enterprise with this code exists")]})
    ent = Enterprise(name=name.strip(), uscc=code, is_sme=is_sme, email=email)
    session.add(ent)
    session.flush()
    trail.record(session, "create", "enterprise", ent.id, after=trail.snapshot(ent))
    return ent


def update(session: Session, obj: Agency | Official | Enterprise, changes: dict[str, Any]) -> None:
    """Apply field changes to an organisation row, with an audit event."""
    before = trail.snapshot(obj)
    if "uscc" in changes:
        changes["uscc"] = _check_uscc(changes["uscc"])
    for key, value in changes.items():
        setattr(obj, key, value)
    session.flush()
    trail.record(session, "update", ENTITY_NAMES[type(obj)], obj.id, before=before,
                 after=trail.snapshot(obj))


ENTITY_NAMES = {Agency: "agency", Official: "official", Enterprise: "enterprise"}


def enterprise_by_uscc(session: Session, code: str) -> Enterprise | None:
    return session.scalar(select(Enterprise).where(Enterprise.uscc == uscc_mod.normalise(code)))
