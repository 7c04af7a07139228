"""Importing the registry from a spreadsheet: check every row, then write all or nothing (批量导入).

``run_import`` reads an .xlsx (sheets contracts, obligations, events, payments, responsibilities)
or a .csv (one of them; UTF-8, GB18030, or Excel's UTF-16 tab-separated "Unicode text"), checks every row with the same rules as the services, and reports each bad
row with its sheet, row number, column and reason. A dry run stops there; a real run with any bad
row stores nothing (422); otherwise everything is written in the caller's transaction. It runs in
the request for the synchronous API and in a job for import runs (``contracts.importer.runs``),
which hears how far it got through ``on_progress``; the service itself knows nothing of rq.

Idempotent: a contract is identified by (agency, contract code). A row that is already in the
registry is counted as unchanged; a row that contradicts the registry is an error (correct the
registry through the API instead). Re-importing the same file changes nothing. The check takes no
lock; an import whose registered contracts changed while it was being checked (two clerks uploading
the same rows at once) is refused with 409 before it writes anything (``_unchanged_since``).

New contracts, and new obligations and their payments on any contract, are written with bulk
inserts (100,000 obligations in seconds). The audit trail gets one event per import (the file's
SHA-256 and the counts), one per new contract (its row and what came with it) and one per
registered contract that received rows. Events of registered contracts, payments against
registered obligations and responsibilities go through the services, each with its own audit
event (and due-date derivation).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from sqlalchemy import Table, and_, func, insert, select, text, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contracts.access.permissions import Permission, allowed, require
from contracts.audit import trail
from contracts.audit.models import AuditEvent
from contracts.calendar.deadlines import CalendarNotPublished, WorkCalendar
from contracts.calendar.service import work_calendar
from contracts.core import clock
from contracts.core.enums import ContractKind, ContractStatus, Debtor, EventType, ObligationSource, Role
from contracts.core.errors import Conflict, DomainError, msg
from contracts.importer.columns import ORDER, SHEETS
from contracts.importer.reader import BadCell, RowError, Sheet, read, sniff
from contracts.obligations import services as obligations
from contracts.obligations.models import ContractEvent, Obligation, Payment
from contracts.organisations import services as organisations
from contracts.organisations.models import Agency, Enterprise, Official
from contracts.organisations.schemas import parse_uscc
from contracts.registry.models import Contract, ContractParty
from contracts.registry.services import ALL_KIND_FIELDS, COMMON_OPTIONAL, check_dates, validate_kind_fields
from contracts.responsibility import services as responsibility
from contracts.responsibility.models import Responsibility

CHUNK = 500
PROGRESS_EVERY = 1000
"""Units of work (a row read, converted or checked) between two progress reports."""
_OB_COLUMNS = (Obligation.id, Obligation.contract_id, Obligation.kind, Obligation.debtor, Obligation.amount,
               Obligation.percent, Obligation.due_on, Obligation.due_event, Obligation.due_offset, Obligation.due_unit,
               Obligation.description, Obligation.delay_reason, Obligation.paid_total, Obligation.status)
CONTRACT_FIELDS = sorted(ALL_KIND_FIELDS | COMMON_OPTIONAL)


Progress = Callable[[str, int, int | None], None]
"""``on_progress(stage, done, total)`` of ``run_import``: ``reading`` (rows read so far, total not yet
known), ``checking`` (rows checked of the total: each row is checked in two passes, its cells and
then against the file and the registry, each worth half a row), ``writing`` (rows written of the
rows the file adds, in one transaction: a bulk insert counts its rows at once, rows written through
the services one by one). It may raise to stop the import."""


class _Ticker:
    """Turns rows read and checked into ``on_progress`` calls, one every PROGRESS_EVERY units."""

    def __init__(self, on_progress: Progress | None) -> None:
        self.on_progress = on_progress
        self.units, self.total, self.next = 0, 0, PROGRESS_EVERY

    def reading(self, rows: int) -> None:
        if self.on_progress is not None:
            self.on_progress("reading", rows, None)

    def checking(self, total: int) -> None:
        self.units, self.total, self.next = 0, total, PROGRESS_EVERY
        if self.on_progress is not None:
            self.on_progress("checking", 0, total)

    def step(self) -> None:
        self.units += 1
        if self.units >= self.next and self.on_progress is not None:
            self.next += PROGRESS_EVERY
            self.on_progress("checking", min(self.units // 2, self.total), self.total)

    def stage(self, name: str) -> None:
        if self.on_progress is not None:
            self.on_progress(name, self.total, self.total)

    def writing(self, total: int) -> None:
        """The writing starts: ``total`` rows to write."""
        self.units, self.total, self.next = 0, total, PROGRESS_EVERY
        if self.on_progress is not None:
            self.on_progress("writing", 0, total)

    def wrote(self, rows: int = 1) -> None:
        """``rows`` more written; reported every PROGRESS_EVERY rows and when the last is written."""
        self.units += rows
        if (self.units >= self.next or self.units >= self.total) and self.on_progress is not None:
            self.next = self.units + PROGRESS_EVERY
            self.on_progress("writing", min(self.units, self.total), self.total)


class ImportRejected(DomainError):
    """A real run found bad rows: nothing was stored (422); ``report`` lists every one."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        errors: dict[str, list[str]] = defaultdict(list)
        for e in report.errors:
            errors[f"{e.sheet}[{e.row}].{e.column}"].append(e.message)
        errors["_schema"] = [msg(f"导入被拒绝：{len(report.errors)} 处错误，未保存任何数据",
                                 f"import refused: {len(report.errors)} problem(s); nothing was stored")]
        super().__init__(dict(errors), 422)


@dataclass
class ImportReport:
    """What an import found and (unless a dry run) did."""

    dry_run: bool
    sha256: str
    filename: str
    format: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    audit_event_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "ok": self.ok, "sha256": self.sha256, "filename": self.filename,
                "format": self.format, "counts": self.counts, "created": self.created,
                "errors": [e.as_dict() for e in self.errors], "audit_event_id": self.audit_event_id}


