"""Demo data for the embedded default: a county with agencies, officials, enterprises and contracts (演示数据).

Everything is built through the services, as staff would build it, with dates relative to today so
that some payments are overdue, some fall due soon and some were paid. Loading twice changes
nothing: the county's finance bureau (by its USCC) marks the data as present.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.access.models import User
from contracts.access.services import create_user
from contracts.core import clock
from contracts.obligations import services as obligations
from contracts.organisations import services as orgs
from contracts.organisations.models import Agency
from contracts.organisations.uscc import check_character
from contracts.registry import services as registry
from contracts.responsibility import services as responsibility

DEMO_PASSWORD = "demo-pass-2026"
REGION = "331023"  # 清河县 (an invented county)


def _uscc(prefix: str, n: int) -> str:
    body = f"{prefix}{REGION}{n:09d}"[:17]
    return body + check_character(body)


FINANCE_USCC = _uscc("11", 2)


def load(session: Session) -> list[str]:
    """Load the demo county once (idempotent); returns the lines to show the newcomer."""
    lines: list[str] = []
    if session.scalar(select(Agency.id).where(Agency.uscc == FINANCE_USCC)) is None:
        county = _county(session, clock.today())
        lines.append(f"demo data loaded: {county['contracts']} contracts of {len(county['agencies'])} agencies "
                     f"and {len(county['enterprises'])} enterprises")
    else:
        lines.append("demo data already present")
    lines.append(f"sign in with any of these users, password {DEMO_PASSWORD}:")
    for u in session.scalars(select(User).where(User.username.in_([n for n, *_ in USERS])).order_by(User.id)):
        lines.append(f"  {u.username:<12} {u.role:<15} {u.display_name}")
    return lines


USERS: list[tuple[str, str, str, str | None]] = [
    # username, role, display name, agency or enterprise key
    ("admin", "admin", "系统管理员", None),
    ("finance", "finance_staff", "孙丽（县财政局）", "finance"),
    ("edu", "agency_staff", "周敏（县教育局）", "education"),
    ("credit", "credit_officer", "郑华（县信用办）", "development"),
    ("supervisor", "supervisor", "吴刚（县纪委监委）", None),
    ("zhilian", "enterprise", "清河智联科技有限公司", "zhilian"),
    ("hengtong", "enterprise", "浙江恒通建设集团有限公司", "hengtong"),
]


def _county(session: Session, today: date) -> dict[str, Any]:
    def ago(days: int) -> date:
        return today - timedelta(days=days)

    agencies: dict[str, Any] = {}
    gov = orgs.create_agency(session, name="清河县人民政府", uscc=_uscc("11", 1), region_code=REGION)
    agencies["government"] = gov
    for key, name, n in [("finance", "清河县财政局", 2), ("education", "清河县教育局", 3),
                         ("transport", "清河县交通运输局", 4), ("housing", "清河县住房和城乡建设局", 5),
                         ("zone", "清河经济开发区管理委员会", 6),
                         # the credit office sits outside the paying bureaus: it decides records about them
                         ("development", "清河县发展和改革局", 7)]:
        agencies[key] = orgs.create_agency(session, name=name, uscc=_uscc("11", n), region_code=REGION,
                                           parent_id=gov.id)
    officials = {}
    for key, name, post, agency in [
            ("wang", "王建国", "计划财务科科长", "education"), ("li", "李晓梅", "副局长", "education"),
            ("zhao", "赵强", "工程建设科科长", "transport"), ("chen", "陈静", "副局长", "transport"),
            ("zhou", "周伟", "城建科科长", "housing"), ("liu", "刘洋", "招商局局长", "zone"),
            ("sun", "孙丽", "国库科科长", "finance")]:
        officials[key] = orgs.create_official(session, name=name, agency_id=agencies[agency].id, post=post)
    enterprises = {}
    for key, name, sme, n in [("zhilian", "清河智联科技有限公司", True, 11),
                              ("hengtong", "浙江恒通建设集团有限公司", False, 12),
                              ("lvyuan", "清河绿源环境服务有限公司", True, 13),
                              ("huadong", "华东新能源材料股份有限公司", False, 14),
                              ("shunda", "清河顺达物流有限公司", True, 15)]:
        enterprises[key] = orgs.create_enterprise(session, name=name, uscc=_uscc("91", n), is_sme=sme)

    def contract(kind: str, code: str, title: str, agency: str, enterprise: str, role: str, amount: str,
                 signed: date, **fields: Any):  # type: ignore[no-untyped-def]
        return registry.create_contract(session, kind=kind, code=code, title=title,
                                        agency_id=agencies[agency].id, amount=Decimal(amount), signed_on=signed,
                                        parties=[{"enterprise_id": enterprises[enterprise].id, "role": role}],
                                        **fields)

    def ob(c, kind: str, due: dict[str, Any], *, amount: str | None = None, percent: str | None = None,  # type: ignore[no-untyped-def]
           description: str = "", debtor: str = "government"):
        return obligations.add_obligation(session, c, kind=kind, due=due, debtor=debtor,
                                          amount=Decimal(amount) if amount else None,
                                          percent=Decimal(percent) if percent else None, description=description)

    def pay(o, amount: str, on: date, voucher: str) -> None:  # type: ignore[no-untyped-def]
        obligations.record_payment(session, o, amount=Decimal(amount), paid_on=on, voucher=voucher)

    def assign(c, who: str, role: str, start: date) -> None:  # type: ignore[no-untyped-def]
        responsibility.assign(session, c, official_id=officials[who].id, role=role, start=start)

    # 1. 政府采购: teaching equipment for an SME; the balance after acceptance is overdue and partly paid,
    #    and the payment approver changed post in between.
    c1 = contract("procurement", "QH-CG-2026-017", "清河县中小学教学设备采购合同", "education", "zhilian", "supplier",
                  "1200000.00", ago(150), procurement_method="open_tender", budget_amount=Decimal("1250000.00"),
                  award_notice_on=ago(158), published_on=ago(149))
    assign(c1, "wang", "project_lead", c1.signed_on)
    assign(c1, "wang", "payment_approver", c1.signed_on)
    advance = ob(c1, "payment", {"event": "signing", "offset": 10, "unit": "day"}, percent="30",
                 description="预付款（合同总价30%）")
    balance = ob(c1, "payment", {"event": "acceptance", "offset": 10, "unit": "working_day"}, percent="60",
                 description="验收合格后支付60%")
    ob(c1, "payment", {"event": "warranty_end", "offset": 30, "unit": "day"}, percent="10", description="质保金（10%）")
    obligations.record_event(session, c1, "delivery", ago(110), evidence="送货单 QH-SH-0412")
    obligations.record_event(session, c1, "acceptance", ago(70), evidence="验收报告 JY-2026-033")
    pay(advance, "360000.00", ago(143), "国库集中支付凭证 0001873")
    pay(balance, "200000.00", ago(30), "国库集中支付凭证 0002291")
    responsibility.handover(session, c1, role="payment_approver", to_official_id=officials["li"].id, on=ago(40),
                            reason="王建国调任县教育局办公室主任")

    # 2. 招标投标: road works by a large contractor; the completion payment is late, the bid deposit came back.
    c2 = contract("bidding", "QH-ZB-2025-006", "清河县城东路改造工程施工合同", "transport", "hengtong", "winning_bidder",
                  "8600000.00", ago(400), estimated_price=Decimal("9000000.00"), bid_deposit=Decimal("160000.00"),
                  performance_bond=Decimal("860000.00"), award_notice_on=ago(415),
                  retention_amount=Decimal("258000.00"), defects_period_months=24)
    assign(c2, "zhao", "project_lead", c2.signed_on)
    assign(c2, "zhao", "payment_approver", c2.signed_on)
    deposit = ob(c2, "deposit_return", {"event": "signing", "offset": 5, "unit": "day"}, amount="160000.00",
                 description="退还投标保证金及银行同期存款利息")
    progress = ob(c2, "payment", {"event": "completion", "offset": 28, "unit": "day"}, percent="70",
                  description="竣工验收后支付至合同价70%")
    ob(c2, "retention_return", {"event": "warranty_end", "offset": 14, "unit": "day"}, amount="258000.00",
       description="缺陷责任期满返还质量保证金")
    obligations.record_event(session, c2, "completion", ago(100), evidence="竣工验收证书")
    pay(deposit, "160000.00", ago(397), "退保证金凭证 TB-0091")
    pay(progress, "4000000.00", ago(55), "国库集中支付凭证 0002015")
    responsibility.handover(session, c2, role="payment_approver", to_official_id=officials["chen"].id, on=ago(90),
                            reason="机构改革，分管领导调整")

    # 3. PPP: a sewage plant; an availability payment is overdue and the land handover falls due soon.
    c3 = contract("ppp", "QH-PPP-2022-001", "清河县城区污水处理厂PPP项目合同", "housing", "lvyuan", "project_company",
                  "45000000.00", ago(900), ppp_mode="BOT", cooperation_years=25, ppp_stage="execution",
                  ppp_launched_on=ago(1000), ppp_payment_mechanism="viability_gap_funding")
    assign(c3, "zhou", "government_representative", c3.signed_on)
    ob(c3, "payment", {"date": ago(20).isoformat()}, amount="1850000.00", description="第三年度可用性付费")
    ob(c3, "land", {"date": (today + timedelta(days=15)).isoformat()}, description="二期扩建用地交付")
    ob(c3, "approval", {"date": ago(200).isoformat()}, description="协助办理排污许可")

    # 4. 招商引资: a promised production subsidy not paid on time.
    c4 = contract("investment", "QH-ZS-2024-003", "华东新能源材料产业园项目投资协议书", "zone", "huadong", "investor",
                  "300000000.00", ago(700), investment_project="年产5万吨锂电池正极材料项目",
                  promised_policies="投产后六个月内兑现设备投资补助300万元；2年内完成配套道路建设")
    assign(c4, "liu", "government_representative", c4.signed_on)
    ob(c4, "subsidy", {"event": "production_start", "offset": 6, "unit": "month"}, amount="3000000.00",
       description="设备投资补助")
    land = ob(c4, "land", {"date": ago(600).isoformat()}, description="交付工业用地230亩")
    obligations.fulfil(session, land, on=ago(610), note="土地交付确认书")
    obligations.record_event(session, c4, "production_start", ago(260), evidence="投产确认函")

    # 5. 政府采购: logistics services paid monthly; the next instalment falls due within a fortnight.
    c5 = contract("procurement", "QH-CG-2026-031", "县交通运输局车辆租赁服务采购合同", "transport", "shunda", "supplier",
                  "360000.00", ago(60), procurement_method="competitive_consultation", award_notice_on=ago(70),
                  published_on=ago(59))
    assign(c5, "chen", "payment_approver", c5.signed_on)
    first = ob(c5, "payment", {"date": ago(25).isoformat()}, amount="90000.00", description="第一季度服务费")
    ob(c5, "payment", {"date": (today + timedelta(days=12)).isoformat()}, amount="90000.00", description="第二季度服务费")
    pay(first, "90000.00", ago(27), "国库集中支付凭证 0002233")

    # 6. 政府采购, completed: everything paid on time.
    c6 = contract("procurement", "QH-CG-2025-044", "县教育局校园安防设备维保服务合同", "education", "shunda", "supplier",
                  "98000.00", ago(500), procurement_method="inquiry", status="completed")
    done = ob(c6, "payment", {"date": ago(380).isoformat()}, amount="98000.00", description="年度维保费")
    pay(done, "98000.00", ago(385), "国库集中支付凭证 0000912")

    keys = {"finance": agencies["finance"], "education": agencies["education"], "development": agencies["development"],
            "zhilian": enterprises["zhilian"], "hengtong": enterprises["hengtong"]}
    taken = set(session.scalars(select(User.username)))
    for username, role, display, key in USERS:
        if username in taken:
            continue
        target = keys.get(key) if key else None
        create_user(session, username=username, role=role, password=DEMO_PASSWORD, display_name=display,
                    agency_id=target.id if role in {"agency_staff", "finance_staff", "credit_officer"} and target
                    else None,
                    enterprise_id=target.id if role == "enterprise" and target else None)

    # An SME complains about the late balance; a record is proposed for the road works' late payment.
    from monitor.complaints import services as complaints
    from monitor.records import services as records

    complainant = session.scalar(select(User).where(User.username == "zhilian"))
    if complainant is not None:
        complaints.file_complaint(session, complainant, category="unpaid_goods", contract_id=c1.id,
                                  title="验收合格后尾款逾期未付", amount=Decimal("520000.00"),
                                  description=f"{ago(70).isoformat()}验收合格，合同约定10个工作日内支付60%，"
                                              "至今仅支付20万元。")
    records.propose(session, agency_id=agencies["transport"].id, contract_id=c2.id, category="arrears",
                    facts="城东路改造工程竣工验收后，应付工程款逾期未足额支付，尚欠2,020,000.00元。",
                    legal_basis="《优化营商环境条例》第三十一条；《中华人民共和国民法典》第五百零九条")
    return {"agencies": agencies, "enterprises": enterprises, "contracts": 6}
