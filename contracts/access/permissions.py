"""The permission matrix: which role may do what (权限矩阵).

Every endpoint asks ``require(user, Permission.X)``; object-level scoping (an agency's staff see
their agency's contracts, an enterprise sees only contracts it is a party to) is in ``scope``.
"""

from __future__ import annotations

from enum import StrEnum

from contracts.core.enums import Role
from contracts.core.errors import Forbidden


class Permission(StrEnum):
    registry_read = "registry.read"  # 查看合同台账
    registry_write = "registry.write"  # 登记、修改合同
    parties_write = "parties.write"  # 维护部门、公务员、企业
    documents_review = "documents.review"  # 审核抽取结果
    findings_read = "findings.read"
    findings_act = "findings.act"  # 通知、整改、处理发现
    checks_run = "checks.run"
    records_read = "records.read"
    records_decide = "records.decide"  # 认定失信记录
    objections_file = "objections.file"
    complaints_file = "complaints.file"
    complaints_handle = "complaints.handle"  # 受理、复核、认定、督办投诉
    repairs_apply = "repairs.apply"  # 申请信用修复
    notifications_read = "notifications.read"  # 查看本部门/全部预警通知（本人的通知人人可看）
    alerts_manage = "alerts.manage"  # 配置 webhook、重发通知
    reports_read = "reports.read"
    users_manage = "users.manage"
    calendar_manage = "calendar.manage"
    audit_read = "audit.read"


P = Permission
_STAFF = {P.registry_read, P.registry_write, P.documents_review, P.findings_read, P.findings_act,
          P.checks_run, P.records_read, P.objections_file, P.reports_read, P.complaints_handle,
          P.repairs_apply, P.notifications_read}

MATRIX: dict[Role, frozenset[Permission]] = {
    Role.admin: frozenset(Permission),
    Role.finance_staff: frozenset(_STAFF | {P.parties_write, P.audit_read}),
    Role.agency_staff: frozenset(_STAFF),
    Role.credit_officer: frozenset({P.registry_read, P.findings_read, P.findings_act, P.checks_run,
                                    P.records_read, P.records_decide, P.complaints_handle,
                                    P.reports_read, P.audit_read, P.notifications_read}),
    Role.supervisor: frozenset({P.registry_read, P.findings_read, P.records_read, P.reports_read,
                                P.audit_read}),
    Role.enterprise: frozenset({P.registry_read, P.records_read, P.objections_file, P.complaints_file}),
}


def allowed(role: str | Role, permission: Permission) -> bool:
    """True when ``role`` holds ``permission``."""
    try:
        return permission in MATRIX[Role(role)]
    except ValueError:
        return False


def require(user: object, permission: Permission) -> None:
    """Raise ``Forbidden`` unless ``user`` (an active User) holds ``permission``."""
    role = getattr(user, "role", None)
    if role is None or not getattr(user, "active", False) or not allowed(role, permission):
        raise Forbidden()
