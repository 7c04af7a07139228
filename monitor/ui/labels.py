"""How the closed vocabularies read on a page, in the page's language (显示名称)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from contracts.core.enums import (
    AgencyLevel,
    ContractKind,
    ContractStatus,
    Debtor,
    DueUnit,
    EventType,
    ObligationKind,
    ObligationStatus,
    PartyRole,
    PppStage,
    ResponsibilityRole,
    Role,
)

LABELS: dict[str, Any] = {
    # contract kinds
    ContractKind.procurement: _l("Government procurement"),
    ContractKind.bidding: _l("Tendering and bidding"),
    ContractKind.ppp: _l("PPP"),
    ContractKind.investment: _l("Investment attraction"),
    # contract status
    ContractStatus.active: _l("In performance"),
    ContractStatus.completed: _l("Completed"),
    ContractStatus.terminated: _l("Terminated"),
    # party roles
    PartyRole.supplier: _l("Supplier"),
    PartyRole.winning_bidder: _l("Winning bidder"),
    PartyRole.social_capital: _l("Social capital partner"),
    PartyRole.project_company: _l("Project company"),
    PartyRole.investor: _l("Investor"),
    # debtors
    Debtor.government: _l("Government"),
    Debtor.counterparty: _l("Counterparty"),
    # obligation kinds
    ObligationKind.payment: _l("Payment"),
    ObligationKind.deposit_return: _l("Bid deposit return"),
    ObligationKind.bond_return: _l("Performance bond return"),
    ObligationKind.retention_return: _l("Retention money return"),
    ObligationKind.subsidy: _l("Subsidy or reward"),
    ObligationKind.land: _l("Land handover"),
    ObligationKind.approval: _l("Approval"),
    ObligationKind.other: _l("Other commitment"),
    # obligation status
    ObligationStatus.open: _l("Open"),
    ObligationStatus.fulfilled: _l("Fulfilled"),
    ObligationStatus.cancelled: _l("Cancelled"),
    # events
    EventType.signing: _l("Contract signed"),
    EventType.award_notice: _l("Award notice"),
    EventType.delivery: _l("Delivery"),
    EventType.acceptance: _l("Acceptance passed"),
    EventType.invoice: _l("Invoice received"),
    EventType.completion: _l("Completion acceptance"),
    EventType.settlement: _l("Settlement"),
    EventType.warranty_end: _l("Warranty period ended"),
    EventType.operation_start: _l("Operation started"),
    EventType.production_start: _l("Production started"),
    # due units
    DueUnit.day: _l("days"),
    DueUnit.working_day: _l("working days"),
    DueUnit.month: _l("months"),
    # responsibility roles
    ResponsibilityRole.project_lead: _l("Project lead"),
    ResponsibilityRole.payment_approver: _l("Payment approver"),
    ResponsibilityRole.acceptance_lead: _l("Acceptance lead"),
    ResponsibilityRole.government_representative: _l("Government representative"),
    # PPP stages
    PppStage.identification: _l("Identification"),
    PppStage.preparation: _l("Preparation"),
    PppStage.execution: _l("Execution"),
    PppStage.transfer: _l("Transfer"),
    # agency levels
    AgencyLevel.national: _l("National"),
    AgencyLevel.provincial: _l("Provincial"),
    AgencyLevel.municipal: _l("Municipal"),
    AgencyLevel.county: _l("County"),
    AgencyLevel.township: _l("Township"),
    # user roles
    Role.admin: _l("Administrator"),
    Role.finance_staff: _l("Finance bureau staff"),
    Role.agency_staff: _l("Agency staff"),
    Role.credit_officer: _l("Credit office"),
    Role.supervisor: _l("Supervisor"),
    Role.enterprise: _l("Enterprise"),
    # finding states
    "warning": _l("Warning"),
    "notified": _l("Notified"),
    "rectifying": _l("Rectifying"),
    "escalated": _l("Escalated"),
    "resolved": _l("Resolved"),
    "dismissed": _l("Dismissed"),
    # document status
    "queued": _l("Queued"),
    "running": _l("Parsing"),
    "done": _l("Parsed"),
    "failed": _l("Failed"),
    "needs_ocr": _l("Needs OCR"),
    "pending": _l("Pending review"),
    "accepted": _l("Accepted"),
    "rejected": _l("Rejected"),
    "superseded": _l("Superseded"),
    # procurement methods and PPP payment mechanisms (the registry's vocabularies)
    "open_tender": _l("Open tender"),
    "invited_tender": _l("Invited tender"),
    "competitive_negotiation": _l("Competitive negotiation"),
    "competitive_consultation": _l("Competitive consultation"),
    "single_source": _l("Single source"),
    "inquiry": _l("Request for quotation"),
    "framework_agreement": _l("Framework agreement"),
    "government_pay": _l("Government pays"),
    "viability_gap_funding": _l("Viability gap funding"),
    "user_pay": _l("User pays"),
    # complaints
    "unpaid_works": _l("Unpaid construction payments"),
    "unpaid_goods": _l("Unpaid purchase payments"),
    "deposit_not_returned": _l("Deposit not returned"),
    "investment_promise": _l("Investment promise not honoured"),
    "submitted": _l("Submitted, awaiting acceptance"),
    "reviewed": _l("Reviewed, awaiting determination"),
    "determined": _l("Substantiated, awaiting supervision"),
    "supervised": _l("Under supervision"),
    "recorded": _l("Recorded in the credit record"),
}

# Values that mean different things in different vocabularies.
SCOPED: dict[tuple[str, str], Any] = {
    ("finding", "open"): _l("Overdue"),
    ("ppp_stage", "procurement"): _l("Procurement stage"),
    ("complaint", "other"): _l("Other"),
    ("complaint", "accepted"): _l("Accepted, awaiting review"),
    ("complaint", "resolved"): _l("Rectified and closed"),
    ("complaint", "rejected"): _l("Rejected or not substantiated"),
    ("check", "running"): _l("Running"),
    ("check", "done"): _l("Finished"),
    ("check", "failed"): _l("Check failed"),
    ("import", "running"): _l("In progress"),
    ("import", "done"): _l("Finished"),
    ("import", "rejected"): _l("Refused, nothing stored"),
    ("import", "reading"): _l("Reading the file"),
    ("import", "checking"): _l("Checking the rows"),
    ("import", "writing"): _l("Writing to the registry"),
    ("step", "submit"): _l("Filed"),
    ("step", "assign"): _l("Handler assigned"),
    ("step", "accept"): _l("Accept"),
    ("step", "review"): _l("Review"),
    ("step", "determine"): _l("Determine"),
    ("step", "supervise"): _l("Supervise"),
    ("step", "record"): _l("Record in the credit record"),
    ("step", "resolve"): _l("Close as rectified"),
    ("step", "reject"): _l("Reject"),
}


def label(value: Any, scope: str | None = None) -> str:
    """The display name of a vocabulary value (the value itself when unknown)."""
    if value is None:
        return ""
    key = str(value)
    if scope and (scope, key) in SCOPED:
        return str(SCOPED[(scope, key)])
    found = LABELS.get(key)
    return str(found) if found is not None else key


def choices(values: Any) -> list[tuple[str, str]]:
    """(value, label) pairs of an enum, for a select box."""
    return [(str(v), label(v)) for v in values]