# ---- plans: what the file says, checked, before anything is written ----------------------------
@dataclass
class ObPlan:
    """An obligation row (or a registered obligation a payment refers to), with its running paid total."""

    kind: str
    debtor: str
    amount: Decimal | None
    percent: Decimal | None
    rule: tuple[date | None, str | None, int | None, str | None]
    description: str = ""
    delay_reason: str | None = None
    registered_id: int | None = None  # an obligation already in the registry
    contract_id: int | None = None
    paid_total: Decimal = Decimal("0.00")
    status: str = "open"
    payment_keys: set[tuple[Decimal, date, str]] = field(default_factory=set)
    existing_payment_keys: list[tuple[Decimal, date, str]] = field(default_factory=list)
    new_payments: list[tuple[int, Decimal, date, str]] = field(default_factory=list)
    new_id: int | None = None

    @property
    def content(self) -> tuple[Any, ...]:
        return (self.kind, self.debtor, self.amount, self.percent, *self.rule, self.description)

    @property
    def id(self) -> int | None:
        return self.registered_id or self.new_id


@dataclass
class TenurePlan:
    row: int | None
    official: int | tuple[int, str]  # an official id, or (agency id, name) of one to register
    role: str
    start: date
    end: date | None
    obligation: ObPlan | None
    stage: str | None
    reason: str = ""


@dataclass
class ContractPlan:
    """A contract of the file or of the registry that rows of the file refer to."""

    agency_id: int
    code: str
    existing: Contract | None = None
    row: int | None = None
    kind: str = ""
    title: str = ""
    amount: Decimal = Decimal("0.00")
    signed_on: date = date.min
    fields: dict[str, Any] = field(default_factory=dict)
    parties: list[tuple[int | str, str]] = field(default_factory=list)  # (enterprise id or new USCC, role)
    events: dict[str, date] = field(default_factory=dict)
    new_events: list[tuple[str, date, str]] = field(default_factory=list)
    obligations: dict[int, ObPlan] = field(default_factory=dict)
    contents: dict[tuple[Any, ...], int] = field(default_factory=dict)  # content → no, within the file
    unmatched: dict[tuple[Any, ...], list[ObPlan]] = field(default_factory=dict)  # registered, not yet matched
    tenures: list[TenurePlan] = field(default_factory=list)
    new_tenures: list[TenurePlan] = field(default_factory=list)
    new_id: int | None = None
    snapshot: dict[str, Any] = field(default_factory=dict)  # for the audit event of a new contract

    def added(self) -> dict[str, int]:
        """What the import adds to this contract (for its audit event); empty when nothing."""
        counts = {"obligations": sum(1 for o in self.obligations.values() if o.registered_id is None),
                  "payments": sum(len(o.new_payments) for o in self.obligations.values()),
                  "events": len(self.new_events), "responsibilities": len(self.new_tenures)}
        return counts if any(counts.values()) or self.existing is None else {}


