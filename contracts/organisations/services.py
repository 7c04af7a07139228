"""Creating and changing agencies, officials and enterprises, with audit events."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.core.enums import AgencyLevel
from contracts.core.errors import Conflict, DomainError, msg
from contracts.organisations import uscc as uscc_mod
from contracts.organisations.models import Agency, Enterprise, Official


def comparable(text: str | None) -> str:
    """A name or code as two records are compared: full-width folded (（ → (, Ａ → A), whitespace
    gone, upper case; so 清河智联 (办公) 设备有限公司 is 清河智联（办公）设备有限公司."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).upper()


def _check_uscc(value: str, field: str = "uscc") -> str:
    code = uscc_mod.normalise(value)
    p = uscc_mod.problem(code)
    if p:
        raise DomainError({field: [msg(*p)]})
    return code


def check_agency_code(code: str, field: str = "uscc") -> None:
    """A government party's code must not be an enterprise's (9x: 企业/个体工商户/合作社)."""
    if code[0] == "9":
        kind = uscc_mod.entity_type(code) or "企业"
        raise DomainError.field(field, f"该代码以{code[:2]}开头（{kind}），不是政府部门的代码",
                                f"a code starting {code[:2]} ({kind}) belongs to a business, not an agency")


def check_enterprise_code(code: str, field: str = "uscc") -> None:
    """A counterparty's code must not be a 机关 (11): a government organ is registered as an agency."""
    if code[:2] == "11":
        raise DomainError.field(field, "以11开头的代码属于机关，请登记为政府部门",
                                "a code starting 11 belongs to a government organ; register it as an agency")


def _check_level(level: str) -> None:
    if level not in AgencyLevel.__members__:
        raise DomainError.field("level", f"未知的行政层级 {level}",
                                f"unknown level {level!r}; one of {', '.join(AgencyLevel)}")


def _check_parent(session: Session, parent_id: int | None, agency: Agency | None = None) -> None:
    if parent_id is None:
        return
    parent = session.get(Agency, parent_id)
    if parent is None:
        raise DomainError.field("parent_id", "上级部门不存在", "parent agency does not exist")
    seen: set[int] = set()
    while agency is not None and parent is not None and parent.id not in seen:
        if parent.id == agency.id:
            raise DomainError.field("parent_id", "上级部门不能是本部门或其下级",
                                    "the parent cannot be the agency itself or one of its subordinates")
        seen.add(parent.id)
        parent = parent.parent


def create_agency(session: Session, *, name: str, uscc: str, region_code: str, level: str = "county",
                  parent_id: int | None = None) -> Agency:
    """Register a government party (政府部门)."""
    code = _check_uscc(uscc)
    check_agency_code(code)
    _check_level(level)
    if session.scalar(select(Agency.id).where(Agency.uscc == code)):
        raise Conflict({"uscc": [msg("该统一社会信用代码已登记", "an agency with this code exists")]})
    _check_parent(session, parent_id)
    agency = Agency(name=name.strip(), uscc=code, region_code=region_code, level=level, parent_id=parent_id)
    session.add(agency)
    session.flush()
    trail.record(session, "create", "agency", agency.id, after=trail.snapshot(agency))
    return agency


def create_official(session: Session, *, name: str, agency_id: int, post: str = "",
                    email: str | None = None, active: bool = True) -> Official:
    """Register an official (公务员) of an agency."""
    if session.get(Agency, agency_id) is None:
        raise DomainError.field("agency_id", "部门不存在", "agency does not exist")
    official = Official(name=name.strip(), agency_id=agency_id, post=post, email=email, active=active)
    session.add(official)
    session.flush()
    trail.record(session, "create", "official", official.id, after=trail.snapshot(official))
    return official


def create_enterprise(session: Session, *, name: str, uscc: str, is_sme: bool = False,
                      email: str | None = None) -> Enterprise:
    """Register an enterprise (企业); ``is_sme`` as declared at signing."""
    code = _check_uscc(uscc)
    check_enterprise_code(code)
    if session.scalar(select(Enterprise.id).where(Enterprise.uscc == code)):
        raise Conflict({"uscc": [msg("该统一社会信用代码已登记", "an enterprise with this code exists")]})
    ent = Enterprise(name=name.strip(), uscc=code, is_sme=is_sme, email=email)
    session.add(ent)
    session.flush()
    trail.record(session, "create", "enterprise", ent.id, after=trail.snapshot(ent))
    return ent


UPDATABLE: dict[type, frozenset[str]] = {
    Agency: frozenset({"name", "uscc", "region_code", "level", "parent_id"}),
    Official: frozenset({"name", "agency_id", "post", "email", "active"}),
    Enterprise: frozenset({"name", "uscc", "is_sme", "email"}),
}


def update(session: Session, obj: Agency | Official | Enterprise, changes: dict[str, Any]) -> None:
    """Apply field changes to an organisation row (checked as on creation), with an audit event."""
    unknown = set(changes) - UPDATABLE[type(obj)]
    if unknown:
        raise DomainError({k: [msg("不可修改的字段", "this field cannot be changed")] for k in sorted(unknown)})
    before = trail.snapshot(obj)
    if "name" in changes:
        if not (changes["name"] or "").strip():
            raise DomainError.field("name", "名称不能为空", "the name must not be blank")
        changes["name"] = changes["name"].strip()
    if "uscc" in changes:
        changes["uscc"] = _check_uscc(changes["uscc"])
        if isinstance(obj, Agency):
            check_agency_code(changes["uscc"])
        else:
            check_enterprise_code(changes["uscc"])
        model = type(obj)
        if session.scalar(select(model.id).where(model.uscc == changes["uscc"], model.id != obj.id)):  # type: ignore[union-attr]
            raise Conflict({"uscc": [msg("该统一社会信用代码已登记", "another row has this code")]})
    if isinstance(obj, Agency):
        if "level" in changes:
            _check_level(changes["level"])
        if "parent_id" in changes:
            _check_parent(session, changes["parent_id"], obj)
    if isinstance(obj, Official) and "agency_id" in changes and session.get(Agency, changes["agency_id"]) is None:
        raise DomainError.field("agency_id", "部门不存在", "agency does not exist")
    for key, value in changes.items():
        setattr(obj, key, value)
    session.flush()
    after = trail.snapshot(obj)
    if after != before:
        trail.record(session, "update", ENTITY_NAMES[type(obj)], obj.id, before=before, after=after)


ENTITY_NAMES = {Agency: "agency", Official: "official", Enterprise: "enterprise"}


def enterprise_by_uscc(session: Session, code: str) -> Enterprise | None:
    return session.scalar(select(Enterprise).where(Enterprise.uscc == uscc_mod.normalise(code)))
