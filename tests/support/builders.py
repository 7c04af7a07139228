"""Fixture builders: real objects made through the services, as a user of the product would."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from contracts.access import services as access
from contracts.access.models import User
from contracts.core.db import db
from contracts.obligations import services as obligations
from contracts.organisations import services as orgs
from contracts.organisations.uscc import check_character
from contracts.registry import services as registry
from contracts.responsibility import services as responsibility

_seq = itertools.count(1)


def uscc(prefix: str = "91") -> str:
    """A valid, unique 统一社会信用代码 with the given two-character prefix."""
    n = next(_seq)
    body = f"{prefix}{330100:06d}{n:09d}"[:17]
    return body + check_character(body)


@dataclass
class Builders:
    session: Session

    def commit(self) -> None:
        db.commit()

    def agency(self, name: str = "某县财政局", **kw: Any):  # type: ignore[no-untyped-def]
        a = orgs.create_agency(self.session, name=name, uscc=kw.pop("uscc", uscc("11")),
                               region_code=kw.pop("region_code", "330102"), **kw)
        db.commit()
        return a

    def official(self, agency, name: str = "张三", post: str = "科长"):  # type: ignore[no-untyped-def]
        o = orgs.create_official(self.session, name=name, agency_id=agency.id, post=post)
        db.commit()
        return o

    def enterprise(self, name: str = "某某科技有限公司", is_sme: bool = True, **kw: Any):  # type: ignore[no-untyped-def]
        e = orgs.create_enterprise(self.session, name=name, uscc=kw.pop("uscc", uscc("91")), is_sme=is_sme, **kw)
        db.commit()
        return e

    def contract(self, agency=None, enterprise=None, *, kind: str = "procurement",  # type: ignore[no-untyped-def]
                 amount: str = "1200000.00", signed_on: date = date(2024, 3, 15), code: str | None = None,
                 role: str = "supplier", **fields: Any):
        agency = agency or self.agency()
        enterprise = enterprise or self.enterprise()
        c = registry.create_contract(
            self.session, kind=kind, code=code or f"HT-{next(_seq):05d}", title=fields.pop("title", "测试合同"),
            agency_id=agency.id, amount=Decimal(amount), signed_on=signed_on,
            parties=[{"enterprise_id": enterprise.id, "role": role}], **fields)
        db.commit()
        return c

    def obligation(self, contract, *, due: dict[str, Any], kind: str = "payment",  # type: ignore[no-untyped-def]
                   amount: str | None = None, percent: str | None = None, **kw: Any):
        ob = obligations.add_obligation(self.session, contract, kind=kind, due=due,
                                        amount=Decimal(amount) if amount else None,
                                        percent=Decimal(percent) if percent else None, **kw)
        db.commit()
        return ob

    def event(self, contract, type_: str, on: date):  # type: ignore[no-untyped-def]
        ev = obligations.record_event(self.session, contract, type_, on)
        db.commit()
        return ev

    def payment(self, ob, amount: str, on: date):  # type: ignore[no-untyped-def]
        p = obligations.record_payment(self.session, ob, amount=Decimal(amount), paid_on=on)
        db.commit()
        return p

    def responsible(self, contract, official, role: str = "payment_approver",  # type: ignore[no-untyped-def]
                    start: date | None = None):
        r = responsibility.assign(self.session, contract, official_id=official.id, role=role,
                                  start=start or contract.signed_on)
        db.commit()
        return r

    def handover(self, contract, to, on: date, role: str = "payment_approver",  # type: ignore[no-untyped-def]
                 reason: str = "岗位调整"):
        rows = responsibility.handover(self.session, contract, role=role, to_official_id=to.id, on=on,
                                       reason=reason)
        db.commit()
        return rows

    def user(self, role: str = "finance_staff", *, agency=None, enterprise=None,  # type: ignore[no-untyped-def]
             username: str | None = None, password: str | None = "correct-horse-1") -> tuple[User, str]:
        """A user of ``role`` and an API token for them."""
        if role == "agency_staff" and agency is None:
            agency = self.agency(name=f"部门{next(_seq)}")
        if role == "enterprise" and enterprise is None:
            enterprise = self.enterprise(name=f"企业{next(_seq)}")
        u = access.create_user(self.session, username=username or f"{role}-{next(_seq)}", role=role,
                               password=password, agency_id=agency.id if agency else None,
                               enterprise_id=enterprise.id if enterprise else None)
        token = access.issue_token(self.session, u, "test")
        db.commit()
        return u, token


class ApiClient:
    """Thin JSON client: ``api.as_(token).post('/api/v1/contracts', json=...)``."""

    def __init__(self, client, make: Builders) -> None:  # type: ignore[no-untyped-def]
        self.client, self.make, self.token = client, make, None

    def as_(self, token_or_role: str) -> ApiClient:
        other = ApiClient(self.client, self.make)
        if token_or_role.startswith("ccm_"):
            other.token = token_or_role
        else:
            other.token = self.make.user(token_or_role)[1]
        return other

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        h = dict(headers or {})
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def get(self, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.get(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.post(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.put(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.patch(url, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, url: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.delete(url, headers=self._headers(kw.pop("headers", None)), **kw)