class _Import:
    def __init__(self, session: Session, user: Any, report: ImportReport, step: Callable[[], None],
                 wrote: Callable[[int], None]) -> None:
        self.session, self.user, self.report = session, user, report
        self.step = step  # one row checked (progress)
        self.wrote = wrote  # rows written (progress)
        self.errors = report.errors
        self.may_register_parties = allowed(user.role, Permission.parties_write)
        self.agencies: dict[str, int] = {}
        self.plans: dict[tuple[int, str], ContractPlan] = {}
        self.contract_rows: dict[tuple[int, str], int] = {}  # every contracts-sheet row, good or bad
        self.bad_contracts: list[tuple[int, str, str]] = []  # (row, agency USCC, code) of rows that failed
        self.existing: dict[tuple[int, str], Contract] = {}
        self.enterprises: dict[str, int] = {}
        self.enterprise_facts: dict[str, tuple[str, bool]] = {}  # registered: USCC -> (name, is_sme)
        self.new_enterprises: dict[str, tuple[str, bool]] = {}
        self.officials: dict[tuple[int, str], list[int]] = {}
        self.official_ids: set[int] = set()
        self.new_officials: dict[tuple[int, str], str] = {}
        self.registered_obligations: dict[int, ObPlan] = {}
        self.counts = {key: {"rows": 0, "added": 0, "unchanged": 0} for key in ORDER}
        self.converted: dict[tuple[Any, Any], tuple[bool, Any]] = {}

    # ---- helpers ------------------------------------------------------------------------------
    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(sheet, row, column, message))

    def domain_errors(self, sheet: str, row: int, exc: DomainError, columns: dict[str, str] | None = None) -> None:
        for name, messages in exc.errors.items():
            for m in messages:
                self.error(sheet, row, (columns or {}).get(name, name), m)

    def convert(self, sheet: Sheet, row: int, values: dict[str, Any]) -> dict[str, Any] | None:
        """A row's cells as values; each distinct cell value is converted once (codes, dates and
        vocabularies repeat on thousands of rows)."""
        out: dict[str, Any] = {}
        ok = True
        cache = self.converted
        for col in sheet.columns:
            raw = values.get(col.key)
            if raw is None:
                if col.required:
                    self.error(sheet.key, row, col.key, msg(f"“{col.zh}”不能为空", f"{col.key} is required"))
                    ok = False
                continue
            key = (col.convert, raw)
            hit = cache.get(key)
            if hit is None and isinstance(raw, BadCell):
                hit = (False, raw.message)
            elif hit is None:
                try:
                    hit = cache[key] = (True, col.convert(raw))
                except ValueError as exc:
                    hit = cache[key] = (False, str(exc))
            if hit[0]:
                out[col.key] = hit[1]
            else:
                self.error(sheet.key, row, col.key, hit[1])
                ok = False
        return out if ok else None

    def bad_contract_row(self, row: int, values: dict[str, Any]) -> None:
        """Remember which contract a row that failed its checks was about, so rows of the other
        sheets for that contract point at it."""
        try:
            key = (parse_uscc(values.get("agency_uscc")), str(values.get("code", "")).strip())
        except ValueError:
            return
        self.bad_contracts.append((row, *key))

    def agency(self, sheet: str, row: int, code: str) -> int | None:
        agency_id = self.agencies.get(code)
        if agency_id is None:
            self.error(sheet, row, "agency_uscc", msg(f"部门 {code} 未登记", f"no agency with code {code} is registered"))
        elif self.user.role == Role.agency_staff and agency_id != self.user.agency_id:
            self.error(sheet, row, "agency_uscc", msg("部门经办只能导入本部门的合同",
                                                      "agency staff may only import their own agency's contracts"))
            return None
        return agency_id

    def contract_for(self, sheet: str, row: int, v: dict[str, Any]) -> ContractPlan | None:
        """The contract a row of another sheet belongs to: in this file, or already registered."""
        agency_id = self.agency(sheet, row, v["agency_uscc"])
        if agency_id is None:
            return None
        key = (agency_id, v["contract_code"])
        plan = self.plans.get(key)
        if plan is None and key in self.contract_rows:
            self.error(sheet, row, "contract_code", msg(
                f"合同表第{self.contract_rows[key]}行（该合同）有错误", f"the contract's row {self.contract_rows[key]} "
                "in the contracts sheet has errors"))
        elif plan is None:
            self.error(sheet, row, "contract_code", msg(
                f"合同 {v['contract_code']} 既不在本文件的合同表中，也未登记",
                f"contract {v['contract_code']} is neither in the contracts sheet nor registered"))
        return plan

    def reference_registered(self, converted: dict[str, list[tuple[int, dict[str, Any]]]]) -> None:
        """A plan for every registered contract that rows of the other sheets refer to."""
        for key in ORDER[1:]:
            for _, v in converted[key]:
                agency_id = self.agencies.get(v["agency_uscc"])
                ckey = (agency_id, v["contract_code"])
                if agency_id is not None and ckey not in self.plans and ckey in self.existing:
                    c = self.existing[ckey]  # type: ignore[index]
                    self.plans[ckey] = ContractPlan(agency_id=c.agency_id, code=c.code, existing=c, kind=c.kind,  # type: ignore[index]
                                                    title=c.title, amount=c.amount, signed_on=c.signed_on)

    # ---- loading what the registry already holds ---------------------------------------------------
    def preload(self, converted: dict[str, list[tuple[int, dict[str, Any]]]]) -> None:
        s = self.session
        codes = {v["agency_uscc"] for rows in converted.values() for _, v in rows}
        codes |= {agency for _, agency, _ in self.bad_contracts}
        codes |= {v["official_agency_uscc"] for _, v in converted["responsibilities"] if "official_agency_uscc" in v}
        for chunk in _chunks(codes):
            self.agencies.update(tuple(r) for r in s.execute(select(Agency.uscc, Agency.id).where(Agency.uscc.in_(chunk))))
        keys = {(self.agencies[v["agency_uscc"]], v.get("code") or v.get("contract_code"))
                for rows in converted.values() for _, v in rows if v["agency_uscc"] in self.agencies}
        for chunk in _chunks(keys):
            for c in s.scalars(select(Contract).where(tuple_(Contract.agency_id, Contract.code).in_(chunk))):
                self.existing[(c.agency_id, c.code)] = c
        usccs = {u for _, v in converted["contracts"] for u in v.get("enterprise_uscc", [])}
        for chunk in _chunks(usccs):
            for code, ent_id, name, is_sme in s.execute(select(Enterprise.uscc, Enterprise.id, Enterprise.name,
                                                               Enterprise.is_sme).where(Enterprise.uscc.in_(chunk))):
                self.enterprises[code] = ent_id
                self.enterprise_facts[code] = (name, is_sme)
        ids = {v["official_id"] for _, v in converted["responsibilities"] if "official_id" in v}
        for chunk in _chunks(ids):
            self.official_ids.update(s.scalars(select(Official.id).where(Official.id.in_(chunk))))
        names = {v["official_name"] for _, v in converted["responsibilities"] if "official_name" in v}
        for chunk in _chunks(names):
            for oid, agency_id, name in s.execute(select(Official.id, Official.agency_id, Official.name)
                                                  .where(Official.name.in_(chunk)).order_by(Official.id)):
                self.officials.setdefault((agency_id, name), []).append(oid)

    def load_registered_facts(self) -> None:
        """Events, obligations, payments and tenures of the registered contracts the file touches."""
        plans = {p.existing.id: p for p in self.plans.values() if p.existing is not None}
        s = self.session
        for chunk in _chunks(plans):
            for ev in s.scalars(select(ContractEvent).where(ContractEvent.contract_id.in_(chunk))):
                plans[ev.contract_id].events[ev.type] = ev.occurred_on
            by_id = {}
            for row in s.execute(select(*_OB_COLUMNS).where(Obligation.contract_id.in_(chunk)).order_by(Obligation.id)):
                ob = by_id[row.id] = self.registered_obligations[row.id] = ObPlan(
                    row.kind, row.debtor, row.amount, row.percent,
                    (row.due_on, row.due_event, row.due_offset, row.due_unit), row.description, row.delay_reason,
                    registered_id=row.id, contract_id=row.contract_id, paid_total=row.paid_total, status=row.status)
                plans[row.contract_id].unmatched.setdefault(ob.content, []).append(ob)
            for ids in _chunks(by_id):
                for p in s.execute(select(Payment.obligation_id, Payment.amount, Payment.paid_on, Payment.voucher)
                                   .where(Payment.obligation_id.in_(ids))):
                    by_id[p.obligation_id].existing_payment_keys.append((p.amount, p.paid_on, p.voucher))
            for r in s.scalars(select(Responsibility).where(Responsibility.contract_id.in_(chunk))):
                ob = by_id.get(r.obligation_id) if r.obligation_id else None
                plans[r.contract_id].tenures.append(TenurePlan(None, r.official_id, r.role, r.start, r.end, ob, r.stage))

    # ---- checking each sheet --------------------------------------------------------------------
    def contracts(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        for row, agency, code in self.bad_contracts:
            if agency in self.agencies:
                self.contract_rows.setdefault((self.agencies[agency], code), row)
        for row, v in rows:
            self.step()
            agency_id = self.agency("contracts", row, v["agency_uscc"])
            if agency_id is None:
                continue
            key = (agency_id, v["code"])
            if key in self.contract_rows:
                self.error("contracts", row, "code", msg(f"合同编号 {v['code']} 与第{self.contract_rows[key]}行重复",
                                                         f"contract code {v['code']} is also on row {self.contract_rows[key]}"))
                continue
            self.contract_rows[key] = row
            fields = {k: v[k] for k in CONTRACT_FIELDS if k in v}
            try:
                validate_kind_fields(v["kind"], fields)
                check_dates(v["signed_on"], fields, new=None if key not in self.existing else ())
            except DomainError as exc:
                self.domain_errors("contracts", row, exc)
                continue
            parties = self.parties(row, v)
            if parties is None:
                continue
            plan = ContractPlan(agency_id, v["code"], self.existing.get(key), row, v["kind"], v["title"], v["amount"],
                                v["signed_on"], fields, parties)
            if plan.existing is not None and not self.same_as_registered(row, plan):
                continue
            if plan.existing is None:
                plan.events[EventType.signing] = plan.signed_on
                if fields.get("award_notice_on"):
                    plan.events[EventType.award_notice] = fields["award_notice_on"]
            self.plans[key] = plan
            self.count("contracts", plan.existing is None)

    def parties(self, row: int, v: dict[str, Any]) -> list[tuple[int | str, str]] | None:
        usccs, roles = v["enterprise_uscc"], v["party_role"]
        names, smes = v.get("enterprise_name", []), v.get("enterprise_is_sme", [])
        n = len(usccs)
        if n == 0:
            self.error("contracts", row, "enterprise_uscc", msg("至少需要一个相对方", "at least one party is required"))
            return None
        for column, values in (("party_role", roles), ("enterprise_name", names), ("enterprise_is_sme", smes)):
            if len(values) not in ((1, n) if column != "enterprise_name" else (0, n)) and values:
                self.error("contracts", row, column, msg(f"应填写1个或{n}个值（与相对方代码个数一致）",
                                                         f"give one value or {n} (one per party code)"))
                return None
        parties: list[tuple[int | str, str]] = []
        for i, code in enumerate(usccs):
            role = roles[i] if len(roles) > 1 else roles[0]
            ref: int | str | None = self.enterprises.get(code)
            name = names[i] if names else None
            sme = (smes[i] if len(smes) > 1 else smes[0]) if smes else None
            known = self.enterprise_facts.get(code) or self.new_enterprises.get(code)
            if known is not None and not self.same_enterprise(row, code, known, name, sme):
                return None
            if ref is None:
                try:
                    organisations.check_enterprise_code(code, "enterprise_uscc")
                except DomainError as exc:
                    self.domain_errors("contracts", row, exc)
                    return None
                if code in self.new_enterprises:
                    ref = code
                elif not name:
                    self.error("contracts", row, "enterprise_name", msg(
                        f"企业 {code} 未登记，请填写企业名称以便登记", f"enterprise {code} is not registered; give its name"))
                    return None
                elif not self.may_register_parties:
                    self.error("contracts", row, "enterprise_uscc", msg(
                        f"企业 {code} 未登记，请联系财政局先登记", f"enterprise {code} is not registered"))
                    return None
                else:
                    self.new_enterprises[code] = (name, bool(sme))
                    ref = code
            if (ref, role) in parties:
                self.error("contracts", row, "enterprise_uscc", msg("相对方重复", "the same party is listed twice"))
                return None
            parties.append((ref, role))
        return parties

    def same_enterprise(self, row: int, code: str, known: tuple[str, bool], name: str | None,
                        sme: bool | None) -> bool:
        """A party's name and SME status, where the row gives them, agree with the enterprise as
        registered (or as an earlier row of the file registers it). SME status decides the statutory
        payment deadline, so a file saying otherwise is an error, not a silent choice of one side."""
        ok = True
        if name and organisations.comparable(name) != organisations.comparable(known[0]):
            self.error("contracts", row, "enterprise_name", msg(
                f"企业 {code} 登记的名称为“{known[0]}”；如已更名，请先在系统中修改",
                f"enterprise {code} is registered as {known[0]!r}; if it was renamed, change it in the registry first"))
            ok = False
        if sme is not None and sme != known[1]:
            said = ("中小企业", "an SME") if known[1] else ("非中小企业", "not an SME")
            self.error("contracts", row, "enterprise_is_sme", msg(
                f"企业 {code} 登记为{said[0]}；如有变化，请先在系统中修改", f"enterprise {code} is registered as "
                f"{said[1]}; if that changed, change it in the registry first"))
            ok = False
        return ok

    def same_as_registered(self, row: int, plan: ContractPlan) -> bool:
        c = plan.existing
        assert c is not None
        differ = [name for name, value in (("kind", plan.kind), ("title", plan.title), ("amount", plan.amount),
                                           ("signed_on", plan.signed_on), *plan.fields.items())
                  if getattr(c, name) != value]
        if {(p.enterprise_id, p.role) for p in c.parties} != set(plan.parties):
            differ.append("enterprise_uscc")
        for name in differ:
            self.error("contracts", row, name, msg(
                f"合同 {c.code} 已登记且该项不同（登记值：{trail.jsonable(getattr(c, name, '…'))}）；如需更正请在系统中修改",
                f"contract {c.code} is registered with a different {name}; correct it in the registry"))
        return not differ

    def obligations(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        for row, v in rows:
            self.step()
            plan = self.contract_for("obligations", row, v)
            if plan is None:
                continue
            no = v["no"]
            if no in plan.obligations:
                self.error("obligations", row, "no", msg(f"合同 {plan.code} 的义务序号 {no} 重复",
                                                         f"obligation no {no} appears twice for contract {plan.code}"))
                continue
            rule = self.due_rule(row, v)
            if rule is None:
                continue
            try:
                parsed, amount = obligations.validate_obligation(
                    plan, kind=v["kind"], debtor=v.get("debtor", Debtor.government), due=rule,  # type: ignore[arg-type]
                    amount=v.get("amount"), percent=v.get("percent"))
            except DomainError as exc:
                self.domain_errors("obligations", row, exc, {"due": "due_event"})
                continue
            ob = ObPlan(v["kind"], v.get("debtor", Debtor.government.value), amount, v.get("percent"), parsed,
                        v.get("description", ""), v.get("delay_reason"))
            content = ob.content
            if content in plan.contents:
                self.error("obligations", row, "description", msg(
                    f"与序号 {plan.contents[content]} 的义务完全相同，请在说明中区分",
                    "identical to another obligation of this contract; tell them apart in the description"))
                continue
            plan.contents[content] = no
            matches = plan.unmatched.get(content)
            if matches:
                ob = matches.pop(0)
            plan.obligations[no] = ob
            self.count("obligations", ob.registered_id is None)

    def due_rule(self, row: int, v: dict[str, Any]) -> dict[str, Any] | None:
        event, offset, unit = v.get("due_event"), v.get("due_offset"), v.get("due_unit")
        if "due_date" in v:
            if event is None and offset is None and unit is None:
                return {"date": v["due_date"]}
            column = "due_event" if event is not None else "due_offset" if offset is not None else "due_unit"
            self.error("obligations", row, column, msg("固定到期日与起算事件只能填一种",
                                                       "give either a fixed due date or an event rule"))
            return None
        if event is not None and offset is not None and unit is not None:
            return {"event": event, "offset": offset, "unit": unit}
        if event is None and offset is None and unit is None:
            self.error("obligations", row, "due_date", msg("请填写固定到期日，或起算事件、期限数和期限单位",
                                                           "give a fixed due date, or an event with offset and unit"))
            return None
        for k, value in (("due_event", event), ("due_offset", offset), ("due_unit", unit)):
            if value is None:
                self.error("obligations", row, k, msg(f"按事件起算的期限缺少“{k}”", f"an event rule needs {k}"))
        return None

    def events(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        seen: set[tuple[int, str, str]] = set()
        for row, v in rows:
            self.step()
            plan = self.contract_for("events", row, v)
            if plan is None:
                continue
            type_, on = v["type"], v["occurred_on"]
            if (plan.agency_id, plan.code, type_) in seen:
                self.error("events", row, "type", msg("同一合同的同一事件只能登记一次", "this event appears twice"))
                continue
            seen.add((plan.agency_id, plan.code, type_))
            known = plan.events.get(type_)
            if known is not None:
                if known != on:
                    self.error("events", row, "occurred_on", msg(
                        f"该事件已登记为 {known}；如有错误请在系统中更正", f"already recorded on {known}; correct it in the registry"))
                else:
                    self.count("events", False)
                continue
            try:
                obligations.check_event_date(plan, type_, on)  # type: ignore[arg-type]
            except DomainError as exc:
                self.domain_errors("events", row, exc)
                continue
            plan.events[type_] = on
            plan.new_events.append((type_, on, v.get("evidence", "")))
            self.count("events", True)

    def payments(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        for row, v in rows:
            self.step()
            plan = self.contract_for("payments", row, v)
            if plan is None:
                continue
            ob = self.payment_target(row, v, plan)
            if ob is None:
                continue
            key = (v["amount"], v["paid_on"], v.get("voucher", ""))
            if key in ob.existing_payment_keys:
                ob.existing_payment_keys.remove(key)
                self.count("payments", False)
                continue
            if key in ob.payment_keys:
                self.error("payments", row, "voucher", msg("与本表另一笔付款完全相同，请填写凭证号区分",
                                                           "identical to another payment; give the voucher numbers"))
                continue
            try:
                obligations.check_payment(ob, plan.signed_on, v["amount"], v["paid_on"])  # type: ignore[arg-type]
            except DomainError as exc:
                self.domain_errors("payments", row, exc, {"obligation_id": "obligation_no"})
                continue
            ob.payment_keys.add(key)
            ob.new_payments.append((row, *key))
            ob.paid_total += v["amount"]
            if ob.amount is not None and ob.paid_total >= ob.amount:
                ob.status = "fulfilled"
            self.count("payments", True)

    def payment_target(self, row: int, v: dict[str, Any], plan: ContractPlan) -> ObPlan | None:
        if ("obligation_no" in v) == ("obligation_id" in v):
            self.error("payments", row, "obligation_no", msg("请填写义务序号或义务ID（二选一）",
                                                             "give either obligation_no or obligation_id"))
            return None
        if "obligation_no" in v:
            ob = plan.obligations.get(v["obligation_no"])
            if ob is None:
                self.error("payments", row, "obligation_no", msg(
                    f"合同 {plan.code} 没有序号为 {v['obligation_no']} 的义务（见履约义务表）",
                    f"contract {plan.code} has no obligation no {v['obligation_no']} in the obligations sheet"))
            return ob
        ob_plan = self.registered_obligations.get(v["obligation_id"])
        if ob_plan is None or plan.existing is None or ob_plan.contract_id != plan.existing.id:
            self.error("payments", row, "obligation_id", msg("该合同没有这项已登记的义务",
                                                             "no such registered obligation on this contract"))
            return None
        return ob_plan

    def responsibilities(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        for row, v in rows:
            self.step()
            plan = self.contract_for("responsibilities", row, v)
            if plan is None:
                continue
            official = self.official(row, v, plan)
            if official is None:
                continue
            end = v.get("end")
            if end is not None and end <= v["start"]:
                self.error("responsibilities", row, "end", msg("终止日期须晚于起始日期", "the end must be after the start"))
                continue
            ob = None
            if "obligation_no" in v:
                ob = plan.obligations.get(v["obligation_no"])
                if ob is None:
                    self.error("responsibilities", row, "obligation_no", msg(
                        f"合同 {plan.code} 没有序号为 {v['obligation_no']} 的义务", f"no obligation no {v['obligation_no']}"))
                    continue
            if v.get("stage") and plan.kind != ContractKind.ppp:
                self.error("responsibilities", row, "stage", msg("只有PPP合同分阶段", "only PPP contracts have stages"))
                continue
            tenure = TenurePlan(row, official, v["role"], v["start"], end, ob, v.get("stage"), v.get("reason", ""))
            same = next((t for t in plan.tenures if t.row is None and _tenure_key(t) == _tenure_key(tenure)
                         and (t.official, t.start) == (tenure.official, tenure.start)), None)
            if same is not None:
                if same.end != end:
                    self.error("responsibilities", row, "end", msg(
                        f"该任期已登记，终止日期为 {same.end or '（在任）'}；交接请在系统中办理",
                        "this tenure is registered with another end; record handovers in the registry"))
                else:
                    self.count("responsibilities", False)
                continue
            plan.tenures.append(tenure)
            plan.new_tenures.append(tenure)
        for plan in self.plans.values():
            self.check_overlaps(plan)

    def official(self, row: int, v: dict[str, Any], plan: ContractPlan) -> int | tuple[int, str] | None:
        if "official_id" in v:
            if v["official_id"] not in self.official_ids:
                self.error("responsibilities", row, "official_id", msg("公务员不存在", "official does not exist"))
                return None
            return v["official_id"]
        if "official_name" not in v:
            self.error("responsibilities", row, "official_name", msg("请填写责任人姓名或ID", "give the official's name or id"))
            return None
        agency_id = plan.agency_id
        if "official_agency_uscc" in v:
            found = self.agencies.get(v["official_agency_uscc"])
            if found is None:
                self.error("responsibilities", row, "official_agency_uscc",
                           msg("该部门未登记", "no agency with this code is registered"))
                return None
            agency_id = found
        name = v["official_name"]
        ids = self.officials.get((agency_id, name), [])
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            self.error("responsibilities", row, "official_name", msg(
                f"该部门有{len(ids)}位名为{name}的公务员，请填写责任人ID", f"{len(ids)} officials are named {name}; give official_id"))
            return None
        if not self.may_register_parties:
            self.error("responsibilities", row, "official_name", msg(
                f"公务员 {name} 未登记，请联系财政局先登记", f"official {name} is not registered"))
            return None
        self.new_officials.setdefault((agency_id, name), v.get("official_post", ""))
        return (agency_id, name)

    def check_overlaps(self, plan: ContractPlan) -> None:
        groups: dict[tuple[Any, ...], list[TenurePlan]] = defaultdict(list)
        for t in plan.tenures:
            groups[_tenure_key(t)].append(t)
        bad: set[int] = set()
        for tenures in groups.values():
            tenures.sort(key=lambda t: t.start)
            for a, b in pairwise(tenures):
                if a.end is None or a.end > b.start:
                    for t in (a, b):
                        if t.row is not None and t.row not in bad:
                            bad.add(t.row)
                            self.error("responsibilities", t.row, "start", msg(
                                "与同一角色的另一任期重叠（含已登记的任期）", "overlaps another tenure of this role"))
        plan.new_tenures = [t for t in plan.new_tenures if t.row not in bad]
        for _ in plan.new_tenures:
            self.count("responsibilities", True)

    def count(self, sheet: str, added: bool) -> None:
        self.counts[sheet]["added" if added else "unchanged"] += 1

    # ---- writing --------------------------------------------------------------------------------
    def apply(self) -> tuple[list[ContractPlan], list[ContractPlan]]:
        """Write everything checked; returns the plans of the contracts created and of the registered
        contracts that received rows."""
        s, uid = self.session, self.user.id
        for code, (name, is_sme) in self.new_enterprises.items():
            self.enterprises[code] = organisations.create_enterprise(s, name=name, uscc=code, is_sme=is_sme).id
        official_ids = {key: organisations.create_official(s, name=key[1], agency_id=key[0], post=post).id
                        for key, post in self.new_officials.items()}
        new = [p for p in self.plans.values() if p.existing is None]
        registered = [p for p in self.plans.values() if p.existing is not None]
        self.insert_contracts(new)
        # Events of registered contracts first, through the service: it re-derives (and audits) the due
        # dates of their registered obligations; the new obligations below are inserted with theirs.
        for plan in registered:
            for type_, on, evidence in plan.new_events:
                obligations.record_event(s, plan.existing, type_, on, evidence=evidence, user_id=uid)  # type: ignore[arg-type]
                self.wrote(1)
        self.insert_obligations(list(self.plans.values()), _DueCache(work_calendar(s)))
        for ob in self.registered_obligations.values():
            if ob.new_payments:
                target = s.get(Obligation, ob.registered_id)
                assert target is not None
                for _, amount, paid_on, voucher in ob.new_payments:
                    obligations.record_payment(s, target, amount=amount, paid_on=paid_on, voucher=voucher, user_id=uid)
                    self.wrote(1)
        for plan in self.plans.values():
            contract = plan.existing or s.get(Contract, plan.new_id)
            for t in plan.new_tenures:
                official = official_ids[t.official] if isinstance(t.official, tuple) else t.official
                ob_id = None if t.obligation is None else t.obligation.id
                responsibility.add_tenure(s, contract, official_id=official, role=t.role, start=t.start, end=t.end,  # type: ignore[arg-type]
                                          obligation_id=ob_id, stage=t.stage, user_id=uid, reason=t.reason,
                                          note=msg("批量导入", "imported"))
                self.wrote(1)
        return new, [p for p in registered if p.added()]

    def insert_contracts(self, new: list[ContractPlan]) -> None:
        if not new:
            return
        s, uid, now = self.session, self.user.id, clock.now()
        rows = [{"kind": p.kind, "code": p.code, "title": p.title, "agency_id": p.agency_id, "amount": p.amount,
                 "signed_on": p.signed_on, "status": p.fields.get("status") or ContractStatus.active.value,
                 "created_at": now, "updated_at": now,
                 **{k: p.fields.get(k) for k in CONTRACT_FIELDS if k != "status"}} for p in new]
        ids = _insert_with_ids(s, Contract.__table__, rows)
        parties, events = [], []
        evidence = {EventType.signing: "合同签订", EventType.award_notice: "中标（成交）通知书"}
        for plan, cid, row in zip(new, ids, rows, strict=True):
            plan.new_id = cid
            these = [{"contract_id": cid, "enterprise_id": self.enterprises[r] if isinstance(r, str) else r,
                      "role": role} for r, role in plan.parties]
            parties += these
            from_sheet = {t for t, _, _ in plan.new_events}
            events += [{"contract_id": cid, "type": t, "occurred_on": d, "evidence": evidence.get(t, ""),
                        "recorded_by_id": uid, "created_at": now} for t, d in plan.events.items()
                       if t not in from_sheet]
            events += [{"contract_id": cid, "type": t, "occurred_on": d, "evidence": e, "recorded_by_id": uid,
                        "created_at": now} for t, d, e in plan.new_events]
            plan.snapshot = {**row, "id": cid, "parties": [{k: p[k] for k in ("enterprise_id", "role")} for p in these],
                             "events": dict(sorted(plan.events.items())), **plan.added()}
        _insert_rows(s, ContractParty.__table__, parties)
        _insert_rows(s, ContractEvent.__table__, events)
        self.wrote(len(new) + sum(len(p.new_events) for p in new))

    def insert_obligations(self, plans: list[ContractPlan], due: _DueCache) -> None:
        """The new obligations of every contract (created or registered) and their payments, in bulk."""
        s, uid, now = self.session, self.user.id, clock.now()
        todo = [(p, ob) for p in plans for ob in p.obligations.values() if ob.registered_id is None]
        if not todo:
            return
        rows = []
        for plan, ob in todo:
            due_on, event, offset, unit = ob.rule
            due_date, error = (due_on, None) if due_on else due.get(plan.events.get(event or ""), offset, unit)
            paid_on = [d for _, _, d, _ in ob.new_payments]
            rows.append({"contract_id": plan.new_id or plan.existing.id, "debtor": ob.debtor, "kind": ob.kind,  # type: ignore[union-attr]
                         "description": ob.description, "amount": ob.amount, "percent": ob.percent,
                         "due_on": due_on, "due_event": event, "due_offset": offset, "due_unit": unit,
                         "due_date": due_date, "due_date_error": error, "paid_total": ob.paid_total,
                         "status": ob.status, "fulfilled_on": max(paid_on) if ob.status == "fulfilled" else None,
                         "delay_reason": ob.delay_reason, "source": ObligationSource.imported.value,
                         "confirmed_by_id": uid, "confirmed_at": now, "created_at": now})
        ids = _insert_with_ids(s, Obligation.__table__, rows)
        payments = []
        for (_, ob), oid in zip(todo, ids, strict=True):
            ob.new_id = oid
            payments += [{"obligation_id": oid, "amount": amount, "paid_on": paid_on, "voucher": voucher,
                          "recorded_by_id": uid, "created_at": now} for _, amount, paid_on, voucher in ob.new_payments]
        if payments:
            _insert_rows(s, Payment.__table__, payments)
        self.wrote(len(todo) + len(payments))


class _DueCache:
    """Due-date arithmetic memoised: thousands of obligations share a handful of (start, offset, unit)."""

    def __init__(self, cal: WorkCalendar) -> None:
        self.cal = cal
        self.memo: dict[tuple[date, int, str], tuple[date | None, str | None]] = {}

    def get(self, start: date | None, offset: int | None, unit: str | None) -> tuple[date | None, str | None]:
        if start is None:
            return None, None
        key = (start, offset or 0, unit or "day")
        if key not in self.memo:
            try:
                self.memo[key] = (self.cal.due(*key), None)
            except CalendarNotPublished as exc:
                self.memo[key] = (None, exc.errors["due"][0])
        return self.memo[key]


def _insert_with_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and return their ids in order.

    The ids are taken before the insert, so it is one plain executemany: from the table's sequence
    on PostgreSQL; on SQLite, after the largest id, which is safe because the import has already
    written its audit event and so holds SQLite's single write lock. (RETURNING in parameter order
    would make SQLite insert row by row.)
    """
    n = len(rows)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        ids = list(session.scalars(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                                   {"t": table.name, "n": n}))
    elif dialect == "sqlite":
        start = (session.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(start, start + n))
    else:
        return list(session.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))
    for row, new_id in zip(rows, ids, strict=True):
        row["id"] = new_id
    _insert_rows(session, table, rows)
    return ids


def _insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (each with the same keys) in the session's transaction: one ``COPY`` on
    PostgreSQL, an executemany elsewhere.

    psycopg's executemany sends one INSERT per row, and the change feed's statement triggers then
    ran once per row too (a 100,000-obligation import took 10–12% longer with them); a COPY fires
    them once. A COPY applies no Python-side column defaults, so rows that leave such a column
    out go the executemany way."""
    if not rows:
        return
    columns = list(rows[0])
    defaulted = {c.name for c in table.c if c.default is not None}
    if session.get_bind().dialect.name != "postgresql" or not defaulted <= set(columns):
        session.execute(insert(table), rows)
        return
    session.flush()  # rows added through the ORM first, as session.execute would (foreign keys)
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _tenure_key(t: TenurePlan) -> tuple[Any, ...]:
    return (t.role, id(t.obligation) if t.obligation else None, t.stage)


def _chunks(items: Iterable[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def check_sheet(sheet: str | None) -> None:
    """Refuse a sheet name that is not one of the template's (the ``sheet`` of a CSV)."""
    if sheet is not None and sheet not in SHEETS:
        raise DomainError.field("sheet", f"未知的工作表 {sheet}", f"unknown sheet {sheet!r}; one of {', '.join(SHEETS)}")


def run_import(session: Session, data: bytes, *, user: Any, filename: str = "", sheet: str | None = None,
               dry_run: bool = True, on_progress: Progress | None = None) -> ImportReport:
    """Check (and unless ``dry_run``, write) a spreadsheet; raises ImportRejected when a real run has bad rows.

    ``on_progress`` hears how far it got (``Progress``), every PROGRESS_EVERY rows or so.
    """
    require(user, Permission.registry_write)
    check_sheet(sheet)
    kind = sniff(data)
    report = ImportReport(dry_run=dry_run, sha256=hashlib.sha256(data).hexdigest(), filename=filename[:255],
                          format=kind)
    ticker = _Ticker(on_progress)
    seen_up_to = trail.last_event_id(session)  # what the check below reads is at least this recent
    sheets, header_errors = read(data, kind, sheet=sheet,
                                 on_rows=ticker.reading if on_progress else None, every=PROGRESS_EVERY)
    work = _Import(session, user, report, ticker.step, ticker.wrote)
    report.errors.extend(header_errors)
    converted: dict[str, list[tuple[int, dict[str, Any]]]] = {key: [] for key in ORDER}
    bad_header = {e.sheet for e in header_errors}
    ticker.checking(sum(len(sh.rows) for key, sh in sheets.items() if key not in bad_header))
    for key, sh in sheets.items():
        if key in bad_header:
            continue
        work.counts[key]["rows"] = len(sh.rows)
        for row, values in sh.rows:
            ticker.step()
            v = work.convert(sh, row, values)
            if v is not None:
                converted[key].append((row, v))
            elif key == "contracts":
                work.bad_contract_row(row, values)
    work.preload(converted)
    work.contracts(converted["contracts"])
    work.reference_registered(converted)
    work.load_registered_facts()
    work.obligations(converted["obligations"])
    work.events(converted["events"])
    work.payments(converted["payments"])
    work.responsibilities(converted["responsibilities"])
    report.counts = {k: c for k, c in work.counts.items() if k in sheets}
    report.created = {"enterprises": len(work.new_enterprises), "officials": len(work.new_officials)}
    report.errors.sort(key=lambda e: (ORDER.index(e.sheet) if e.sheet in ORDER else 9, e.row, e.column))
    ticker.stage("checking")
    if report.errors:
        if dry_run:
            return report
        raise ImportRejected(report)
    if dry_run or not (any(c["added"] for c in report.counts.values()) or any(report.created.values())):
        return report  # a dry run, or a file already imported: nothing to write, not even an audit event
    ticker.writing(sum(c["added"] for c in report.counts.values()))
    try:
        # Written first: on SQLite this takes the write lock the bulk inserts rely on.
        ev = trail.record(session, "import", "import", None, after={
            "sha256": report.sha256, "filename": report.filename, "format": kind, "counts": report.counts,
            "created": report.created}, note=msg(f"表格导入 {report.filename}", f"spreadsheet import {report.filename}"))
        _unchanged_since(session, seen_up_to, ev.id, work)
        created, extended = work.apply()
        for plan in created:
            trail.record(session, "create", "contract", plan.new_id, contract_id=plan.new_id, after=plan.snapshot,
                         note=msg(f"批量导入（导入事件 #{ev.id}，sha256 {report.sha256}）",
                                   f"imported (import event #{ev.id}, sha256 {report.sha256})"))
        for plan in extended:
            assert plan.existing is not None
            trail.record(session, "import", "contract", plan.existing.id, contract_id=plan.existing.id,
                         after=plan.added(), note=msg(f"导入事件 #{ev.id} 新增的行（sha256 {report.sha256}）",
                                   f"rows added by import event #{ev.id} (sha256 {report.sha256})"))
        session.flush()
    except IntegrityError:
        raise Conflict({"file": [CHANGED_DURING_IMPORT]}) from None
    report.audit_event_id = ev.id
    return report


CHANGED_DURING_IMPORT = msg("登记数据在导入期间发生了变化（可能有另一次导入），请重试",
                            "the registry changed during the import (another import?); try again")


def _unchanged_since(session: Session, seen_up_to: int, own_event_id: int, work: _Import) -> None:
    """Refuse (409) to write an import whose check another change has overtaken.

    The file was checked against the registry without a lock (a large file takes a while); its own
    audit event now holds the chain's lock, and every change to the registry writes an audit event,
    so any event between the check's start and ours that touched a registered contract the file
    adds rows to, or created a party the file would create too, means the check may be stale: two
    clerks uploading the same obligations at once would otherwise both add them. New contracts need
    no such look: their (agency, code) is unique in the database.
    """
    touched = [p.existing.id for p in work.plans.values() if p.existing is not None and p.added()]
    between = and_(AuditEvent.id > seen_up_to, AuditEvent.id < own_event_id)
    for chunk in _chunks(touched):
        if session.scalar(select(AuditEvent.id).where(between, AuditEvent.contract_id.in_(chunk)).limit(1)):
            raise Conflict({"file": [CHANGED_DURING_IMPORT]})
    if work.new_officials and session.scalar(
            select(AuditEvent.id).where(between, AuditEvent.entity == "official", AuditEvent.action == "create")
            .limit(1)):
        raise Conflict({"file": [CHANGED_DURING_IMPORT]})
