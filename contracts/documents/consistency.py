"""Does an uploaded PDF belong to the contract it was filed under (合同一致性核对)?

The extraction reads the contract's own particulars (code, amount, signing date, parties with
their unified social credit codes); ``differences`` sets them beside the registry's. A
difference is a warning for the reviewer, not a refusal: the PDF may be the wrong file (another
contract of the same supplier), a supplementary agreement, or the registry may hold a typing
error. Either way the obligations read from it should not be confirmed before someone has looked.
Only what both sides state is compared; a field the parser did not find is no difference.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from contracts.organisations.services import comparable
from contracts.registry.models import Contract

FIELDS = ("code", "amount", "signed_on", "government", "counterparty")
"""The compared particulars, in the order they are listed. Not the kind: the parser infers it from
the wording, the contract does not state it."""


@dataclass(frozen=True)
class Difference:
    """One particular that the registry and the document state differently."""

    field: str  # one of FIELDS
    registered: str | Decimal | date  # an amount as Decimal, a signing date as date, else text
    in_document: str | Decimal | date

    def as_json(self) -> dict[str, str]:
        """As the API gives it: amounts with two places, dates in ISO form."""
        return {k: f"{v:.2f}" if isinstance(v, Decimal) else v.isoformat() if isinstance(v, date) else v
                for k, v in asdict(self).items()}


def _party(name: str | None, uscc: str | None) -> str:
    return f"{name or ''}（{uscc}）" if uscc else (name or "")


def differences(contract: Contract, extraction: dict[str, Any] | None) -> list[Difference]:
    """What the document's particulars (the extraction JSON's ``contract``) say differently."""
    found = (extraction or {}).get("contract") or {}
    out: list[Difference] = []
    code = found.get("code")
    if code and comparable(code) != comparable(contract.code):
        out.append(Difference("code", contract.code, code))
    amount = _decimal(found.get("amount"))
    if amount is not None and amount != contract.amount:
        out.append(Difference("amount", contract.amount, amount))
    signed = _date(found.get("signed_on"))
    if signed is not None and signed != contract.signed_on:
        out.append(Difference("signed_on", contract.signed_on, signed))
    parties = [p for p in found.get("parties") or [] if isinstance(p, dict)]
    agency = contract.agency
    for p in parties:
        if p.get("side") == "government" and not _same(p, [(agency.name, agency.uscc)]):
            out.append(Difference("government", _party(agency.name, agency.uscc), _party(p.get("name"), p.get("uscc"))))
    registered = [(cp.enterprise.name, cp.enterprise.uscc) for cp in contract.parties]
    if registered:
        for p in parties:
            if p.get("side") == "counterparty" and not _same(p, registered):
                out.append(Difference("counterparty", "、".join(_party(n, u) for n, u in registered),
                                      _party(p.get("name"), p.get("uscc"))))
    return out


def _same(party: dict[str, Any], registered: list[tuple[str, str | None]]) -> bool:
    """A document's party is one of the registered ones: by credit code where the document gives
    one, else by name."""
    uscc, name = comparable(party.get("uscc")), comparable(party.get("name"))
    if uscc:
        return any(uscc == comparable(u) for _, u in registered)
    return not name or any(name == comparable(n) for n, _ in registered)


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
