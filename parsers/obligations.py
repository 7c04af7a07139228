"""Candidate obligations (履约义务) from clauses and payment tables.

A sentence becomes an obligation when it has a deadline (``parsers.deadlines``), a debtor (the
party that acts: 甲方应…支付, 由发包人返还) and either a kind keyword (支付, 退还履约保证金,
挂牌出让, 审批手续, 七通一平, …) or, for the government, a commitment verb. Penalties, interest,
termination, force majeure, rights (有权) and definitions are not obligations. Amounts come from
the sentence (计人民币…元), from a percent of the contract price (cumulative 支付至95% gives the
increment), or for bond and deposit returns from the clause that defined the bond.
"""

from __future__ import annotations

import calendar
import functools
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from parsers.clauses import Clause, TableBlock
from parsers.deadlines import WARRANTY_NOUNS, Deadline, event_of, find_deadlines, parse_deadline, words_for
from parsers.fields import COUNTERPARTY, ESTIMATE_RE, GOVERNMENT, ContractFields
from parsers.numbers import (
    FESTIVAL,
    NTH_IN_MONTH,
    UNIT_SCALE,
    MoneyMatch,
    add_months,
    add_working_days,
    day_in_month,
    dekad_end,
    evaluate,
    festival_eve,
    find_dates,
    find_money,
    find_percents,
    is_working_day,
    last_working_day,
    money,
    next_working_day,
    nth_working_day,
    parse_percent,
    percent_str,
    period_end,
    previous_working_day,
    to_decimal,
    to_int,
    weekday_no,
)
from parsers.text import clause_number, compact, contract_part, without_number

MONEY_KINDS = ("payment", "deposit_return", "bond_return", "retention_return", "subsidy")
HUNDRED = Decimal(100)

_HELD_BACK_RE = re.compile(r"扣留|扣除|预留|已扣|扣回|扣减")
_SUPPLIER_ACTS_RE = re.compile(r"(?:^|[，,；;。的])(?:其|该)?供货(?:单位|商|厂家)(?:应|须|负责)")
_THIRD_PARTY_RE = re.compile(r"由(?P<org>[\u4e00-\u9fff]{2,24}?(?:人民政府|中心|局|委员会|管委会|办公室|公司|银行|办事处|工作队))")
SKIP_RE = re.compile(
    # 由采购代理机构…退还，不属于甲方的付款义务: said to be no duty of the government's
    r"不属于(?:甲方|采购人|发包人|招标人|政府方|委托人)?的?(?:付款|支付|退还)?义务|"
    r"违约金|滞纳金|罚款|罚金|赔偿金|赔偿责任|赔偿损失|补偿金|终止补偿|不可抗力|有权|提前终止|解除(?:本)?(?:合同|协议)"
    r"|暂停|停工|逾期付款|逾期利息|资金占用费|是指|系指"
    # 乙方未能于2027年12月31日前投产的，应…退还已兑现的补助: the support clawed back, a sanction, not a grant
    r"|(?:退还|返还|退回|归还)已(?:兑现|拨付|发放|享受|领取|获得)的[^，。；]{0,8}?(?:补助|补贴|奖励|扶持资金|资金)"
    # the consequence of a party's delay, not a duty: 甲方未按约定时间交地的，乙方开工及投产时间相应顺延
    r"|未按[^，。；]{0,12}的[，,][^。；]*(?:顺延|延长)"
)
# 减免后的逾期付款违约金人民币206.35万元，由丁方于2027年6月30日前…支付: a penalty settled at a sum owed by a
# day is a debt like any other, not a rule for what a breach would cost; so is interest settled (逾期付款利息…经协商
# 减半计算，即人民币386,420.00元，由甲方与第三期款项一并支付, the instalment's day written in)
_SETTLED_PENALTY_RE = re.compile(r"违约金(?:为|共计|合计)?人民币[\d,.]+万?元[，,](?:由[^，。；]{1,12}?)?于\d{4}年\d{1,2}月\d{1,2}日(?:前|之前)"
                                 r"|利息人民币[\d,.]+万?元[，,][^。；]{0,16}?人民币[\d,.]+万?元[，,]由[^，。；]{1,12}?于\d{4}年\d{1,2}月\d{1,2}日")
RETURN_VERB_RE = re.compile(r"退还|返还|退回|退付|归还|返回")
DEPOSIT_RE = re.compile(r"(?:投标|响应|磋商|竞标|谈判|询价|报价|竞买)保证金|投标担保")
EARNEST_RE = re.compile(r"意向金|诚意金|押金|考察保证金")
BOND_RE = re.compile(r"履约(?:保证金|担保|保函|金)|履约保证|(?:运营维护|运维|维护|运营)保函|入(?:驻|园|区)保证金|投资(?:履约)?保证金")
RETENTION_RE = re.compile(r"质量保证金|质量保修金|质保金|质保款|保修金|保留金|缺陷责任保证金")
SUBSIDY_RE = re.compile(r"补助|补贴|奖励|奖补|扶持资金|专项资金|发展资金|贴息|资金支持|预算内投资")
SUBSIDY_VERB_RE = re.compile(r"给予|兑现|拨付|支付|发放|奖励|补助|补贴|转拨")
PAY_RE = re.compile(r"支付|付款|拨付|付清|结清|付至|拨款|付讫|兑付|付费")
# 预付款保函, 付款申请, 每期付款前: 付款 as a noun or a point in time, not an act of paying
_PAY_NOT_VERB_RE = re.compile(r"(?<=预)付款|付款(?=保函|申请|担保|凭证|计划|安排|条件|方式|节点|前|之前|时)")
_GUARANTEE_OF_PAYMENT_RE = re.compile(r"(?:支付|付款)(?:担保|保函)")
LAND_DIRECT_RE = re.compile(r"挂牌(?:出让|程序|手续|交易)?|招拍挂|土地出让(?!金|价款|合同|年限|收入)|供地|交地|出让手续|土地收储")
LAND_VERB_RE = re.compile(r"交付|移交|提供|腾退|交由|交给|划拨|征收|流转(?!费)")
_BUILDING_RE = re.compile(r"(?:厂房|用房|公寓|宿舍|道班房|房屋|办公楼)(?!用地)")  # (二期厂房用地: land)  # 将标准化厂房3号楼交付乙方作为过渡生产场地: a building, not land
LAND_NOUN_RE = re.compile(r"用地|腾退|土地|(?:临时)?占地(?!面积|补偿|费)|净地|地块|宗地|治理区|片区(?!控制性|规划|详细规划|资料|图)|施工现场|施工场地|(?:施工|整治|整理|梯道|边坡|河道|管网)作业面|施工区域|场地(?!平面图|图纸|资料|参数|布置图)")
INFRA_RE = re.compile(r"[三五七九]通一平|基础设施|配套设施|配套工程|通水|通电|通气|通路|建成通车|变电站"
                      r"|[水电气路](?:、?[水电气路暖讯网]){2,}[^，。；]{0,8}(?:接至|接到|通至|铺设至)|(?:接至|通至|送至|送电至|供电至|供水至|供气至|引至)[^，。；]{0,10}红线")
# 按“五通一平”标准交付净地 / 交付净地（“七通一平”）: the standard land is handed over to, not infrastructure to build
_TO_STANDARD_RE = re.compile(r"按照?[“\"]?[三五七九]通一平[”\"]?的?标准|(?<=净地)[（(][“\"]?[三五七九]通一平[”\"]?[)）]")
APPROVAL_RE = re.compile(r"审批|批复|批准文件|排污登记|(?:使用|用海|用地|建设)批准|同意[^，。；]{0,8}?书面意见|批文|许可|立项|备案|核准|环评|环境影响评价|(?:审查|预审)意见|同意书|手续|证照|权证|不动产权证|土地证"
                         r"|(?:收费|价格)(?:标准)?的?核定")
APPROVAL_VERB_RE = re.compile(r"办理|办结|办妥|完成|取得|协调|协助|出具|核发|报批|代办")
ACTION_RE = re.compile(r"支付|付款|拨付|付清|结清|退还|返还|退回|给予|兑现|交付|移交")
PRICE_NOUN_RE = re.compile(r"合同|价|总额|金额|款|费|额")
COMMIT_RE = re.compile(r"完成|建成|提供|组织|运抵|提交|协调|落实|出具|建设|开通|接入|交付|办理|确认|审核|答复|回复|签署|移交|修建|调配|腾出|分配"
                       r"|确定并(?:书面)?通知|书面(?:通知|确定)|(?:书面)?反馈|批复")
GOV_HEADING_RE = re.compile(r"(?:甲方|政府方|发包人|采购人|招标人)(?:的)?(?:主要)?(?:权利和)?(?:义务|职责|负责事项|应办事项|办理事项)|政府付费|政府承诺"
                            r"|扶持政策")
_SIDE_WORD_RE = re.compile(r"甲方|乙方|政府方|社会资本方|项目公司|发包人|承包人|采购人|供应商|招标人|投资方")
CP_HEADING_RE = re.compile(r"(?:乙方|社会资本方|项目公司|承包人|供应商|投资方)(?:及项目公司)?(?:的)?(?:一般)?(?:权利和)?"
                           r"(?:义务|职责|负责事项|应办事项|办理事项)")

OBJECT_BEFORE = ("向", "给", "予", "至", "对", "与", "和", "及", "或", "协助", "配合", "帮助", "督促", "要求", "通知",
                 "退还", "返还", "交付", "支付", "移交", "转交", "转拨", "退回", "拨付", "为", "按", "按照", "根据", "经", "在",
                 "因", "从", "把", "代", "替", "以", "同意", "邀请", "告知", "提醒", "欠", "于", "自", "收到", "回收", "收购")
AFTER_NOT_AGENT = ("的", "之", "所", "账户", "辖区", "指定", "名下", "设备", "一方", "开具", "提交的", "缴纳的", "提供的", "承诺的", "主张的",
                   "项目公司年度", "年度", "书面同意")
RECIPIENT_BEFORE = ("向", "退还至", "返还至", "退回至", "支付至", "拨付至", "给", "给予", "予", "退还", "返还", "交付", "支付", "移交", "拨付", "退回", "付给", "支付给",
                    "交给", "提供给", "转拨")

# 通用合同条款第15.4.2项约定的“…14天内”修改为“…28天内”: the quoted old wording is no term of the contract
# and so are an earlier contract's words quoted (原合同第14.2款约定的“审计完成之日起60天内支付…”未能按期履行)
_REPLACED_WORDING_RE = re.compile(r"“[^“”]{1,80}”(?=(?:修改|变更|调整|更改)?为“)"
                                  r"|(?<=约定)的?“[^“”]{1,80}”(?=[^“”]{0,12}(?:未能|未|没有)(?:按期|如期|及时)?(?:履行|支付|兑现))"
                                  r"|(?<=原合同)[^“”，。；]{0,16}约定的?“[^“”]{1,80}”"
                                  # 原合同第9.4款“甲方于2026年6月30日前向丙方拨付…补助人民币420万元”取消: owed no more
                                  r"|“[^“”]{1,80}”(?=[^“”，。；]{0,24}?(?:取消|不再执行|停止执行|废止|删除))"
                                  # 招标文件中“到货后支付合同总价的40%”的表述，已由…澄清公告改为30%: the old wording, changed
                                  r"|“[^“”]{1,80}”(?=的?(?:表述|约定|内容|条款)[，,]?[^“”。；]{0,30}?(?:修改|变更|调整|更改|改)为)"
                                  # （原谈判稿为“2029年6月30日前”，双方确认以本款为准）: a draft's wording, not owed
                                  r"|[（(]原[^（）()“”]{0,10}?为“[^“”]{1,80}”[^（）()]{0,24}[)）]")
# 本条替代通用条款第5.1款至第5.3款, （修改通用条款第8.3款）
_GENERAL_REF_RE = re.compile(r"通用(?:合同)?条款第?(\d{1,2}(?:\.\d{1,2}){0,3})(?:条|款|项)?"
                             r"(?:至第?(\d{1,2}(?:\.\d{1,2}){0,3})(?:条|款|项)?)?")
# 本条替代上编第八条, 上编第十一条中的“满六个月”修改为…: an article of the upper part the lower part replaces
_UPPER_REF_RE = re.compile(r"上编第(?P<n>[一二三四五六七八九十百\d]{1,4})条")
# 第十一条 乙方已提交…: an article numbered in words
# 〇三, 第三章, （三）, 三、, 3.: the number a title line opens with
_TITLE_NUMBER_RE = re.compile(r"^(?:第[〇零一二三四五六七八九十百\d]{1,4}[章节条部分]|[（(【〔\[<＜][^）)】〕\]>＞]{1,4}[）)】〕\]>＞]"
                              r"|[〇零一二三四五六七八九十百\d]{1,4}(?:[、.．・·]|(?=[\u4e00-\u9fff])))+")
# ⑵・1　绿道一期用地…, 乙・3 B区施工场地…: the label a clause opens with
# (not 2026年…, 1. or 一、: a label of two levels joined by ・, or 第…条)
_LABEL_TOKEN_RE = re.compile(r"\s*(?P<label>(?:[\u4e00-\u9fff](?=[・·]))?(?=[^\s，。；：]{0,7}[・·])"
                             r"(?:[^\s\u4e00-\u9fff，。；：]|[一二三四五六七八九十〇](?![条款项])){1,7}(?=[\s\u3000\u4e00-\u9fff])"
                             r"|第[一二三四五六七八九十百\d.・·]{1,6}[条款项])")
# 于⑵・1约定的用地交付期限届满之日起满四十五日: the time of the obligation a labelled clause sets
_LABEL_REF = r"(?:第)?{label}(?:条|款|项)?(?:约定的)?[^，。；]{{0,12}}?(?:期限|时限|时间|日期)(?:届满)?(?:之日)?"
_PERIOD_DEFINED_RE = re.compile(r"(?:质保|质量保证|保修|缺陷责任|服务|运营|运维|合作|特许经营|试运行|验收)期(?:限)?"
                                r"(?:均)?(?:为|是|[：:])$")
_PAID_UP_TO_RE = re.compile(r"累计(?:支付|付款|拨付)?(?:达到|至)[^，。；]{0,12}?(?P<p>\d+(?:\.\d+)?)%[^，。；]{0,4}(?:时|后)[，,]?"
                            r"(?:停止|不再)(?:支付|拨付|付款)")
_UNIT_PRICE_RE = re.compile(r"(?:单价|每(?:[张个间名位套])?(?:吨|立方米?|方|度|千瓦时|平方米|亩|公里|人|件|台|辆|车次|床))[^，。；]{0,4}$")
_DONE_ON_RE = re.compile(r"已(?:经)?(?:于|在)\s*$")
_TO_BE_AGREED_RE = re.compile(r"另行(?:协商|商定|约定)")
_CUMULATIVE_RE = re.compile(r"支付至|付至|累计(?:支付|付款|拨付)?(?:至|到|达到)?|付款至|拨付至")
_INCREMENT_RE = re.compile(r"本(?:期|次)(?:应)?(?:支付|付款|拨付)?")
_REMAINDER_RE = re.compile(r"剩余|余款|尾款|余额|付清|结清|全部(?:合同)?(?:价款|款项|货款|费用)|全额|合同全款")
_MONEY_NOT_RE = re.compile(r"(?:单价|每[^，。；]{0,4}|不超过|不低于|不少于|达到|超过|(?<!按)最高|上限|注册资本|限额|总投资|保险金额)[^，。；]{0,6}$")
# what may stand between a percent and the bond it sizes: 5%的银行履约保函, 百分之三作为质量保证金
COUNTERPARTY_PAYS_RE = re.compile(r"(?:乙方|承包人|供应商|项目公司|社会资本方)[^，。；]{0,6}(?:缴纳|支付|提交|交纳)")
_INSTALMENTS_RE = re.compile(r"分[两二三四五六七八九十\d]+(?:次|期|笔)|分期")
_SPLIT_BELOW_RE = re.compile(r"元[，,]\s*(?:" + _INSTALMENTS_RE.pattern + r")(?:兑现|支付|拨付|付清|退还|返还)?\s*[:：]\s*$")
# 本项目获中央预算内投资…人民币2,400万元，由甲方转拨乙方：首批人民币1,400万元于…拨付: a sum announced before a colon,
# its instalments after it
_SUM_THEN_PARTS_RE = re.compile(r"^(?P<lead>[^：:。；]*?元(?:[，,][^：:。；\d（(]{0,14})?(?<!大写)(?<!小写)[：:])(?=[^：:。；]*?元)")
_SPREAD_RE = re.compile(_INSTALMENTS_RE.pattern + r"|分[两二三四五六七八九十\d]+(?:个)?(?:年|批)")  # 分三年, 分两批 too
_EVEN_SPLIT_RE = re.compile(r"各(?:支付|拨付|兑现)?(?:一半|50%|百分之五十)|平均(?:支付|拨付|兑现)|等额(?:支付|拨付|兑现)")
_TOTAL_RE = re.compile(r"(?:共计|总计|合计|总额|累计)[^，。；]{0,6}$")
_ALREADY_RETURNED_RE = re.compile(r"已(?:经)?(?:由[^，。；]{0,24}?)?(?:于[^，。；]{0,14}?)?(?:全额|无息)?(?:退还|返还|退回)")
# 签约合同价10%的银行保函作为履约保证金: the percent is the bond's
_FACT_OF_RE = re.compile(r"(?:的|作为|作|为|计为|)(?:银行|见索即付|不可撤销|无条件|工程|的)*(?:保函(?:作为|作)?)?")
_PERCENT_NOT_RE = re.compile(r"(?:不低于|不超过|不少于|超过|低于|高于|以上|以下|按|持有|股权|利率|费率|年化)[^，。；]{0,4}$")


@dataclass
class Obligation:
    """One candidate obligation, in the shape of the extraction JSON."""

    kind: str
    debtor: str
    amount: Decimal | None
    percent: Decimal | None
    due: Deadline
    page: int
    text: str
    base: str = ""  # the named part of the price its percent is of (施工费), "" for the contract price

    def key(self) -> tuple:
        return (self.kind, self.debtor, self.amount, tuple(sorted(self.due.as_json().items())))

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "debtor": self.debtor,
            "amount": f"{self.amount:.2f}" if self.amount is not None else None,
            "percent": percent_str(self.percent),
            "due": self.due.as_json(),
            "page": self.page,
            "text": self.text,
        }


@dataclass
class _Fact:
    qualifier: str
    amount: Decimal | None
    percent: Decimal | None


@dataclass
class Facts:
    """Amounts defined once and referred to later: bonds (履约保证金), bid deposits (投标保证金),
    retention money (质量保证金)."""

    bond: list[_Fact] = field(default_factory=list)
    deposit: list[_Fact] = field(default_factory=list)
    retention: list[_Fact] = field(default_factory=list)

    def lookup(self, kind: str, text: str) -> _Fact | None:
        facts = {"bond_return": self.bond, "deposit_return": self.deposit, "retention_return": self.retention}[kind]
        if not facts:
            return None
        for fact in facts:
            if fact.qualifier and fact.qualifier in text:
                return fact
        return facts[0]


# ---------------------------------------------------------------- helpers


_PAID_BEFORE_RE = re.compile(r"已(?:经)?(?:累计|全额|足额)?$")
_PAID_RECORD_RE = re.compile(r"已(?:经)?(?:支付|付|拨付|兑现)[^，。；]{0,8}(?:明细|情况|记录|清单)")  # 表一 已付工程款明细


def already_paid(text: str) -> bool:
    """Every paying verb of ``text`` tells of money already paid (甲方累计已支付工程款…元)."""
    verbs = [m.start() for m in PAY_RE.finditer(text) if not _PAY_NOT_VERB_RE.match(text, m.start())]
    return bool(verbs) and all(_PAID_BEFORE_RE.search(text[max(0, v - 5):v]) for v in verbs)


_CHAINAGE_RE = re.compile(r"[A-Z]?K\d+\+\d{3}(?:[—－~～\-]+[A-Z]?K\d+\+\d{3})?")


def classify(text: str) -> tuple[str | None, list[int]]:
    """The obligation kind a sentence speaks of, and where its verbs are."""

    def at(rx: re.Pattern) -> list[int]:
        return [m.start() for m in rx.finditer(text)]

    if RETURN_VERB_RE.search(text):
        # (入园意向金 is a deposit, unless the sentence turns it into the bond: 诚意金转为履约保证金)
        for kind, rx in (("deposit_return", DEPOSIT_RE), ("bond_return", BOND_RE), ("retention_return", RETENTION_RE),
                         ("deposit_return", EARNEST_RE)):
            if rx.search(text):
                return kind, at(RETURN_VERB_RE)
    if SUBSIDY_RE.search(text) and SUBSIDY_VERB_RE.search(text):
        return "subsidy", at(SUBSIDY_VERB_RE)
    # (发包人…向承包人提交工程款支付担保（银行保函）: a guarantee of payments given, no payment)
    if PAY_RE.search(text) and not all(_GUARANTEE_OF_PAYMENT_RE.match(text, v) for v in at(PAY_RE)):
        nouns = {m.start() for m in _PAY_NOT_VERB_RE.finditer(text)}
        return "payment", [v for v in at(PAY_RE) if v not in nouns] or at(PAY_RE)
    if LAND_DIRECT_RE.search(text):
        return "land", at(LAND_DIRECT_RE)
    land_verbs = []
    for verb in LAND_VERB_RE.finditer(text):
        # 停车场用地最迟于2026年3月31日交付; what follows the handover's own part is another matter
        # (…以划拨方式交付乙方，交付时完成通路、通水、通电及场地平整)
        # (处理厂用地约28亩（…园内），甲方于2026年10月31日前以划拨方式交付乙方: the land named at the start)
        before = re.split(r"[。；]", text[max(0, verb.start() - 48):verb.start()])[-1]
        # (移交K0+000—K22+500段施工场地: a road's chainage counts for nothing)
        after = _CHAINAGE_RE.sub("", text[verb.end():verb.end() + 40])[:10]
        around = before + text[verb.start():verb.end()] + re.split(r"[，。；]", after)[0]
        # 按“五通一平”标准交付净地: the standard the land is handed over to, not infrastructure to build
        infra = INFRA_RE.search(_TO_STANDARD_RE.sub("", around))
        if LAND_NOUN_RE.search(around) and not infra \
                and not (_BUILDING_RE.search(around) and "施工" not in around):  # a works site in a dormitory is one
            land_verbs.append(verb.start())
    if land_verbs:
        return "land", land_verbs
    if INFRA_RE.search(text):
        return "other", at(INFRA_RE)
    if APPROVAL_RE.search(text) and APPROVAL_VERB_RE.search(text):
        return "approval", sorted(at(APPROVAL_VERB_RE) + at(APPROVAL_RE))
    return None, []


def security_named(text: str) -> str | None:
    """The return kind of the security (履约保证金, 投标保证金, 质量保证金) ``text`` names last, if any."""
    named = [(m.start(), kind) for kind, rx in (("deposit_return", DEPOSIT_RE), ("bond_return", BOND_RE),
                                                ("retention_return", RETENTION_RE)) for m in rx.finditer(text)]
    return max(named)[1] if named else None


def _body_start(text: str) -> int:
    """Where the body of a clause starts, after its number and label (5.2 预付款：)."""
    m = re.match(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){0,3}[.、]?|第[一二三四五六七八九十百\d]+[条款]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
                 r"|[一二三四五六七八九十]{1,3}、)?\s*(?:[\u4e00-\u9fff()（）]{2,12}[：:])?", text)
    return m.end() if m else 0


@functools.lru_cache(maxsize=64)
def _mention_re(words: frozenset[str]) -> re.Pattern | None:
    ordered = sorted(words, key=len, reverse=True)
    # (投资人 is not the 投资人 in 预算内投资人民币1,800万元)
    return re.compile(f"(?:{'|'.join(re.escape(w) for w in ordered)})(?!民币)") if ordered else None


def _mentions(text: str, gov: set[str], cp: set[str]) -> list[tuple[int, int, str]]:
    rx = _mention_re(frozenset(gov | cp))
    if rx is None:
        return []
    out = []
    for m in rx.finditer(text):
        side = GOVERNMENT if m.group() in gov else COUNTERPARTY
        out.append((m.start(), m.end(), side))
    return out


_CONDITION = r"[^，。；;（(：:]{0,40}?的[，,]"  # 乙方2029年度入库税收达到4,000万元的，
_CONDITION_END_RE = re.compile(_CONDITION)


def find_agent(text: str, verb_pos: int, gov: set[str], cp: set[str]) -> str | None:
    """The side that acts in ``text``: the nearest subject before the verb (甲方应…支付), or the
    party after 由 (由发包人返还). The subject of a condition closed before the verb (乙方年度税收
    达到4,000万元的，余下400万元…退还) is not the one who acts."""
    candidates: list[tuple[int, str, bool]] = []
    for start, end, side in _mentions(text, gov, cp):
        before, after = text[max(0, start - 4):start], text[end:end + 6]
        strong = before.endswith("由")
        if not strong and any(before.endswith(w) for w in OBJECT_BEFORE):
            continue
        if any(after.startswith(w) for w in AFTER_NOT_AGENT):
            continue
        if not strong and end < verb_pos and _CONDITION_END_RE.match(text, end, verb_pos):
            continue
        candidates.append((start, side, strong))
    before_verb = [c for c in candidates if c[0] < verb_pos]
    if before_verb:
        return before_verb[-1][1]
    strong_after = [c for c in candidates if c[2]]
    if strong_after:
        return strong_after[0][1]
    return None


def find_recipient(text: str, gov: set[str], cp: set[str]) -> str | None:
    """The side that receives (向乙方支付, 退还承包人), or None."""
    for start, _end, side in _mentions(text, gov, cp):
        before = text[max(0, start - 4):start]
        if any(before.endswith(w) for w in RECIPIENT_BEFORE):
            return side
    return None


def _usable_money(text: str, found: list[MoneyMatch]) -> list[MoneyMatch]:
    return [m for m in found if not _MONEY_NOT_RE.search(text[max(0, m.start - 12):m.start])]


def _usable_percents(text: str, kind: str):
    out = []
    for p in find_percents(text):
        if p.per != "%":
            continue
        if _PERCENT_NOT_RE.search(text[max(0, p.start - 6):p.start]) or re.match(r"的[，,]", text[p.end:p.end + 2]):
            continue  # 不低于…%; 工程形象进度累计达到70%的，…: a condition met, not a share paid
        of = re.search(r"([\u4e00-\u9fff]{1,8})的$", text[max(0, p.start - 9):p.start])
        if of and not PRICE_NOUN_RE.search(of.group(1)):
            continue  # 已完成工程量的80%, 地方留成部分的50%: not a share of the contract price
        after = text[p.end:p.end + 8]
        if kind == "payment" and (BOND_RE.search(after) or DEPOSIT_RE.search(after) or "保证金" in after):
            continue
        out.append(p)
    return out


def _percent_after(text: str, marker: re.Pattern, reach: int) -> Decimal | None:
    """The percent that follows ``marker`` within ``reach`` characters of the same clause part
    (支付至签约合同价的百分之九十 → 90)."""
    for m in marker.finditer(text):
        window = re.split(r"[，。；]", text[m.end():m.end() + reach + 8])[0]
        for p in find_percents(window):
            # 工程形象进度累计达到70%的，发包人…支付签约合同价的20%: progress reached, a condition, not a sum paid
            if p.per == "%" and p.start <= reach and not window[p.end:].startswith("的"):
                return p.value
    return None


_PER_SQUARE_METRE_RE = re.compile(r"(?<!每月)每平方米(?:人民币)?(?P<rate>\d+(?:\.\d+)?)元")
_AREA_RE = re.compile(r"面积(?:约|为|共计)?(?P<area>\d[\d,]*(?:\.\d+)?)平方米")
# what comes just before a sum that caps a subsidy (最高不超过人民币500万元) or sets its threshold (达到人民币5,000万元)
_CAP_BEFORE_RE = re.compile(r"(?:最高|上限为?|不超过)$")
_THRESHOLD_BEFORE_RE = re.compile(r"达到$")


def _split_subclauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"[，：:]|,(?!\d{3})", text):  # not 1,000: a thousands comma
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


_RESPECTIVELY_ON_RE = re.compile(r"分别(?:于|在|应于|须于)")
_RESPECTIVELY_IS_RE = re.compile(r"分别(?:为|是|计|按)(?:人民币)?")
_LIST_SEP_RE = re.compile(r"\s*(?:、|，|,|和|及|以及|与)\s*")
_YEARLESS_DATE_RE = re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_EACH_RE = re.compile(r"每(?:个)?(?:期|季度|季|月|半年|年度|年|次|淡季|旺季|供暖季|采暖季)[^，。；]{0,8}$")


def _listed(text: str, start: int, item) -> list:
    """Items read one after another from ``start`` by ``item(rest) → (value, length) | None``,
    joined by 、/和/及: the list after 分别于 or 分别为."""
    values, pos = [], start
    while True:
        got = item(text[pos:])
        if got is None:
            return values
        values.append(got[0])
        pos += got[1]
        if (before := re.match(r"之前|以前|前", text[pos:])) is not None:  # 分别于2026年3月31日前、2027年…
            pos += before.end()
        sep = _LIST_SEP_RE.match(text, pos)
        if sep is None:
            return values
        pos = sep.end()


_FULL_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号](?:前|之前)?"
_EACH_ON_DATES_RE = re.compile(rf"(?:于|在)((?:{_FULL_DATE}\s*[、和及]\s*)+{_FULL_DATE})\s*[，,]?\s*各")


_YEARS_THEN_DAY_RE = re.compile(r"(?P<years>(?:20\d{2}\s*年(?:度)?\s*[、和及与]\s*)+20\d{2}\s*年(?:度)?)的?")
_OFFSET_LIST_RE = re.compile(r"(?:\d{1,3}个?(?:月|日|天|工作日|自然日)内\s*[、和及]\s*)+\d{1,3}个?(?:月|日|天|工作日|自然日)内")


def offsets_listed(text: str) -> list[Deadline]:
    """The deadlines listed after one event (投产之日起12个月内、24个月内、36个月内分别兑现): the
    event's and unit of the first, each with its own period; [] when the sentence lists none."""
    m = _OFFSET_LIST_RE.search(text)
    if m is None:
        return []
    first = next((d for d in find_deadlines(text) if d.event and d.start <= m.start() < d.end), None)
    if first is None:
        return []
    periods = [int(n) for n in re.findall(r"(\d{1,3})个?(?:月|日|天|工作日|自然日)内", m.group(0))]
    return [Deadline(first.start, first.end, event=first.event, offset=n, unit=first.unit, bound=first.bound)
            for n in periods]


def listed_dates(text: str) -> list[date]:
    """The dates listed after 分别于 (分别于2025年6月25日、9月25日及2026年3月25日前; a date
    without its year takes the year of the date before it), or full dates listed before 各
    (于2027年12月31日前、2028年12月31日前各兑现人民币400万元)."""
    m = _RESPECTIVELY_ON_RE.search(text)
    if m is None:
        each = _EACH_ON_DATES_RE.search(text)  # 于2027年12月31日前、2028年12月31日前…各兑现
        return [d.value for d in find_dates(each.group(1))] if each else []
    if (years := _YEARS_THEN_DAY_RE.match(text, m.end())) is not None:
        # 分别于2027年、2028年、2029年的劳动节前: the one day of each year
        day = text[years.end():years.end() + 16]
        dates = [found[0].value for y in re.findall(r"20\d{2}", years.group("years"))
                 if (found := find_dates(f"{y}年{day}")) and found[0].start == 0]
        return dates if len(dates) >= 2 else []
    year: list[int] = []

    def item(rest: str):
        found = find_dates(rest[:16])
        if found and found[0].start == 0:
            year[:] = [found[0].value.year]
            return found[0].value, found[0].end
        bare = _YEARLESS_DATE_RE.match(rest)
        if bare and year:
            try:
                return date(year[0], int(bare.group("m")), int(bare.group("d"))), bare.end()
            except ValueError:
                return None
        return None

    dates = _listed(text, m.end(), item)
    return dates if len(dates) >= 2 else []


_YEAR = r"(20\d{2})\s*年(?:度)?"
_YEAR_RANGE_RE = re.compile(_YEAR + r"\s*(?:至|到|—|－|-|~|～)\s*" + _YEAR)
# 2027年度、2028年度 / 2026、2027、2028三个年度 (the last year's 年 may be its count's)
_YEAR_LIST_RE = re.compile(_YEAR + r"(?:\s*[、和及与]\s*" + _YEAR + r")+"
                           r"|(?:20\d{2}\s*[、和及与]\s*)+20\d{2}(?=\s*(?:年|[二两三四五六七八九十]个?年))")
# 次年第三季度的第一个月内 / 次年7月底前 / 次年元月内 / 次年7月1日至7月31日期间: a month (or the days up to one's
# end) of the next year, by its last day (not February's, which the year decides)
_RELATIVE_MONTH_END_RE = re.compile(r"(?P<rel>次年|翌年|当年|每年)(?:的)?(?:第(?P<q>[一二三四1-4])(?:个)?季度(?:的)?(?P<qm>第一个月|首月|末月|最后一个月)"
                                    r"(?:的)?(?:(?P<qd>\d{1,2})\s*[日号])?(?:内|前|之前)"
                                    r"|(?P<m>1[0-2]|[13-9]|元)\s*月份?(?:(?:底|末)(?:前|之前)?|内)"
                                    r"|(?:1[0-2]|[1-9])\s*月\s*\d{1,2}\s*日(?:起)?(?:至|到|—|－|-|~|～)(?P<to>1[0-2]|[13-9])\s*月"
                                    r"\s*(?P<last>\d{1,2})\s*日(?:期间|止|内|前)?)")


# 2027年前汛期开始之日（4月15日）: a day of a year named by what happens on it, its date in brackets
_BRACKETED_NAMED_DAY_RE = re.compile(r"(?P<y>20\d{2})年(?:的)?[^，。；（(\d]{1,12}?之日[（(](?:即)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号][)）]")
# 2027年春节（2月6日）前的最后一个星期三: a festival with its day in brackets
_BRACKETED_FESTIVAL_RE = re.compile(r"(?P<y>20\d{2})年(?:的)?(?:" + FESTIVAL + r")[（(](?:即)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日[)）]")
# 2028年藏历新年（本协议约定为2028年2月26日） / 2026年雪顿节（县人民政府已公告为2026年8月12日）: a day whose date the
# brackets give as agreed or announced
_AGREED_DAY_RE = re.compile(r"(?:(?<=[于在自从以至])|(?<![\u4e00-\u9fff\d]))(?:20\d{2}年)?(?:(?![于在])[\u4e00-\u9fff]){2,12}"
                            r"[（(][\u4e00-\u9fff]{0,10}?(?:约定|确定|商定|公告|定)为(?P<day>\d{4}年\d{1,2}月\d{1,2}日)[)）]")
# 交货期限, 终验期限: a time limit the contract sets for a stage of the work
_TIME_LIMIT = r"(?:交货|供货|到货|交付|终验|验收|初验|完工|竣工|安装|调试)期限"
# 复工之日（2027年4月1日）: a day named by what happens on it, its full date in brackets
# (not 发包人于采暖期结束之日（2026年4月20日）: the name starts after 于)
# (交货期限（2026年6月10日）: a time limit by its date, 届满之日 after it the same day)
_BRACKETED_DATE_RE = re.compile(r"(?:(?<=[于在自从以至])|(?<![\u4e00-\u9fff\d—－\-~～]))(?:20\d{2}年?[—－\-~～至]20\d{2}年?)?"
                                r"(?:(?:(?![于在])[\u4e00-\u9fff]){2,16}之日|(?P<limit>" + _TIME_LIMIT + r"))[（(](?:即)?"
                                r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)[)）](?(limit)(?:届满(?:之日)?|到期(?:之日)?)?)")
# 2026年11月1日前第10日 (so many days before), 以2027年4月1日为第1日，第20日 (counted with the day itself as the first)
_COUNTED_FROM_DAY_RE = re.compile(r"(?:以)?(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:(?P<back>(?:之|的)?前(?:的)?第?)|为第[1一]日[，,]?第)"
                                  r"(?P<n>[\d一二两三四五六七八九十]{1,3})[日天](?:[（(]含当日[)）])?(?![内以])")
# 2026年5月1日的前一日, 2026年10月25日的次日 (not 的次日起算, a count from it)
_NEXT_OR_EVE_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)的(?P<which>前一[日天]|次日)(?!起)")
# 2027年4月20日所在周的星期一, 2027年11月25日的次月第二个星期四: a weekday of the day's week, of the month after
# (所在周的下下周星期一: two weeks on)
_WEEK_OR_NEXT_MONTH_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?(?:所在(?:的)?(?:周|星期)的?"
                                    r"(?:(?P<shift>下下|下一?|上一?|前一|后一)个?(?:周|星期)的?)?(?:星期|周)(?P<w>[一二三四五六日天])"
                                    r"|(?:所在(?:的)?月份?的?|的|后的?)?(?:次月|下一?个?月)(?:的)?(?P<nth>(?:第[一二三四五]|最后一)个(?:星期|周|礼拜)[一二三四五六日天]))")
# 2026年9月30日后的第三个星期三 / 后的首个星期一, 2026年9月1日前的最后一个星期五: a weekday counted from a day
# (2026年11月1日前的第二个星期三: counted back; 2026年5月11日的前一个星期五: the last before)
_WEEKDAY_FROM_DAY_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?(?:之|以)?(?:(?P<after>后的?(?:第(?P<n>[一二三四五六七八九十\d]{1,2})|首))"
                                   r"|前(?:的?最后一|最近的一|的?第(?P<back>[一二三四五六七八九十\d]{1,2}))|的?前一)个(?:星期|周|礼拜)(?P<w>[一二三四五六日天])")
# 2026年国庆节假期前的最后一个工作日: the last working day before a festival and its holiday
# (2026年清明节假期前的第二个工作日: counted back)
_FESTIVAL_WORKING_EVE_RE = re.compile(r"(?P<y>20\d{2})年(?P<fest>" + FESTIVAL + r")(?:假期|长假|放假)?(?:开始之日|开始)?(?:之|以)?前的?"
                                      r"(?:最后一|(?:倒数)?第(?P<n>[一二三四五六七八九十\d]{1,2}))个工作日")
# 2026年国庆节假期后的第三个工作日, 国庆节假期结束后的第一个工作日: counted in working days after the holiday
# (2026年春分之后的第一个工作日: after the day itself)
_FESTIVAL_WORKING_AFTER_RE = re.compile(r"(?P<y>20\d{2})年(?P<fest>" + FESTIVAL + r")(?:假期|长假|放假)?(?:结束)?(?:之|以)?后的?"
                                        r"(?:第(?P<n>[一二三四五六七八九十\d]{1,2})|首)个工作日")
# 2027年6月30日的次月第十日: a day of the month after a day's
_NEXT_MONTHS_DAY_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?(?:所在(?:的)?月份?)?的?次月(?:的)?第?(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})[日号]")
# 2026年4月的上半月内, 2026年6月下半月的第一个工作日, 2027年5月15日所在月份的下半月内: a half of a month (上半月 1–15, 下半月
# 16 to the end), by its last day or a working day in it
_HALF_MONTH_RE = re.compile(r"(?:(?P<y>20\d{2})年(?P<m>\d{1,2})月|(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?所在(?:的)?月份?)(?:的)?"
                            r"(?P<half>上|下)半月(?:的)?(?P<pos>内|第(?P<n>[一二三四五六七八九十\d]{1,2})个工作日|最后一个工作日|最后一[日天]|第一[日天])")


def _half_month(m: re.Match) -> str:
    if m.group("day"):
        day = find_dates(m.group("day"))[0].value
        year, month = day.year, day.month
    else:
        year, month = int(m.group("y")), int(m.group("m"))
    first = date(year, month, 1 if m.group("half") == "上" else 16)
    last = date(year, month, 15) if m.group("half") == "上" else date(year, month, calendar.monthrange(year, month)[1])
    return _written(_day_in_span(first, last, m))


# 2026年清明节假期结束后的第一个星期三: a weekday after a festival's holiday
_FESTIVAL_WEEKDAY_AFTER_RE = re.compile(r"(?P<y>20\d{2})年(?P<fest>" + FESTIVAL + r")(?:假期|长假|放假)(?:结束)?(?:之|以)?后的?"
                                        r"第(?P<n>[一二三四五六七八九十\d]{1,2})个(?:星期|周|礼拜)(?P<w>[一二三四五六日天])")


def _festival_weekday_after(m: re.Match) -> str:
    eve = festival_eve(int(m.group("y")), m.group("fest"))
    if eve is None:
        return m.group()
    last = eve + timedelta(days=1)  # the festival, then the days off after it
    while not is_working_day(last + timedelta(days=1)):
        last += timedelta(days=1)
    return _written(_weekday_after(last, m.group("w"), to_int(m.group("n")) or 1))


# 2026年8月31日后的第一个完整自然周的星期五: a weekday of the N-th week (Monday to Sunday) that starts after a day
_FULL_WEEK_AFTER_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?(?:之|以)?后的?第(?P<n>[一二三四1-4])个完整的?(?:自然)?"
                                 r"(?:周|星期)的?(?:星期|周)(?P<w>[一二三四五六日天])")
# 2027年4月15日之前的最后一个工作日: the last working day before a day
_WORKING_EVE_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之|以)?前的?最后一个工作日")


# …之日起60日内或2027年6月30日前拨付，以两者中较早者为准: whichever comes first, which the fixed day bounds
_EARLIER = r"(?:两者|二者)?(?:中|之中)?(?:以)?(?:较早|先到|先届至|在先)(?:者|的)"  # (两者中)以较早者(为准)
_EARLIER_OF_RE = re.compile(rf"(?:以)?{_EARLIER}(?:为准)?|孰早")
_CN_DAY = r"(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}[日号]"
_OR_DAY_RE = re.compile(rf"(?:(?<=^)|(?<=[于在，,]))[^，。；或于]{{2,40}}?(?:内|前|个月|年|日|天)或(?:于|在)?(?P<day>{_CN_DAY}(?:前|之前)?)")


# 【√】方式二 / （√）方式二: the ticked option; 【 】方式一：… up to the next box: an option left blank
_CHOSEN_RE = re.compile(r"[【（(\[]\s*[√✓✔☑]\s*[】）)\]]")
_BOX = r"[【（(\[]\s*[√✓✔☑]?\s*[】）)\]]|[□☐☑]"
_UNCHOSEN_RE = re.compile(rf"(?:[【（(\[]\s*[】）)\]]|[□☐])\s*(?:方式|选项|方案).*?(?={_BOX}|$)", re.DOTALL)
# 本款执行2026—2027、2027—2028两个采摘季: the seasons a duty about 该采摘季 just stated is owed for
_SEASONS_IN_FORCE_RE = re.compile(r"^本(?:目|条|款|项)?(?:执行|适用于?)(?P<seasons>20\d{2}[—－\-/／]20\d{2}(?:[、和及]20\d{2}[—－\-/／]20\d{2})+)"
                                  r"[两二三四五]个(?P<span>[\u4e00-\u9fff]{1,4}季)")
# 本目执行2027、2028两个年度 / 本条适用于2027年度至2029年度: the years a yearly duty just stated is owed for
_YEARS_IN_FORCE_RE = re.compile(r"^本(?:目|条|款|项|奖励|政策)?(?:执行|适用于?)(?P<years>20\d{2}(?:年度?)?(?:[、和及至—－\-]20\d{2}(?:年度?)?)+)")
# 本款执行2027、2028两个加工季 (after …于该加工季结束之日…兑现): the season of each year named
_SEASON_YEARS_IN_FORCE_RE = re.compile(_YEARS_IN_FORCE_RE.pattern + r"(?:年)?[两二三四五六七八九十]?个?(?P<span>[\u4e00-\u9fff]{0,4}[季期])")


def _years_listed(text: str) -> list[int]:
    """The years a list or range names (2027、2028 → [2027, 2028]; 2027年度至2029年度 → [2027, 2028, 2029])."""
    years = [int(y) for y in re.findall(r"20\d{2}", text)]
    if len(years) == 2 and re.search(r"[至—－\-]", text) and years[0] < years[1] <= years[0] + 30:
        return list(range(years[0], years[1] + 1))
    return years


# （1）第三次付款比例由20%调整为15%，…: a later sentence changing a row of the table before, by the row's label
_ROW_CHANGED_RE = re.compile(r"^(?:[（(][\d一二三四五六七八九十]{1,2}[)）]|\d{1,2}[.、．])?[^。；]{0,48}?"
                             r"(?P<row>第[一二三四五六七八九十\d]{1,2}(?:次|期|笔|项))(?:付款|款项?)?(?:的)?"
                             r"(?:比例|金额|付款期限|期限)(?:相应)?(?:由|调整|变更|改)")
# 调整为, 更正为, 提前为: what a later clause says a term becomes
_BECOMES = r"(?:调整|变更|修改|更改|更正|改|提前|推迟|延长|顺延|延后)为"
# 由“2026年6月15日前”调整为“2026年6月30日前”: a time moved from one to another
_MOVED_FROM_TO_RE = re.compile(rf"由[“\"](?P<a>[^”\"]{{2,40}})[”\"]{_BECOMES}[“\"](?P<b>[^”\"]{{2,40}})[”\"]")
# 第2次付款于2027年台风季开始之日（6月1日）前的第十日支付: the time of a table's row, given by a later clause
_ROW_TIME_GIVEN_RE = re.compile(r"[^\u4e00-\u9fff]{0,8}(?P<row>第(?P<n>[一二三四五六七八九十\d]{1,2})(?:次|期|笔))(?:付款|款项?)?(?:于|应于|在)")
# …由“…”提前为“2027年6月4日”: the time a row's is moved to
_MOVED_TO_RE = re.compile(rf"{_BECOMES}[“\"](?P<when>[^”\"]{{4,40}})[”\"]")
# 第3笔的付款期限调整为：付款证书签发之日起14日内，最迟不晚于…: a row's new time, unquoted
_ROW_TIME_BECOMES_RE = re.compile(rf"(?:付款)?期限{_BECOMES}[：:]?(?P<when>[^；。“”\"]{{4,60}})")
_SUM_UNCHANGED_RE = re.compile(r"(?:比例|金额)[^。；]{0,40}?不变")
_NEW_SUM_RE = re.compile(r"金额(?:相应)?(?:调整|变更|改)为[^，。；]{0,6}?人民币[^，。；]{1,24}?元")
_TIME_UNCHANGED_RE = re.compile(r"(?:付款)?期限不变|时限不变")
# 该期限与“2026年立冬前”两者以较早者为准: the time just given, bounded by a day
_THAT_OR_EARLIER_RE = re.compile(rf"^(?:该|上述|前述)(?:付款)?(?:期限|时限)与[“\"](?P<day>[^”\"]{{4,24}})[”\"]{_EARLIER}")


# 2028年汇算清缴结束: the year's enterprise income tax settlement ends on 31 May (企业所得税法 art. 54: within five
# months of the year's end)
_SETTLEMENT_END_RE = re.compile(r"(?P<y>20\d{2})年(?:度)?(?:的)?(?:企业所得税)?(?:年度)?汇算清缴(?:结束|截止)(?:之日)?(?:[（(]5月31日[)）])?")


def _weekday_after(day: date, weekday: str, n: int) -> date:
    """The ``n``-th given weekday (一…日) after ``day`` (after Thursday 30 July 2026 the third 一 is 17 August)."""
    ahead = (weekday_no(weekday) - day.weekday() - 1) % 7 + 1  # the first such weekday after the day
    return day + timedelta(days=ahead + 7 * (n - 1))


def _earlier_of_dated(text: str) -> str:
    """``text`` with a time that is one of two, whichever comes first, written as the fixed day that bounds it
    (于竣工验收合格之日起60日内或2027年6月30日前拨付，以两者中较早者为准 → 于2027年6月30日前拨付)."""
    return _OR_DAY_RE.sub(lambda m: m.group("day"), text) if _EARLIER_OF_RE.search(text) else text


def _unit_scale(text: str) -> Decimal:
    """What the money figures ``text`` announces a unit for are worth in yuan (（金额单位：万元） → 10,000), else 1."""
    return UNIT_SCALE.get(unit.group("unit"), Decimal(1)) if (unit := _UNIT_NOTE_RE.search(text)) else Decimal(1)


def _nth_day(month: int, spec: str) -> Callable[[int], date | None]:
    """The day of a given year ``spec`` names by its place in ``month`` (第一个星期五 of November)."""
    return lambda year: day_in_month(year, month, spec)


def _fixed_day(month: int, day: int, later: int = 0) -> Callable[[int], date | None]:
    """The day of a given year (or ``later`` years on) a month and day name, None where the year has none (29 February)."""
    def of(year: int) -> date | None:
        try:
            return date(year + later, month, day)
        except ValueError:
            return None
    return of


def _first_day(text: str) -> date | None:
    """The first day ``text`` writes, or None when it writes none (an OCR slip such as 2026年2月30日)."""
    found = find_dates(text)
    return found[0].value if found else None


def _written(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _counted(m: re.Match) -> str:  # 2026年11月1日前第10日 → 10月22日; 以2027年4月1日为第1日，第20日 → 4月20日
    day, n = find_dates(m.group("day"))[0].value, to_int(m.group("n")) or 0
    return _written(day - timedelta(days=n) if m.group("back") else day + timedelta(days=n - 1))


def _next_or_eve(m: re.Match) -> str:  # 的次日 / 的前一日
    return _written(find_dates(m.group("day"))[0].value + timedelta(days=1 if m.group("which") == "次日" else -1))


def _weekday_from(m: re.Match) -> str:  # 之日后的第三个星期三 / 前的最后一个星期五
    start = find_dates(m.group("day"))[0].value
    if m.group("after"):
        return _written(_weekday_after(start, m.group("w"), to_int(m.group("n") or "1") or 1))
    back = (to_int(m.group("back") or "1") or 1) - 1
    # the last such weekday before (the Nth counted back: N − 1 weeks before it)
    return _written(_weekday_after(start - timedelta(days=8), m.group("w"), 1) - timedelta(weeks=back))


def _in_week_or_next_month(m: re.Match) -> str:  # 所在周的星期一 / 的次月第二个星期四
    start = find_dates(m.group("day"))[0].value
    if not m.group("nth"):
        weeks = {None: 0, "下": 1, "下一": 1, "后一": 1, "下下": 2, "上": -1, "上一": -1, "前一": -1}[m.group("shift")]
        return _written(start + timedelta(days=weekday_no(m.group("w")) - start.weekday(), weeks=weeks))
    day = day_in_month(*_next_month(start.year, start.month), m.group("nth"))
    return _written(day) if day is not None else m.group()


def _festival_working_eve(m: re.Match) -> str:  # 2026年国庆节假期前的最后一个工作日: before the festival's holiday
    eve = festival_eve(int(m.group("y")), m.group("fest"))
    if eve is None:
        return m.group()
    day = eve + timedelta(days=1)
    for _ in range(to_int(m.group("n") or "1") or 1):
        day = previous_working_day(day)
    return _written(day)


def _festival_working_after(m: re.Match) -> str:  # 2026年国庆节假期后的第三个工作日: after the festival (and its holiday)
    eve = festival_eve(int(m.group("y")), m.group("fest"))
    if eve is None:
        return m.group()
    return _written(add_working_days(next_working_day(eve + timedelta(days=1)), (to_int(m.group("n") or "1") or 1) - 1))


# 2026年第四季度的第二十个工作日: counted from the quarter's first day
_QUARTERS_WORKING_DAY_RE = re.compile(r"(?P<y>20\d{2})年(?:的)?第(?P<q>[一二三四1-4])季度(?:的)?第(?P<n>[一二三四五六七八九十\d]{1,3})个工作日")


def _quarters_working_day(m: re.Match) -> str:
    start = date(int(m.group("y")), 3 * (to_int(m.group("q")) or 1) - 2, 1)
    day = add_working_days(start - timedelta(days=1), to_int(m.group("n")) or 1)
    return _written(day) if (day.month - 1) // 3 == (start.month - 1) // 3 and day.year == start.year else m.group()


# 2026年第三季度最后一个月的第十个工作日: a month named by its place in a quarter
# (2027年第三季度的第一个星期一: of its first month)
_QUARTERS_MONTH_RE = re.compile(r"(?P<y>20\d{2})年(?:的)?第(?P<q>[一二三四1-4])季度(?:的)?"
                                r"(?:(?P<which>最后一个月|末月|首月|第一个月|第二个月|中间月)|(?=(?:第[一1]个|首个)(?:星期|周|工作日)))")
_MONTH_IN_QUARTER = {"首月": 0, "第一个月": 0, "第二个月": 1, "中间月": 1, "末月": 2, "最后一个月": 2, None: 0}

# 2026年10月20日前的第五个工作日: counted back from the day before
_NTH_WORKING_DAY_BEFORE_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之)?前的?第(?P<n>[一二三四五六七八九十\d]{1,3})个工作日")
# 2027年4月20日所在月份的最后一日: the end of that day's month
_DAYS_PERIOD_END_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?所在(?:的)?(?P<span>月份?|季度)的?"
                                r"(?P<which>最后一[日天]|月末|季末|最后一个工作日)")


# 2026年6月26日的次日起的第三个工作日: counted from the day after, that day the first (the N-th working day after the day)
_NTH_WORKING_FROM_NEXT_RE = re.compile(r"自?(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?的次日(?:起算?)的?第(?P<n>[一二三四五六七八九十\d]{1,3})个工作日"
                                       r"(?:结束)?")
# 2026年8月31日之后的第10个工作日: the tenth working day after the day
_NTH_WORKING_DAY_AFTER_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之)?后的第(?P<n>[一二三四五六七八九十\d]{1,3})个工作日")
# 自2026年7月1日（含当日）起算的第十个工作日: counted with the day itself as the first, if it is a working day
_NTH_WORKING_DAY_FROM_RE = re.compile(r"自?(?P<day>\d{4}年\d{1,2}月\d{1,2}日)[（(]含当日[)）]起算?的?第(?P<n>[一二三四五六七八九十\d]{1,3})"
                                      r"个工作日(?:结束)?")


def _day_and_count(m: re.Match) -> tuple[date, int]:
    """The day a working-day count starts from and how many (at most 60) it counts."""
    return find_dates(m.group("day"))[0].value, min(to_int(m.group("n")) or 1, 60)


def _working_days_after(m: re.Match) -> str:  # 之后的第10个工作日
    day, n = _day_and_count(m)
    return _written(add_working_days(day, n))


def _working_days_from(m: re.Match) -> str:  # 自…（含当日）起算的第十个工作日: the day itself counts first
    day, n = _day_and_count(m)
    return _written(add_working_days(day - timedelta(days=1), n))


def _working_days_back(m: re.Match) -> str:  # 前的第五个工作日
    day, n = _day_and_count(m)
    for _ in range(n):
        day = previous_working_day(day)
    return _written(day)


def _days_period_end(m: re.Match) -> str:
    day = find_dates(m.group("day"))[0].value
    if m.group("span") == "季度":  # 2027年7月1日所在季度的最后一日 → 30 September
        day = date(day.year, 3 * ((day.month - 1) // 3 + 1), 1)
    if m.group("which") == "最后一个工作日":
        return _written(last_working_day(day.year, day.month))
    return _written(day.replace(day=calendar.monthrange(day.year, day.month)[1]))


# 2026年第33周的星期五: a weekday of a numbered week of the year (ISO 8601: week 1 holds the year's first Thursday)
_ISO_WEEK_DAY_RE = re.compile(r"(?P<y>20\d{2})年(?:的)?第(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})周(?:的)?(?:星期|周)(?P<w>[一二三四五六日天])")
# 最迟支付日期（20261128）: a day written as eight digits in brackets, the day it dates
_BRACKETED_EIGHT_DIGITS_RE = re.compile(r"(?:(?<=[于在])[^，。；于在]{0,24}?日期|日期)[（(](?P<day>20\d{6})[）)]")


def _next_months_day(m: re.Match) -> str:  # 2027年6月30日的次月第十日 → 2027年7月10日
    day = find_dates(m.group("day"))[0].value
    return _written(date(*_next_month(day.year, day.month), to_int(m.group("n")) or 0))


def _iso_week_day(m: re.Match) -> str:
    week = to_int(m.group("n")) or 0
    return _written(date.fromisocalendar(int(m.group("y")), week, weekday_no(m.group("w")) + 1))


# 2026年9月下旬的第一个工作日, 2026年5月下旬的第三个工作日, 2026年6月中旬的最后一个工作日: a day of a month's ten-day part
# (旬: 上旬 1–10, 中旬 11–20, 下旬 21–)
_DEKAD_POS = r"(?P<pos>第(?P<n>[一二三四五六七八九十\d]{1,2})个工作日|首个工作日|最后一个工作日|最后一[日天]|第一[日天]|内)"
_DEKAD_DAY_RE = re.compile(r"(?P<y>20\d{2})年(?P<m>\d{1,2})月(?:的)?(?P<which>上|中|下)旬(?:的)?" + _DEKAD_POS.replace("|内)", ")"))
# 2026年6月10日所在旬的次旬的最后一日, …所在旬的前一旬的最后一日, …所在旬的次旬内: a day of the ten-day part holding a day,
# or of the part after or before it
_DAYS_DEKAD_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?所在(?:的)?旬的?(?:(?P<shift>次旬|下一旬|后一旬|前一旬|上一旬)的?)?"
                            + _DEKAD_POS)


def _dekad_day(year: int, month: int, part: int, m: re.Match) -> date:
    """The day ``m``'s position names in the ten-day part ``part`` (0 上旬, 1 中旬, 2 下旬) of a month; ValueError when
    the part has no such day."""
    first = date(year, month, 1 + 10 * part)
    last = first + timedelta(days=9) if part < 2 else date(year, month, calendar.monthrange(year, month)[1])
    return _day_in_span(first, last, m)


def _day_in_span(first: date, last: date, m: re.Match) -> date:
    """The day a match's ``pos`` (内, 最后一日, 第一日, 首个 / 第N个 / 最后一个工作日) names from ``first`` to ``last`` (a 旬,
    a half of a month); ValueError when the span has no such day."""
    pos = m.group("pos")
    if pos in ("内", "最后一日", "最后一天"):
        return last
    if pos in ("第一日", "第一天"):
        return first
    days = [first + timedelta(days=k) for k in range((last - first).days + 1) if is_working_day(first + timedelta(days=k))]
    n = -1 if pos == "最后一个工作日" else (to_int(m.group("n") or "1") or 1) - 1
    if not days or n >= len(days):
        raise ValueError(pos)
    return days[n]


def _dekad_of_month(m: re.Match) -> str:  # 2026年5月下旬的第三个工作日
    return _written(_dekad_day(int(m.group("y")), int(m.group("m")), "上中下".index(m.group("which")), m))


def _dekad_of_day(m: re.Match) -> str:  # 2026年6月10日所在旬的次旬的最后一日
    day = find_dates(m.group("day"))[0].value
    index = 12 * day.year + day.month - 1  # months since year 0, then the part
    part = min((day.day - 1) // 10, 2) + {None: 0, "次旬": 1, "下一旬": 1, "后一旬": 1, "前一旬": -1, "上一旬": -1}[m.group("shift")]
    index += part // 3
    return _written(_dekad_day(index // 12, index % 12 + 1, part % 3, m))


# 2026年10月15日所在月份的倒数第二个星期四: a day of the month holding a day
_DAYS_OWN_MONTH_RE = re.compile(r"(?P<y>20\d{2})年(?P<m>\d{1,2})月\d{1,2}日(?:之日)?所在(?:的)?月份?的?(?=最后一|倒数|第[一二三四五六七八九十\d]{1,2}个|首个)")
# 2026年7月1日所在月份的次月 / 前一个月 / 上一个月的…, 2029年1月20日所在季度的次季度首月的…: a month counted from a day's
_DAYS_OTHER_MONTH_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?所在(?:的)?(?:(?:月份?|月)的?(?P<shift>次月|下一?个?月|前一个?月|上一?个?月)"
                                  r"|季度的?(?P<qshift>次季度|下一?个?季度|上一?个?季度)的?(?P<which>首月|第一个月|第二个月|末月|最后一个月))的?"
                                  r"(?=最后一|倒数|第[一二三四五六七八九十\d]{1,3}|首个)")
# 2026年6月8日起满三个月之日 / 起满二十日的次日: so many months or days after a day
_DAYS_AFTER_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:之日)?起满(?P<n>[一二两三四五六七八九十百\d]{1,4})(?P<unit>个月|日|天)"
                            r"(?:又(?P<more>[一二两三四五六七八九十\d]{1,3})[日天](?P<next1>的次日|之日)?|(?P<next>的次日|之日))")
# 2027年端午节（农历五月初五）前第十日, 2027年春节（农历正月初一）后的第二个星期一: the festival itself, the lunar day a gloss
_FESTIVAL_GLOSSED_RE = re.compile(r"(?P<y>20\d{2})年(?P<fest>" + FESTIVAL + r")[（(]农历[^）)]{2,8}[)）](?=前第|前的第|后第|后的第)")
# 缺陷责任期届满（2029年4月30日）之日: an end the brackets date
_ENDED_ON_RE = re.compile(r"(?:(?<=[于在自从以至])|(?<![\u4e00-\u9fff\d—－\-~～]))(?:20\d{2}年?[—－\-~～至]20\d{2}年?)?"
                          r"(?:(?![于在])[\u4e00-\u9fff]){2,12}?(?:届满|结束|期满)[（(](?P<day>\d{4}年\d{1,2}月\d{1,2}日)[)）](?:之日)?")


def _other_month(m: re.Match) -> str:
    day = find_dates(m.group("day"))[0].value
    if m.group("shift"):
        later = m.group("shift") in ("次月", "下月", "下个月", "下一月", "下一个月")
        month = add_months(date(day.year, day.month, 1), 1 if later else -1)
        return f"{month.year}年{month.month}月的"
    quarter = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    quarter = add_months(quarter, -3 if m.group("qshift").startswith("上") else 3)
    month = add_months(quarter, {"首月": 0, "第一个月": 0, "第二个月": 1, "末月": 2, "最后一个月": 2}[m.group("which")])
    return f"{month.year}年{month.month}月的"


def _days_after(m: re.Match) -> str:
    day, n = find_dates(m.group("day"))[0].value, to_int(m.group("n")) or 0
    day = add_months(day, n) if m.group("unit") == "个月" else day + timedelta(days=n)
    day += timedelta(days=(to_int(m.group("more")) or 0) if m.group("more") else 0)
    return _written(day + timedelta(days=1) if "的次日" in (m.group("next"), m.group("next1")) else day)


def _festival_day(m: re.Match) -> str:
    eve = festival_eve(int(m.group("y")), m.group("fest"))
    return _written(eve + timedelta(days=1)) if eve is not None else m.group()

# the rewrites of ``_relative_days_dated``, in order: each pattern's matches become the day the function gives
_DAY_REWRITES: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (_BRACKETED_EIGHT_DIGITS_RE, lambda m: _written(eight_digit_day(m.group("day")))),
    (_QUARTERS_WORKING_DAY_RE, _quarters_working_day),
    (_QUARTERS_MONTH_RE,
     lambda m: f"{m.group('y')}年{3 * (to_int(m.group('q')) or 1) - 2 + _MONTH_IN_QUARTER[m.group('which')]}月"),
    (_SETTLEMENT_END_RE, lambda m: f"{m.group('y')}年5月31日"),  # 2028年汇算清缴结束后的第一个星期一 → 2028年5月31日后的…
    (_BRACKETED_NAMED_DAY_RE, lambda m: f"{m.group('y')}年{int(m.group('m'))}月{int(m.group('d'))}日"),
    (_BRACKETED_FESTIVAL_RE, lambda m: f"{m.group('y')}年{int(m.group('m'))}月{int(m.group('d'))}日"),
    (_BRACKETED_DATE_RE, lambda m: m.group("day")),  # 以复工之日（2027年4月1日）为第1日 → 以2027年4月1日为第1日
    (_AGREED_DAY_RE, lambda m: m.group("day")),
    (_ENDED_ON_RE, lambda m: m.group("day")),
    (_FESTIVAL_GLOSSED_RE, _festival_day),
    (_DAYS_AFTER_RE, _days_after),
    (_COUNTED_FROM_DAY_RE, _counted),
    (_NTH_WORKING_DAY_BEFORE_RE, _working_days_back),
    (_NTH_WORKING_DAY_FROM_RE, _working_days_from),
    (_NTH_WORKING_DAY_AFTER_RE, _working_days_after),
    (_NTH_WORKING_FROM_NEXT_RE, _working_days_after),
    (_NEXT_OR_EVE_RE, _next_or_eve),
    (_DAYS_PERIOD_END_RE, _days_period_end),
    (_ISO_WEEK_DAY_RE, _iso_week_day),
    (_DEKAD_DAY_RE, _dekad_of_month),
    (_DAYS_DEKAD_RE, _dekad_of_day),
    (_DAYS_OWN_MONTH_RE, lambda m: f"{m.group('y')}年{int(m.group('m'))}月的"),
    (_DAYS_OTHER_MONTH_RE, _other_month),
    (_NEXT_MONTHS_DAY_RE, lambda m: _next_months_day(m)),
    (_HALF_MONTH_RE, _half_month),
    (_FESTIVAL_WEEKDAY_AFTER_RE, _festival_weekday_after),
    (_FULL_WEEK_AFTER_RE, lambda m: _written(_weekday_after(find_dates(m.group("day"))[0].value, "一", to_int(m.group("n")) or 1)
                                             + timedelta(days=weekday_no(m.group("w"))))),
    (_WEEKDAY_FROM_DAY_RE, _weekday_from),
    (_WEEK_OR_NEXT_MONTH_RE, _in_week_or_next_month),
    (_FESTIVAL_WORKING_EVE_RE, _festival_working_eve),
    (_FESTIVAL_WORKING_AFTER_RE, _festival_working_after),
    (_WORKING_EVE_RE, lambda m: _written(previous_working_day(find_dates(m.group("day"))[0].value))),
]


# 质保期届满之日的次月对应日, 2026年10月28日后第二个月的对应日, 投产之日的第一个周年日: the same day a month, so many months
# or years on (the month's last day where it has no such day)
_CORRESPONDING_DAY_RE = re.compile(r"(?P<from>\d{4}年\d{1,2}月\d{1,2}日|[\u4e00-\u9fff]{2,16}?之日)(?:的|后的?)?"
                                   r"(?:(?P<next>次月)|第(?P<n>[一二三四五六七八九十\d]{1,2})个(?P<unit>月|周年))(?:的)?(?:对应日|日)")


def _corresponding_days(text: str) -> str:
    """``text`` with a day a month, so many months or years after a day or event written as the date or period it is
    (质保期届满之日的次月对应日 → 质保期届满之日起满1个月; 2026年10月28日后第二个月的对应日 → 2026年12月28日; 投产之日的第二个
    周年日 → 投产之日起满24个月)."""
    def dated(m: re.Match) -> str:
        months = 1 if m.group("next") else (to_int(m.group("n")) or 0) * (12 if m.group("unit") == "周年" else 1)
        if not months:
            return m.group()
        if (day := find_dates(m.group("from"))) and day[0].start == 0 and day[0].end == len(m.group("from")):
            return _written(add_months(day[0].value, months))
        return f"{m.group('from')}起满{months}个月"
    text = _CORRESPONDING_DAY_RE.sub(dated, text)
    # (于一期投产之日的第一个周年日兑现一半，于第二个周年日兑现其余一半: the later one of the same day)
    anchor = re.search(r"(?P<from>(?:(?![于在])[\u4e00-\u9fff]){2,16}?之日)起满\d{1,3}个月", text)
    if anchor is not None:
        text = re.sub(r"(?<=于)第(?P<n>[一二三四五六七八九十\d]{1,2})个周年日",
                      lambda m: f"{anchor.group('from')}起满{12 * (to_int(m.group('n')) or 0)}个月", text)
    return text


def _relative_days_dated(text: str) -> str:
    """``text`` with days named around other days written as the days they are: a year's 汇算清缴结束 (31 May), a
    named day with its date in brackets, so many days before or counted from a date, the day before or after it, a
    weekday after, before or in its week or in the month after, the last working day before a date or a festival's
    holiday, or a working day after the festival (于2027年前汛期开始之日（4月15日）之前的最后一个工作日前 → 于2027年4月
    14日前; 于2026年国庆节假期后的第三个工作日 → 于2026年10月10日, a 调休 Saturday; 2027年4月20日所在周的星期一 →
    2027年4月19日)."""
    for rx, day in _DAY_REWRITES:
        text = rx.sub(functools.partial(_unless_impossible, day), text)
    return text


def _unless_impossible(day: Callable[[re.Match], str], m: re.Match) -> str:
    """``day(m)``, or the words as they are when they name a day that does not exist (2026年2月30日, an OCR slip)."""
    try:
        return day(m)
    except (IndexError, ValueError):
        return m.group()


def _month_ends_dated(text: str) -> str:
    """``text`` with a month of the next (or each) year named by its end or as a quarter's first month
    written as that month's last day (奖励于次年第三季度的第一个月内兑现 → 奖励于次年7月31日前兑现), and
    the days from one day to another as the last of them."""
    def dated(m: re.Match) -> str:
        if m.group("to"):
            return f"{m.group('rel')}{int(m.group('to'))}月{int(m.group('last'))}日前"
        if m.group("q"):  # a quarter's first or last month
            month = 3 * (to_int(m.group("q")) or 1) - (0 if m.group("qm") in ("末月", "最后一个月") else 2)
        else:
            month = 1 if m.group("m") == "元" else int(m.group("m"))
        day = int(m.group("qd")) if m.group("qd") else calendar.monthrange(2001, month)[1]  # 次年第三季度首月的15日前
        return f"{m.group('rel')}{month}月{day}日前"

    return _RELATIVE_MONTH_END_RE.sub(dated, text)


# 1) 2027年度：小写：¥2,000,000.00: a list's item giving one year's sum
_YEAR_ITEM_RE = re.compile(r"(?:[(（]?\d{1,2}[)）.．、]\s*)?(?P<y>20\d{2})\s*年(?:度)?\s*[:：]\s*(?:(?:小写|金额)[:：])?\s*")
_RELATIVE_DAY_RE = re.compile(r"(?P<rel>次年|翌年|下一年度?|当年|每年)(?:的)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")


_PARTS_RE = re.compile(r"其中[:：]?(?P<list>[^。；]+)")
# (路段A合同价款: a letter or figure naming the part)
_PRICE_PART_RE = re.compile(r"(?P<name>[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z\d]{0,13}?(?:费|价款))(?:[（(]以下简称[“\"](?P<alias>[^”\"]{1,8})[”\"][）)])?"
                      r"(?:为|计|是)?(?:人民币)?$")


_ALIAS_AFTER_RE = re.compile(r"元?[（(]以下简称[“\"]?(?P<alias>[^”\"，,）)]{1,8}?)[”\"]?[，,）)]")


# 第1至5项为设备部分，小计人民币2,660,000.00元 / 人民币部分：…，合计人民币268,000.00元 / 外币部分按约定汇率折算为人民币
# 3,454,682.40元: a part of the price by its name and sum
# (第1至4项合称“货物部分”，小计…: the name in quotes; 第5项培训及演练费人民币100,000.00元: an item's fee)
_NAMED_PART_SUM_RE = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=为))(?P<name>(?:(?![为项])[\u4e00-\u9fff]){1,6}部分)[”\"]?[:：，,]?[^。；“”]{0,50}?"
                                r"(?:小计|合计|折算为|计为?|为)人民币(?P<sum>[\d.,]+(?:万|亿)?元)")
# 二、变更价款：本变更增加合同价款人民币486,000.00元: a sum labelled by its name; 变更价款由发包人…支付: paid by that name
_SUM_LABEL_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、)?(?P<name>[\u4e00-\u9fff]{2,6}(?:价款|费用))[：:][^。；]{0,20}?"
                           r"(?:增加|减少|共计|合计|计)?[^。；人]{0,10}?人民币(?P<sum>[\d.,]+(?:万|亿)?元)")
_SUM_NAMED_RE = re.compile(r"(?:[\u4e00-\u9fff]{1,4}[：:])?(?P<name>[\u4e00-\u9fff]{2,6}(?:价款|费用))由")
# 表中“外币”指〈一〉・1所列外币部分合计: a short name a table's formulas use for a part
_PART_ALIAS_RE = re.compile(r"[“\"](?P<alias>[^”\"]{1,8})[”\"]指[^，。；“”]{0,20}?(?P<name>[\u4e00-\u9fff]{1,6}部分)")
# 首个运营年度（2027年）的年度可用性付费为人民币2,460万元；以后各运营年度的年度可用性付费，在上一运营年度的基础上递增2%
_GROWING_SUM_RE = re.compile(r"首个(?:运营|服务|考核)?年度[（(](?P<y>20\d{2})年(?:度)?[)）]的[\u4e00-\u9fff]{0,12}?为(?P<sum>人民币[\d.,]+(?:万|亿)?元)"
                             r"[；;，,][^。]{0,40}?(?:在|以)上一(?:运营|服务|考核)?年度(?:的)?(?:基础上|为基数)递增(?P<p>\d{1,2}(?:\.\d+)?)%")
_PAY_DAY_HEADER_RE = re.compile(r"付款日|支付日|拨付日")
# 当年度政府付费＝可用性付费－收入分成保底额: a sum netted from two columns; 第一期为40%，于…支付: its instalments
_NET_SUM_RE = re.compile(r"[\u4e00-\u9fff]{2,10}[＝=](?P<a>[\u4e00-\u9fff]{2,10})[－—\-](?P<b>[\u4e00-\u9fff]{2,10})(?=[。；，,]|$)")
_TIMED_SHARE_RE = re.compile(r"第[一二三四1-4](?:期|次)为(?P<p>\d{1,3}(?:\.\d+)?)%[，,]于(?P<when>[^；。]{4,60}?)(?:支付|拨付)")
# 2026年付款月份, over the months a “√” ticks; 甲方于该月的最后一个工作日前支付: which day of the ticked month
_MONTHS_HEADER_RE = re.compile(r"(?P<y>20\d{2})年[\u4e00-\u9fff]{0,6}?月份?")
_TICK_RE = re.compile(r"[√✓✔]")
_THAT_MONTH_RULE_RE = re.compile(r"于该月(?:的)?(?P<rule>最后一个工作日|最后一日|第[一二三四五六七八九十\d]{1,2}个工作日)(?:前|之前)")
_FORMULA_HEADER_RE = re.compile(r"计算方式|计算公式|计算方法|金额计算")


def _caps(text: str) -> list[Decimal]:
    """The sums ``text`` caps something at (以人民币1,000万元为限, 最高不超过人民币500万元)."""
    return [m.value for c in _CAPPED_AT_RE.finditer(text) for m in find_money(c.group())]


_ITEM_FEE_SUM_RE = re.compile(r"第[\d一二三四五六七八九十]{1,2}项(?P<name>[\u4e00-\u9fff]{2,12}?(?:费|价款))[，,：:]?(?:为|计)?人民币"
                              r"(?P<sum>[\d.,]+(?:万|亿)?元)")


def named_part_sums(text: str) -> list[tuple[str, Decimal]]:
    """The parts of the price a sentence names with their sums (第1至5项为设备部分，小计人民币2,660,000.00元; 变更价款：本变更
    增加合同价款人民币486,000.00元)."""
    return [(m.group("name"), found[0].value) for rx in (_NAMED_PART_SUM_RE, _SUM_LABEL_RE, _ITEM_FEE_SUM_RE) for m in rx.finditer(text)
            if (found := find_money("人民币" + m.group("sum")))]


def part_named(parts: dict[str, Decimal], name: str) -> Decimal | None:
    """The sum of the part of the price ``name`` names: by that name, or the part whose name it ends with
    (第6项安装调试及人员培训费 → 安装调试及人员培训费)."""
    if name in parts:
        return parts[name]
    return next((parts[k] for k in sorted(parts, key=len, reverse=True) if len(k) >= 3 and name.endswith(k)), None)


def formula_amount(formula: str, parts: dict[str, Decimal], aliases: dict[str, str]) -> Decimal | None:
    """The sum a formula over named parts of the price gives (外币×15%＋人民币部分×90%, 设备部分×25%＋第6项安装调试及人员
    培训费), or None unless every name is a known part (a bare name, no share of it, is no formula)."""
    if len(re.split(r"[＋+]", formula)) == 1 and "%" not in formula:
        return None
    worked = evaluate(formula, lambda name: part_named(parts, aliases.get(name, name)))
    return money(worked) if worked is not None else None


def price_parts(text: str) -> list[tuple[str, Decimal]]:
    """The named parts of a price listed after 其中 (其中设计费48万元，建筑安装工程及设备购置费（以下简称
    “施工费”）1,580万元): (name, amount) for each name and its short name."""
    out = []
    for listed in _PARTS_RE.finditer(text):
        body, start = listed.group("list"), 0
        for m in _usable_money(body, find_money(body)):
            part = _PRICE_PART_RE.search(re.split(r"[，、,]", body[start:m.start])[-1])
            start = m.end
            if part is not None:
                # 其中勘察设计费人民币1,260,000.00元（以下简称设计费）: the short name after the amount
                after = _ALIAS_AFTER_RE.match(body, m.end)
                out += [(name, m.value) for name in (part.group("name"), part.group("alias"), after and after.group("alias"))
                        if name]
    return out


def general_refs(text: str) -> list[str]:
    """The 通用条款 clauses a clause says it replaces or amends: 替代通用条款第5.1款至第5.3款 →
    5.1, 5.2, 5.3 (a range within one clause's numbering)."""
    out = []
    for m in _GENERAL_REF_RE.finditer(text):
        first, last = m.group(1), m.group(2)
        out.append(first)
        head, _, start = first.rpartition(".")
        last_head, _, end = (last or "").rpartition(".")
        if last and head == last_head and start.isdigit() and end.isdigit() and int(start) < int(end) <= int(start) + 20:
            out += [f"{head}.{k}" if head else str(k) for k in range(int(start) + 1, int(end) + 1)]
    return out


_YEAR_BEFORE_RE = re.compile(r"^[^，。；]{0,10}?(?:上一?(?:个)?(?:运营|服务|考核|会计|补贴|结算)?年度|上年|前一(?:运营)?年度)")


def years_after(day: re.Match) -> int:
    """How many years after the stated one a ``_RELATIVE_DAY_RE`` day falls: 当年 / 每年 0, 次年 1, and
    每年4月30日前支付上一运营年度的… 1 (a year is paid in the next)."""
    if day.group("rel") == "每年" and _YEAR_BEFORE_RE.search(day.string[day.end():]):
        return 1
    return 0 if day.group("rel") in ("当年", "每年") else 1


def unit_price(part: str, m: MoneyMatch) -> bool:
    """The amount is a price per unit (单价（每吨1.36元）, 每月每平方米5元), no sum that falls due."""
    return _UNIT_PRICE_RE.search(part[max(0, m.start - 10):m.start]) is not None


def _in_brackets(text: str, pos: int) -> bool:
    """``pos`` lies inside a parenthesis (（…）)."""
    before = text[:pos]
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


def paid_each(part: str, m: MoneyMatch) -> bool:
    """The amount falls each time: 每季度支付人民币24万元, 各拨付人民币125万元 (not 每平方米5元)."""
    before = part[max(0, m.start - 12):m.start]
    return (bool(_EACH_RE.search(before)) or "各" in before) and not unit_price(part, m)


_RESPECTIVELY_GIVE_RE = re.compile(r"分别(?:为|是|计|按|给予|奖励|补助|兑现)(?:人民币)?")


# 自2026年起连续三年: the years a duty repeats over, from the first and how many
_YEARS_FROM_RE = re.compile(r"自\s*(?P<y>20\d{2})\s*年(?:度)?起[，,]?(?:连续|的)?(?P<n>[二三四五六七八九十\d]{1,3})(?:个)?(?:年|年度)")


def yearly_dates(text: str) -> tuple[list[date], int]:
    """The dates of a duty repeated over stated years, and how many fall in each year: a range or
    list of years (2026年度至2030年度, 2027年度、2028年度) with a day of the next or the same year
    (于次年1月31日前, 分别于当年6月30日前和12月31日前), or days of the listed years themselves
    (于2027年、2028年、2029年的1月31日前). ([], 0) when the sentence states no such schedule."""
    years: list[int] = []
    listed = _YEAR_LIST_RE.search(text)
    span = _YEAR_RANGE_RE.search(text)
    running = _YEARS_FROM_RE.search(text)
    if span and 1 <= int(span.group(2)) - int(span.group(1)) <= 30:
        years = list(range(int(span.group(1)), int(span.group(2)) + 1))
    elif running and 2 <= (count := to_int(running.group("n")) or 0) <= 30:  # 自2026年起连续三年
        years = list(range(int(running.group("y")), int(running.group("y")) + count))
    elif listed:
        years = [int(y) for y in re.findall(r"20\d{2}", listed.group(0))]
        own = re.match(r"(?:\s*年(?:度)?)?\s*的\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]", text[listed.end():])
        if own:  # 于2027年、2028年、2029年的1月31日前
            try:
                return [date(y, int(own.group(1)), int(own.group(2))) for y in years], 1
            except ValueError:
                return [], 0
    if len(years) < 2:
        return [], 0
    days: list[tuple[int, int, int]] = []
    for m in _RELATIVE_DAY_RE.finditer(text):
        after = years_after(m)
        days.append((after, int(m.group("m")), int(m.group("d"))))
        pos = m.end()
        while True:  # 当年6月30日前和12月31日前: the later days share the first one's year
            more = re.match(r"(?:前|之前)?\s*(?:、|和|及|以及|与)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]", text[pos:])
            if more is None:
                break
            days.append((after, int(more.group(1)), int(more.group(2))))
            pos += more.end()
    if not days:
        # 2027年度、2028年度…于当年度第四季度内 / 于次年“七一”前 / 于当年十一月下旬: one day of each year, however named
        named = next((m for m in _YEAR_DAY_RE.finditer(text) if m.group("rel")), None)
        found = [_days_of_year(named)(y) for y in years] if named else []
        return ([day for days in found for day in days], 1) if found and all(found) else ([], 0)
    try:
        return [date(y + after, mo, d) for y in years for after, mo, d in days], len(days)
    except ValueError:
        return [], 0


# 2027年度人民币386万元 / 2027年度（半年）运维绩效付费为人民币168.20万元
_YEAR_IS_RE = re.compile(r"(?P<y>20\d{2})\s*年(?:度)?(?:[（(][^（）()]{0,6}[）)])?(?:[^，。；\d]{0,12}?(?:为|计))?(?=人民币)"
                         r"|(?P<y2>20\d{2})\s*年(?:度)?(?:[（(][^（）()]{0,6}[）)])?[^，。；\d]{0,12}?(?:为|计)(?=\d)")


def year_amounts(text: str) -> list[tuple[int, Decimal]]:
    """The amount each of two or more years is owed (2026年度（半年）运维绩效付费为人民币168.20万元，2027年度为
    人民币342.60万元): [(year, amount)] in the sentence's order, [] unless every year is a later one."""
    owed = []
    for m in _YEAR_IS_RE.finditer(text):
        found = find_money(text[m.end():m.end() + 24])
        if found and found[0].start == 0:
            owed.append((int(m.group("y") or m.group("y2")), found[0].value))
    years = [y for y, _ in owed]
    return owed if len(owed) >= 2 and years == sorted(set(years)) else []


def year_days(owed: list[tuple[int, Decimal]], text: str, previous: str) -> list[date]:
    """The day each of ``year_amounts`` falls on (甲方于次年3月20日前…支付上一年度的运维绩效付费。…2026年度
    …为人民币168.20万元，2027年度为人民币342.60万元): the day of the year after (or of the same year,
    ``years_after``) that the sentence, or the one before, pays on; [] without one."""
    if not owed or not (PAY_RE.search(previous + text) or SUBSIDY_RE.search(previous + text)):
        return []
    day = _RELATIVE_DAY_RE.search(text) or _RELATIVE_DAY_RE.search(previous)
    if day is None:
        return []
    try:
        return [date(year + years_after(day), int(day.group("m")), int(day.group("d"))) for year, _ in owed]
    except ValueError:
        return []


_PERIOD_DEF_RE = re.compile(
    r"第[一二三四五六七八九十\d]{1,3}(?:个)?(?:服务)?季度为(?:(?P<y1>20\d{2})年)?(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日"
    r"(?:至|到|—|－|-|~|～)(?:(?P<y2>20\d{2})年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日")
_AFTER_EACH_PERIOD_RE = re.compile(r"每(?:个|一)?(?:服务|考核)?季度(?:结束|届满|期满|终了)后")
# 于该服务季度结束后的首月月末前: the end (or a day) of the month after each period
_NEXT_MONTH_RE = re.compile(r"(?:次月|(?:结束|届满|期满|终了)后的?首月)(?:的)?(?:(?P<day>\d{1,2})\s*[日号]|(?P<end>月末|月底|末|底|最后一日))")
# 服务期限自2025年10月1日起至2026年6月30日止: the term a monthly duty runs over
# 服务期：2026.4.1—2027.3.31: the same with dotted days
_DOTTED_DAY = r"\d{4}[.．]\d{1,2}[.．]\d{1,2}"
_TERM_RE = re.compile(r"(?:服务|合同|履约|运营)?(?:期限|期间|期)(?:为)?(?:[一二两三四五六七八九十\d]{1,3}个?(?:年|月)[，,]?)?自(?P<start>\d{4}年\d{1,2}月\d{1,2}日)起?"
                      r"(?:至|到)(?P<end>\d{4}年\d{1,2}月\d{1,2}日)(?:止)?"
                      rf"|(?:服务|合同|履约|运营)(?:期限|期间|期)(?:为|[:：])自?(?P<start2>{_DOTTED_DAY})起?[至到—－~～](?P<end2>{_DOTTED_DAY})")
# 服务期届满之日起30日内: the day a term ends, where the contract states it
_PAYMENT_GUARANTEE_RE = re.compile(r"(?:支付|付款)保函")
_GUARANTEE_SUM_RE = re.compile(r"金额为?(?P<sum>[^，。；]{1,24}?)的[^，。；]{0,8}保函")
_LIST_LEAD_RE = re.compile(r"[:：]\s*[（(]?[一1][)）、.．]")
_WARRANTY_NAMED_RE = re.compile(rf"(?P<noun>{WARRANTY_NOUNS})期(?:为|是)?[\d一二两三四五六七八九十半]{{1,3}}个?[年月]")
_ORDINAL_CELL_RE = re.compile(r"第?[一二三四五六七八九十\d]{1,3}(?:笔|期|次|批|项)?")
_WARRANTY_NOUN_RE = re.compile(rf"(?:{WARRANTY_NOUNS})(?=期)")
_BARE_END_RE = re.compile(r"(?:(?<=^)|(?<=[于在自，,]))(?:期满|届满)")
# 于上表“药剂交付截止日”前: by each day a column of the table just read gives
_TABLE_COLUMN_DAY_RE = re.compile(r"(?:上表|前表|下表|附表)(?:中|所列)?[“\"「](?P<col>[^”\"」]{2,16})[”\"」]"
                                  r"(?:(?:所列|列明)?的?(?:日期|时间))?(?=(?:之前|以前|前))")


def _column_days(rows: list[list[str]], col: int) -> list[date]:
    """The days a table's column gives, one per row whose cell is exactly one date (a column of dates); []
    when a cell after its first date is neither a date nor a dash (a column that only mentions dates)."""
    days = []
    for row in rows:
        cell = compact(row[col]) if col < len(row) else ""
        found = find_dates(cell)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(cell):
            days.append(found[0].value)
        elif cell and not _DASH_RE.fullmatch(cell) and days:
            return []
    return days


# M1｜事件｜应付款项｜付款时限 lines joined into one paragraph: a row starts at a short code before a bar
_PIPE_SPLIT_RE = re.compile(r"\s*[|｜]\s*")
_PIPE_ROW_START_RE = re.compile(r"(?=(?<![A-Za-z\d])[A-Z]{1,2}\d{1,2}\s*[|｜])")
_PIPE_HEADER_RE = re.compile(r"[“\"](?P<header>[^”\"]*?[|｜][^”\"]*?)[”\"]")


def pipe_rows(text: str) -> list[list[str]] | None:
    """The rows of a table written as lines of cells between bars (M1｜事件｜款项｜时限, one row a line, the lines
    joined), or None when ``text`` is not two or more such rows of the same width."""
    if text.count("|") + text.count("｜") < 4:
        return None
    pieces = [p for p in _PIPE_ROW_START_RE.split(text) if p.strip()]
    rows = [_PIPE_SPLIT_RE.split(p.strip()) for p in pieces]
    if len(rows) < 2 or len({len(r) for r in rows}) != 1 or len(rows[0]) < 3:
        return None
    return rows


# 起：到货验收单签署之日 止：起算后第15个工作日: a payment window whose 止 is the last day to pay, counted from its 起
_WINDOW_RE = re.compile(r"^起[:：]\s*(?P<start>.+?)\s*止[:：]\s*(?P<end>.+)$")
_FROM_WINDOW_START_RE = re.compile(r"^(?:起算(?:之日)?|其|此)后(?:的)?")


def window_end(cell: str) -> str:
    """A 付款窗口 cell's last day to pay (its 止), written whole (起算后第15个工作日 → 到货验收单签署之日后第15个工作日);
    any other cell as it is."""
    m = _WINDOW_RE.match(cell)
    if m is None:
        return cell
    if (counted := _FROM_WINDOW_START_RE.match(m.group("end"))) is None:
        return m.group("end")
    start = m.group("start") if m.group("start").endswith("日") else m.group("start") + "之日"
    return f"{start}后{m.group('end')[counted.end():]}"


# 3-b 第二次人民币600万元…, ③-2 其余人民币5,000万元…: a clause going on with the instalments of the one before
# (肆.3 其余40%…: numbered with a capital numeral)
_NEXT_INSTALMENT_RE = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[)）]|[壹贰叁肆伍陆柒捌玖拾一二三四五六七八九十](?=[.．])"
                                 r"|[^\u4e00-\u9fff]){0,8}?(?:第[二三四五六七八九十2-9](?:次|笔|期|批)|其余|剩余|余款|尾款)")
_PROMISED_LEAD_RE = re.compile(r"承诺[^：:。；]*[：:]")
# 补助按人民币3,600万元分三期兑现: the sum a granted subsidy's instalments are shares of
# (补助按人民币300万元确定：…兑现一半；其余一半…: paid in halves, however many times it says)
# (人民币2,400万元作为建设期补助：60%于…拨付；其余40%…: its shares follow the colon)
_GRANT_SUM_RE = re.compile(r"人民币[^，。；]{1,16}?元(?:[（(][^)）]{0,20}[)）])?(?:(?:确定|核定|计算|为准)?(?:，)?分[一二两三四五六七八九十\d]{1,2}"
                           r"(?:期|次|笔|批)|(?:确定|核定)[：:](?=[^。]{0,40}?一半)"
                           r"|作为[^，。；：:]{0,12}?(?:补助|补贴|奖励)(?:[，,][^。；：:]{0,16}?分[一二两三四五六七八九十\d]{1,2}(?:期|次|笔|批)"
                           r"[^。；：:]{0,8}?)?[：:](?=\d{1,3}(?:\.\d+)?%))")
# 第二期与第一期金额相同: the same sum as an earlier instalment
_SAME_SUM_AS_RE = re.compile(r"与第(?P<n>[一二三四五六七八九十\d]{1,2})(?:期|次|笔|批)(?:的)?(?:金额|数额)?相同|金额同第(?P<n2>[一二三四五六七八九十\d]{1,2})")
_PAID_SUM_RE = re.compile(r"(?:拨付|兑现|支付|发放)(?:补助|补贴|奖励)?(?:资金)?人民币[^，。；]{1,16}?元")
# 乙方承诺设备投资人民币1,260万元，补助于…兑现: an outlay the investor promises, then the subsidy paid on it
_PLEDGE_THEN_GRANT_RE = re.compile(r"承诺[^：:。；，,]{0,20}?人民币[\d.,]+(?:亿|万)?元[，,](?=[^，。；]{0,6}(?:补助|补贴|奖励|扶持资金))")
# 按手工织机及洗染设备投资的10%给予补助: the share of an outlay a subsidy is
_SHARE_OF_OUTLAY_RE = re.compile(r"按[^，。；]{0,20}?投资(?:额)?的(?P<p>\d{1,3}(?:\.\d+)?)%(?:给予|予以)?(?:补助|补贴|奖励)")
# 补助按限额确定 / 按上限兑现: the cap is what is granted
_BY_CAP_RE = re.compile(r"按(?:限额|上限|最高限额)(?:确定|计算|兑现|给予)")
# 按乙方生产设备投资的8%与人民币3,000万元孰低确定: a share of a pledged sum, capped
_LOWER_OF_RE = re.compile(r"按(?:乙方)?(?P<base>[\u4e00-\u9fff]{2,12}?)的(?P<p>\d{1,3}(?:\.\d+)?)%与(?P<cap>人民币[\d.,]+(?:万|亿)?元)"
                          r"(?:两者中)?(?:孰低|较低者|孰少)")
# 兑现60% / 其余40%: a share, of no other sum, of the sum granted
_BARE_SHARE_RE = re.compile(r"(?:(?:兑现|拨付|支付|发放)|其余|剩余|^)(?P<p>\d{1,3}(?:\.\d+)?)%(?![^，。；]{0,6}的)")
_CAPPED_AT_RE = re.compile(r"以人民币[\d.,]+(?:亿|万)?元为限|(?:最高|上限为?|不超过)人民币[\d.,]+(?:亿|万)?元")
_WORKED_SUM_RE = re.compile(r"(?:计为|按)人民币[\d.,]+(?:亿|万)?元(?:确定|计)?")
_FIRST_INSTALMENT_SUM_RE = re.compile(r"(?<=[，,；])(?:首批|首期|第一[批期笔次])(?:补助|资金|款)?(?:为)?人民币")
_OF_TOTAL_RE = re.compile(r"(?:补助|补贴|奖励|资金)?总额的")
_HALF_RE = re.compile(r"(?:兑现|拨付|支付)(?:其)?一半|(?:另|其余|剩余)一半")
_BALANCE_OF_RE = re.compile(r"总额的余额|余额|剩余部分|其余部分")
# 肆.2 …验收之日起满四十五日，兑现60%，即人民币480万元: a share of the subsidy granted just before
_SHARE_PAID_RE = re.compile(r"(?:兑现|拨付|支付|发放)(?:补助|补贴|奖励)?(?:总额|金额)?的?\d{1,3}(?:\.\d+)?%")
# 改造补助：省级…专项资金及县级配套资金合计人民币1,600万元。: a clause labelled by the subsidy it grants
_SUBSIDY_LABEL_RE = re.compile(r"^[^：:，,。；]{0,14}?(?:补助|补贴|奖补)[:：]")
# 计划达成日为2026年12月15日 … 不迟于计划达成日后的第十个工作日: a day the contract names, and a count of working days after it
_NAMED_DAY_RE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,6}日)为(?P<day>\d{4}年\d{1,2}月\d{1,2}日)")
_AFTER_NAMED_DAY_RE = r"{name}(?:之)?后的?第(?P<n>[一二三四五六七八九十\d]{{1,3}})个工作日"


def named_days_dated(text: str, said: str) -> str:
    """``text`` with a count of working days after a day ``said`` names (计划达成日为2026年12月15日) written as the
    day it ends on (计划达成日后的第十个工作日 → 2026年12月29日前)."""
    for m in _NAMED_DAY_RE.finditer(said):
        def dated(after: re.Match, start: date = find_dates(m.group("day"))[0].value) -> str:
            day = add_working_days(start, to_int(after.group("n")) or 0)
            return f"{day.year}年{day.month}月{day.day}日前"
        text = re.sub(_AFTER_NAMED_DAY_RE.format(name=re.escape(m.group("name"))), dated, text)
    return text


# 附：甲方合同审批会签记录（内部流转，不构成合同条款）: the government's own sign-off, no term of the contract
_SIGN_OFF_RE = re.compile(r"会签|审批(?:流转)?记录|不构成(?:本)?(?:合同|协议)(?:条款|内容|的组成部分)")
# 于第二期付款期限届满之日起满六个月: months after an earlier instalment's due day
# (a table header's 第二次：第一次期限届满满五个月 too)
_AFTER_INSTALMENT_RE = re.compile(r"于?第(?P<n>[一二三四五六七八九十\d]{1,2})(?P<noun>期|笔|次|项|批)(?:[\u4e00-\u9fff]{0,3}?款项?|付款|兑现)?(?:的)?(?:付款|兑现)?期限(?:届满|到期)(?:之日)?"
                                  r"(?:(?:起|后)?满?(?P<k>[一二两三四五六七八九十百\d]{1,3})(?P<unit>个月|年|日|天)|(?=[，,]?[\u4e00-\u9fff]{0,6}(?:退还|返还|支付|拨付)))")
# 本县防雹作业期为每年5月1日至9月30日: a season of every year, by its first and last day
_SEASON_SPAN_RE = re.compile(r"(?:本[县市区镇乡]|本地区|本项目)?(?P<name>[\u4e00-\u9fff]{1,6}?[期季])为?每年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})[日号](?:起)?(?:至|到|—|－|~|～)"
                             r"(?:次年)?(?P<m2>\d{1,2})月(?:(?P<d2>\d{1,2})[日号]|的?最后一[日天]|底|末)")
# 与第三期款项一并支付 / 与设备补助第三期同期退还: on an earlier instalment's due day
# (a table row's: 质保金 | … | 与第七期款同期支付, the row labelled 第七期)
# (与本合同③・1表中第3笔工程款同期支付: the table's row)
_WITH_INSTALMENT_RE = re.compile(r"与(?P<what>[^，。；第]{0,14})(?P<nth>第(?P<n>[一二三四五六七八九十\d]{1,3})(?:期|笔|次))"
                                 r"(?:[\u4e00-\u9fff]{0,3}款项?|付款|奖励|补助|补贴|兑现)?(?:同期|同时|一并)")
_PERIOD_SPAN_ONLY_RE = re.compile(r"[\u4e00-\u9fff]{1,8}期(?:限)?(?:为|自)[^，。；]{0,40}(?:止|届满|为止)[；;。]?")
_ROW_LABEL_DUE_RE = re.compile(r"(?:表[\d\-－.]{1,5}中)?(?P<row>[A-Z]{1,2}\d{1,2})(?:付款|款项?)?(?:的)?期限(?:届满|到期)(?:之日)?")
# 与2029年度纳税贡献奖励同期退还: on the day that year's reward (or share) falls due
_WITH_YEARS_RE = re.compile(r"与(?P<y>20\d{2})年度?(?:的)?[\u4e00-\u9fff]{0,10}?(?:奖励|补助|补贴|扶持资金)(?:同期|同时|一并)")
# 终验款最迟支付日期 / 终验款付款期限届满之日: the day a table's row so named is paid by
# (节点二付款期限届满之日: the row whose item names 节点二)
_NAMED_ROW_DAY_RE = re.compile(r"(?:(?<=[于在自从与以])|(?<![\u4e00-\u9fff]))(?P<name>(?:(?![于在自从与以])[\u4e00-\u9fff]){1,6}?款"
                               r"|节点[一二三四五六七八九十\d]{1,2})(?:的)?(?:最迟支付日期|最迟付款日期|付款期限届满之日)")
# (与四（1）运行款同期: the clause's label before the name)
_WITH_NAMED_PAYMENT_RE = re.compile(r"与(?:[一二三四五六七八九十\d]{1,3}[（(][^()（）]{1,4}[)）])?(?P<name>[\u4e00-\u9fff]{1,6}款)(?:同期|同时|一并)")
# 于质保期届满之日所在秋粮收购期的最后一日: the first or last day of a yearly season's span holding a day
_SEASON_HOLDING_RE = (r"(?P<day>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)(?:之日)?所在(?:的)?{name}的?"
                      r"(?P<which>最后一[日天]|结束之日|第一[日天]|开始之日)")
# 寒假自2027年1月16日开始: the day a named period starts
# (运营期自2027年1月1日起算: the same)
_STARTS_ON_RE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,5})自(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?:起)?(?:开始|起算)")
# 本市夏粮收购开秤之日为每年6月1日: a yearly event's day
_YEARLY_EVENT_DAY_RE = re.compile(r"(?:本[县市区镇乡]|本地区)?(?P<name>[\u4e00-\u9fff]{2,10}?之日)为每年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
# 葡萄出土为每年4月15日，春灌开始为每年4月20日，埋土越冬于每年11月1日完成: a yearly event's day, by its name
# (本县那达慕大会每年7月15日开幕 → 那达慕大会开幕之日)
_YEARLY_NAMED_EVENT_RE = re.compile(r"(?:(?<=[：:，,；;。])|^)(?:本[县市区镇乡旗])?(?P<name>[\u4e00-\u9fff]{2,6}?)(?:为|于)?每年"
                                    r"(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号](?P<act>完成|开始|结束|开幕|闭幕)?(?=[，,；;。]|$)")
# 牧草返青期自每年5月1日开始: the day a yearly period starts, by its name (牧草返青期开始之日)
_YEARLY_START_RE = re.compile(r"(?:(?<=[：:，,；;。])|^)(?:本[县市区镇乡旗])?(?P<name>[\u4e00-\u9fff]{2,8}?)自每年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"
                              r"(?:开始|起算?)(?=[，,；;。]|$)")
_LASTING_RE = re.compile(r"[，,]?(?:会期|为期)(?P<n>[一二三四五六七八九十\d]{1,2})(?:日|天)")
_YEARLY_EVENTS_RE = re.compile(r"(?:(?<=每年)|(?<=[，,、]))(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"
                               r"(?!前|之前|以前|内|起|至|到|止|后)(?P<name>[\u4e00-\u9fff]{2,4}?)(?=[，,；;。])")
# 项目用地计划于2026年10月28日挂牌成交: a day something is planned for (该计划成交之日)
_PLANNED_ON_RE = re.compile(r"计划于(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?P<act>[\u4e00-\u9fff]{2,6}?)(?=[，,；;。]|$)")
# 开工令定于2026年7月20日下达: the day an order is issued
_ISSUED_ON_RE = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,4}令|[\u4e00-\u9fff]{2,4}通知书?)(?:定|拟|计划)?于(?P<day>\d{4}年\d{1,2}月\d{1,2}日)"
                           r"(?P<act>下达|签发|发出)")
# 泜垕童车博览会每年9月的第一个星期六开幕，2026年为9月5日，2027年为9月4日: an event's day in the years listed
_EVENT_YEARS_RE = re.compile(r"(?<![\u4e00-\u9fff])(?:本[县市区镇乡旗])?(?P<name>[\u4e00-\u9fff]{2,10}?)每年[^，。；]{0,14}?"
                             r"(?P<act>开幕|开始|举办|召开|结束)[，,](?P<list>(?:20\d{2}年为\d{1,2}月\d{1,2}日[，、,和及]?)+)")
# 本县2026年秋收结束之日为2026年10月20日，2027年春播开始之日为2027年4月10日: a named day of a stated year
# 本县雪顿节开幕之日以县人民政府每年公告为准，2026年为8月12日: a named day, its date given for stated years
_NAMED_DAY_YEARS_RE = re.compile(r"(?:(?<=[：:，,；;。])|^)(?:本[县市区镇乡旗])?(?P<name>[\u4e00-\u9fff]{2,10}?之日)[^。；]{0,20}?[，,]"
                                 r"(?P<list>(?:20\d{2}年为\d{1,2}月\d{1,2}日[，、,和及]?)+)")
# …比赛日为2026年7月14日（以下称“比赛日”）: a day by the short name the contract gives it
_DAY_ALIAS_RE = re.compile(r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)[（(]以下(?:简)?称[“\"](?P<name>[\u4e00-\u9fff]{2,8})[”\"][）)]")
# 开工之日为2026年5月11日: a day the contract names, of no stated year
# (开工令载明的开工之日为2026年9月1日: what says so may come first)
_DAY_DEFINED_RE = re.compile(r"(?:(?<=[：:，,；;。])|^)(?:[\u4e00-\u9fff]{1,8}(?:载明|确定|约定|规定|明确)的)?(?P<name>(?:(?!的)[\u4e00-\u9fff]){2,8}?之日)(?:为|是|定为)"
                             r"(?P<day>\d{4}年\d{1,2}月\d{1,2}日)")
# 本合同所称“高考”，指2026年…考试，于2026年6月7日开考、6月9日结束: an event's first and last days
_EVENT_SPAN_DEFINED_RE = re.compile(r"[“\"](?P<name>[\u4e00-\u9fff]{2,6})[”\"][，,]?(?:是)?指[^。；“”]{0,40}?于(?P<d1>\d{4}年\d{1,2}月\d{1,2}日)"
                                    r"(?P<a1>开考|开幕|开始|开工|开赛)[、，,和](?P<d2>(?:\d{4}年)?\d{1,2}月\d{1,2}日)(?P<a2>结束|闭幕|完成|完工)")
# 交货期限为2026年6月10日 / 终验期限为2026年9月28日: a stage's time limit, a day (not 交货期限为合同签订之日起30日)
_TIME_LIMIT_DEFINED_RE = re.compile(r"(?P<name>" + _TIME_LIMIT + r")(?:为|是|定为)(?P<day>\d{4}年\d{1,2}月\d{1,2}日)(?![起后])")
# 本合同所称“施工日”，自开工之日起按日历日连续计算，但冬歇期内的日历日不计入: days counted from a day, a season left out
_COUNTED_DAYS_RE = re.compile(r"所称[“\"](?P<name>[\u4e00-\u9fff]{2,4}日)[”\"][，,]?(?:指)?自(?P<start>[\u4e00-\u9fff]{2,8}?之日)起"
                              r"按日历日连续计算[，,]但(?P<season>[\u4e00-\u9fff]{1,6}?[期季])内的日历日不计入")
# (2026年入梅之日为6月10日，出梅之日为7月10日: the year said once, each day of it)
_YEARS_DAY_DEFINED_RE = re.compile(r"(?P<y>20\d{2})年(?P<name>[\u4e00-\u9fff]{2,8}?之日)(?:为|是|定为)(?P<day>(?:\d{4}年)?\d{1,2}月\d{1,2}日)"
                                   r"(?:[，,、](?P<name2>[\u4e00-\u9fff]{2,8}?之日)(?:为|是|定为)(?P<day2>\d{1,2}月\d{1,2}日))?")
# 中标通知书发出日期：2026年8月12日, a header's: the day a notice was issued on
_NOTICE_DATED_RE = re.compile(r"(?P<name>(?:中标|成交)通知书)(?P<act>发出|签发|送达)?(?:日期|时间)[:：]\s*(?P<day>\d{4}年\d{1,2}月\d{1,2}日)")
# 本协议所称“年终清算日”，指每个公历年度的12月20日: a day of every year, by the name the contract gives it
_YEARLY_DAY_RE = re.compile(r"所称[“\"](?P<name>[\u4e00-\u9fff]{2,10}日)[”\"][，,]?(?:是)?指每(?:个)?(?:公历)?年(?:度)?的?"
                            r"(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
# 每年7月16日至8月15日为“七下八上”主汛期: a season of every year, named by the word in 期 that ends the clause
# (主汛期), and its first and last day
_SEASON_RE = re.compile(r"每年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})[日号](?:起)?(?:至|到|—|－|-|~|～)(?:次年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})[日号]"
                        r"(?:止)?为[^，。；]{0,10}?(?P<name>[\u4e00-\u9fff]{1,3}期)(?=[，。；]|$)")
# “2027年台风季结束之日起满二十日”与“…起满十五日”两者中的较晚者: the later of two times
_LATER_OF_TWO_RE = re.compile(r"[“\"](?P<a>[^”\"]{4,60})[”\"](?:与|和)[“\"](?P<b>[^”\"]{4,60})[”\"](?:两者|二者)中?的?(?:较晚者|较迟者|孰晚)")
# 本合同所称“台风季”，指每年6月1日至11月30日: a season the contract defines by name
# 本县“三夏”期间约定为每年5月25日至6月25日: a season by its name in quotes
_QUOTED_SEASON_RE = re.compile(r"[“\"](?P<name>[\u4e00-\u9fff]{1,6})[”\"](?:期间|期)?(?:约定|确定)?为每年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})[日号]"
                               r"(?:起)?(?:至|到|—|－|-|~|～)(?:次年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})[日号]")
_SEASON_DEFINED_RE = re.compile(r"(?:所称)?[“\"](?P<name>[\u4e00-\u9fff]{2,8})[”\"][，,]?(?:是)?指每年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})[日号]"
                                r"(?:起)?(?:至|到|—|－|-|~|～)(?:次年)?(?P<m2>\d{1,2})月(?P<d2>\d{1,2})[日号]")
_SEASON_START_RE = r"(?P<y>20\d{{2}})年(?:的)?[^，。；年]{{0,8}}?{name}(?:开始|起始|到来)?(?:之前|以前|前)"
# 于签约次年的三月底以前 / 签订当年: a year counted from the signing year, once the contract's signing date is known
_SIGNING_YEAR_RE = re.compile(r"(?:本(?:协议|合同))?(?:签约|签订|签署)(?:之日)?(?:的)?(?P<rel>次年|翌年|当年)(?:的)?")
# 于合同签订之日所在月份的次月最后一个工作日前, 于本合同签订当月之后的第二个自然月的最后一日前: a month counted from the
# signing month; 于本协议签订之日后的第三个星期一前: a weekday counted from the signing day
_SIGNED = r"(?:本)?(?:合同|协议)?(?:签订|签署|签约)(?:之日)?"
_SIGNING_MONTH_RE = re.compile(_SIGNED + r"(?:所在(?:的)?月份?|当月|的(?=次月|下一?个?月))(?:之后|以后)?(?:的)?"
                               r"(?:次月|下一?个?月|第(?P<n>[一二三四五六七八九十\d]{1,2})个(?:自然)?月)(?:的)?")
# 于本合同签订之日所在月份的最后一个工作日: a day of the signing's own month
_SIGNING_WEEK_RE = re.compile(_SIGNED + r"(?=所在(?:的)?(?:周|星期|旬))")  # (…所在旬的次旬的第一个工作日 too)  # 本合同签订之日所在周的下下周星期一
_SIGNING_OWN_MONTH_RE = re.compile(_SIGNED + r"(?:所在(?:的)?月份?|当月)(?:的)?(?=最后一|第[一二三四五六七八九十\d]{1,2}个|末)")
# 于本协议签订之日后的第一个谷雨前: the first such festival or solar term after the signing
_SIGNING_FESTIVAL_RE = re.compile(_SIGNED + r"(?:之|以)?后的?(?:第一个|首个)(?P<fest>" + FESTIVAL + ")")
_SIGNING_WEEKDAY_RE = re.compile(_SIGNED + r"(?:之|以)?后(?:的)?"
                                 r"第(?P<n>[一二三四五六七八九十\d]{1,2})个(?:星期|周|礼拜)(?P<w>[一二三四五六日天])")
_TERM_END_RE = re.compile(rf"(?P<noun>试运营|服务|合同|履约|运营|运维|养护|{WARRANTY_NOUNS})(?:(?:期限|期)(?:届满|期满|结束|到期)|期满)(?:之日)?"
                          r"(?=起|后|的次日起|所在)")
# 缺陷责任期二十四个月，自该日起算，至2027年8月27日届满: the day a warranty period ends
# (至2027—2028清雪季清雪期结束之日（2028年3月31日）届满: the day in brackets)
# (至2029年2月15日（2028—2029年凝冻期结束之日）届满: a gloss after the day)
_WARRANTY_END_RE = re.compile(rf"(?P<noun>{WARRANTY_NOUNS})期[^。；]{{0,30}}?至(?:[^。；（(]{{1,24}}[（(])?(?P<end>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)"
                              r"[)）]?(?:[（(][^（）()]{1,24}[)）])?(?:止|届满)")
# 每个服务月的次月月末前 / 按月支付…次月10日前: a duty due in the month after each month of the term
_EACH_MONTH_RE = re.compile(r"(?:每(?:个|一)?(?:服务|考核)?月|按月)[^。；]{0,30}?次月(?:(?P<end>月末|月底|最后一日)|(?P<day>\d{1,2})\s*[日号])")
# 甲方在每月的前十个工作日内…支付上一服务月服务费: by the month's 10th working day, for the month before
_EACH_MONTH_WORKDAYS_RE = re.compile(r"每(?:个)?月(?:的)?前(?P<n>[一二三四五六七八九十\d]{1,3})个工作日内")
_MONTH_BEFORE_RE = re.compile(r"上(?:一)?(?:个)?(?:服务|考核)?月")
# 首次支付在2025年12月，末次支付在2026年11月: the first and last month of a monthly duty
_FIRST_LAST_MONTH_RE = re.compile(r"首次[^，。；]{0,6}?(?P<y1>\d{4})年(?P<m1>\d{1,2})月[^。；]{0,12}?末次[^，。；]{0,6}?"
                                  r"(?P<y2>\d{4})年(?P<m2>\d{1,2})月")
# 11月20日 / 清明节前: a day of a year the cell does not give
_MONTH_DAY_CELL_RE = re.compile(r"(?:\d{1,2}月\d{1,2}[日号]|" + FESTIVAL + r")(?:前|之前)?$")
# 第一学年（2026.9.1—2027.8.31）: a row's period, by its first and last day
_ROW_SPAN_RE = re.compile(rf"(?:{_DOTTED_DAY}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日)[至到—－~～-](?P<end>{_DOTTED_DAY}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日)")
# 学年结束之日 / 该年度届满之日: the end of the period a row is for
_PERIOD_END_RE = re.compile(r"(?:该|本|当)?(?:学年|年度|服务年度|运营年度|考核年度|期间)(?:结束|届满|期满)(?:之日|当日)")
# 乙方自2026年7月1日起至2028年6月30日止提供两年驻场运维服务: a named term (运维期) a duty may run over
_OWN_SPAN_RE = re.compile(r"(?P<start>\d{4}年\d{1,2}月\d{1,2}日)起?(?:至|到)(?P<end>\d{4}年\d{1,2}月\d{1,2}日)止?为[^，。；]{0,8}期")
# 服务期为两个学年：第一学年自…至…，第二学年自…至…: a term given by its parts
_PARTED_TERM_RE = re.compile(r"(?P<noun>服务|运维|运营|合作|租赁|养护)期(?:限)?为[^，。；:：]{1,10}[:：]")
_SPAN_RE = re.compile(r"自(?P<start>\d{4}年\d{1,2}月\d{1,2}日)起?(?:至|到)(?P<end>\d{4}年\d{1,2}月\d{1,2}日)")
# (试运营期自2027年3月1日至2027年8月31日: the trial, not the operation)
_NAMED_TERM_RE = re.compile(r"(?:(?P<noun>试运营|服务|运维|运营|合作|租赁|养护)[^，。；]{0,10}?)?自(?P<start>\d{4}年\d{1,2}月\d{1,2}日)起?"
                            r"(?:至|到)(?P<end>\d{4}年\d{1,2}月\d{1,2}日)止?(?:[^，。；]{0,10}?(?P<after>服务|运维|运营|合作|租赁))?")
_TERM_NOUN_RE = re.compile(r"(?P<noun>服务|运维|运营|合作|租赁)期(?:限)?内")
# 于服务期内每半年末前: the end of each half-year of the term
# 每个服务半年度 / 租赁半年度: half-years counted from the term's start, not the calendar's
_TERM_HALF_YEARS = "服务|运营|租赁|考核"
_TERM_HALF_YEAR_RE = re.compile(rf"(?:{_TERM_HALF_YEARS})半年度")
_EACH_HALF_YEAR_RE = re.compile(rf"每(?:个|一)?(?:{_TERM_HALF_YEARS})?半(?:个)?年(?:度)?(?:末|底|结束前|的?最后一[日天])")
# 于运维期内每年6月、12月的最后一个工作日前 / 每年6月30日和12月31日前: days of each year of the term
# 每年6月、12月的25日前; 每半年度首月（1月、7月）的20日前
_EACH_YEARS_DAYS_RE = re.compile(r"每(?:年|半年度?)(?:首月|末月)?[(（]?"
                                 r"(?P<days>\d{1,2}月(?:\d{1,2}[日号])?(?:(?:前|之前)?(?:、|和|及|与)\d{1,2}月(?:\d{1,2}[日号])?)*)"
                                 r"[)）]?(?:的)?(?P<last>最后一个工作日|末|底|\d{1,2}[日号])?")
# 于每季度末月20日前拨付: a day of the last month of each calendar quarter of the term
# 每季度末月20日前; 每季度首月20日前: a day of each calendar quarter's last (or first) month
_EACH_QUARTER_MONTH_RE = re.compile(r"每(?:个|一)?(?:自然)?季度(?:的)?(?P<which>末月|最后一个月|首月|第一个月)(?:的)?"
                                        r"(?P<day>\d{1,2})\s*[日号]")
# 于每半年结束后的次月15日前: a day of the month after each half-year of the term ends
_AFTER_EACH_HALF_YEAR_RE = re.compile(rf"每(?:个|一)?(?:{_TERM_HALF_YEARS})?半(?:个)?年(?:度)?(?:结束|届满|期满|终了)后(?:的)?"
                                     r"次月(?:的)?第?(?P<day>\d{1,2})\s*[日号]")
# 每一服务年度结束后…于次年一季度内一次性支付: a day of the year after each year of the term ends
_AFTER_EACH_YEAR_RE = re.compile(r"每(?:个|一)?(?:服务|运营|运维|考核|合作)?年度(?:结束|届满|期满|终了)后")
_DAYS_AFTER_EACH_YEAR_RE = re.compile(r"每(?:个|一)?(?P<noun>服务|运营|运维|合作)?年度(?:结束|届满|期满|终了)(?:之日)?(?:起|后)"
                                      r"(?P<n>\d{1,3})(?:日|天|个自然日)内")
# 运维期自2026年8月1日起三年: a term given by its first day and its years
_TERM_YEARS_RE = re.compile(r"(?P<noun>服务|运维|运营|合作|租赁)期(?:限)?(?:为)?自(?P<start>\d{4}年\d{1,2}月\d{1,2}日)起"
                            r"(?:为期|共|计)?(?P<n>[一二两三四五六七八九十\d]{1,3})(?:个)?年")
# 原协议第四条第（二）款约定，甲方于…: a 补充协议 quoting the terms it changes
_ARTICLE_RE = re.compile(r"^\s*第([一二三四五六七八九十百\d]{1,4})\s*条")
_ITEM_NO_RE = re.compile(r"^\s*(\d{1,2})\s*[.．、](?!\d)")  # 2．年度成果款：…
# 二、原合同第五条第2项修改为：…: what the item owed is owed no more, the new wording is
# 扶持资金于2028年、2029年、2030年分三年等额兑现，每年兑现额＝扶持资金总额÷兑现年数 / 人民币3,600万元…自2028年起分三年
# 平均拨付: a sum paid in equal parts over the years it names, on a day of each year a later sentence gives
_EVEN_YEARS_RE = re.compile(r"(?:(?P<list>20\d{2}年(?:度)?(?:[、和及]20\d{2}年(?:度)?)+)|自(?P<from>20\d{2})年(?:度)?起)[，,]?"
                            r"分(?P<n>[两二三四五六七八九十\d]{1,2})(?:个)?年(?:度)?(?:等额|平均)(?:兑现|拨付|支付|发放)")
_EACH_YEAR_DAY_RE = re.compile(r"每年|当年|次年|翌年")
# 每个运维年度的运维费＝第7项运维及计量检定服务费÷运维年度数: a part of the price shared over the contract's years
# 嶅溇歌圩节每年11月的第一个星期五开幕: a yearly event on a day by its place in the month
_YEARLY_NTH_EVENT_RE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,8}?)每年(?P<m>\d{1,2})月的?(?P<spec>" + NTH_IN_MONTH + r")"
                                  r"(?P<act>开幕|开始|举办|开榨|开园|开市)")
# 职业教育活动周开始之日为每年5月的第二个星期一: a named day of every year by its place in the month
_NTH_DAY_DEFINED_RE = re.compile(r"(?:(?<=[：:，,；;。])|^)(?P<name>[\u4e00-\u9fff]{2,12}?之日)(?:为|是)每年(?P<m>\d{1,2})月的?(?P<spec>"
                                 + NTH_IN_MONTH + ")")
# 本县每年9月28日（孔子诞辰纪念日）在文庙举行祭孔大典，以下称“祭孔大典之日”: a yearly day by the name the contract gives it
_YEARLY_DAY_ALIAS_RE = re.compile(r"每年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号][^。；“”]{0,40}?[，,]?以下(?:简)?称[“\"](?P<name>[^”\"]{2,10})[”\"]")
# 以后各榨季的开榨之日按当年11月20日计，榨季结束之日按次年3月31日计: a season's days in any year
_SEASON_DAY_RULE_RE = re.compile(r"(?P<day>(?:(?!的)[\u4e00-\u9fff]){2,6}?之日)按(?P<rel>当年|次年)(?P<m>\d{1,2})月(?P<d>\d{1,2})日计")
# 2026/2027年榨季的开榨之日，县糖业发展服务中心已公告为2026年11月20日: one season's day, announced
_ANNOUNCED_SEASON_DAY_RE = re.compile(r"(?P<y>20\d{2})(?:[/／—－\-]20\d{2})?年[\u4e00-\u9fff]{1,4}?(?:的)?(?P<day>(?:(?!的)[\u4e00-\u9fff]){2,6}?之日)"
                                      r"[，,][^。；]{0,20}?(?:公告|确定|约定|定)为(?P<date>\d{4}年\d{1,2}月\d{1,2}日)")
# 本合同所称“支付批次日”，指…每月的第二个星期四和第四个星期四: a set of days, by their weekdays in each month
_DAY_SET_DEFINED_RE = re.compile(r"所称[“\"](?P<name>[\u4e00-\u9fff]{2,6}日)[”\"][，,]?(?:是)?指[^。；“”]{0,30}?每月的?"
                                 r"(?P<specs>第[一二三四五]个星期[一二三四五六日](?:(?:和|及|、|或)第[一二三四五]个星期[一二三四五六日])+)")
# 本合同所称“开榨倒计时第N日”，指该榨季开榨之日前的第N日: a countdown to a day
_COUNTDOWN_DEFINED_RE = re.compile(r"所称[“\"](?P<term>[\u4e00-\u9fff]{0,4}?倒计时)第N日[”\"][，,]?(?:是)?指(?:该[\u4e00-\u9fff]{1,8}?)?"
                                   r"(?P<anchor>[\u4e00-\u9fff]{2}之日)前的?第N日")
# 服务费：2026届人民币1,186,000.00元，2027届人民币1,236,000.00元: each edition's sum
_EDITION_SUM_RE = re.compile(r"(?P<y>20\d{2})届(?:的)?(?:[\u4e00-\u9fff]{0,6}?)(?:为)?(?P<sum>人民币[\d.,]+(?:万|亿)?元)")
def _formula_body(also_not: str = "") -> str:
    """The pattern of a formula's right-hand side, up to the punctuation that ends it: anything but a stop, a comma, an
    ＝ (or ``also_not``), though a comma between digits is a number's thousands (节点产值×80%－10,000.00)."""
    return rf"(?:[^，,。；;＝={also_not}]|(?<=\d),(?=\d{{3}})){{3,60}}?(?=[，。；;]|,(?!\d{{3}})|$)"


# 年度水价补贴＝保底水量×补贴单价 / 补贴单价＝基准补贴单价×调价系数: a named sum's formula
_NAMED_FORMULA_RE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,10})[＝=](?P<expr>" + _formula_body("：:") + ")")
# 2027年度至2029年度的水价补贴，每个年度分上、下半年两次各支付一半: the years a yearly sum is paid in halves
_YEARS_SPAN_HALVES_RE = re.compile(r"(?P<y1>20\d{2})年度?(?:至|—|－|-|~|～)(?P<y2>20\d{2})年度?的[^，,。；;]{2,16}?[，,]"
                                   r"(?:每个?[\u4e00-\u9fff]{0,4}年度)?分[^，,。；;]{0,10}?两次各支付一半")
# 2027年度的可用性付费一次支付，于2027年12月26日支付: a first year's sum paid once
_FIRST_YEAR_ONCE_RE = re.compile(r"(?P<y>20\d{2})年度的[^，,。；;]{2,16}?一次(?:性)?支付[，,](?P<when>于[^，,。；;]{4,30}?)(?:支付)?(?=[，,。；;]|$)")
# 2028年度起，每个运营年度的可用性付费分两次各支付一半，分别于当年6月30日和12月26日支付
_HALVES_FROM_RE = re.compile(r"(?P<y>20\d{2})年度起[，,](?:每个?[\u4e00-\u9fff]{0,4}年度的)?[^，,。；;]{2,16}?分两次各支付一半[，,]分别于当年"
                             r"(?P<days>\d{1,2}月\d{1,2}日(?:和|及|、)\d{1,2}月\d{1,2}日)")
# 2030年度起的可用性付费按中期评估结果调整: the year a yearly sum is no longer fixed
_REVIEWED_FROM_RE = re.compile(r"(?P<y>20\d{2})年度起的[^，,。；;]{2,16}?按[^，,。；;]{0,12}?(?:调整|确定|另行约定)")
# 乙方每收购本县牧户牦牛鲜奶1吨，甲方奖励人民币100元 / 甲方按承诺收购量的80%计算预拨额: a reward per unit, advanced on a
# share of the quantity pledged
_PER_UNIT_REWARD_RE = re.compile(r"每(?:收购|销售|生产|采购|加工|回收)[^，。；]{0,20}?(?P<q>\d[\d,]*(?:\.\d+)?)(?P<unit>吨|千瓦时|头|只|件|箱|立方米|公斤)"
                                 r"[，,][^。；]{0,8}?(?:奖励|补贴|补助)(?:人民币)?(?P<rate>\d[\d,]*(?:\.\d+)?)元")
_PLEDGED_ADVANCE_RE = re.compile(r"按承诺(?P<what>[\u4e00-\u9fff]{1,8}?)的(?P<p>\d{1,3}(?:\.\d+)?)%计算(?:预拨额|预拨金额|预付额|预拨资金)")
# 分三年兑现：2028年兑现人民币200万元，以后每年比上一年增加人民币100万元: a sum rising each year; 每年的兑现期限为当年5月的…
_STEPPED_YEARS_RE = re.compile(r"分(?P<n>[二两三四五六七八九十\d]{1,2})年(?:兑现|拨付|支付)[：:，,](?P<y>20\d{2})年(?:度)?(?:兑现|拨付|支付)"
                               r"(?P<first>人民币[\d.,]+(?:万|亿)?元)[，,；;]以后每年比上一年(?:增加|递增)(?P<step>人民币[\d.,]+(?:万|亿)?元)")
_EACH_YEARS_DAY_RE = re.compile(r"每年的?(?:兑现|拨付|支付|付款)(?:期限|时间|日期)为(?P<when>当年[^，。；]{2,30})")
# 2,000吨×120元: figures multiplied out in a cell
_PRODUCT_OF_FIGURES_RE = re.compile(r"\d[\d,]*(?:\.\d+)?[\u4e00-\u9fff]{0,3}(?:[×xX*]\d[\d,]*(?:\.\d+)?[\u4e00-\u9fff]{0,3})+")
# 该储存年度内的春节前: a festival inside the period a row names
_THAT_PERIODS_FESTIVAL_RE = re.compile(r"该(?P<span>[\u4e00-\u9fff]{1,4}(?:年度|季|期))内的?(?P<fest>" + FESTIVAL + r")(?P<rest>前|之前|当日)")
# 第四条的挂牌期限顺延至2026年8月31日: a clause's time postponed to a day; 第五条的净地交付期限相应顺延: another's with it
_TERM_POSTPONED_RE = re.compile(r"(?P<label>第[一二三四五六七八九十百\d]{1,4}条)的?(?P<what>[\u4e00-\u9fff]{2,8}?)期限"
                                r"(?:顺延|延长|推迟|延期|调整|变更)至(?P<day>\d{4}年\d{1,2}月\d{1,2}日)")
_FOLLOWS_RE = re.compile(r"(?P<label>第[一二三四五六七八九十百\d]{1,4}条)的?[\u4e00-\u9fff]{2,10}?期限相应(?:顺延|延长|推迟|调整)")
# 第04期实付金额＝合同总价×20%－旧信号机回收款: a table row's sum net of a set-off, given by a later clause
_ROW_NET_FORMULA_RE = re.compile(r"(?P<row>第[\d一二三四五六七八九十]{1,3}(?:期|笔|次))(?:的)?实付(?:金额)?[＝=]"
                                 r"(?P<expr>" + _formula_body() + ")")
# 第一个租赁年度按实缴租金的100%补贴，第二个租赁年度按60%补贴: each numbered year's share
_NUMBERED_PERIOD_SHARE_RE = re.compile(r"第(?P<n>[一二三四五六七八九十\d]{1,2})个(?P<noun>[\u4e00-\u9fff]{1,4}年度)(?:按|的)"
                                       r"[^，；。%]{0,10}?(?P<p>\d{1,3}(?:\.\d+)?)%")
# 厂房租金为每月每平方米人民币13元，自第二个租赁年度起每年在上一租赁年度单价的基础上上浮3%: a rent's rate and its yearly rise
_RENT_RATE_RE = re.compile(r"租金(?:单价)?(?:为|是)?每月每平方米(?P<rate>人民币[\d.,]+元)")
_RATE_RISE_RE = re.compile(r"每年在上一[\u4e00-\u9fff]{0,6}?单价的?基础上(?:上浮|上调|递增|增加)(?P<p>\d{1,2}(?:\.\d+)?)%")
# 补贴金额＝4,000平方米×12元×12个月×补贴比例: a sum worked out by a formula
_SUM_FORMULA_RE = re.compile(r"[\u4e00-\u9fff]{0,6}(?:金额|数额|额)[＝=](?P<expr>" + _formula_body() + ")")
_PERIOD_SHARE_RE = re.compile(r"每(?:个|一)?(?P<noun>[\u4e00-\u9fff]{1,4}年度)的[\u4e00-\u9fff]{1,10}?[＝=](?P<part>[^÷，。；]{2,30}?)"
                              r"÷(?P=noun)数")
# 甲方按承诺额所在档次的奖励金额兑现: a tier table's reward for the sum pledged
_TIER_OF_PLEDGE_RE = re.compile(r"(?:所在|对应)(?:的)?(?:档次|档位|级别)")
# 乙方承诺2027、2028、2029年度的入库税收分别不低于人民币1,600万元、2,400万元和3,000万元: a sum pledged for each year
_YEARS_PLEDGED_RE = re.compile(r"承诺(?P<years>20\d{2}(?:年度?)?(?:[、和及]20\d{2}(?:年度?)?)+)(?:年度?)?的?[^。；，]{0,16}?"
                               r"分别(?:不低于|不少于|达到|为)(?P<sums>(?:人民币)?[\d.,]+(?:亿|万)?元?(?:[、和及](?:人民币)?[\d.,]+(?:亿|万)?元?)+)")
_CHANGES_ITEM_RE = re.compile(r"原(?:合同|协议)第(?P<article>[一二三四五六七八九十百\d]{1,4})条第(?P<item>[一二三四五六七八九十\d]{1,3})"
                              r"(?:项|款|点)(?:约定)?(?:修改|变更|调整|更改)为")
_QUOTED_ORIGINAL_RE = re.compile(r"^(?:第[一二三四五六七八九十\d]{1,3}条\s*)?[^，。；]{0,8}?原(?:协议|合同)"
                                 r"(?:[^，。；]{0,24}?约定|第[一二三四五六七八九十\d]{1,3}条)")
# …由“项目一期投产后一次性兑现”调整为分三年兑现：…: what is owed from now on
_CHANGED_TO_RE = re.compile(r"(?:调整|变更|修改|更改|改)为[:：]?")
# 原约定于2025年12月31日前: a date a later 调整为 replaces
_ORIGINALLY_RE = re.compile(r"原(?:约定|定|计划|协议约定|合同约定)(?:于|在|为)?$")
# 原协议第七条约定的基础设施配套补助人民币1,800万元，由…: what the quoted terms are about
_QUOTED_SUBJECT_RE = re.compile(r"约定的(?P<s>[^，。；“”\d]{2,16}?)(?=人民币|\d|，|由|从|“|为)")
# 该交地期限延长两个月 / 将该期限提前45日: the period a quoted deadline is moved by
_SHIFT_RE = re.compile(r"(?P<dir>延长|顺延|推迟|延后|提前)(?P<n>[一二两三四五六七八九十\d]{1,3})(?:个)?(?P<unit>个月|月|日|天|年)")
# 每季度预拨额 | 年度清算额: a money column named by how it is paid, its day given by the clauses before
_PAID_AS_RE = re.compile(r"预拨|预付|清算|结算")
# a day of a year, perhaps the next (次年一季度内, 7月15日前, 次年上半年内, 次年2月最后一日前): read by ``_day_named``
_YEAR_DAY_RE = re.compile(r"(?P<rel>次年|翌年|当年)?(?:度)?(?:第?(?P<q>[一二三四1-4])季度|(?P<h>上|下)半年"
                          r"|(?P<m>\d{1,2}|十[一二]|[一二三四五六七八九十])月份?的?(?:(?P<d>\d{1,2})[日号]"
                          r"|(?P<last>最后一[日天]|末|底|上旬|中旬|下旬|(?=内))|(?P<nth>" + NTH_IN_MONTH + "))"
                          r"|(?P<fest>元旦|" + FESTIVAL + "))"
                          # (当年十一月下旬兑现, 当年12月的第一个完整自然周的星期三支付: a part of a month, a day by its place
                          # in the month is its own bound)
                          r"(?:内|末前|结束前|前|之前|(?<=旬)|(?(nth)|(?!)))")
_BUDGET_FUNDS_RE = re.compile(r"(?:[县市区省]级|本级)?财政(?:资金)?(?:安排|列支|预算安排)")
_DAY_SHARE_HEADER_RE = re.compile(rf"(?P<day>{_YEAR_DAY_RE.pattern})[（(]\d{{1,3}}(?:\.\d+)?%[)）]")
# 甲方于每年1月、4月、7月和10月的第15日前，支付上一季度的可用性付费: each quarter paid in a month after it
_AFTER_QUARTER_MONTHS_RE = re.compile(r"每年(?P<months>\d{1,2}月(?:[、和及与]\d{1,2}月){3})(?:的)?第?(?P<day>\d{1,2})[日号]"
                                      r"(?:前|之前|内)[^。；]{0,12}?上一?(?:个)?(?:自然)?季度")


# 经2026—2027年供暖季运行…，于该供暖季结束之日: the season a sentence names, then calls 该供暖季
_NAMED_SEASON_RE = re.compile(r"(?P<span>20\d{2}年?[—－\-]20\d{2}年|20\d{2}年)(?P<name>[\u4e00-\u9fff]{1,4}?[季期])")


def _that_season_named(text: str) -> str:
    """``text`` with 该供暖季 written as the season the sentence named before it (2026—2027年供暖季)."""
    def nearest(that: re.Match) -> str:
        named = [m for m in _NAMED_SEASON_RE.finditer(text, 0, that.start()) if m.group("name") == that.group("name")]
        return named[-1].group() if named else that.group()
    return re.sub(r"该(?P<name>[\u4e00-\u9fff]{1,4}?[季期])", nearest, text) if _NAMED_SEASON_RE.search(text) else text


def _span(m: re.Match) -> tuple[date, date] | None:
    """A term's first and last day from a match's ``start`` and ``end`` dates, or ``start2`` and ``end2``
    where it has them (None if they run backwards)."""
    keys = ("start2", "end2") if "start2" in m.re.groupindex and m.group("start2") else ("start", "end")
    start, end = (find_dates(m.group(k))[0].value for k in keys)
    return (start, end) if start < end else None


# 第一服务季度2026.4.1—2026.6.30: a quarter given by its first and last day
_PERIOD_DAYS_RE = re.compile(rf"第[一二三四五六七八九十\d]{{1,3}}(?:个)?(?:服务)?季度(?:为|[:：])?(?:{_DOTTED_DAY}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日)"
                             rf"[至到—－~～](?P<end>{_DOTTED_DAY}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日)")


def period_ends(text: str) -> list[date]:
    """The last days of the quarters a sentence defines (第一季度为2025年9月1日至11月30日，第二季度为
    2025年12月1日至2026年2月28日…); a day without its year takes the year before it, or the next
    year where the month runs backwards."""
    ends: list[date] = []
    year: int | None = None
    for m in _PERIOD_DEF_RE.finditer(text):
        start_year = int(m.group("y1")) if m.group("y1") else year
        if start_year is None:
            return []
        end_year = int(m.group("y2")) if m.group("y2") else start_year + (int(m.group("m2")) < int(m.group("m1")))
        try:
            ends.append(date(end_year, int(m.group("m2")), int(m.group("d2"))))
        except ValueError:
            return []
        year = end_year
    return ends or [find_dates(m.group("end"))[0].value for m in _PERIOD_DAYS_RE.finditer(text)]


def listed_shares(text: str, n: int) -> list[Decimal] | None:
    """The amounts of ``n`` shares listed after the dates of 分别于 of the one sum the sentence gives
    (给予奖励人民币1,800万元…分别于2027年、2028年、2029年的劳动节前兑现奖励总额的百分之四十、百分之三十、
    百分之三十), when they add up to the whole; else None."""
    m = _RESPECTIVELY_ON_RE.search(text)
    sums = {f.value for f in _usable_money(text, find_money(text)) if not unit_price(text, f)}
    if m is None or len(sums) != 1:
        return None
    shares = [p.value for p in find_percents(text[m.end():])]
    if len(shares) != n or sum(shares) != HUNDRED:
        return None
    total = sums.pop()
    return [money(total * p / HUNDRED) for p in shares]


def listed_amounts(text: str, rx: re.Pattern = _RESPECTIVELY_IS_RE) -> list[Decimal]:
    """The amounts listed after 分别为 (分别为2,180万元、2,240万元、2,310万元)."""
    m = rx.search(text)
    if m is None:
        return []

    def item(rest: str):
        found = find_money(rest[:24])
        return (found[0].value, found[0].end) if found and found[0].start == 0 else None

    return _listed(text, m.end(), item)


# 乙方缴纳的项目诚意金人民币200万元，自本协议签订之日起转为履约保证金: what stands between a sum paid
# before and the security it becomes
# 预留比例：审定结算价的3% / 质量保证金：审定结算价的3%
_RATIO_RE = re.compile(r"(?:[^。；%]{0,16}?比例(?:为|是|[:：])|[:：](?=[^，。；%]{0,10}?的\d))[^，。；%]{0,12}?(\d+(?:\.\d+)?)%")
_TURNED_INTO_RE = re.compile(r"[^。；]{0,16}?(?:转为|转作|作为)")
_REST_OF_BOND_RE = re.compile(r"转为?(?:质量保证金|质保金|保修金)[，,；;]?(?:其余|剩余|余下|其他)")
# …会议于2026年5月20日审议通过 / 印发: a day something was passed or issued, not a time owed
_PASSED_ON_RE = re.compile(r"(?:审议|表决)?通过|召开|印发|作出(?:决议|决定)")
_MEETING_RE = re.compile(r"(?:会议|委员会|常委会|大会|办公会)[^，,。；;]{0,12}?于$")
# ，第二批（配水管网用管）于…: a later batch of what the part before delivers
_NEXT_BATCH_RE = re.compile(r"[，,；;]?\s*第[二三四五六七八九十2-9]批")
# ，最迟不晚于2029年9月30日: an outer limit opening a part of its own
_OUTER_LIMIT_RE = re.compile(r"[，,]?\s*(?:但|且|并且)?(?:最迟|最晚)(?:不晚于|不迟于|不超过|于|在)")


def _promised(seg: str) -> list[int]:
    """Where a promise with no paying verb commits after its deadline (甲方于2026年11月30日前…为乙方提供员工
    宿舍150间，租金…由乙方承担: 提供, not a 建设 inside a company's name before the date)."""
    dated = find_deadlines(seg)
    return [m.start() for m in COMMIT_RE.finditer(seg, dated[0].end if dated else 0)]


def segments(text: str) -> list[tuple[str, Deadline]]:
    """Split a sentence into one part per deadline (a sentence can hold several obligations)."""
    deadlines = find_deadlines(text)
    if not deadlines:
        return []
    if len(deadlines) == 1:
        return [(text, deadlines[0])]
    subs = _split_subclauses(text)

    def sub_of(pos: int) -> int:
        return next(i for i, (s, e) in enumerate(subs) if s <= pos < e or i == len(subs) - 1)

    groups: dict[int, list[Deadline]] = {}
    for d in deadlines:
        groups.setdefault(sub_of(d.start), []).append(d)
    # "验收合格后甲方支付95%，…，质保期满后一年内付清": an event without a period still leads
    # its own part when that part has an action; otherwise it is only a condition
    precise = {k: v for k, v in groups.items()
               if any(d.bound != "at" for d in v) or ACTION_RE.search(text[subs[k][0]:subs[k][1]])}
    if precise:
        groups = precise
    # 乙方于2026年12月31日前完成安装的，甲方于2027年6月30日前兑现…: a deadline in a condition (…的，)
    # is what earns the duty, not a duty of its own
    duties = {k: v for k, v in groups.items() if not re.search(r"的[，,]$", text[subs[k][0]:subs[k][1]])}
    if duties:
        groups = duties
    # 质保期为终验合格之日起12个月，甲方于质保期满后的第10个工作日内支付: a period's definition, not a duty
    duties = {k: v for k, v in groups.items()
              if not all(_PERIOD_DEFINED_RE.search(text[max(subs[k][0], d.start - 12):d.start]) for d in v)}
    if duties:
        groups = duties
    # …质保期满后30个日历天内无息支付，最迟不晚于2029年9月30日: an outer limit in a part of its own is the
    # due date of the part before
    # (甲方于…之日起10日内，将改造完毕的实验室移交乙方，最迟不晚于2026年8月31日: the part before that has one)
    for k in sorted(groups):
        before = max((j for j in groups if j < k), default=None)
        if before is not None and _OUTER_LIMIT_RE.match(text[subs[k][0]:subs[k][1]]) \
                and (before == k - 1 or all(d.date is None for d in groups[before])) \
                and (dated := [d for d in groups[k] if d.date is not None]):
            groups[before] = dated
            del groups[k]
    order = sorted(groups)
    out = []
    for n, k in enumerate(order):
        start = subs[k][0] if n else 0
        end = subs[order[n + 1]][0] if n + 1 < len(order) else len(text)
        best = min(groups[k], key=lambda d: (d.bound == "at", d.date is None and d.bound == "on", d.start))
        out.append((text[start:end], best))
    return out


# ---------------------------------------------------------------- the extractor


class ObligationExtractor:
    """Turns clauses and tables, in reading order, into candidate obligations."""

    def __init__(self, fields: ContractFields) -> None:
        self.fields = fields
        self.contract_amount = fields.amount
        self.gov = {compact(w) for w in fields.aliases(GOVERNMENT)} | {"采购代理机构", "招标代理机构", "代理机构"}
        self.cp = {compact(w) for w in fields.aliases(COUNTERPARTY)} - self.gov
        self.facts = Facts()
        self.period_ends: list[date] = []  # 第一季度为2025年9月1日至11月30日: the stated quarters' last days
        self.term: tuple[date, date] | None = None  # 服务期限自…起至…止
        self.terms: dict[str, tuple[date, date]] = {}  # 运维期, 服务期…: each named term's first and last day
        self.warranty_ends: dict[str, date] = {}  # 缺陷责任期, 质保期…: the day each warranty period the contract dates ends
        # 主汛期 → ((7, 16), (8, 15)), 防雹作业期 → ((5, 1), (9, 30)): the first and last day of a yearly season
        self.seasons: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
        # 年终清算日 → 12月20日 (a day of every year), 寒假开始之日 → 2027年1月16日 (a day once): days the contract defines
        self.defined_days: dict[str, str] = {}
        self._last_table: tuple[list[str], str] | None = None  # the last table's header and intro
        self._last_rows: list[list[str]] = []  # and its rows, for a clause after it (于上表“药剂交付截止日”前)
        self._carried_year = ""  # the year cell the last table's last rows were under
        self._card_payer = GOVERNMENT  # who pays by the last payment card (付款卡) read
        self._rows_paid: dict[str, Decimal] = {}  # a named part of the price → what the current table's rows pay of it
        self._row_dues: dict[str, Deadline] = {}  # the current table's row label (第七期) → when that row is due
        self._row_obs: dict[str, list[Obligation]] = {}  # the last table's row label (第三次) → what the row owes
        self._row_sums: dict[str, Decimal] = {}  # … → the sum of a row that owes nothing yet
        self.paid_percent = Decimal(0)
        # named parts of the price (其中设计费48万元，…施工费1,580万元), and how much of each is paid
        self.parts: dict[str, Decimal] = {}
        self.part_paid: dict[str, Decimal] = {}
        self.found: list[Obligation] = []
        self._seen: set[tuple] = set()
        self._intro = ""  # the last clause, when it ends in a colon and so introduces what follows
        self._recent: list[str] = []  # the last few clauses, where a table's columns may be given their days
        self._texts: list[str] = []  # every clause of the document, in order (``learn``)
        self._read = 0  # how many of them have been read: a table's next clauses are ``_texts[_read:]``
        self._lead = ""
        self._granting = False  # the last clause granted a subsidy (its next may go on with the instalments)
        self._grant_sum: Decimal | None = None  # the sum the subsidy being granted is paid out of, in instalments
        self._grant_paid: list[Decimal] = []  # its instalments so far
        # a contract in two parts, 通用条款 and 专用条款, numbered alike: a 专用条款 clause replaces the
        # 通用条款 clause of its number (专用条款与通用条款不一致的，以专用条款为准)
        self._part = ""
        self._general: dict[str, list[Obligation]] = {}  # 通用条款 clause number → its obligations
        self._title = ""  # the last short title line read (〇三　发包人的义务)
        self._title_under = ""  # the heading it was read under
        self._ticked = False
        self._last_timed: dict[int, str] = {}  # the last table's columns timed in words about the row
        self._tiers: list[tuple[Decimal, Decimal | None, Decimal]] = []  # a 分档 table's (from, below, reward)
        self._tier_day = ""  # the day of each year its intro pays the reward on (奖励于次年6月的第二个星期三前兑现)
        self._roll: re.Match | None = None  # how a payment day on a weekend or holiday moves (顺延至其后的第一个星期一)
        self._roll_all = False  # …of every payment (付款期限遇…), not only the days the contract writes as dates
        self._year_sums: dict[int, Decimal] = {}  # each operating year's sum, from the first year's and its yearly growth
        self._codes: dict[str, date] = {}  # the days a table of date codes defines (D0 → 2026-04-20)
        # days of a yearly event or season by name, for any year (开幕之日 → the first Friday of November), days announced
        # for one year, the countdowns the contract defines (开榨倒计时 → 开榨之日) and each edition's sum (2026届 → 1,186,000)
        self._yearly_days: dict[str, Callable[[int], date | None]] = {}
        self._announced: dict[tuple[int, str], date] = {}
        self._countdowns: dict[str, str] = {}
        # days the contract names by the weekdays they fall on each month (“支付批次日”: 每月的第二个星期四和第四个星期四)
        self._day_sets: dict[str, list[str]] = {}
        self._edition_sums: dict[int, Decimal] = {}
        # sums named by formulas (年度水价补贴＝保底水量×补贴单价) and the values a table gives each year (调价系数 of 2028年度)
        self._named_formulas: dict[str, str] = {}
        self._year_values: dict[int, dict[str, Decimal]] = {}
        # an advance set off against one period's fee (启动资金在2026年洄游期的巡护服务费中一次扣回: 2026年洄游期 → 100,000)
        self._set_offs: dict[str, Decimal] = {}
        self._counted: list[re.Match] = []  # days the contract counts leaving a season out (“施工日”)
        self._year_dues: dict[int, Obligation] = {}  # the yearly reward or share of each year (its due as finally kept)
        # a table of sums without times: its row labels (K1) → sums, lent to the next table (its times)
        self._sums_by_label: dict[str, Decimal] = {}
        self._lent_sums: dict[str, Decimal] = {}
        self._labelled: dict[str, list[Obligation]] = {}  # a clause's label (⑵・1) → what it owes
        self._unparted: dict[str, list[Obligation]] = {}  # the same of clauses before any part's heading (an 上编)
        self._special: set[str] = set()  # numbers the 专用条款 has stated or said it replaces
        # 第五条 … 2．年度成果款：… — (article, item) → its obligations, for a supplement that changes
        # an item by number (原合同第五条第2项修改为：…)
        self._items: dict[tuple[int, int], list[Obligation]] = {}

    # -- facts -------------------------------------------------------

    def learn(self, clauses: list[Clause], tables: Sequence[TableBlock] = ()) -> None:
        """Collect bond, deposit and retention amounts defined anywhere in the document (and the days a table of date
        codes defines, ``tables`` being the document's)."""
        self._texts = [compact(clause.text) for clause in clauses]
        rule = next(((m, subject) for text in self._texts for subject in _PAY_DAY_ROLL_RE.finditer(text)
                     if (m := _ROLL_RULE_RE.match(text, subject.end())) is not None), None)
        self._roll = rule[0] if rule else None
        self._roll_all = rule is not None and rule[1].group("all") is not None
        self._counted = [m for text in self._texts for m in _COUNTED_DAYS_RE.finditer(text)]
        for text in self._texts:
            if (grows := _GROWING_SUM_RE.search(text)) is not None and (first := find_money(grows.group("sum"))):
                # 首个运营年度（2027年）的年度可用性付费为人民币2,460万元；以后各运营年度的…在上一运营年度的基础上递增2%
                rate, year, amount = Decimal(grows.group("p")) / HUNDRED, int(grows.group("y")), first[0].value
                for k in range(30):
                    self._year_sums.setdefault(year + k, money(amount * (1 + rate) ** k))
        self._ticked = any(_CHOSEN_RE.search(clause.text) for clause in clauses)  # 【√】方式二: options to choose from
        for n, clause in enumerate(clauses):
            # 五、履约担保 / 乙方已…提交见索即付银行保函，担保金额为合同总价的3%: a guarantee under a title
            # that names the bond is the bond
            titled = n > 0 and len(self._texts[n - 1]) <= 12 and BOND_RE.search(self._texts[n - 1])
            for sentence in clause.sentences:
                text = compact(sentence)
                for name, amount in [*price_parts(text), *named_part_sums(text)]:
                    self.parts.setdefault(name, amount)
                self.period_ends.extend(e for e in period_ends(text) if e not in self.period_ends)
                if self.term is None and (term := _TERM_RE.search(text)):
                    self.term = _span(term)
                for m in _NAMED_TERM_RE.finditer(text):
                    if (noun := m.group("noun") or m.group("after")) and (span := _span(m)):
                        self.terms.setdefault(noun, span)
                if (parted := _PARTED_TERM_RE.search(text)) is not None \
                        and len(spans := [span for m in _SPAN_RE.finditer(text, parted.end()) if (span := _span(m))]) > 1:
                    # 服务期为两个学年：第一学年自2026年9月1日至2027年8月31日，第二学年自…: from the first's start
                    # to the last's end
                    self.terms.setdefault(parted.group("noun"), (spans[0][0], spans[-1][1]))
                for m in _WARRANTY_END_RE.finditer(text):
                    if found := find_dates(m.group("end")):
                        self.warranty_ends.setdefault(m.group("noun"), found[0].value)
                for m in _STARTS_ON_RE.finditer(text):
                    # (第2条运营期自…: the name may have swallowed the label's last word; 正式运营期 is the 运营期)
                    name = m.group("name").lstrip("条款项章节")
                    for short in dict.fromkeys((name, name.removeprefix("正式"))) if (found := find_dates(m.group("day"))) else ():
                        self.defined_days.setdefault(f"{short}开始之日", _written(found[0].value))
                for m in _PLANNED_ON_RE.finditer(text):  # 项目用地计划于2026年10月28日挂牌成交 → 计划成交之日
                    if found := find_dates(m.group("day")):
                        for act in dict.fromkeys((m.group("act"), m.group("act")[-2:])):
                            self.defined_days.setdefault(f"计划{act}之日", _written(found[0].value))
                for m in _ISSUED_ON_RE.finditer(text):  # 开工令定于2026年7月20日下达 → 开工令下达之日
                    if found := find_dates(m.group("day")):
                        self.defined_days.setdefault(f"{m.group('name')}{m.group('act')}之日", _written(found[0].value))
                body = text[label.end():] if (label := _LABEL_TOKEN_RE.match(text)) else text  # (after 1・三)
                for m in _EVENT_YEARS_RE.finditer(body):  # 泜垕童车博览会每年9月的第一个星期六开幕，2026年为9月5日，…
                    names = [m.group("name")] + ([m.group("name")[2:]] if len(m.group("name")) >= 5 else [])
                    for y, mm, dd in re.findall(r"(20\d{2})年为(\d{1,2})月(\d{1,2})日", m.group("list")):
                        for name in names:
                            self.defined_days.setdefault(f"{y}年{name}{m.group('act')}之日", f"{y}年{int(mm)}月{int(dd)}日")
                for m in _YEARS_DAY_DEFINED_RE.finditer(text):  # 本县2026年秋收结束之日为2026年10月20日
                    for name, day in ((m.group("name"), m.group("day")), (m.group("name2"), m.group("day2"))):
                        if name and (found := find_dates(day if day.startswith("20") else f"{m.group('y')}年{day}")):
                            self.defined_days.setdefault(f"{m.group('y')}年{name}", _written(found[0].value))
                for m in _NAMED_DAY_YEARS_RE.finditer(body):  # 雪顿节开幕之日…，2026年为8月12日 → 2026年雪顿节开幕之日
                    for y, mm, dd in re.findall(r"(20\d{2})年为(\d{1,2})月(\d{1,2})日", m.group("list")):
                        self.defined_days.setdefault(f"{y}年{m.group('name')}", f"{y}年{int(mm)}月{int(dd)}日")
                for m in _DAY_ALIAS_RE.finditer(text):  # …为2026年7月14日（以下称“比赛日”） → 比赛日
                    if found := find_dates(m.group("day")):
                        self.defined_days.setdefault(m.group("name"), _written(found[0].value))
                for m in _DAY_DEFINED_RE.finditer(body):  # …；开工之日为2026年5月11日 → 开工之日
                    if found := find_dates(m.group("day")):
                        self.defined_days.setdefault(m.group("name"), _written(found[0].value))
                for m in _EVENT_SPAN_DEFINED_RE.finditer(text):  # “高考”，指…于2026年6月7日开考、6月9日结束
                    first = _first_day(m.group("d1"))
                    last = _first_day(m.group("d2") if m.group("d2").startswith("20") else f"{m.group('d1')[:5]}{m.group('d2')}")
                    if first is not None and last is not None:
                        self.defined_days.setdefault(f"{m.group('name')}{m.group('a1')}之日", _written(first))
                        self.defined_days.setdefault(f"{m.group('name')}{m.group('a2')}之日", _written(last))
                for m in _TIME_LIMIT_DEFINED_RE.finditer(body):  # 交货期限为2026年6月10日 → 交货期限
                    if found := find_dates(m.group("day")):
                        self.defined_days.setdefault(m.group("name"), _written(found[0].value))
                for m in _NOTICE_DATED_RE.finditer(text):  # 中标通知书发出日期：2026年8月12日 → 中标通知书发出之日
                    if found := find_dates(m.group("day")):
                        self.defined_days.setdefault(f"{m.group('name')}{m.group('act') or ''}之日", _written(found[0].value))
                for m in itertools.chain(_YEARLY_DAY_RE.finditer(text), _YEARLY_EVENT_DAY_RE.finditer(text)):
                    self.defined_days.setdefault(m.group("name"), f"{int(m.group('m'))}月{int(m.group('d'))}日")
                for m in itertools.chain(_YEARLY_NAMED_EVENT_RE.finditer(text),
                                         _YEARLY_NAMED_EVENT_RE.finditer(body) if body != text else ()):
                    # (before 11月1日完成 alone names 完成之日; 壹・③ 本县那达慕大会每年7月15日开幕: after a label too)
                    self.defined_days.setdefault(f"{m.group('name')}{m.group('act') or ''}之日",
                                                 f"{int(m.group('m'))}月{int(m.group('d'))}日")
                    if m.group("act") == "开幕" and (lasting := _LASTING_RE.match(m.string, m.end())):
                        # …每年7月15日开幕，会期三日: it closes on the third day (not past February's end, which the
                        # year decides)
                        try:
                            last = date(2001, int(m.group("m")), int(m.group("d"))) \
                                + timedelta(days=(to_int(lasting.group("n")) or 1) - 1)
                        except ValueError:
                            continue
                        if int(m.group("m")) == 2 and last.month != 2:
                            continue
                        self.defined_days.setdefault(f"{m.group('name')}闭幕之日", f"{last.month}月{last.day}日")
                for m in _YEARLY_START_RE.finditer(body):
                    self.defined_days.setdefault(f"{m.group('name')}开始之日", f"{int(m.group('m'))}月{int(m.group('d'))}日")
                if (every := text.find("每年")) >= 0:  # 每年4月20日开机上水，11月25日停机 → 开机上水之日, 停机之日
                    for m in _YEARLY_EVENTS_RE.finditer(text, every + 2):
                        self.defined_days.setdefault(f"{m.group('name')}之日", f"{int(m.group('m'))}月{int(m.group('d'))}日")
                for m in itertools.chain(_SEASON_SPAN_RE.finditer(text), _SEASON_RE.finditer(text),
                                         _SEASON_DEFINED_RE.finditer(text), _QUOTED_SEASON_RE.finditer(text)):
                    # (至次年2月的最后一日: the month's last day, 29 February in a leap year)
                    self.seasons.setdefault(m.group("name"), ((int(m.group("m1")), int(m.group("d1"))),
                                                              (int(m.group("m2")), int(m.group("d2") or 31))))
                for m in _TERM_YEARS_RE.finditer(text):
                    if 1 <= (years := to_int(m.group("n")) or 0) <= 50:
                        first = find_dates(m.group("start"))[0].value
                        self.terms.setdefault(m.group("noun"), (first, add_months(first, 12 * years) - timedelta(days=1)))
                for store, rx in ((self.facts.bond, BOND_RE), (self.facts.deposit, DEPOSIT_RE),
                                  (self.facts.retention, RETENTION_RE)):
                    named = list(rx.finditer(text))
                    if not named and titled and rx is BOND_RE and (guarantee := re.search("保函", text)):
                        named = [guarantee]
                    for m in named:
                        fact = self._fact_at(text, m)
                        if fact and not any(f.qualifier == fact.qualifier for f in store):
                            store.append(fact)
        # 咖啡采摘季 is also the 采摘季, when no other season (夏粮收购期, 秋粮收购期) shares the shorter name
        for name, span in list(self.seasons.items()):
            if len(name) > 3 and sum(other.endswith(name[-3:]) for other in self.seasons) == 1:
                self.seasons.setdefault(name[-3:], span)
        for text in self._texts:
            for m in _SET_OFF_RE.finditer(text):
                name = m.group("name")
                given = next((found for k in range(len(name) - 1)
                              if (found := re.search(rf"{re.escape(name[k:])}(?:为|计)?人民币(?P<sum>[\d.,]+(?:万)?元)", text))), None)
                if given is not None and (figure := find_money(given.group("sum"))):
                    self._set_offs.setdefault(m.group("row"), figure[0].value)
        for text in self._texts:
            self._learn_yearly_days(text)
            for m in _NAMED_FORMULA_RE.finditer(text):
                self._named_formulas.setdefault(m.group("name"), m.group("expr"))
        for table in tables:
            self._learn_codes(table)
            self._learn_periods(table)
            self._learn_year_values(table)

    def _learn_codes(self, table: TableBlock) -> None:
        """The days a table of date codes defines (代码 | 定义, D0 | 合同签订之日后的第一个星期一, D1 | 开工日，为D0后的第7日),
        each read after the ones before it and moved off a day of rest as the contract's rule says."""
        rows = table.rows
        header = [compact(h) for h in table.header]
        if not any(header) and rows:  # (a two-column table read with its header as a row)
            header, rows = [compact(c) for c in rows[0]], rows[1:]
        if len(header) < 2 or not re.fullmatch(r"(?:日期)?(?:代码|代号)", header[0]) or not re.search(r"定义|含义|日期", header[1]):
            return
        for row in rows:
            code = compact(row[0]) if row else ""
            if not _DAY_CODE_RE.fullmatch(code) or len(row) < 2:
                continue
            said = self._coded(compact(row[1]))
            due = parse_deadline(named_days_dated(self._dated(said), said), bare_date_ok=True)
            if due is not None and due.date is not None:
                self._codes[code] = rolled(due.date, rule) if (rule := _ROLL_RULE_RE.search(compact(table.intro))) else due.date

    def _learn_yearly_days(self, text: str) -> None:
        """The days of a yearly event or season a sentence defines (歌圩节每年11月的第一个星期五开幕，会期三日 → 开幕之日,
        闭幕之日; 以后各榨季的开榨之日按当年11月20日计，榨季结束之日按次年3月31日计; 2026/2027年榨季的开榨之日…已公告为
        2026年11月20日), the countdowns it defines (“开榨倒计时第N日”，指该榨季开榨之日前的第N日) and the sums of its editions
        (服务费：2026届人民币1,186,000.00元)."""
        for m in _YEARLY_NTH_EVENT_RE.finditer(text):
            month, spec = int(m.group("m")), m.group("spec")
            if not 1 <= month <= 12:
                continue
            lasting = _LASTING_RE.match(text, m.end())
            days = (to_int(lasting.group("n")) or 1) - 1 if lasting else None
            # (开幕之日 alone names the event's opening; 开始之日 alone may be anything's)
            for name in ((f"{m.group('act')}之日",) if m.group("act") == "开幕" else ()) + (f"{m.group('name')}{m.group('act')}之日",):
                self._yearly_days.setdefault(name, _nth_day(month, spec))
            if days is not None and m.group("act") == "开幕":
                def closing(y: int, month: int = month, spec: str = spec, days: int = days) -> date | None:
                    opening = day_in_month(y, month, spec)
                    return opening + timedelta(days=days) if opening is not None else None
                for name in ("闭幕之日", f"{m.group('name')}闭幕之日"):
                    self._yearly_days.setdefault(name, closing)
        for m in _NTH_DAY_DEFINED_RE.finditer(text):  # 职业教育活动周开始之日为每年5月的第二个星期一
            if 1 <= (month := int(m.group("m"))) <= 12:
                self._yearly_days.setdefault(m.group("name"), _nth_day(month, m.group("spec")))
        for m in _YEARLY_DAY_ALIAS_RE.finditer(text):  # 本县每年9月28日…举行祭孔大典，以下称“祭孔大典之日”
            self._yearly_days.setdefault(m.group("name"), _fixed_day(int(m.group("m")), int(m.group("d"))))
        for m in _SEASON_DAY_RULE_RE.finditer(text):  # …开榨之日按当年11月20日计，榨季结束之日按次年3月31日计
            self._yearly_days.setdefault(m.group("day"), _fixed_day(int(m.group("m")), int(m.group("d")),
                                                                    int(m.group("rel") == "次年")))
        for m in _ANNOUNCED_SEASON_DAY_RE.finditer(text):
            if found := find_dates(m.group("date")):
                self._announced.setdefault((int(m.group("y")), m.group("day")), found[0].value)
        for m in _DAY_SET_DEFINED_RE.finditer(text):
            self._day_sets.setdefault(m.group("name"), re.findall(r"第[一二三四五]个星期[一二三四五六日]", m.group("specs")))
        for m in _COUNTDOWN_DEFINED_RE.finditer(text):
            self._countdowns.setdefault(m.group("term"), m.group("anchor"))
        for m in _EDITION_SUM_RE.finditer(text):
            if found := find_money(m.group("sum")):
                self._edition_sums.setdefault(int(m.group("y")), found[0].value)

    def _set_days(self, name: str, first: date, last: date) -> list[date]:
        """The days of the set ``name`` (``_day_sets``) from ``first`` to ``last``, in order."""
        out: list[date] = []
        year, month = first.year, first.month
        while date(year, month, 1) <= last:
            out += [d for spec in self._day_sets[name] if (d := day_in_month(year, month, spec)) is not None and first <= d <= last]
            year, month = _next_month(year, month)
        return sorted(out)

    def _day_sets_dated(self, text: str) -> str:
        """``text`` with a day of a set the contract defines written as its date (合同签订之日后的第一个支付批次日, 2026年6月10日
        前的最后一个支付批次日, 第3笔付款期限后的第一个支付批次日 — the day itself not counted —, 2026年4月的第二个支付批次日)."""
        if not self._day_sets:
            return text
        names = "|".join(map(re.escape, self._day_sets))
        signed = self.fields.signed_on

        def anchored(m: re.Match) -> str:
            if m.group("signing"):
                start = signed
            elif m.group("nth"):
                due = self._instalment_due(to_int(m.group("nth")) or 0, "")
                start = due.date if due is not None else None
            else:
                start = _first_day(m.group("day"))
            if start is None:
                return m.group()
            if m.group("before"):
                days = self._set_days(m.group("name"), start - timedelta(days=400), start - timedelta(days=1))
                n = to_int(m.group("nb") or "1") or 1
                return _written(days[-n]) if len(days) >= n else m.group()
            days = self._set_days(m.group("name"), start + timedelta(days=1), start + timedelta(days=400))
            n = to_int(m.group("na") or "1") or 1
            return _written(days[n - 1]) if len(days) >= n else m.group()

        def in_month(m: re.Match) -> str:
            year, month = int(m.group("y")), int(m.group("m"))
            days = self._set_days(m.group("name"), date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
            n = to_int(m.group("k")) or 0
            return _written(days[n - 1]) if 0 < n <= len(days) else m.group()
        text = re.sub(rf"(?:(?P<signing>(?:本)?合同签(?:订|署)之日)|第(?P<nth>[一二三四五六七八九十\d]{{1,2}})(?:笔|期|次)(?:付款)?期限(?:届满之日)?"
                      rf"|(?P<day>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)(?:之日)?)"
                      rf"(?:(?P<before>前的?(?:最后一|第(?P<nb>[一二三四五六七八九十\d]{{1,2}}))个)|后的?第(?P<na>[一二三四五六七八九十\d]{{1,2}})个)"
                      rf"(?P<name>{names})", anchored, text)
        return re.sub(rf"(?P<y>20\d{{2}})年(?P<m>\d{{1,2}})月(?:的)?第(?P<k>[一二三四五\d])个(?P<name>{names})", in_month, text)

    def _yearly_days_dated(self, text: str) -> str:
        """``text`` with a countdown written as the days before its day (2026/2027年榨季开榨倒计时第120日 → …开榨之日前第120日)
        and the day of a named year's or season's event written as its date (2026届歌圩节开幕之日 → 2026年11月6日; 2028/2029年
        榨季开榨之日 → 2028年11月20日)."""
        if self._countdowns:
            terms = "|".join(map(re.escape, sorted(self._countdowns, key=len, reverse=True)))
            text = re.sub(rf"(?P<ref>20\d{{2}}(?:[/／—－\-]20\d{{2}})?(?:年|届)[\u4e00-\u9fff]{{0,4}}?)(?:的)?(?P<term>{terms})"
                          r"第(?P<n>\d{1,3}|[一二三四五六七八九十百]{1,4})[日天]",
                          lambda m: f"{m.group('ref')}{self._countdowns[m.group('term')]}前第{m.group('n')}日", text)
        if not self._yearly_days and not self._announced:
            return text
        names = "|".join(map(re.escape, sorted({*self._yearly_days, *(k for _, k in self._announced)}, key=len, reverse=True)))

        def dated(m: re.Match) -> str:
            year = int(m.group("y"))
            day = self._announced.get((year, m.group("day")))
            if day is None and (rule := self._yearly_days.get(m.group("day"))) is not None:
                day = rule(year)
            return _written(day) if day is not None else m.group()
        return re.sub(rf"(?P<y>20\d{{2}})(?:[/／—－\-]20\d{{2}})?(?:年|届)(?:的)?(?:[\u4e00-\u9fff]{{0,8}}?)(?:的)?(?P<day>{names})",
                      dated, text)

    def _editions(self, table: TableBlock) -> TableBlock:
        """``table`` of instalments each applying to listed editions (适用届次 | 2026届、2027届, 该届倒计时第45日, 比例（占该届
        服务费）| 40%) turned into one row per edition, labelled by it, with that edition's share of its sum
        (``_edition_sums``) and 该届 written as it."""
        header = [compact(h) for h in table.header]
        at = next((i for i, h in enumerate(header) if re.fullmatch(r"适用(?:届次|届别|年度|年份)", h)), None)
        if at is None:
            return table
        share = next((i for i, h in enumerate(header) if re.match(r"(?:支付)?比例", h)), None)
        rows: list[list[str]] = []
        for r in table.rows:
            cell = compact(r[at]) if at < len(r) else ""
            years = [int(y) for y in re.findall(r"(20\d{2})(?:届|年)", cell)]
            if len(years) == 2 and re.search(r"20\d{2}(?:届|年)(?:至|—|－|-|~|～)", cell) and years[0] < years[1] <= years[0] + 30:
                years = list(range(years[0], years[1] + 1))  # (2026届至2028届: each edition between)
            if not years:
                return table
            rows += [(r, y) for y in years]  # type: ignore[misc]
        rows.sort(key=lambda ry: ry[1])  # (each edition's instalments in order, one edition after the other)
        out = []
        for r, y in rows:  # type: ignore[misc]
            row = [c.replace("该届", f"{y}届").replace("该年度", f"{y}年度") for c in r]
            row[0] = f"{y}届"
            if share is not None and share < len(row) and (pct := find_percents(compact(row[share]))) \
                    and (whole := self._edition_sums.get(y)) is not None:
                row[share] = str(money(whole * pct[0].value / HUNDRED))
            out.append([c for i, c in enumerate(row) if i != at])
        header_out = [("金额（元）" if i == share and self._edition_sums else h) for i, h in enumerate(table.header) if i != at]
        return replace(table, header=header_out, rows=out)

    def _cumulative_years(self, table: TableBlock) -> TableBlock:
        """``table`` of years and what is owed by each year's end in all (运营年度 | 截至该运营年度末累计应付可用性付费, 2027年度
        | 2,846.00 …, 万元) turned into each year's own sum, the difference, in halves on the days a clause gives (每个运营
        年度的可用性付费分两次各支付一半：上半年部分于当年6月的最后一个星期五支付，下半年部分于次年1月的第二个星期三支付)."""
        header = [compact(h) for h in table.header]
        at = next((i for i, h in enumerate(header) if _CUMULATIVE_HEADER_RE.search(h)), None)
        rule = next((m for t in self._texts if "各支付一半" in t and (m := _HALVES_DAYS_RE.search(t))), None)
        if at is None or rule is None:
            return table
        said = " ".join(compact(t) for t in (table.intro, header[at]))
        scale = _unit_scale(said)
        rows, before = [], Decimal(0)
        for r in table.rows:
            year = re.fullmatch(r"(20\d{2})年度?", compact(r[0]) if r else "")
            total = to_decimal(compact(r[at]).replace(",", "")) if at < len(r) else None
            if year is None or total is None:
                continue
            whole, before = total * scale - before, total * scale
            dues = [self._year_day(rule.group(k), int(year.group(1))) for k in ("a", "b")]
            if whole <= 0 or None in dues:
                return table
            rows += [[compact(r[0]), _written(due.date), str(money(whole / 2))] for due in dues if due is not None and due.date]
        return replace(table, header=["运营年度", "付款日期", "金额（元）"], rows=rows) if rows else table

    def _annual_sum_rows(self, table: TableBlock) -> TableBlock:
        """``table`` of years with their billing spans and pay times but no sums (运营年度 | 计费起止日期 | 付款时间) given the
        yearly sum the clause before states (年度可用性付费为人民币1,825万元), a short year prorated by its days where the
        clause says so (按该运营年度实际运营天数（首尾两日均计入）占全年天数（按365日计）的比例折算，计至元) and the share paid
        when part is kept back (实付当期应付额的95%)."""
        header = [compact(h) for h in table.header]
        said = " ".join(compact(t) for t in (*self._recent[-3:], table.intro))
        yearly = _YEARLY_SUM_RE.search(said)
        span_at = next((i for i, h in enumerate(header) if re.search(r"起止|期间", h)), None)
        if yearly is None or span_at is None or not header or not re.fullmatch(r"(?:运营|服务|计费)?年度", header[0]) \
                or any(_COLUMN_WORDS["money"].search(h) for h in header) or not (whole := find_money(yearly.group("sum"))):
            return table
        prorate = _PRORATE_BY_DAYS_RE.search(said)
        paid = _PAID_SHARE_OF_DUE_RE.search(said)
        rows = []
        for r in table.rows:
            span = _ROW_SPAN_RE.search(compact(r[span_at])) if span_at < len(r) else None
            if span is None or not re.fullmatch(r"20\d{2}年度?", compact(r[0])):
                continue
            first, last = _first_day(span.group()), _first_day(span.group("end"))
            if first is None or last is None:
                continue
            amount = whole[0].value
            days = (last - first).days + 1
            if prorate is not None and days < 365:
                amount = amount * days / int(prorate.group("base") or 365)
                amount = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP) if "计至元" in said else money(amount)
            if paid is not None:
                amount = amount * Decimal(paid.group("p")) / HUNDRED
            rows.append([compact(r[0]), *(c for i, c in enumerate(r) if i not in (0, span_at)), str(money(amount))])
        if not rows:
            return table
        return replace(table, header=[header[0], *(h for i, h in enumerate(table.header) if i not in (0, span_at)), "金额（元）"],
                       rows=rows)

    def _remainder_shares(self, table: TableBlock) -> TableBlock:
        """``table`` of instalments each a share of a base its row names, the contract price or what is left after the
        instalments before (计算基数 | 比例: 合同总价 | 30%, 第一期支付后的剩余价款 | 60%, …) with each row's sum worked out
        in turn (1,380,000.00, then 60% of 3,220,000.00 …)."""
        header = [compact(h) for h in table.header]
        base_at = next((i for i, h in enumerate(header) if re.fullmatch(r"(?:计算|支付)?基数", h)), None)
        share_at = next((i for i, h in enumerate(header) if re.fullmatch(r"(?:支付)?比例", h)), None)
        total = self.contract_amount
        if base_at is None or share_at is None or total is None or any(_COLUMN_WORDS["money"].search(h) for h in header):
            return table
        rows, paid = [], Decimal(0)
        for r in table.rows:
            base, share = (compact(r[i]) if i < len(r) else "" for i in (base_at, share_at))
            pct = find_percents(share)
            if not pct or not (re.fullmatch(r"合同总价|合同价款|签约合同价", base) or _REMAINDER_BASE_RE.fullmatch(base)):
                return table
            amount = money((total if _REMAINDER_BASE_RE.fullmatch(base) is None else total - paid) * pct[0].value / HUNDRED)
            paid += amount
            rows.append([str(amount) if i == share_at else "" if i == base_at else c for i, c in enumerate(r)])
        return replace(table, header=["金额（元）" if i == share_at else "" if i == base_at else h
                                      for i, h in enumerate(table.header)], rows=rows)

    def _alternate_month_rows(self, table: TableBlock) -> TableBlock:
        """``table`` with a row paid in equal parts on a day of every other month inside the season it names (旺季补贴 |
        2027年旺季 | 96.00 | 该旺季内逢双月的25日前，各拨付三分之一, the 旺季 being 5月1日至10月31日) turned into one row per
        part: 25 June, August and October, a third each."""
        out, changed = [], False
        for r in table.rows:
            m = next((m for c in r if (m := _ALTERNATE_MONTHS_RE.search(compact(c))) is not None), None)
            named = re.search(rf"(20\d{{2}})年{re.escape(m.group('span'))}", " ".join(r)) if m else None
            span = self.seasons.get(m.group("span")) if m else None
            parts = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6}.get(m.group("k")) if m else None
            if m is None or named is None or span is None or parts is None or span[0] > span[1]:
                out.append(r)
                continue
            year, day = int(named.group(1)), int(m.group("d"))
            months = [mo for mo in range(span[0][0], span[1][0] + 1) if mo % 2 == (0 if m.group("parity") == "双" else 1)
                      and span[0] <= (mo, day) <= span[1]]
            if len(months) != parts:
                out.append(r)
                continue
            changed = True
            for mo in months:
                out.append([f"{year}年{mo}月{day}日前" if compact(c) == compact(m.string) else
                            (str(figure / parts) if (figure := to_decimal(compact(c).replace(",", ""))) is not None
                             and not re.fullmatch(r"20\d{2}", compact(c)) else c) for c in r])
        return replace(table, rows=out) if changed else table

    def _fixed_part_rows(self, table: TableBlock) -> TableBlock:
        """``table`` of periods and their whole sums with a column for the fixed part the clause before shares out and
        times (运营学年 | 起止日期 | 可用性付费 | 其中：固定部分 | 其中：绩效挂钩部分, under 其中70%为固定部分 and 固定部分于该学年
        结束之日（8月31日）后的第二个星期一支付) turned into the fixed part of each row at its period's time; the part tied to
        performance has no sum to owe yet."""
        header = [compact(h) for h in table.header]
        fixed = next((i for i, h in enumerate(header) if re.fullmatch(r"(?:其中[：:])?固定部分", h)), None)
        said = " ".join(compact(t) for t in (*self._recent[-5:], table.intro))
        share, timed = _FIXED_SHARE_RE.search(said), _FIXED_TIME_RE.search(said)
        whole = next((i for i, h in enumerate(header) if i != fixed and not h.startswith("其中")
                      and re.search(r"付费|费用|补贴|金额", h) and not re.search(r"起止|日期|期间", h)), None)
        if fixed is None or share is None or timed is None or whole is None:
            return table
        scale = _unit_scale(said)
        rows = []
        for r in table.rows:
            span = next((m for c in r if (m := _ROW_SPAN_RE.search(compact(c))) is not None), None)
            total = to_decimal(compact(r[whole]).replace(",", "")) if whole < len(r) else None
            if span is None or total is None:
                continue
            if (end := _first_day(span.group("end"))) is None:
                continue
            when = re.sub(r"[（(]\d{1,2}月\d{1,2}日[)）]", "", _PERIOD_END_RE.sub(_written(end), timed.group("when"), count=1))
            rows.append([compact(r[0]), f"于{when}", str(money(total * scale * Decimal(share.group("p")) / HUNDRED))])
        return replace(table, header=[header[0], "付款期限", "金额（元）"], rows=rows) if rows else table

    def _each_period_rows(self, table: TableBlock) -> TableBlock:
        """``table`` of numbered periods (期次 | 运维期间, 第一期 | 2027年1月1日—2027年6月30日) whose sum the clause before
        shares out (每期运维费＝第6项运维服务费÷6，计至分位，分位以下舍去；舍去部分累计计入第六期) and times by the period
        (每期运维费于该期届满之日的次月第十日支付，该日为星期六或星期日的，顺延至其后的星期一) turned into one row per period
        with its sum and day."""
        said = " ".join(compact(t) for t in (*self._recent[-2:], table.intro))
        share = _EACH_PERIOD_SHARE_RE.search(said)
        timed = _EACH_PERIOD_TIME_RE.search(said)
        if share is None or timed is None or (part := part_named(self.parts, share.group("part"))) is None:
            return table
        count = to_int(share.group("n")) or 0
        spans = [(r, m) for r in table.rows for c in r if (m := _ROW_SPAN_RE.search(compact(c))) is not None]
        if len(spans) != count or count < 2:
            return table
        each = (part / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN") if re.search(r"分位以下舍去", said) \
            else money(part / count)
        roll = _ROLL_RULE_RE.search(said, timed.end())
        rows = []
        for k, (r, span) in enumerate(spans):
            end = _first_day(span.group("end"))
            due = parse_deadline(self._dated(f"{_written(end)}{timed.group('rest')}"), bare_date_ok=True) if end else None
            if due is None or due.date is None:
                return table
            day = rolled(due.date, roll) if roll else due.date
            amount = part - each * (count - 1) if k == count - 1 else each  # (the last takes what rounding left)
            rows.append([compact(r[0]), _written(day), str(amount)])
        return replace(table, header=["期次", "付款日期", "金额（元）"], rows=rows)

    def _learn_periods(self, table: TableBlock) -> None:
        """The days a table of named periods gives (洄游期 | 起始日 | 结束日, 2026年洄游期 | 2026年5月20日 | 2026年8月31日 →
        2026年洄游期开始之日, 2026年洄游期结束之日)."""
        header = [compact(h) for h in table.header]
        ends = {"开始之日": _period_column(header, _PERIOD_START_HEADER_RE), "结束之日": _period_column(header, _PERIOD_END_HEADER_RE)}
        if None in ends.values():
            return
        for row in table.rows:
            label = compact(row[0]) if row else ""
            if not re.fullmatch(r"20\d{2}年[\u4e00-\u9fff]{1,8}", label):
                continue
            for name, i in ends.items():
                if i is not None and i < len(row) and (found := find_dates(compact(row[i]))):
                    self.defined_days.setdefault(f"{label}{name}", _written(found[0].value))

    def _learn_year_values(self, table: TableBlock) -> None:
        """The values a table gives each year (适用年度 | 上年度CPI累计涨幅 | 调价系数, 2028年度 | 2.5% | 1.025 → 调价系数
        of 2028 is 1.025), for the formulas of yearly sums."""
        header = [re.sub(r"[（(][^（）()]*[)）]$", "", compact(h)) for h in table.header]
        if not header or not re.fullmatch(r"(?:适用|运营|考核|补贴)?(?:年度|年份)", header[0]):
            return
        for row in table.rows:
            if (year := re.fullmatch(r"(20\d{2})年度?", compact(row[0]) if row else "")) is None:
                continue
            for name, c in zip(header[1:], row[1:], strict=False):
                if name and (value := to_decimal(compact(c).replace(",", ""))) is not None:
                    self._year_values.setdefault(int(year.group(1)), {})[name] = value

    def _named_value(self, name: str) -> Decimal | None:
        """The figure the contract gives a name (年金系数为0.0865, 保底水量为每年365万立方米, 基准补贴单价为每立方米人民币0.80元,
        项目总投资人民币贰亿肆仟万元), or None."""
        for text in self._texts:
            for m in re.finditer(rf"(?:(?<![\u4e00-\u9fff])|(?<=的)){re.escape(name)}(?:为|是|[:：])?(?:每[\u4e00-\u9fff]{{1,3}})?(?=人民币|\d|[¥￥])", text):
                rest = text[m.end():m.end() + 40]
                if (found := find_money(rest)) and found[0].start <= 3:
                    return found[0].value
                if (number := re.match(r"(\d[\d,]*(?:\.\d+)?)(万|亿)?", rest)) is not None:
                    return Decimal(number.group(1).replace(",", "")) * UNIT_SCALE.get(number.group(2) or "", Decimal(1))
        return None

    def _price_or_named(self, name: str) -> Decimal | None:
        """The contract price (合同总价, 签约合同价), or the figure the contract gives a name or its last words (旧信号机回收款 →
        回收款为人民币18,600.00元)."""
        if re.fullmatch(r"合同总价|合同价款|合同金额|签约合同价|中标价", name):
            return self.contract_amount
        return next((v for k in range(max(1, len(name) - 1)) if (v := self._named_value(name[k:])) is not None), None)

    def _year_value(self, name: str, year: int, depth: int = 0) -> Decimal | None:
        """What ``name`` is in ``year``: the year's own value in a table, a figure the contract gives it, or its formula
        worked out for that year; None when it cannot be known."""
        if depth > 5:
            return None
        if (value := self._year_values.get(year, {}).get(name)) is not None:
            return value
        if (value := self._named_value(name)) is not None:
            return value
        expr = self._named_formulas.get(name)
        return evaluate(expr, lambda n: self._year_value(n, year, depth + 1)) if expr is not None else None

    def _yearly_formula_sums(self, texts: list[str], page: int) -> tuple[list[Obligation], list[int]]:
        """A yearly sum the contract defines by a formula (年度水价补贴＝保底水量×补贴单价; 补贴单价＝基准补贴单价×调价系数, the
        coefficient by year in a table), paid over stated years in halves (2027年度至2029年度的水价补贴，每个年度分…两次各支付
        一半：上半年部分于当年7月的第二个星期三前支付；下半年部分于次年1月的最后一个星期五前支付) or once in a first year,
        prorated by its months, and in halves from a later year until the year the contract reviews it (2027年度的可用性付费一次
        支付，于2027年12月26日支付；2028年度起，…分两次各支付一半，分别于当年6月30日和12月26日支付…2030年度起的可用性付费按
        中期评估结果调整); ([], []) when no sentence does."""
        if not self._named_formulas:
            return [], []
        for n, text in enumerate(texts):
            named = next(((name, m) for name in self._named_formulas
                          if (m := re.search(rf"(?:{re.escape(name)}|{re.escape(re.sub('^年度', '', name))})", text))
                          and re.search(r"各支付一半|一次支付", text[m.end():])), None)
            if named is None:
                continue
            name, used = named[0], [n]
            owed: list[tuple[Decimal, Deadline, str]] = []  # (each with the sentence giving its day)
            if (span := _YEARS_SPAN_HALVES_RE.search(text)) is not None:
                years = list(range(int(span.group("y1")), int(span.group("y2")) + 1))
                # (上半年部分于当年7月…；下半年部分于次年1月…: the halves' days, perhaps in the next sentence)
                parts = [p for p in re.split(r"[；;]", text[named[1].end():]) if "于" in p]
                if len(parts) == 1 and n + 1 < len(texts) and "于" in texts[n + 1]:
                    parts, used = [*parts, texts[n + 1]], [n, n + 1]
                for year in years:
                    dues = [self._year_day(p, year) for p in parts]
                    whole = self._year_value(name, year)
                    if len(dues) != 2 or None in dues or whole is None:
                        return [], []
                    owed += [(money(whole / 2), due, "；".join(texts[k] for k in used)) for due in dues if due is not None]
            elif (once := _FIRST_YEAR_ONCE_RE.search(text)) is not None \
                    and (later := next(((k, m) for k, t in enumerate(texts[n:n + 3], n) if (m := _HALVES_FROM_RE.search(t))), None)):
                used, halves, first = sorted({n, later[0]}), later[1], int(once.group("y"))
                whole = self._year_value(name, first)
                due = parse_deadline(self._dated(once.group("when")), bare_date_ok=True)
                until = next((int(m.group("y")) for t in texts for m in [_REVIEWED_FROM_RE.search(t)] if m), None)
                if whole is None or due is None or until is None or not int(halves.group("y")) < until <= int(halves.group("y")) + 30:
                    return [], []
                owed.append((money(whole * self._first_year_share(first)), due, text))
                for year in range(int(halves.group("y")), until):
                    dues = [self._year_day(f"于当年{m}", year) for m in re.findall(r"\d{1,2}月\d{1,2}日", halves.group("days"))]
                    whole = self._year_value(name, year)
                    if len(dues) != 2 or None in dues or whole is None:
                        return [], []
                    owed += [(money(whole / 2), d, texts[later[0]]) for d in dues if d is not None]
            if not owed:
                continue
            # (a sum a formula prices by a quantity or an investment is the government's payment, 政府付费, unless it is a
            # grant, a reward or a viability gap)
            kind = "subsidy" if self.fields.kind == "investment" or re.search(r"补助|奖励|缺口|扶持", name + text) else "payment"
            return [Obligation(kind, GOVERNMENT, amount, None, due, page, said) for amount, due, said in owed], used
        return [], []

    def _first_year_share(self, year: int) -> Decimal:
        """The share of a yearly sum the first year is paid when the contract prorates a short first year by its months
        (首个运营年度不足十二个月的，按实际运营月数占十二个月的比例折算; 首个运营年度为2027年3月1日至12月31日 → 10/12), else 1."""
        whole = " ".join(self._texts)
        period = re.search(r"首个[\u4e00-\u9fff]{0,4}年度为(?P<a>\d{4}年\d{1,2}月\d{1,2}日)至(?P<b>(?:\d{4}年)?\d{1,2}月\d{1,2}日)", whole)
        if period is None or not re.search(r"不足十二个月的[，,]?按实际[\u4e00-\u9fff]{0,4}月数占十二个月的比例折算", whole):
            return Decimal(1)
        if (a := _first_day(period.group("a"))) is None:
            return Decimal(1)
        b = _first_day(period.group("b") if period.group("b").startswith("20") else f"{a.year}年{period.group('b')}")
        if b is None or a.year != year or a.day != 1 or (b + timedelta(days=1)).day != 1:
            return Decimal(1)
        months = (b.year - a.year) * 12 + b.month - a.month + 1
        return Decimal(months) / 12 if 0 < months < 12 else Decimal(1)

    def _ratio_shares(self, table: TableBlock) -> TableBlock:
        """``table`` with a column of shares in a ratio the clause before gives (货物部分按3∶5∶2的比例分三期支付 over 分配份额 |
        3 | 5 | 2（另加培训及演练费）) turned into the sums they are (2,580,000.00 …; a part of the price added where a cell says
        另加 it), when the table has no money column of its own."""
        header = [compact(h) for h in table.header]
        at = next((i for i, h in enumerate(header) if _SHARE_COLUMN_RE.fullmatch(h)), None)
        said = " ".join(compact(t) for t in (table.intro, *self._recent[-2:]))
        if at is None or (ratio := _SHARE_RATIO_RE.search(said)) is None or any(_COLUMN_WORDS["money"].search(h) for h in header):
            return table
        parts = [int(x) for x in re.split(r"[∶:：]", ratio.group("ratio"))]
        base = self.contract_amount if re.search(r"合同总价|合同价款|签约合同价", ratio.group("base")) \
            else part_named(self.parts, ratio.group("base"))
        if base is None or not sum(parts):
            return table
        rows, used = [], []
        for r in table.rows:
            share = re.match(r"(\d{1,3})(?![\d.%])", compact(r[at])) if at < len(r) else None
            if share is None or _TOTAL_ROW_RE.search(compact(r[0]) if r else ""):
                rows.append(r)
                continue
            amount = money(base * int(share.group(1)) / sum(parts))
            if len(used) == len(parts) - 1:  # (the last share takes what rounding left of the base)
                amount = base - sum((money(base * k / sum(parts)) for k in used), Decimal(0))
            if (extra := re.search(r"另加(?P<name>[\u4e00-\u9fff]{2,12})", compact(r[at]))) is not None:
                added = part_named(self.parts, extra.group("name"))
                if added is None:
                    return table
                amount += added
            used.append(int(share.group(1)))
            rows.append([str(money(amount)) if i == at else c for i, c in enumerate(r)])
        if sorted(used) != sorted(parts):
            return table
        return replace(table, header=[*table.header[:at], "金额（元）", *table.header[at + 1:]], rows=rows)

    def _day_rates(self, table: TableBlock) -> TableBlock:
        """``table`` of periods priced per day (洄游期 | 起始日 | 结束日 | 日单价 | 付款期限, the fee = days × 日单价, first and last
        day both counted unless the contract says the first is not) with the fee of each row worked out, less an advance
        set off against that period (``_set_offs``), and the days a row's cells name by its columns' headers (结束日后的…)
        written as the row's."""
        header = [compact(h) for h in table.header]
        start, end = _period_column(header, _PERIOD_START_HEADER_RE), _period_column(header, _PERIOD_END_HEADER_RE)
        rate = next((i for i, h in enumerate(header) if _DAY_RATE_HEADER_RE.fullmatch(h)), None)
        if start is None or end is None or rate is None \
                or any(_COLUMN_WORDS["money"].search(h) for i, h in enumerate(header) if i != rate):
            return table
        inclusive = not any(re.search(r"首日不计|不含首日|算头不算尾|尾日不计", t) for t in self._texts)
        rows = []
        for r in table.rows:
            first, last = (find_dates(compact(r[i])) if i < len(r) else [] for i in (start, end))
            per_day = to_decimal(compact(r[rate]).replace(",", "")) if rate < len(r) else None
            if not first or not last or per_day is None or last[0].value < first[0].value:
                rows.append(r)
                continue
            days = (last[0].value - first[0].value).days + inclusive
            fee = money(days * per_day - self._set_offs.get(compact(r[0]), Decimal(0)))
            row = [str(fee) if i == rate else c for i, c in enumerate(r)]
            for i in (start, end):  # (结束日后的第一个完整自然周的星期五: the row's 结束日)
                row = [c.replace(header[i], _written(found.value)) if j not in (start, end) else c
                       for j, c in enumerate(row) for found in [(first if i == start else last)[0]]]
            rows.append(row)
            paid = [due.date for j, c in enumerate(row) if j not in (0, start, end, rate)
                    and (due := parse_deadline(self._dated(compact(c)), bare_date_ok=True)) is not None and due.date is not None]
            if len(paid) == 1:  # (2028年洄游期巡护服务费付款期限届满之日: the day the row is paid by)
                for name in {"", *(m.group("fee") for m in _FEE_DEFINED_RE.finditer(compact(table.intro)))}:
                    self.defined_days.setdefault(f"{compact(r[0])}{name}付款期限届满之日", _written(paid[0]))
        return replace(table, header=[*table.header[:rate], "金额（元）", *table.header[rate + 1:]], rows=rows)

    def _counted_days(self, text: str) -> str:
        """``text`` with the N-th of the days the contract counts leaving a season out written as its date (第60个施工日,
        施工日 counted from 开工之日 2026年9月1日 as the first, the 冬歇期 每年11月16日至次年3月15日 not counted → 2026年10月30日)."""
        for rule in self._counted:
            start = find_dates(self._defined_days_dated(rule.group("start")))
            span = self.seasons.get(rule.group("season"))
            if not start or span is None:
                continue

            def nth(m: re.Match, first: date = start[0].value, span: tuple = span) -> str:
                n, day = to_int(m.group("n")) or 0, first - timedelta(days=1)
                if n <= 0:
                    return m.group()
                while n > 0 and day.year < first.year + 10:
                    day += timedelta(days=1)
                    n -= not _in_season(day, *span)
                return _written(day) if n == 0 else m.group()  # (a season of the whole year counts no day)
            text = re.sub(rf"第(?P<n>\d{{1,4}}|[一二三四五六七八九十百]{{1,5}})个{re.escape(rule.group('name'))}", nth, text)
        return text

    def _coded(self, text: str) -> str:
        """``text`` with the date codes a table defines written as their days (于D0移交 → 于2026年4月20日移交)."""
        for code, day in self._codes.items():
            text = re.sub(rf"(?<![A-Za-z\d]){re.escape(code)}(?!\d)", _written(day), text)
        return text

    def _fact_at(self, text: str, m: re.Match) -> _Fact | None:
        qualifier = re.search(r"([\u4e00-\u9fff]{2,3}期)?$", text[max(0, m.start() - 3):m.start()]).group(1) or ""
        noun_start = m.start() - len(qualifier)
        lead = text[:noun_start]
        if (into := re.search(r"(?:转为|转作)$", lead)) is not None and (sums := find_money(lead)) \
                and sums[-1].end >= into.start() - 1:
            # 其中合同总价的3%即人民币261,000.00元转为质量保证金，其余…: what turns into it, not the rest after it
            pcts = [p for p in find_percents(lead[max(0, sums[-1].start - 20):sums[-1].start]) if p.per == "%"]
            return _Fact(qualifier, sums[-1].value, pcts[-1].value if pcts else None)
        # an amount that starts within 40 characters of the noun, read whole (人民币1,234,175.00元)
        window = re.split(r"[。；]", text[m.end():])[0]
        amount = None
        found = [f for f in _usable_money(window, find_money(window)) if f.start < 40]
        if found and not RETURN_VERB_RE.search(window[: found[0].start]):
            amount = found[0].value
        pct = None
        before = text[max(0, noun_start - 16):noun_start]
        p_before = [p for p in find_percents(before) if p.per == "%" and _FACT_OF_RE.fullmatch(before[p.end:])]
        # 金额为签约合同价的10% / …提供履约担保，担保金额为签约合同价的10%
        p_after = re.match(r"(?:[:：]?(?:金额)?|[，,](?:担保|保证)金额)(?:为|是|按)[^，。；%]{0,12}?(\d+(?:\.\d+)?)%", window) \
            or _RATIO_RE.match(window)  # 质量保证金 预留方式：结算时一次预留，预留比例：审定结算价的3%
        base = self.contract_amount
        if p_before:
            pct = p_before[-1].value
            base = self._base(before[:p_before[-1].start])[1] or base
        elif p_after:
            pct = Decimal(p_after.group(1))
            base = self._base(window[:p_after.start(1)])[1] or base
        if amount is None and pct is not None and base is not None:
            amount = money(base * pct / HUNDRED)
        if amount is None and pct is None:
            paid_before = find_money(text[:noun_start])
            if not paid_before or not _TURNED_INTO_RE.fullmatch(text[paid_before[-1].end:noun_start]):
                return None
            amount = paid_before[-1].value  # 项目诚意金人民币200万元，…转为履约保证金
        return _Fact(qualifier, amount, pct)

    # -- clauses -----------------------------------------------------

    def add_clause(self, clause: Clause) -> list[Obligation]:
        if self._ticked and _UNCHOSEN_RE.search(clause.text):
            # 【 】方式一：按月计量…, with 【√】方式二：按节点支付 beside it: an option not ticked binds no one
            clause = replace(clause, text=_UNCHOSEN_RE.sub("", clause.text))
        added: list[Obligation] = []
        self._recent = [*self._recent[-7:], compact(clause.text)]
        self._read += 1
        self._part = contract_part(clause.text) or self._part
        if (rows := pipe_rows(compact(clause.text))) is not None:
            # M1｜合同签订｜预付款10%，计人民币1,735,000.00元｜…第10个工作日前支付 M2｜…: a table written as lines
            named = _PIPE_HEADER_RE.search(self._intro)
            header = _PIPE_SPLIT_RE.split(named.group("header")) if named else []
            if len(header) != len(rows[0]):
                header = ["编号", "事项", "应付款项", "付款时限"][:len(rows[0])]  # the usual four, when none is quoted
            return self.add_table(TableBlock(header=header, rows=rows, page=clause.page, intro=self._intro))
        number = clause_number(clause.text) or (str(to_int(worded.group(1)) or "")
                                                if (worded := _ARTICLE_RE.match(clause.text)) else "")
        if self._part == "special":
            for replaced in {number, *general_refs(compact(clause.text))} - {""}:
                self._special.add(replaced)
                for ob in self._general.pop(replaced, []):
                    self._drop(ob)
            for m in _UPPER_REF_RE.finditer(compact(clause.text)):
                # 上编第十一条中的“满六个月”修改为“满三个月”: the upper part's article, headed as such or not at all
                upper = str(to_int(m.group("n")) or "")
                for ob in self._general.pop(upper, []) + self._unparted.pop(upper, []):
                    self._drop(ob)
        elif self._part == "general" and number in self._special:
            return added  # replaced by the 专用条款, read first
        # 〇三　发包人的义务: a short title line, not a heading the layout recognised, says whose duties follow
        if clause.heading != self._title_under:
            self._title_under, self._title = clause.heading, ""  # (a title holds until the layout's next heading)
        if (title := _TITLE_NUMBER_RE.sub("", compact(clause.text))) and len(title) <= 16 \
                and not re.search(r"[，。；：:,;]", title):
            self._title = title
        heading = clause.heading or self._title
        previous = ""
        sentences = clause.sentences
        # the clause's own first sentence, or the clause before it ending in a colon, announces it
        # (第五条 提标改造资金支持 / 本项目…获得…资金人民币1,800万元，由甲方转拨乙方：: its heading says what)
        # (3-a 甲方安排建设期补助…，分两次支付：第一次… / 3-b 第二次人民币600万元…: the next instalment of it)
        granted = bool(sentences) and (self._grants_subsidy(compact(sentences[0]))
                                       or self._grants_subsidy(self._intro)
                                       or (bool(SUBSIDY_RE.search(heading))
                                           and self._grants_subsidy(compact(heading + sentences[0])))
                                       or (self._granting and (_NEXT_INSTALMENT_RE.match(compact(clause.text)) is not None
                                                               or _SHARE_PAID_RE.search(compact(sentences[0])) is not None))
                                       or self._titled_subsidy(compact(sentences[0])))
        self._granting = granted
        if not granted:
            self._grant_sum, self._grant_paid = None, []
        elif (total := _GRANT_SUM_RE.search(compact(clause.text))) is not None and (sums := find_money(total.group())):
            self._grant_sum, self._grant_paid = sums[-1].value, []  # 补助按人民币3,600万元分三期兑现：
        elif (lower := _LOWER_OF_RE.search(compact(clause.text))) is not None \
                and (pledge := re.search(rf"承诺{re.escape(lower.group('base'))}(?:不低于|为|达到)?(?P<sum>(?:人民币)?[\d.,]+(?:万|亿)?元)",
                                         compact(clause.text))) is not None \
                and (base := find_money(pledge.group("sum"))) and (cap := find_money(lower.group("cap"))):
            # 按乙方生产设备投资的8%与人民币3,000万元孰低确定。乙方承诺生产设备投资4.2亿元: the lower of the two
            self._grant_sum, self._grant_paid = min(money(base[0].value * Decimal(lower.group("p")) / HUNDRED), cap[0].value), []
        elif _BY_CAP_RE.search(compact(clause.text)) and (caps := _caps(compact(clause.text))):
            # 以人民币400万元为限；…按8%计算超过限额的，补助按限额确定。补助分两次兑现：…兑现60%: the cap is the sum
            self._grant_sum, self._grant_paid = caps[0], []
        self._lead = self._intro  # the clause before, when it introduces this one (…施工现场分段移交：)
        end = clause.text.rstrip()[-1:]
        if end and end in "：:—":  # 发包人分两批向承包人移交施工场地——
            self._intro = compact(clause.text)
        elif end not in "；;":  # items of a list end in semicolons until the last
            self._intro = ""
        last: list[Obligation] = []  # what the sentence before owes
        texts = [compact(s) for s in sentences]
        # sums a clause spreads over years or periods by a rule of its own, the first reading that finds any
        even, spread = [], []
        for spread_by in (self._even_years, self._period_shares, self._stepped_years, self._pledged_advance,
                          self._numbered_period_sums, self._yearly_formula_sums):
            even, spread = spread_by(texts, clause.page)
            if even:
                break
        for n, sentence in enumerate(sentences):
            text = compact(sentence)
            quoted = _QUOTED_ORIGINAL_RE.match(text) is not None
            changed = _CHANGED_TO_RE.search(text) if quoted else None
            if n in spread:
                obs = [ob for ob in even if self._keep(ob)] if n == spread[0] else []
            elif (moved := self._moved(text)) is not None:
                obs = moved
            elif (row_time := _ROW_TIME_GIVEN_RE.match(without_number(text))) is not None and not find_money(text) \
                    and (key := _row_key(row_time.group("row"), self._row_sums)) in self._row_sums \
                    and (due := parse_deadline(self._dated(text), bare_date_ok=True)) is not None:
                # 付款期限 | 见Ⅲ・ⅱ, then Ⅲ・ⅱ 第2次付款于…前的第十日支付: the row's sum at the time the clause gives
                obs = [ob for ob in [Obligation("payment", GOVERNMENT, self._row_sums.pop(key), None, due, clause.page,
                                                text)] if self._keep(ob)]
            elif changed is not None:  # only what the sentence changes the quoted terms to is owed
                noun = classify(text[: changed.start()])[0]
                owed = text[changed.end():]
                subject = _QUOTED_SUBJECT_RE.search(text, 0, changed.start())
                if classify(owed)[0] is None and subject is not None:
                    owed = subject.group("s") + owed  # 基础设施配套补助 …调整为分三年兑现：…各兑现人民币600万元
                obs = [replace(ob, kind=noun) if noun == "subsidy" and ob.kind == "payment" else ob
                       for ob in self.from_sentence(owed, clause.page, heading, previous, granted)]
            elif (seasons := _SEASONS_IN_FORCE_RE.match(text)) is not None and f"该{seasons.group('span')}" in previous \
                    and not last:
                # …于该采摘季结束之日所在季度的最后一日兑现；本款执行2026—2027、2027—2028两个采摘季: once for each
                span = seasons.group("span")
                obs = self._once_each(previous, f"该{span}", [f"{y0}—{y1}年{span}" for y0, y1 in re.findall(
                    r"(20\d{2})[—－\-/／](20\d{2})", seasons.group("seasons"))], clause.page, heading, granted)
            elif (in_force := _SEASON_YEARS_IN_FORCE_RE.match(text)) is not None \
                    and f"该{in_force.group('span')}" in previous and not last:
                # …于该加工季结束之日所在月份的下一个月的第二个星期二兑现；本款执行2027、2028两个加工季: once for each year's
                span = in_force.group("span")
                obs = self._once_each(previous, f"该{span}", [f"{year}年{span}" for year in _years_listed(in_force.group("years"))],
                                      clause.page, heading, granted)
            elif (in_force := _YEARS_IN_FORCE_RE.match(text)) is not None and "次年" in previous and not last:
                # …于次年“三八”国际妇女节前兑现；本目执行2027、2028两个年度: the sentence before, once for each year
                obs = self._once_each(previous, "次年", [f"{year + 1}年" for year in _years_listed(in_force.group("years"))],
                                      clause.page, heading, granted)
            elif in_force is not None and "当年" in previous and not last:
                # …于当年雪顿节开幕之日的前一日支付；本款执行2026—2028年: each year's whose day the contract gives
                obs = [ob for year in _years_listed(in_force.group("years"))
                       for ob in self._once_each(previous, "当年", [f"{year}年"], clause.page, heading, granted)
                       if ob.due.date is not None and ob.due.date.year == year]
            elif (later := _TERM_POSTPONED_RE.search(text)) is not None \
                    and (moved_obs := self._postponed(later, clause.page, heading)) is not None:
                # （补充）…第四条的挂牌期限顺延至2026年8月31日；第五条的净地交付期限相应顺延: the duties at their new times
                obs = moved_obs
            elif (net := _ROW_NET_FORMULA_RE.search(text)) is not None \
                    and (row_obs := self._row_obs.get(_row_key(net.group("row"), self._row_obs))) \
                    and len(row_obs) == 1 and row_obs[0] in self.found \
                    and (worked := evaluate(net.group("expr"), self._price_or_named)) is not None and worked > 0:
                # 第04期实付金额＝合同总价×20%－旧信号机回收款 (回收款为人民币18,600.00元): the row's sum, net
                self._drop(row_obs[0])
                obs = [ob for ob in [replace(row_obs[0], amount=money(worked), percent=None)] if self._keep(ob)]
                self._row_obs[_row_key(net.group("row"), self._row_obs)] = obs
            elif (changed_row := _ROW_CHANGED_RE.match(text)) is not None \
                    and ((row_obs := self._row_obs.get(key := _row_key(changed_row.group("row"), self._row_obs)))
                         or (row_obs is not None and _ROW_TIME_BECOMES_RE.search(text)
                             and _SUM_UNCHANGED_RE.search(compact(clause.text)))):
                # (a row that owed nothing yet, its time not known, at the new time with the sum the sentence restates)
                obs = self._changed_row(row_obs, text, clause.page, heading, previous)
            elif changed_row is not None and (key := _row_key(changed_row.group("row"), self._row_sums)) in self._row_sums \
                    and (_MOVED_TO_RE.search(text) is not None or _ROW_TIME_BECOMES_RE.search(text) is not None):
                # 第3笔付款期限由“2027年夏灌结束之日的次月第一个星期一”提前为“…”: a row that owed nothing yet, at its new time
                unsure = Obligation("payment", GOVERNMENT, self._row_sums.pop(key), None, Deadline(0, 0), clause.page, text)
                obs = self._changed_row([unsure], text, clause.page, heading, previous)
            elif (bound := _THAT_OR_EARLIER_RE.search(text)) is not None and last \
                    and (days := find_dates(bound.group("day"))):
                # …支付人民币316,000.00元；该期限与“2026年立冬前”两者以较早者为准: the day bounds the time before
                obs = []
                for ob in last:
                    self._drop(ob)
                    added.remove(ob)
                    if self._keep(bounded := replace(ob, due=Deadline(0, 0, date=days[0].value))):
                        obs.append(bounded)
            else:
                obs = self.from_sentence(sentence, clause.page, heading, previous, granted)
                if obs and quoted:
                    obs = self._amended(obs, self._clause)
            added += obs
            last = obs
            # 质保金：…计人民币324,000.00元。质保期自…至2028年10月31日止；…甲方至迟于…支付: a sentence that only defines
            # a period leaves the sum named before it for the next
            previous = previous + text if not obs and _PERIOD_SPAN_ONLY_RE.fullmatch(text) else text
        if granted:
            self._grant_paid += [ob.amount for ob in added if ob.kind == "subsidy" and ob.amount is not None]
        if (label := _LABEL_TOKEN_RE.match(clause.text)) is not None and added:
            self._labelled.setdefault(compact(label.group("label")), []).extend(added)
        if self._part == "general" and number:
            self._general.setdefault(number, []).extend(added)
        elif not self._part and number:
            self._unparted.setdefault(number, []).extend(added)
        for m in _CHANGES_ITEM_RE.finditer(compact(clause.text)):
            for ob in self._items.pop((to_int(m.group("article")) or 0, to_int(m.group("item")) or 0), []):
                if ob not in added:
                    self._drop(ob)
        if self._tiers and (yearly := self._tier_rewards(compact(clause.text), clause.page)):
            added += [ob for ob in yearly if self._keep(ob)]
        if self._tiers and _BY_TIER_RE.search(text := compact(clause.text)) and (pledged := _PLEDGED_SUM_RE.search(text)) \
                and (sums := find_money(pledged.group())):
            # 乙方承诺一期固定资产投资人民币6.8亿元，奖励金额按上表对应档次确定: the tier's reward is the grant the next
            # clause pays in parts (奖励分两次兑现：…兑现一半)
            tier = next((amount for low, high, amount in self._tiers
                         if low <= sums[-1].value and (high is None or sums[-1].value < high)), None)
            if tier is not None:
                self._grant_sum, self._grant_paid = tier, []
        if (article := _ARTICLE_RE.match(clause.heading)) and (item := _ITEM_NO_RE.match(clause.text)):
            self._items.setdefault((to_int(article.group(1)) or 0, int(item.group(1))), []).extend(added)
        return added

    def _even_years(self, texts: list[str], page: int) -> tuple[list[Obligation], list[int]]:
        """A sum paid in equal parts over the years a sentence names, each on the day a later sentence gives in each
        year (专项资金人民币3,600万元作为建设期补助，自2028年起分三年平均拨付…；甲方于每年冰雪季结束之日（3月15日）前拨付
        当年部分 → 1,200万元 on 2028-03-15, 2029-03-15 and 2030-03-15), and the sentences that say so; ([], [])
        when no sentence does or the counterparty pays."""
        for n, text in enumerate(texts):
            if (split := _EVEN_YEARS_RE.search(text)) is None:
                continue
            count = to_int(split.group("n")) or 0
            years = ([int(y) for y in re.findall(r"20\d{2}", split.group("list"))] if split.group("list")
                     else list(range(int(split.group("from")), int(split.group("from")) + count)))
            # the sum: the last one named before the split, in its sentence or the clause's earlier ones
            sums = [m.value for m in find_money(text[:split.start()]) if not unit_price(text, m)] \
                or [m.value for t in texts[:n] for m in find_money(t) if not unit_price(t, m)]
            kind = classify(text[:split.end()])[0]
            if len(years) != count or not sums or kind not in ("payment", "subsidy"):
                return [], []
            for k, t in enumerate(texts[n:], n):
                day_text = (t[split.end():] if k == n else t).replace("每年的", "")
                dues = [self._year_day(day_text, y) for y in years] if _EACH_YEAR_DAY_RE.search(day_text) else []
                if dues and all(dues):
                    break
            else:
                return [], []
            if self._agent(text + day_text, classify(text + day_text)[1]) == COUNTERPARTY:
                return [], []
            obs = [Obligation(kind, GOVERNMENT, money(sums[-1] / count), None, due, page, text) for due in dues if due]
            self._year_dues.update(zip(years, obs, strict=True))
            return obs, [n, k]  # (the sentences between, if any, say something else)
        return [], []

    def _pledged_advance(self, texts: list[str], page: int) -> tuple[list[Obligation], list[int]]:
        """A reward per unit advanced on a share of the pledged quantity (乙方每收购…鲜奶1吨，甲方奖励人民币100元。乙方承诺2027年
        挤奶季收购量不低于8,000吨，甲方按承诺收购量的80%计算预拨额，于…预拨 → 8,000 × 100 × 80% = 640,000), and the
        sentence that says when; ([], []) when none does."""
        whole = "".join(texts)
        rate = _PER_UNIT_REWARD_RE.search(whole)
        for n, text in enumerate(texts):
            if rate is None or (advance := _PLEDGED_ADVANCE_RE.search(text)) is None:
                continue
            pledged = re.search(rf"承诺[^。；]{{0,20}}?{re.escape(advance.group('what'))}(?:不低于|为|达到)(?P<qty>[\d.,]+)"
                                rf"(?P<wan>万)?{re.escape(rate.group('unit'))}", whole)
            due = parse_deadline(self._dated(text[advance.end():]), bare_date_ok=True)
            per = to_decimal(rate.group("q").replace(",", ""))
            if pledged is None or due is None or not per:
                return [], []
            qty = Decimal(pledged.group("qty").replace(",", "")) * (10_000 if pledged.group("wan") else 1)
            amount = money(qty / per * Decimal(rate.group("rate").replace(",", "")) * Decimal(advance.group("p")) / HUNDRED)
            return [Obligation("subsidy", GOVERNMENT, amount, None, due, page, text)], [n]
        return [], []

    def _stepped_years(self, texts: list[str], page: int) -> tuple[list[Obligation], list[int]]:
        """A sum paid over years, rising by a step each year (设备补助分三年兑现：2028年兑现人民币200万元，以后每年比上一年增加
        人民币100万元；每年的兑现期限为当年5月的第三个星期二 → 200万 on 2028-05-16, 300万 on 2029-05-15, 400万 on
        2030-05-21), and the sentences that say so; ([], []) when none does."""
        for n, text in enumerate(texts):
            if (step := _STEPPED_YEARS_RE.search(text)) is None:
                continue
            count, first_year = to_int(step.group("n")) or 0, int(step.group("y"))
            first, rise = find_money(step.group("first")), find_money(step.group("step"))
            day = next(((k, m) for k, t in enumerate(texts[n:], n) if (m := _EACH_YEARS_DAY_RE.search(t))), None)
            if not 1 < count <= 10 or not first or not rise or day is None:
                return [], []
            dues = [self._year_day(f"于{day[1].group('when')}", first_year + k) for k in range(count)]
            if None in dues:
                return [], []
            kind = "subsidy" if SUBSIDY_RE.search(text) or self.fields.kind == "investment" else "payment"
            obs = [Obligation(kind, GOVERNMENT, money(first[0].value + k * rise[0].value), None, due, page, text)
                   for k, due in enumerate(dues) if due is not None]
            return obs, sorted({n, day[0]})
        return [], []

    def _period_shares(self, texts: list[str], page: int) -> tuple[list[Obligation], list[int]]:
        """A part of the price paid in equal shares over the contract's numbered years (运维及计量检定服务共三个运维年度，第一个
        运维年度自2026年12月1日起算，每十二个月为一个运维年度。每个运维年度的运维费＝第7项运维及计量检定服务费÷运维年度数，…
        甲方于该运维年度届满之日起满二十日支付 → 84,000 on 2027-12-20, 2028-12-20 and 2029-12-20), and the sentences that
        say so; ([], []) when none does."""
        for n, text in enumerate(texts):
            if (share := _PERIOD_SHARE_RE.search(text)) is None:
                continue
            noun, whole = share.group("noun"), " ".join(self._texts)
            count = re.search(rf"(?<![第每为一])(?:共|计)?(?P<n>[一二两三四五六七八九十\d]{{1,2}})个{noun}", whole)
            first = re.search(rf"(?:第一个)?{noun}(?:自|从)(?P<start>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)起算?", whole)
            part = part_named(self.parts, share.group("part"))
            periods = (to_int(count.group("n")) or 0) if count else 0
            if part is None or first is None or not 1 < periods <= 30:
                return [], []
            if (start := _first_day(first.group("start"))) is None:
                return [], []
            ends = [add_months(start, 12 * k) - timedelta(days=1) for k in range(1, periods + 1)]
            for k, t in enumerate(texts[n:], n):
                if (that := re.search(rf"该{noun}(?:届满|结束|期满)之日", t)) is None:
                    continue
                dues = [parse_deadline(self._dated(t.replace(that.group(), _written(end))), bare_date_ok=True) for end in ends]
                if all(due is not None and due.date is not None for due in dues):
                    amount = money(part / periods)
                    return [Obligation("payment", GOVERNMENT, amount, None, due, page, text) for due in dues if due], [n, k]
            return [], []
        return [], []

    def _numbered_period_sums(self, texts: list[str], page: int) -> tuple[list[Obligation], list[int]]:
        """A sum each numbered year works out by a formula with that year's share (第一个租赁年度按实缴租金的100%补贴，第二个
        租赁年度按60%补贴…；补贴金额＝4,000平方米×12元×12个月×补贴比例，于该租赁年度届满之日后的第一个星期四兑现, the
        租赁年度 counted from 2026年7月1日 → 576,000 on 2027-07-01 and 345,600 on 2028-07-06), and the sentences that say so;
        ([], []) when none does."""
        for n, text in enumerate(texts):
            shares = list(_NUMBERED_PERIOD_SHARE_RE.finditer(text))
            if not shares or len({m.group("noun") for m in shares}) != 1:
                continue
            noun = shares[0].group("noun")
            formula = next(((k, m) for k, t in enumerate(texts[n:], n) if (m := _SUM_FORMULA_RE.search(t))), None)
            first = re.search(rf"(?:第一个)?{noun}(?:自|从)(?P<start>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)起算?", " ".join(self._texts))
            kind = classify(text)[0]
            if formula is None or first is None or kind not in ("payment", "subsidy") or self._agent(text, classify(text)[1]) == COUNTERPARTY:
                return [], []
            start, obs = _first_day(first.group("start")), []
            if start is None:
                return [], []
            whole = " ".join(self._texts)
            rate = _RENT_RATE_RE.search(whole)
            rise = _RATE_RISE_RE.search(whole)
            for m in shares:
                k = to_int(m.group("n")) or 0
                share = Decimal(m.group("p")) / HUNDRED
                # (该租赁年度的租金单价: 13元, then 上浮3% a year, each year's rounded to the fen)
                unit = find_money(rate.group("rate"))[0].value if rate and find_money(rate.group("rate")) else None
                for _ in range(k - 1 if unit is not None and rise else 0):
                    unit = money(unit * (1 + Decimal(rise.group("p")) / HUNDRED))

                def value(name: str, share: Decimal = share, unit: Decimal | None = unit) -> Decimal | None:
                    return share if name.endswith("比例") else unit if name.endswith("单价") else None
                worked = evaluate(formula[1].group("expr"), value)
                end = add_months(start, 12 * k) - timedelta(days=1)
                when = next((t.replace(that.group(), _written(end)) for t in texts[formula[0]:]
                             if (that := re.search(rf"该{noun}(?:届满|结束|期满)之日", t))), None)
                due = parse_deadline(self._dated(when), bare_date_ok=True) if when and k > 0 else None
                if worked is None or worked <= 0 or due is None or due.date is None:
                    return [], []
                obs.append(Obligation(kind, GOVERNMENT, money(worked), None, due, page, text))
            return obs, sorted({n, formula[0]})
        return [], []

    def _year_day(self, text: str, year: int) -> Deadline | None:
        """The day in ``year`` (or the year after, for 次年) that ``text`` gives each year (每年冰雪季结束之日（3月15日）前 /
        当年…开幕之日前的最后一个星期五 / 次年6月的第二个星期三前), or None."""
        after = _EACH_YEAR_DAY_RE.search(text)
        year += after is not None and after.group() in ("次年", "翌年")
        text = _EACH_YEAR_DAY_RE.sub(f"{year}年", text)
        due = parse_deadline(named_days_dated(self._dated(text), self._clause + text), bare_date_ok=True)
        return due if due is not None and due.date is not None and due.date.year == year else None

    def _tier_rewards(self, text: str, page: int) -> list[Obligation]:
        """The reward of each year's pledge, by the tier its sum falls in, on the day of the year after that the tier
        table's intro gives (乙方承诺2027、2028、2029年度的入库税收分别不低于人民币1,600万元、2,400万元和3,000万元。甲方按
        承诺额所在档次的奖励金额兑现, under 奖励于次年6月的第二个星期三前兑现); [] when the clause pledges no such sums."""
        if not _TIER_OF_PLEDGE_RE.search(text) or (pledged := _YEARS_PLEDGED_RE.search(text)) is None:
            return []
        years, sums = _years_listed(pledged.group("years")), [m.value for m in find_money(pledged.group("sums"))]
        rewards = [next((amount for low, high, amount in self._tiers if low <= s and (high is None or s < high)), None)
                   for s in sums]
        dues = [self._year_day(self._tier_day, year) for year in years]
        if len(years) != len(sums) or None in rewards or not all(dues):
            return []
        obs = [Obligation("subsidy", GOVERNMENT, reward, None, due, page, text)
               for reward, due in zip(rewards, dues, strict=True) if reward is not None and due is not None]
        self._year_dues.update(zip(years, obs, strict=True))
        return obs

    def _formulas(self, table: TableBlock) -> TableBlock:
        """``table`` with a 计算方式 column of formulas over named parts of the price (外币×20%, 设备部分×25%＋第6项…费)
        turned into the money column they give, when the table has none of its own and every row's formula works out."""
        header = [compact(h) for h in table.header]
        at = next((i for i, h in enumerate(header) if _FORMULA_HEADER_RE.search(h)), None)
        if at is None or not self.parts or any(_COLUMN_WORDS["money"].search(h) for h in header):
            return table
        aliases = {m.group("alias"): m.group("name") for text in (table.intro, *self._recent[-2:])
                   for m in _PART_ALIAS_RE.finditer(compact(text))}
        sums = [formula_amount(compact(r[at]), self.parts, aliases) if at < len(r) else None for r in table.rows]
        if not any(sums):
            return table
        if any(s is None for r, s in zip(table.rows, sums, strict=True)
               if at < len(r) and compact(r[at]) and not _DASH_RE.fullmatch(compact(r[at]))):
            # (路段A合同价款×70% above 累计支付至签约合同价的80%: the formulas' sums in a column of their own, the shares
            # read from the rows' cells as before)
            if any(s is not None and not re.search(r"[×*]", compact(r[at])) for r, s in zip(table.rows, sums, strict=True)):
                return table
            rows = [[*r, f"{s}" if s is not None else ""] for r, s in zip(table.rows, sums, strict=True)]
            return replace(table, header=[*table.header, "金额（元）"], rows=rows)
        rows = [[*r[:at], f"{s}", *r[at + 1:]] if s is not None else r for r, s in zip(table.rows, sums, strict=True)]
        return replace(table, header=[*table.header[:at], "金额（元）", *table.header[at + 1:]], rows=rows)

    def _column_formulas(self, table: TableBlock) -> TableBlock:
        """``table`` with a column the clause before defines as a formula over its other columns (本节点实付金额＝节点产值×
        80%－本节点扣回预付款, the column left blank for the supervisor to fill) worked out for each row, in yuan (a 万元
        column scaled, a dash as nothing)."""
        said = " ".join(compact(t) for t in (table.intro, *self._recent[-2:]))
        header = [compact(h) for h in table.header]
        names = [re.sub(r"[（(][^（）()]*[)）]$", "", h) for h in header]

        def column(name: str) -> int | None:
            name = _THIS_ROW_RE.sub("", name)
            found = [i for i, n in enumerate(names) if n and (n == name or (len(n) >= 3 and (name.endswith(n) or n.endswith(name))))]
            return found[0] if len(found) == 1 else None
        for m in _COLUMN_FORMULA_RE.finditer(said):
            target = column(m.group("target"))
            if target is None or any(compact(r[target]) for r in table.rows if target < len(r) and not _TOTAL_ROW_RE.search(compact(r[0]))):
                continue

            def cell(name: str, row: list[str], target: int = target) -> Decimal | None:
                if (i := column(name)) is None or i == target or i >= len(row):
                    return None
                text = compact(row[i]).replace(",", "")
                if _DASH_RE.fullmatch(text) or not text:
                    return Decimal(0)
                scale = UNIT_SCALE.get(unit.group(1), Decimal(1)) if (unit := re.search(r"[（(](万元|亿元|元)[)）]", header[i])) else 1
                return figure * scale if (figure := to_decimal(text)) is not None else None
            rows = []
            for r in table.rows:
                worked = evaluate(m.group("expr"), functools.partial(cell, row=r)) if target < len(r) else None
                rows.append([str(money(worked)) if i == target and worked is not None and worked > 0 else c for i, c in enumerate(r)])
            if any(compact(r[target]) for r in rows if target < len(r)):
                return replace(table, header=[f"{names[target]}（元）" if i == target else h for i, h in enumerate(table.header)],
                               rows=rows)
        return table

    def _amending_table(self, header: list[str], rows: list[list[str]]) -> list[Obligation] | None:
        """A table amending labelled clauses (条款 | 审核意见 | 处理结果: ●三・1首批建设期补助的拨付期限 | … | 修改为：…最迟不晚于
        2026年11月30日; ●四・3运营启动补助 | … | 删除，甲方不承担该项支付义务): the obligations of a deleted clause dropped, those
        of a clause whose time is changed moved (the first only, for 首批); None for any other table."""
        where = next((i for i, h in enumerate(header) if re.fullmatch(r"(?:涉及)?条款(?:及事项)?|条款位置", h)), None)
        result = next((i for i, h in enumerate(header) if re.search(r"处理结果|处理意见|修改结果|落实情况", h)), None)
        if where is None or result is None:
            return None
        added: list[Obligation] = []
        for row in rows:
            if max(where, result) >= len(row) or (label := _LABEL_TOKEN_RE.match(compact(row[where]))) is None:
                continue
            key = compact(label.group("label")).replace("·", "・")  # (●三·1 as a table's cell may write ●三・1)
            obs = [o for k, found in self._labelled.items() if k.replace("·", "・") == key for o in found if o in self.found]
            done = compact(row[result])
            if re.match(r"删[除去](?![“\"])", done):  # (删除“一次性”三字: words, not the clause)
                for ob in obs:
                    self._drop(ob)
                continue
            if (new := _CHANGED_TO_RE.search(done)) is None or not obs:
                continue
            text = done[new.end():]
            limit = _OUTER_LIMIT_RE.search(text)
            due = parse_deadline(self._dated(text[limit.start():] if limit else text), bare_date_ok=True)
            if due is None:
                continue
            first = re.search(r"首批|首期|第一(?:批|期|笔|次)", compact(row[where]))
            sums = find_money(text)  # (修改为：…拨付人民币300万元: the new sum too)
            for ob in obs[:1] if first else obs:
                self._drop(ob)
                if self._keep(moved := replace(ob, due=due, amount=sums[0].value if len(sums) == 1 else ob.amount)):
                    added.append(moved)
        return added

    def _net_instalments(self, table: TableBlock) -> TableBlock:
        """``table`` of periods with two sums the clause before nets (当年度政府付费＝可用性付费－收入分成保底额) and pays in
        instalments it times by the period (第一期为40%，于该运营年度旅游旺季结束之日（9月30日）后的第一个星期五支付；第二期为60%，
        于该运营年度届满之日（次年4月30日）前的最后一个星期三支付), turned into one row per instalment: its day in the row's
        period and its share of the net sum."""
        said = " ".join(compact(t) for t in (*self._recent[-2:], table.intro))
        header = [re.sub(r"[（(].*", "", compact(h)) for h in table.header]
        net = _NET_SUM_RE.search(said)
        parts = list(_TIMED_SHARE_RE.finditer(said))
        if net is None or len(parts) < 2 or net.group("a") not in header or net.group("b") not in header:
            return table
        a, b = header.index(net.group("a")), header.index(net.group("b"))
        scale = _unit_scale(said)
        rows = []
        for r in table.rows:
            span = next((m for c in r if (m := _ROW_SPAN_RE.search(compact(c))) is not None), None)
            x, y = (to_decimal(compact(r[i]).replace(",", "")) if i < len(r) else None for i in (a, b))
            if span is None or x is None or y is None or x <= y:
                continue  # (a deduction as large as the sum leaves nothing to pay)
            start, end = _first_day(span.group()), _first_day(span.group("end"))
            if start is None or end is None:
                continue
            for part in parts:
                # (该运营年度旅游旺季结束之日（9月30日）: the season in the row's period, the bracket restating its day)
                when = re.sub(r"[（(](?:次年)?\d{1,2}月\d{1,2}日[)）]", "", part.group("when"))
                when = re.sub(r"该[\u4e00-\u9fff]{0,2}年度(?=[\u4e00-\u9fff]{2,6}(?:开始|结束)之日)", "", when)
                when = self._seasons_in(_PERIOD_END_RE.sub(_written(end), when), start, end)
                share = money((x - y) * scale * Decimal(part.group("p")) / HUNDRED)
                rows.append([compact(r[0]), f"于{when}", str(share)])
        return replace(table, header=["运营年度", "付款期限", "金额（元）"], rows=rows) if rows else table

    def _year_days_only(self, table: TableBlock) -> TableBlock:
        """``table`` of years and the days each is paid on (运营年度 | 第一次表定付款日 | 第二次表定付款日), no sums, turned into
        one row per day with its share of the year's sum (``_year_sums``), when the clause before says it is paid in equal
        parts (分两次各支付一半)."""
        header = [compact(h) for h in table.header]
        days = [i for i, h in enumerate(header) if _PAY_DAY_HEADER_RE.search(h)]
        intro = " ".join(compact(t) for t in (table.intro, *self._recent[-2:]))
        if not self._year_sums or not days or any(_COLUMN_WORDS["money"].search(h) for h in header) \
                or not re.search(r"各支付一半|各半|平均支付|等额支付", intro):
            return table
        rows = []
        for r in table.rows:
            year = re.fullmatch(r"(20\d{2})年(?:度)?", compact(r[0])) if r else None
            if year is None or (whole := self._year_sums.get(int(year.group(1)))) is None:
                continue
            rows += [[compact(r[0]), compact(r[i]), str(money(whole / len(days)))] for i in days if i < len(r)]
        return replace(table, header=["运营年度", "付款日期", "金额（元）"], rows=rows) if rows else table

    def _ticked_months(self, table: TableBlock) -> TableBlock:
        """``table`` with a chart of months (2026年付款月份 over 7月 | 8月 | …, a “√” in the month a row is paid) turned into
        a 付款期限 column, the day of that month the clause before gives (甲方于该月的最后一个工作日前支付)."""
        header = [compact(h) for h in table.header]
        at = next((i for i, h in enumerate(header) if _MONTHS_HEADER_RE.fullmatch(h)), None)
        rule = next((m for text in (table.intro, *reversed(self._recent[-3:])) if (m := _THAT_MONTH_RULE_RE.search(compact(text)))),
                    None)
        if at is None or rule is None or not table.rows or (year := _MONTHS_HEADER_RE.fullmatch(header[at])) is None:
            return table
        months = [re.fullmatch(r"(\d{1,2})月(?:份)?", compact(c)) for c in table.rows[0][at:]]
        if not all(months) or any(compact(c) for c in table.rows[0][:at]):
            return table
        rows = []
        for r in table.rows[1:]:
            ticked = [int(m.group(1)) for c, m in zip(r[at:], months, strict=False) if m and _TICK_RE.search(c)]
            when = f"于{year.group('y')}年{ticked[0]}月的{rule.group('rule')}前" if len(ticked) == 1 else ""
            rows.append([*r[:at], when])
            if when and r and (name := compact(r[0])):
                # 于验收款付款月份的次月最后一个工作日前: the month after the one the row is paid in
                after = add_months(date(int(year.group("y")), ticked[0], 1), 1)
                self.defined_days.setdefault(f"{name}付款月份的次月", f"{after.year}年{after.month}月的")
                self.defined_days.setdefault(f"{name}付款月份", f"{year.group('y')}年{ticked[0]}月")
        return replace(table, header=[*table.header[:at], "付款期限"], rows=rows)

    def _seasons_in(self, text: str, start: date, end: date) -> str:
        """``text`` with a season's start or end that names no year written as the one between ``start`` and ``end``
        (冰雪季结束之日起满三十日 in the 运营年度 2027年11月1日—2028年10月31日, the 冰雪季 being 每年11月15日至次年3月15日 →
        2028年3月15日起满三十日)."""
        for name, (first, last) in self.seasons.items():
            def inside(m: re.Match, first: tuple[int, int] = first, last: tuple[int, int] = last) -> str:
                month, day = first if m.group("which") == "开始" else last
                days = [date(y, month, min(day, calendar.monthrange(y, month)[1])) for y in range(start.year, end.year + 1)]
                found = [d for d in days if start <= d <= end]
                return _written(found[0]) if len(found) == 1 else m.group()
            text = re.sub(rf"(?<![\d年每当次该本]){re.escape(name)}(?P<which>开始|结束)之日", inside, text)
        return text

    def _once_each(self, previous: str, placeholder: str, each: list[str], page: int, heading: str,
                   granted: bool) -> list[Obligation]:
        """What the sentence before owes, once for each of ``each`` written in place of ``placeholder`` (该采摘季 →
        2026—2027年采摘季, 2027—2028年采摘季; 次年 → 2028年, 2029年), as a clause listing the years or seasons in force says."""
        return [ob for words in each for ob in self.from_sentence(previous.replace(placeholder, words), page, heading, "",
                                                                  granted)]

    def _label_day(self, label: str) -> date | None:
        """The day the clause labelled ``label`` (⑵・1, 乙・3) sets, as a later clause moves it if one does (原合同乙・3约定的
        B区施工场地移交期限，由“2026年6月15日前”调整为“2026年6月30日前”), or None."""
        for clause in self._texts[self._read:]:
            if (m := re.search(re.escape(label) + r"约定的[^“”\"。；]{0,30}?" + _MOVED_FROM_TO_RE.pattern, clause)) \
                    and (new := parse_deadline(self._dated(m.group("b")), bare_date_ok=True)) and new.date is not None:
                return new.date
        dated = {o.due.date for o in self._labelled.get(label, []) if o.due.date is not None}
        return dated.pop() if len(dated) == 1 else None

    def _moved(self, text: str) -> list[Obligation] | None:
        """What a sentence moving a time found earlier owes (原合同乙・3约定的B区施工场地移交期限，由“2026年6月15日前”调整为
        “2026年6月30日前”; 第6笔质量保证金的返还期限，由“缺陷责任期届满之日起满十四日”调整为“…满二十八日”): the obligations
        due at the old time, at the new one; None when the sentence moves none of them."""
        m = _MOVED_FROM_TO_RE.search(text)
        if m is None or _NEW_SUM_RE.search(text) or re.search(r"(?:比例|金额)(?:相应)?由", text):
            return None  # (第三次付款比例由20%调整为15%，金额…，付款期限由…: the row changed whole, see _changed_row)
        old, new = (parse_deadline(self._dated(m.group(k)), bare_date_ok=True) for k in ("a", "b"))
        if old is None or new is None:
            return None
        named = classify(text[:m.start()])[0]  # (施工场地移交期限由…: the land, not a payment due the same day)
        hits = [o for o in self.found if o.debtor == GOVERNMENT and o.due.as_json() == old.as_json()
                and named in (None, o.kind)]
        if not hits:
            return None
        moved = []
        for ob in hits:
            self._drop(ob)
            if self._keep(new_ob := replace(ob, due=new, text=text)):
                moved.append(new_ob)
        return moved

    def _changed_row(self, row_obs: list[Obligation], text: str, page: int, heading: str, previous: str) -> list[Obligation]:
        """What a table row owes once a later sentence changes it (第三次付款比例由20%调整为15%，金额…4,026,000.00元，付款
        期限由…调整为“2027年5月20日前”: the sentence says it all; 第四次…金额调整为人民币10,736,000.00元，…付款期限不变: the
        row's time with the new sum; 第3笔付款期限由“…”提前为“2027年6月4日”: the row's sum at the new time)."""
        for ob in row_obs:
            if ob in self.found:
                self._drop(ob)
        new_sum = _NEW_SUM_RE.search(text)
        amount = find_money(new_sum.group())[0].value if new_sum and find_money(new_sum.group()) else None
        if _TIME_UNCHANGED_RE.search(text):
            kept = [replace(ob, amount=amount, percent=None, text=text) if amount is not None else ob for ob in row_obs[:1]]
            return [ob for ob in kept if self._keep(ob)]
        if amount is None and not find_money(text) and (moved := _MOVED_TO_RE.search(text)) is not None \
                and (due := parse_deadline(self._dated(moved.group("when")), bare_date_ok=True)) is not None:
            # 第3笔付款期限由“…”提前为“2027年6月4日”；第3笔的比例及金额不变: the row's sum at the new time
            return [ob for ob in [replace(row_obs[0], due=due, text=text)] if self._keep(ob)]
        if amount is None and (new := _ROW_TIME_BECOMES_RE.search(text)) is not None \
                and (same := _SUM_UNCHANGED_RE.search(text) or _SUM_UNCHANGED_RE.search(self._clause)) is not None:
            if not row_obs and len(sums := find_money(same.group())) == 1:
                row_obs = [Obligation("payment", GOVERNMENT, sums[0].value, None, Deadline(0, 0), page, text)]
            if not row_obs:
                return []
            # 第3笔的付款期限调整为：付款证书签发之日起14日内，最迟不晚于2026年10月的最后一个工作日；第3笔的比例（20%）及
            # 金额（…）不变: the row's sum at the new time, the outer limit where one is given
            when = new.group("when")
            limit = _OUTER_LIMIT_RE.search(when)
            due = parse_deadline(self._dated(when[limit.start():] if limit else when), bare_date_ok=True)
            if due is not None:
                return [ob for ob in [replace(row_obs[0], due=due, text=text)] if self._keep(ob)]
        return self.from_sentence(text, page, heading, previous)

    @property
    def _clause(self) -> str:
        """The clause being read (a schedule's sentence may be finished by the next one)."""
        return self._recent[-1] if self._recent else ""

    def _amended(self, quoted: list[Obligation], clause: str) -> list[Obligation]:
        """The duties a 补充协议 quotes from the original agreement (原协议第四条约定，甲方于2025年10月15日
        前交付…) are not owed as quoted: the clause moves a dated one by the period it names (该期限延长
        两个月, 提前45日), or states anew what is owed."""
        move = _shift(clause)
        moved = []
        for ob in quoted:
            self._drop(ob)
            if move is not None and ob.due.date is not None:
                new = replace(ob, due=Deadline(0, 0, date=move(ob.due.date)))
                if self._keep(new):
                    moved.append(new)
        return moved

    def _recent_parts(self, word: str) -> Iterator[str]:
        """The parts (between ； and 。) of the last clauses read that mention ``word``, latest first:
        where the clauses before a table say how one of its columns is paid."""
        return (p for clause in reversed(self._recent) for p in re.split(r"[；。]", clause) if word in p)

    def _next_parts(self, word: str) -> Iterator[str]:
        """The parts of the four clauses after the table being read that are headed ``word``: where a
        table is followed by how its columns are paid (第5条 维护费的支付（一）季度应付额：甲方于…)."""
        return (p for clause in self._texts[self._read:self._read + 4] for p in re.split(r"[；。]", clause)
                if re.match(rf"(?:[(（][一二三四五六七八九十\d]{{1,2}}[)）]|\d{{1,2}}[.．、])?{re.escape(word)}[:：]", p))

    def _nearby_parts(self, word: str, reach: int = 4) -> Iterator[str]:
        """The parts of the clauses just read and of the ``reach`` after the table being read that mention ``word``."""
        return itertools.chain(self._recent_parts(word), (p for clause in self._texts[self._read:self._read + reach]
                                                          for p in re.split(r"[；。]", clause) if word in p))

    def _titled_subsidy(self, lead: str) -> bool:
        """True when a clause under a short title naming a subsidy ([肆] 设备补助) grants it without saying who gives
        (按乙方…投资的8%给予补助)."""
        title = self._recent[-2] if len(self._recent) > 1 else ""
        if not (len(title) <= 12 and SUBSIDY_RE.search(title)):
            return False
        kind, verbs = classify(lead)
        return kind == "subsidy" and self._agent(lead, verbs) is None

    def _grants_subsidy(self, lead: str) -> bool:
        """True when a clause opens with the government granting a subsidy (政府方给予…建设投资补助…，
        分两次拨付：), so that its instalments (第一次…拨付) are that subsidy, not a payment."""
        kind, verbs = classify(lead)
        if kind != "subsidy":
            return False
        agent = self._agent(lead, verbs)
        # the giver may go without saying where the clause announces instalments
        # (设备购置补助共计人民币400万元，分两次拨付：) or lists them below (…给予补助，合计人民币1,200万元：)
        # (…；县级财政安排码头建设补助人民币1,800万元。: the government's own budget funds it)
        # (3.1 固定资产投资补助：…。乙方承诺…，补助按最高额…分三次兑现：: a clause labelled by the subsidy grants it,
        # whoever else it names)
        return agent == GOVERNMENT or _SUBSIDY_LABEL_RE.match(lead) is not None or (
            agent is None and (_INSTALMENTS_RE.search(lead) is not None or lead.rstrip().endswith(("：", ":"))
                               or _BUDGET_FUNDS_RE.search(lead) is not None or _GRANT_SUM_RE.search(lead) is not None))

    def _dated(self, text: str) -> str:
        """``text`` with the times the contract pins down elsewhere written as the days they are."""
        text = self._coded(text) if self._codes else text
        text = self._counted_days(text) if self._counted else text
        for dated in (self._instalments_dated, self._signing_dated, self._term_end_dated, self._season_days_dated,
                      self._yearly_days_dated, self._defined_days_dated, self._that_dated, self._day_sets_dated, _month_ends_dated, _relative_days_dated, _corresponding_days, _earlier_of_dated,
                      self._later_of_dated):
            text = dated(text)
        return text

    def _that_dated(self, text: str) -> str:
        """``text`` without a 该 left before a day a name was written as (于该2026年10月28日后… → 于2026年10月28日后…)."""
        return re.sub(r"该(?=\d{4}年\d{1,2}月\d{1,2}日)", "", text)

    def _later_of_dated(self, text: str) -> str:
        """``text`` with the later of two quoted times written as its day (于“2027年台风季结束之日起满二十日”与“…公布之日
        （本合同约定为2027年12月10日）起满十五日”两者中的较晚者支付 → 于2027年12月25日支付), when both are days."""
        def later(m: re.Match) -> str:
            dues = [parse_deadline(self._dated(m.group(k)), bare_date_ok=True) for k in ("a", "b")]
            days = [d.date for d in dues if d is not None and d.date is not None]
            return _written(max(days)) if len(days) == 2 else m.group()
        return _LATER_OF_TWO_RE.sub(later, text)

    def from_sentence(self, sentence: str, page: int, heading: str = "", previous: str = "",
                      granted: bool = False) -> list[Obligation]:
        """Obligations of one sentence; ``previous`` is the sentence before it in the same
        clause, where the object of a bare 返还 may be named (质量保证金为…3%；期满后…返还);
        ``granted``: the clause opened by granting a subsidy."""
        text = self._dated(self._first_season_named(_that_season_named(_REPLACED_WORDING_RE.sub("", compact(sentence)))))
        text = named_days_dated(text, self._clause + text)
        if (period := _WARRANTY_NAMED_RE.search(previous) or _WARRANTY_END_RE.search(previous)) is not None:
            # 质保期一年，自…验收合格之日起计算；期满…的，甲方于期满之日起15个工作日内: the period just named
            # (缺陷责任期…固定至2029年10月15日届满；发包人于届满之日起14个日历天内: that day)
            text = _relative_days_dated(self._term_end_dated(_BARE_END_RE.sub(period.group("noun") + "期满", text)))
        if (cap := _PAID_UP_TO_RE.search(text)) is not None:
            # 工程款（含预付款）累计支付达到签约合同价的80%时，停止支付进度款: payments by measured work
            # bring the total to 80% before any later 累计支付至
            self.paid_percent = max(self.paid_percent, Decimal(cap.group("p")))
        if SKIP_RE.search(text) and not _SETTLED_PENALTY_RE.search(text):
            return []
        if (named := _TABLE_COLUMN_DAY_RE.search(text)) and (days := self._days_of_column(named.group("col"))):
            # 甲方于上表“药剂交付截止日”前将当期药剂…交付乙方: the duty falls on each row's day of that column
            return [ob for day in days
                    for ob in self.from_sentence(f"{text[:named.start()]}{day.year}年{day.month}月{day.day}日"
                                                 f"{text[named.end():]}", page, heading, previous, granted)]
        if (lead := _SUM_THEN_PARTS_RE.match(text)) is not None and not find_deadlines(lead.group("lead")) \
                and not _SPREAD_RE.search(lead.group("lead")):
            # the sum before the colon is announced, the first instalment after it is owed (a sum spread
            # over years or instalments, 分三年兑现：, is read whole by the schedules)
            granted = granted or self._grants_subsidy(lead.group("lead"))
            previous, text = previous + lead.group("lead"), text[lead.end():]
        out = []
        scheduled = self._scheduled(text, page, heading, sentence, previous) or self._year_item(text, page, sentence)
        for seg, due in segments(text) if scheduled is None else []:
            if due.date is not None and _DONE_ON_RE.search(text[:due.start]):
                continue  # 甲方已于2023年9月28日将建设用地交付丙方: done on that day, not owed
            if due.date is not None and _PASSED_ON_RE.match(text, due.end) and _MEETING_RE.search(text[:due.start]):
                continue  # 常务委员会第二十三次会议于2026年5月20日审议通过…决议: the day a resolution was passed
            if due.date is not None and re.search(r"计划(?:于|在)$", text[:due.start]):
                continue  # 项目用地计划于2026年10月28日挂牌成交: a plan that dates what is owed after it, no duty itself
            if _TO_BE_AGREED_RE.search(next((text[s:e] for s, e in _split_subclauses(text) if s <= due.start < e), "")):
                continue  # …的支付方式，由三方于2027年12月31日前另行协商确定: a term to agree on by then, nothing owed yet
            if due.date is not None and _ORIGINALLY_RE.search(text[max(0, due.start - 8):due.start]) \
                    and _CHANGED_TO_RE.search(self._clause, max(0, self._clause.find(text)) + due.start):
                continue  # 原约定于2025年12月31日前建成通车；…调整为2026年3月31日前: the old date is owed no more
            ob = self._from_segment(seg, due, page, heading, sentence, previous + text, granted=granted)
            if ob is None and out and out[-1].amount is None and _NEXT_BATCH_RE.match(seg):
                # 分两批运抵现场：第一批…于2026年6月15日前，第二批…于2026年8月17日前: the next batch of the same duty
                ob = replace(out[-1], due=due)
            if ob is not None and self._keep(ob):
                out.append(ob)
        return out + [ob for ob in scheduled or [] if self._keep(ob)]

    def _periods_festival(self, m: re.Match, when: str, row_text: str) -> str:
        """``when`` with a festival inside the period its row names written with its year (代储补贴 | 2026—2027储存年度 | … |
        该储存年度内的春节前, a 储存年度 being 7月1日至次年6月30日 → 2027年春节前)."""
        span = self.seasons.get(m.group("span"))
        named = re.search(rf"(?P<y0>20\d{{2}})年?(?:[—－\-~～至](?P<y1>20\d{{2}}))?年?{re.escape(m.group('span'))}", row_text)
        if span is None or named is None:
            return when
        y0 = int(named.group("y0"))
        try:
            first = date(y0, *span[0])
            last = date(y0 + (span[1] < span[0]), span[1][0], min(span[1][1], calendar.monthrange(y0 + (span[1] < span[0]),
                                                                                               span[1][0])[1]))
        except ValueError:
            return when
        for year in (y0, y0 + 1):
            eve = festival_eve(year, m.group("fest"))
            if eve is not None and first <= eve + timedelta(days=1) <= last:
                return when.replace(m.group(), f"{year}年{m.group('fest')}{m.group('rest')}")
        return when

    def _postponed(self, m: re.Match, page: int, heading: str) -> list[Obligation] | None:
        """The duties a clause postpones (第四条的挂牌期限顺延至2026年8月31日) at the new day, and those of the clauses it says
        follow (第五条的净地交付期限相应顺延: read again with 挂牌期限届满之日 as the new day); None when the clause named owes
        nothing found."""
        label, what = m.group("label"), m.group("what")
        day = _first_day(m.group("day"))
        old = [o for o in self._labelled.get(label, []) if o in self.found]
        if not old or day is None:
            return None
        out = []
        for ob in old:
            self._drop(ob)
            if self._keep(new := replace(ob, due=Deadline(0, 0, date=day), text=m.string)):
                out.append(new)
        self.defined_days[f"{what}期限届满之日"] = _written(day)  # (later clauses count from the new day)
        for follow in _FOLLOWS_RE.finditer(self._clause):  # (in this sentence or the next of the clause)
            again = next((t for t in self._texts if t.startswith(follow.group("label"))), None)
            for ob in [o for o in self._labelled.get(follow.group("label"), []) if o in self.found]:
                self._drop(ob)
            if again is not None:
                out += self.from_sentence(again, page, heading)
        return out

    def _first_season_named(self, text: str) -> str:
        """``text`` with 该秋收季 after 首个秋收季 written as the first such season after the signing (2026年秋收季, signed in
        April 2026 and the season running 9月15日至11月15日)."""
        first = re.search(r"首个(?P<span>[\u4e00-\u9fff]{1,4}?[季期])", text)
        signed = self.fields.signed_on
        if first is None or signed is None or (span := self.seasons.get(first.group("span"))) is None \
                or f"该{first.group('span')}" not in text:
            return text
        year = signed.year + ((signed.month, signed.day) > span[0])
        return text.replace(f"该{first.group('span')}", f"{year}年{first.group('span')}")

    def _days_of_column(self, name: str) -> list[date]:
        """The days the last table's column ``name`` gives its rows (药剂交付截止日), or []."""
        header = self._last_table[0] if self._last_table else []
        return next((days for col in reversed(range(len(header)))
                     if header[col] == name and (days := _column_days(self._last_rows, col))), [])

    def _instalment_due(self, n: int, what: str) -> Deadline | None:
        """When the ``n``-th instalment found so far falls due (第二期, 设备补助第三期, 第一笔): the one whose clause
        names it (2．第二期：…不迟于2026年12月25日支付; 3.1.1) 第一笔人民币3,000万元，于一期投产之日起满六个月兑现), of the
        kind ``what`` names where two kinds are so named, else the ``n``-th of that kind, or None."""
        # (an investment contract owes no payments: its instalments are the subsidies)
        kind = "subsidy" if SUBSIDY_RE.search(what) or self.fields.kind == "investment" else "payment"
        owed = [o for o in self.found if o.kind == kind and o.debtor == GOVERNMENT]
        named = [o for o in self.found if o.kind in MONEY_KINDS and o.debtor == GOVERNMENT
                 and (number := _INSTALMENT_NOUN_RE.search(without_number(o.text)[:6])) and to_int(number.group()[1:-1]) == n]
        named = [o for o in named if o.kind == kind] or named
        pick = named[0] if len(named) == 1 else owed[n - 1] if len(owed) >= n and not named else None
        return pick.due if pick is not None else None

    def _instalments_dated(self, text: str) -> str:
        """``text`` with a time set by an earlier instalment written as its own (于第二期付款期限届满之日起满六个月 →
        2027年6月25日前; 于第一笔兑现期限届满之日起满十二个月 → 投产之日起满18个月; 与设备补助第三期同期退还 →
        于2030年6月30日前退还)."""
        def after(m: re.Match) -> str:
            n = to_int(m.group("n")) or 0
            # (第2项: the table row numbered 2, if it fell due)
            due = self._row_dues.get(str(n)) if m.group("noun") == "项" else self._instalment_due(n, "")
            if m.group("k") is None:  # 于第4笔付款期限届满之日退还: on that day
                due = self._row_dues.get(str(n)) or due
                return f"于{_written(due.date)}" if due is not None and due.date is not None else m.group()
            count = to_int(m.group("k")) or 0
            if m.group("unit") in ("日", "天"):  # 第二笔付款期限届满之日起满九十日
                if due is None or not count or (due.date is None and due.unit != "day"):
                    return m.group()
                if due.date is not None:
                    return words_for(Deadline(0, 0, date=due.date + timedelta(days=count)))
                return words_for(replace(due, offset=due.offset + count))
            months = count * (12 if m.group("unit") == "年" else 1)
            if due is None or not months or (due.date is None and due.unit != "month"):
                return m.group()
            if due.date is not None:
                return words_for(Deadline(0, 0, date=add_months(due.date, months)))
            return words_for(replace(due, offset=due.offset + months))

        def same(m: re.Match) -> str:
            due = self._instalment_due(to_int(m.group("n")) or 0, m.group("what"))
            return f"于{words_for(due)}" if due is not None else m.group()

        def same_as_named(m: re.Match) -> str:  # 与验收款同期退还: when the payment a clause opens with falls due
            named = [o for o in self.found if o.kind in MONEY_KINDS and o.debtor == GOVERNMENT
                     and re.match(rf"(?:[一二三四五六七八九十\d]{{0,3}}[(（][^()（）]{{1,6}}[)）])?\W*{re.escape(m.group('name'))}[:：]",
                                  without_number(compact(o.text)))]
            return f"于{words_for(named[0].due)}" if len(named) == 1 else m.group()

        def rows_nth(m: re.Match) -> str:  # 于2027年防治季第二次付款期限届满之日起满十日: that row's second payment's day
            obs = self._row_obs.get(m.group("row"), [])
            n = to_int(m.group("n")) or 0
            due = obs[n - 1].due if 0 < n <= len(obs) else None
            return _written(due.date) if due is not None and due.date is not None else m.group()

        if labels := [k for k in self._row_obs if len(k) >= 3 and not k.isdigit()]:
            rows = "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
            text = re.sub(rf"(?P<row>{rows})(?:的)?第(?P<n>[一二三四五六七八九十\d]{{1,2}})(?:次|期|笔)(?:付款|款项?)?(?:的)?期限"
                          r"(?:届满|到期)(?:之日)?", rows_nth, text)

        def row_due(m: re.Match) -> str:  # 于表4-2中K4付款期限届满之日起满十五日: from that row's day
            due = self._row_dues.get(m.group("row"))
            return _written(due.date) if due is not None and due.date is not None else m.group()

        def years_due(m: re.Match) -> str:  # 与2029年度纳税贡献奖励同期退还: when that year's reward falls due
            owed = self._year_dues.get(int(m.group("y")))
            return f"于{words_for(owed.due)}" if owed is not None else m.group()

        def named_row_day(m: re.Match) -> str:  # 于终验款最迟支付日期起满三十日: the day of the row so named
            named = {o.due.date for o in self.found if o.kind in MONEY_KINDS and o.due.date is not None
                     and re.search(rf"(?:^|[\s（(]){re.escape(m.group('name'))}(?:[\s）)]|$)", o.text)}
            return _written(named.pop()) if len(named) == 1 else m.group()

        text = _NAMED_ROW_DAY_RE.sub(named_row_day, text)
        text = _WITH_INSTALMENT_RE.sub(same, _AFTER_INSTALMENT_RE.sub(after, _ROW_LABEL_DUE_RE.sub(row_due, text)))
        text = _WITH_YEARS_RE.sub(years_due, text)
        for label in self._labelled:
            # 于⑵・1约定的用地交付期限届满之日起满四十五日 → 于2026年6月30日起满四十五日
            either = re.escape(label).replace("・", "[・·]")  # (乙·3 as a table's cell may write 乙・3)
            if re.search(either, text) and (day := self._label_day(label)) is not None:
                text = re.sub(_LABEL_REF.format(label=either), _written(day), text)
        return _WITH_NAMED_PAYMENT_RE.sub(same_as_named, text)

    def _signing_dated(self, text: str) -> str:
        """``text`` with a year, month or weekday counted from the signing written as that year, month or day when
        the contract's signing date is known (签约次年 → 2027年; 签订之日所在月份的次月 → 2026年4月的; 签订之日所在月份的最后
        一个工作日 → 2026年3月的最后一个工作日; 签订之日后的第三个星期一 → 2026年8月17日, signed on 30 July 2026)."""
        signed = self.fields.signed_on
        if signed is None:
            return text

        def year(m: re.Match) -> str:
            return f"{signed.year + _later_year(m.group('rel'))}年"

        def month(m: re.Match) -> str:
            later = add_months(signed.replace(day=1), to_int(m.group("n") or "1") or 1)
            return f"{later.year}年{later.month}月的"

        def weekday(m: re.Match) -> str:
            day = _weekday_after(signed, m.group("w"), to_int(m.group("n")) or 1)
            return f"{day.year}年{day.month}月{day.day}日"

        def festival(m: re.Match) -> str:  # 签订之日后的第一个谷雨 → the year whose 谷雨 comes after the signing
            eve = festival_eve(signed.year, m.group("fest"))
            later = eve is not None and eve + timedelta(days=1) <= signed
            return f"{signed.year + later}年{m.group('fest')}"

        text = _SIGNING_FESTIVAL_RE.sub(festival, text)
        text = _SIGNING_OWN_MONTH_RE.sub(f"{signed.year}年{signed.month}月的", text)
        text = _SIGNING_WEEK_RE.sub(_written(signed), text)
        return _SIGNING_WEEKDAY_RE.sub(weekday, _SIGNING_MONTH_RE.sub(month, _SIGNING_YEAR_RE.sub(year, text)))

    def _defined_days_dated(self, text: str) -> str:
        """``text`` with a day the contract defines written as it is: a day of every year as its month and day (于当年
        年终清算日前 → 于当年12月20日前, the contract having said 本协议所称“年终清算日”，指每个公历年度的12月20日), the start
        of a named period as its date (于寒假开始之日（含当日）前 → 于2027年1月16日前, having said 寒假自2027年1月16日开始)."""
        for name, day in self.defined_days.items():
            # (埋土越冬完成之日（11月1日）: the day it names once; 交货期限届满之日起30日内: a time limit's end is its day)
            ends = r"(?:届满(?:之日)?|到期(?:之日)?)?" if name.endswith("期限") else ""
            text = re.sub(rf"{re.escape(name)}(?:[（(](?:含当日|(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日)[)）])?{ends}", day, text)
        return text

    def _season_days_dated(self, text: str) -> str:
        """``text`` with a yearly season's start written as the day before it (于2027年“七下八上”主汛期开始前 →
        于2027年7月15日前, the contract having said 每年7月16日至8月15日为“七下八上”主汛期), and the day it starts or ends
        as that day (2026年防雹作业期结束之日 → 2026年9月30日, having said 本县防雹作业期为每年5月1日至9月30日)."""
        for name, (first, last) in self.seasons.items():
            text = text.replace(f"“{name}”", name).replace(f'"{name}"', name)  # (2026年“三夏”结束之日)

            def dated(m: re.Match, first: tuple[int, int] = first) -> str:
                try:
                    eve = date(int(m.group("y")), *first) - timedelta(days=1)
                except ValueError:
                    return m.group()
                return f"{eve.year}年{eve.month}月{eve.day}日前"
            text = re.sub(_SEASON_START_RE.format(name=re.escape(name)), dated, text)

            def bound(m: re.Match, first: tuple[int, int] = first, last: tuple[int, int] = last) -> str:
                # 2026年防雹作业期结束之日 → 2026年9月30日 (a season that runs into the next year ends in it; 2026—2027年
                # 采暖期 is the one that starts in 2026); a full date in brackets after it is that day
                if m.group("said") and (said := find_dates(m.group("said"))):
                    return _written(said[0].value)
                named = int(m.group("y0") if m.group("y0") and m.group("which") == "开始" else m.group("y"))
                if m.group("said") and (md := re.fullmatch(r"(?:即)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日", m.group("said"))) \
                        and (day := _day_or_none(named, md)) is not None:
                    # 2027年旱季结束之日（4月30日）: that day of the year named (of the first, for 2026—2027年…开始之日)
                    return _written(day)
                if m.group("y0") and last >= first:
                    return m.group()
                year = int(m.group("y0") or m.group("y"))
                month, day = first if m.group("which") == "开始" else last
                # (2027年冬歇期结束之日, the 冬歇期 being 每年11月16日至次年3月15日: the one ending in 2027; 2026—2027年冬歇期
                # 结束之日: the one starting in 2026)
                year += bool(m.group("y0")) and m.group("which") != "开始" and last < first
                return f"{year}年{month}月{min(day, calendar.monthrange(year, month)[1])}日"
            years = set(re.findall(r"(20\d{2})年", text))
            if len(years) == 1:
                # 设备经2026年秋粮入库首月运行…，甲方于秋粮收购期开始之日起满四十五日支付: of the one year the sentence names
                text = re.sub(rf"(?<![\d年每当次该本]){re.escape(name)}(?=(?:开始|结束)之日(?![（(]\d{{4}}年))",
                              f"{years.pop()}年{name}", text)
            text = re.sub(rf"(?:(?P<y0>20\d{{2}})年?[—－\-~～至](?=20\d{{2}}年?{re.escape(name)}))?(?P<y>20\d{{2}})(?:年|(?<=\d)(?<!^)(?={re.escape(name)}))(?:的)?{re.escape(name)}(?P<which>开始|结束)之日"
                          r"(?:[（(](?P<said>[^（()）]{2,16})[)）])?", bound, text)

            def holding(m: re.Match, first: tuple[int, int] = first, last: tuple[int, int] = last) -> str:
                # 2028年10月31日所在秋粮收购期（每年10月1日至次年3月31日）的最后一日 → 2029年3月31日
                if not (found := find_dates(m.group("day"))):
                    return m.group()
                day = found[0].value
                for year in (day.year, day.year - 1):
                    try:
                        end_year = year + (last < first)
                        start = date(year, *first)
                        end = date(end_year, last[0], min(last[1], calendar.monthrange(end_year, last[0])[1]))
                    except ValueError:
                        continue
                    if start <= day <= end:
                        return _written(start if m.group("which") in ("第一日", "第一天", "开始之日") else end)
                return m.group()
            text = re.sub(_SEASON_HOLDING_RE.format(name=re.escape(name)), holding, text)
        return text

    def _term_end_dated(self, text: str) -> str:
        """``text`` with the end of a term or warranty period the contract dates written as that day (服务期届满之日起30日内
        → 2027年3月31日起30日内, the service term being 2026.4.1—2027.3.31), so that a period after it is a day.
        A 运维期 is dated only by its own span (免费运维期自2027年4月1日起至2028年3月31日止), never by the contract's."""
        def dated(m: re.Match) -> str:
            noun = m.group("noun")
            if re.fullmatch(WARRANTY_NOUNS, noun):  # 缺陷责任期届满之日的次日起算 → 2027年8月27日的次日起算
                end = self.warranty_ends.get(noun)
            else:
                term = self.terms.get(noun) or (self.term if noun not in ("运维", "试运营") else None)
                end = term[1] if term else None
            return f"{end.year}年{end.month}月{end.day}日" if end else m.group()

        return _TERM_END_RE.sub(dated, text)

    def _year_item(self, text: str, page: int, sentence: str) -> list[Obligation] | None:
        """A year's sum in a list whose lead says when each year's is paid (甲方按下列标准给予奖励，于
        次年7月1日至7月31日期间兑现：1) 2027年度：小写：¥2,000,000.00；…): one obligation due on that day
        of the year after; None unless the sentence is such an item."""
        item = _YEAR_ITEM_RE.match(text)
        if item is None or not self._lead:
            return None
        lead = _month_ends_dated(self._lead)
        kind, verbs = classify(lead)
        day = _RELATIVE_DAY_RE.search(lead)
        found = find_money(text[item.end():item.end() + 24])
        if kind not in ("payment", "subsidy") or day is None or not found or found[0].start != 0:
            return None
        try:
            due = date(int(item.group("y")) + years_after(day), int(day.group("m")), int(day.group("d")))
        except ValueError:
            return None
        debtor = self._agent(lead, verbs) or GOVERNMENT
        return [Obligation(kind, debtor, found[0].value, None, Deadline(0, 0, date=due), page, sentence)]

    def _scheduled(self, text: str, page: int, heading: str, sentence: str, previous: str) -> list[Obligation] | None:
        """One obligation per date of a schedule the sentence states, from the first of its
        ``_schedules`` that gives dates and says how much falls on each; None when none does."""
        for dates, amounts_for in self._schedules(text, previous):
            if not dates:
                continue
            dues = [d if isinstance(d, Deadline) else Deadline(0, 0, date=d) for d in dates]
            ob = self._from_segment(text, dues[0], page, heading, sentence, previous + text, figure_given=True)
            if ob is None:
                continue
            amounts = amounts_for(len(dates)) if ob.kind in MONEY_KINDS else [None] * len(dates)
            if amounts is None:
                continue
            return [Obligation(ob.kind, ob.debtor, amount, None, due, page, sentence)
                    for due, amount in zip(dues, amounts, strict=True)]
        return None

    def _schedules(self, text: str, previous: str) -> Iterator[tuple[list[date], Callable[[int], list | None]]]:
        """(dates, amounts for that many dates or None) of each way a sentence states a schedule:
        - dates listed after 分别于, paired with the amounts listed after 分别为 or each the amount of
          one instalment (每季度支付人民币24万元);
        - a duty repeated over stated years (``yearly_dates``), with the amounts listed one per year
          (分别给予300万元、500万元) or one amount each time (每期人民币1,150万元, 每年给予…60万元);
        - a duty after each period the contract defines (第一季度为2025年9月1日至11月30日, …；每个服务
          季度结束后…于次月15日前支付该季度服务费人民币28.8万元), with its one amount.
        Listed dates with money but no amount for each are not guessed."""

        def listed(n: int) -> list | None:
            amounts = listed_amounts(text)
            each = [m.value for part in (text, previous) for m in find_money(part) if paid_each(part, m)]
            return list(amounts) if len(amounts) == n else [each[0]] * n if each else listed_shares(text, n)

        yield listed_dates(text), listed

        years, per_year = yearly_dates(text)
        if not years and _RELATIVE_DAY_RE.match(text) and (stated := _YEAR_RANGE_RE.search(previous)
                                                          or _YEAR_LIST_RE.search(previous)):
            # 2026年度、2027年度的可用性付费…分两次支付：当年7月31日前支付40%…；次年1月31日前支付60%，即…: the
            # years of the sentence before
            years, per_year = yearly_dates(f"{stated.group()}，{text}")

        def yearly(n: int) -> list | None:
            amounts = listed_amounts(text, _RESPECTIVELY_GIVE_RE)
            found = {m.value for m in find_money(text)  # 每期人民币1,150万元 is what falls each time here
                     if not _MONEY_NOT_RE.search(re.sub(r"每(?:个|一)?(?:期|年度|年|季度|季|月|次)", "", text[max(0, m.start - 12):m.start]))}
            if per_year == 1 and len(amounts) == n:
                return list(amounts)
            # 各拨付125万元 falls on each date; 每年给予250万元 is the year's, not each date's
            each = {m.value for m in find_money(text) if "各" in text[max(0, m.start - 12):m.start]}
            if per_year > 1 and len(each) == 1:  # 于每年6月30日前和12月31日前各拨付人民币125万元
                return [each.pop()] * n
            # 甲方于当年7月15日前支付上半年…人民币1,069.30万元，于次年1月15日前支付下半年…人民币1,069.30万元: each
            # day of the year its own sum
            own = [m.value for m in _usable_money(text, find_money(text)) if not unit_price(text, m)]
            if per_year > 1 and len(own) == per_year:
                return own * (n // per_year)
            if len(found) == 1 and re.search(r"每(?:个)?(?:期|年|一年度|年度|次)|分别", text):
                return [found.pop()] * n
            # …的可用性付费为每年人民币3,418.60万元，分两次支付：当年7月31日前支付40%，即人民币1,367.44万元: what
            # the day pays, not the year's sum
            day = _RELATIVE_DAY_RE.search(text)
            after = {m.value for m in _usable_money(text, find_money(text)) if day and m.start > day.end()
                     and not unit_price(text, m)}
            return [after.pop()] * n if per_year == 1 and len(after) == 1 else None

        yield years, yearly

        def one_amount(n: int) -> list | None:
            # 按实际处理水量乘以单价（每吨1.36元）…按月核定后于次月20日前支付: a price per unit is no fee
            found = {m.value for m in find_money(text) if not unit_price(text, m)}
            if len(found) > 1:  # 贷款人民币5,000万元…每季度贴息人民币18.75万元: what falls each time
                found = {m.value for m in find_money(text) if paid_each(text, m)}
            if len(found) > 1:  # 服务费每年人民币186万元，甲方于每年6月25日前和12月25日前各支付人民币93万元
                found = {m.value for m in find_money(text) if "各" in text[max(0, m.start - 12):m.start]}
            return [found.pop()] * n if len(found) == 1 else None

        yield self._after_each_period(text), one_amount
        yield self._after_each_month(text), one_amount
        yield self._over_the_term(text, previous), one_amount

        def respectively(n: int) -> list | None:
            amounts = listed_amounts(text, _RESPECTIVELY_GIVE_RE)
            return list(amounts) if len(amounts) == n else [amounts[0]] * n if len(amounts) == 1 else None

        yield offsets_listed(text), respectively

        owed = year_amounts(text)
        yield year_days(owed, text, previous), lambda n: [amount for _year, amount in owed]

        # 2027年度人民币360万元，2028年度人民币300万元；每个年度的补贴于当年上半年内、下半年内各支付一半: each
        # year's sum in equal parts on the days the sentence names in (or after) that year
        split = year_amounts(previous) if _EVEN_SPLIT_RE.search(text) and not owed else []
        days = list(_YEAR_DAY_RE.finditer(text)) if split else []

        def later(m: re.Match) -> int:  # 下半年内 after 当年上半年内 is of the year the first day names
            return _later_year(m.group("rel") or days[0].group("rel"))

        dated = [(_day_named(m, year + later(m)), money(amount / len(days)))
                 for year, amount in split for m in days] if len(days) > 1 else []
        yield ([d for d, _ in dated] if dated and all(d for d, _ in dated) else []), lambda n: [a for _, a in dated]

    def _after_each_period(self, text: str) -> list[date]:
        """The days a duty due after each defined period falls on (次月15日前: the 15th of the month
        after each period ends); [] unless the sentence says so and periods were defined."""
        day = _NEXT_MONTH_RE.search(text)
        if not (_AFTER_EACH_PERIOD_RE.search(text) and day and len(self.period_ends) >= 2):
            return []
        days = [_in_next_month(e.year, e.month, day) for e in self.period_ends]
        return [] if None in days else days

    def _after_each_month(self, text: str) -> list[date]:
        """The days a duty due in the month after each month of the term falls on (每个服务月的次月
        月末前: the last day of each next month), or by a working day of each month (每月的前十个工作日
        内); [] unless the sentence says so and a term was stated (or its first and last months)."""
        if (workdays := _EACH_MONTH_WORKDAYS_RE.search(text)) is not None:
            return self._each_month_by_working_day(text, workdays)
        m = _EACH_MONTH_RE.search(text)
        # 2026年4月1日至2026年6月30日为运营过渡期，过渡期内…按每月…，于次月15日前支付上月服务费: the sentence's own span
        own = _OWN_SPAN_RE.search(text, 0, m.start()) if m is not None else None
        span = (_span(own) if own else None) or self.term
        if m is None or span is None:
            return []
        start, end = span
        days = []
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month) and len(days) < 120:
            year, month = _next_month(year, month)  # the month after
            last = calendar.monthrange(year, month)[1]
            days.append(date(year, month, last if m.group("end") else min(int(m.group("day")), last)))
        return days

    def _each_month_by_working_day(self, text: str, workdays: re.Match) -> list[date]:
        """The n-th working day of each month a monthly duty is paid in: the months its clause names
        first and last (…；首次支付在2025年12月，末次支付在2026年11月), else those of the term, each a
        month later when what is paid is the month before's (支付上一服务月服务费)."""
        n = to_int(workdays.group("n"))
        if not n or n > 23:
            return []
        if (named := _first_last_months(text) or _first_last_months(self._clause)) is not None:
            first, last = named
        elif self.term is not None:
            start, end = self.term
            first, last = (start.year, start.month), (end.year, end.month)
            if _MONTH_BEFORE_RE.search(text):
                first, last = _next_month(*first), _next_month(*last)
        else:
            return []
        if not (1 <= first[1] <= 12 and 1 <= last[1] <= 12):
            return []
        days = []
        month = first
        while month <= last and len(days) < 120:
            days.append(nth_working_day(*month, n))
            month = _next_month(*month)
        return [] if None in days else days

    def _over_the_term(self, text: str, previous: str = "") -> list[date]:
        """The days a duty repeated over the term falls on: each half-year's end (于服务期内每半年末
        前), days of each year (每年6月、12月的最后一个工作日前), or a day of the year after each
        year of the term (每一服务年度结束后…于次年一季度内, the years' end perhaps told in the sentence
        before); [] unless a term is known. The term is the one the sentence names (运维期内) where the
        contract states it, else the contract's."""
        named = _TERM_NOUN_RE.search(text)
        own = _TERM_RE.search(text)  # 租期自2026年7月1日至2027年6月30日…每半年: the sentence's own term
        term = (_span(own) if own else None) or (self.terms.get(named.group("noun")) if named else None) or self.term
        if (named := _first_last_months(self._clause)) is not None and 1 <= named[0][1] <= 12 and 1 <= named[1][1] <= 12:
            # …每年6月、12月的25日前各支付…；首次支付于2026年12月，末次支付于2028年6月: the months paid in
            (y1, m1), (y2, m2) = named
            term = date(y1, m1, 1), date(y2, m2, calendar.monthrange(y2, m2)[1])
        if (after := _DAYS_AFTER_EACH_YEAR_RE.search(text)) is not None:
            # 每个运维年度届满之日起30日内: days after each year of the term the sentence names (运维期)
            term = self.terms.get(after.group("noun") or "") or term
            return [e + timedelta(days=int(after.group("n"))) for e in _year_ends(*term)] if term else []
        if term is None:
            return []
        start, end = term
        years = range(start.year, end.year + 1)
        half_ends = [d for y in years for d in (period_end(y, half="上"), period_end(y, half="下")) if start <= d <= end]
        if _TERM_HALF_YEAR_RE.search(text):  # each six months from the term's first day
            half_ends = _half_years(start, end)
        if (after_half := _AFTER_EACH_HALF_YEAR_RE.search(text)) is not None:
            day = int(after_half.group("day"))
            return [date(*_next_month(e.year, e.month), day) for e in half_ends] if 1 <= day <= 30 else []
        if _EACH_HALF_YEAR_RE.search(text):
            return half_ends
        if (quarterly := _EACH_QUARTER_MONTH_RE.search(text)) is not None:
            return [d for y in years for d in _quarter_months(y, quarterly) if start <= d <= end]
        if (each := _EACH_YEARS_DAYS_RE.search(text)) is not None:
            months = list(re.finditer(r"(\d{1,2})月(?:(\d{1,2})[日号])?", each.group("days")))
            days = [_day_of(y, m, each.group("last")) for y in years for m in months]
            return [] if None in days else [d for d in days if d is not None and start <= d <= end]
        nxt = next((m for m in _YEAR_DAY_RE.finditer(text) if _later_year(m.group("rel"))), None)
        if nxt is None or not _AFTER_EACH_YEAR_RE.search(previous + text):
            return []
        days = [_day_named(nxt, e.year + 1) for e in _year_ends(start, end)]
        return [d for d in days if d is not None] if all(days) else []

    def _from_segment(self, seg: str, due: Deadline, page: int, heading: str, sentence: str,
                      context: str = "", figure_given: bool = False, granted: bool = False) -> Obligation | None:
        kind, verbs = classify(seg)
        if kind is None and granted and (given := SUBSIDY_VERB_RE.search(seg)):
            kind, verbs = "subsidy", [given.start()]  # 分两次兑现：…；投产之日起十二个月内兑现其余人民币600万元
        amount_text = seg
        if kind == "retention_return" and (rest := _REST_OF_BOND_RE.search(seg)) is not None:
            # 其中…转为质量保证金，其余人民币174,000.00元由甲方于…退还: the rest of the bond, the sum after 其余
            kind, amount_text = "bond_return", seg[rest.end():]
        returned = RETURN_VERB_RE.search(seg)
        if returned and kind not in ("deposit_return", "bond_return", "retention_return") and context:
            # "乙方提交履约保证金10万元，该保证金在验收合格后10日内退还": the noun is in an earlier part
            before = context[: context.find(seg) + len(seg)] if seg in context else context
            earlier, _ = classify(before)
            if earlier in ("deposit_return", "bond_return", "retention_return"):
                kind = earlier
                if not find_money(seg):  # …退还人民币300万元，其余人民币200万元于…退还: its own amount
                    amount_text = before[max(0, len(before) - len(seg) - 40):]
        bare = returned is not None and re.fullmatch(r"[。；;]?", seg[returned.end():].strip()) is not None
        if returned and kind is None and (re.match(rf"(?:{_CONDITION})?(?:\d|其余|剩余|余下|尚余|另)",
                                                   without_number(seg)) or bare):
            # 5.1 …履约保证金人民币1,000万元…退还其中人民币500万元。5.2 其余人民币500万元，甲方于…退还: the
            # rest of what the clause's sentences before, or the clause before, return (also after a
            # condition: 乙方2029年度入库税收达到4,000万元的，余下人民币400万元于…退还), or of a bare 退还 (…缴纳
            # 履约保证金：小写：¥5,000,000.00；大写：伍佰万元整。项目投产之日起满90日，甲方一次性无息退还)
            at = self._clause.find(seg)
            if at < 0:  # (a sentence whose times were written as days: where its opening words stand)
                at = self._clause.find(seg[:6]) if len(seg) >= 6 else -1
            said = self._clause[:at] if at > 0 else self._recent[-2] if len(self._recent) > 1 else ""
            earlier, _ = classify(said)
            if earlier in ("deposit_return", "bond_return", "retention_return"):
                kind = earlier
            elif bare:  # (the sentence may have been reworded: 期满 → 缺陷责任期满); or the clause's title
                kind = security_named(said if at > 0 else self._clause) or security_named(heading)
                if kind and at > 0 and not find_money(seg):  # 承包人已缴纳签约合同价的5%，计人民币213.40万元；发包人…退还
                    amount_text = said[-60:] + seg
        if returned and kind is None and find_money(seg) and self.fields.kind == "procurement" \
                and security_named(self._clause[:max(0, self._clause.find(seg))]) == "retention_return":
            # [D.5]质保金：…分两次返还。…质保期届满之日起30日内，甲方返还合同总价的5%，计人民币364,000.00元: a procurement
            # contract's 质保金 is part of the price, so its return is the last payment (see _retention_in_works)
            kind = "payment"
        if returned and kind is None and find_money(seg) and (named := security_named(heading)
                                                               or self._security_named_before()):
            # 第5条 履约保证金 / 5.2 项目投产之日的次日起算第60日前，甲方退还人民币600万元: the security the article is titled by,
            # or the clauses before name (4.1) 乙方…缴纳履约保证金人民币2,000万元； / 4.2) …甲方无息退还人民币1,000万元)
            kind = named
        guaranteed = None
        if returned and kind in (None, "payment") and _PAYMENT_GUARANTEE_RE.search(seg):
            # 第三条所述转让价款支付保函，甲方于…最迟于2027年1月15日前退还保函原件: a guarantee of the other side's
            # payments, held as a bond, of the sum a clause before gives it (金额为人民币6,600万元的银行保函)
            kind, guaranteed = "bond_return", self._guarantee_sum()
        if returned and kind is None and "保函" in seg:
            # 甲方于2028年3月31日前将保函原件退还乙方: the guarantee given for the security that the
            # clauses before this one name last (乙方以…银行保函提交履约保证金…)
            kind = self._security_named_before()
        if kind in ("deposit_return", "bond_return", "retention_return") and _ALREADY_RETURNED_RE.search(seg):
            return None  # 投标保证金已由招标代理机构于2024年11月6日退还: done, not owed
        if self._third_party(compact(sentence)):  # …由岱川市公共资源交易中心…退还未中标人，在本合同签订之日起5日内退还承包人
            return None
        if kind in ("payment", "subsidy") and already_paid(seg):
            return None  # 截至本协议签订之日，甲方累计已支付工程款…元: done, not owed
        debtor = None
        if kind in ("deposit_return", "bond_return", "retention_return"):
            # 发包人扣除应由承包人承担的维修费用后将质量保证金返还承包人: whoever a deposit is returned
            # to did not return it, whatever other verb it is the subject of
            # (乙方向甲方缴纳的投标保证金，甲方…退还至乙方: the part that returns it says to whom)
            # (…向发包人缴纳的投标保证金…，发包人于…退还: the part that returns it names who does)
            start, end = next(((s, e) for s, e in _split_subclauses(seg) if returned and s <= returned.start() < e),
                              (0, len(seg)))
            part = seg[start:end]
            back_to = find_recipient(part, self.gov, self.cp)
            if back_to is None and returned is not None:
                debtor = find_agent(part, returned.start() - start, self.gov, self.cp)
                back_to = None if debtor else find_recipient(seg, self.gov, self.cp)
            if back_to is not None:
                debtor = COUNTERPARTY if back_to == GOVERNMENT else GOVERNMENT
        debtor = debtor or self._agent(seg, verbs or _promised(seg))
        if debtor is None and (listed := _LIST_LEAD_RE.search(self._clause)) is not None \
                and self._clause.find(seg) > listed.start():
            # 乙方向甲方指定的…公司支付转让价款：（一）…；（二）2026年6月30日前支付30%: who the list's lead says acts
            lead = re.split(r"[。；]", self._clause[:listed.start()])[-1]
            debtor = self._agent(lead, classify(lead)[1])
        # (施工场地分三段移交：二干渠段…；支渠1—3号段…；支渠4—6号段…: the clause's lead, however many parts before)
        leads = [(context[: context.find(seg)] if seg in context else "") or self._lead,
                 self._clause.split("：", 1)[0] if "：" in self._clause else ""]
        led_by = next((lead for lead in leads if lead and classify(lead)[0] == "land"), leads[0])
        if kind in (None, "other") and LAND_VERB_RE.search(seg) and not LAND_NOUN_RE.search(seg) and led_by \
                and classify(led_by)[0] == "land":
            # 将站点用地交付丙方：第一批…于2024年5月31日前交付；第二批8处站点于…前交付: each batch is land,
            # handed over by whoever the lead names
            kind = "land"
            debtor = debtor or self._agent(led_by, classify(led_by)[1])
        elif kind == "land" and debtor is None and led_by and classify(led_by)[0] == "land":
            debtor = self._agent(led_by, classify(led_by)[1])  # ①…段（城北片区），于2025年4月25日前移交: the lead's side
        if debtor == COUNTERPARTY and kind in ("approval", "land", "other") and self._ensured(seg):
            debtor = GOVERNMENT  # 确保乙方于2025年4月30日前取得…许可证: 乙方 receives, the government sees to it
        if granted and kind == "subsidy" and debtor == COUNTERPARTY and (promise := _PROMISED_LEAD_RE.search(seg)) \
                and not any(w in seg[promise.end():] for w in self.cp):
            # 乙方承诺…不低于人民币3亿元，补助按人民币3,000万元兑现：一期投产之日起满六个月兑现百分之六十: the investor
            # promises, the government pays what follows the colon
            debtor = GOVERNMENT
        pledged_share = None
        if kind == "subsidy" and debtor == COUNTERPARTY and (pledge := _PLEDGE_THEN_GRANT_RE.search(seg)) is not None \
                and not any(w in seg[pledge.end():] for w in self.cp) \
                and (rate := _SHARE_OF_OUTLAY_RE.search(self._clause)) is not None and (sums := find_money(pledge.group())):
            # 按手工织机及洗染设备投资的10%给予补助；乙方承诺设备投资人民币1,260万元，补助于…核验之日起满四十日兑现: the
            # investor promises the outlay, the government pays its share
            debtor = GOVERNMENT
            pledged_share = money(sums[-1].value * Decimal(rate.group("p")) / HUNDRED)
        if debtor is None:
            recipient = find_recipient(seg, self.gov, self.cp)
            if recipient is not None:
                debtor = COUNTERPARTY if recipient == GOVERNMENT else GOVERNMENT
        if debtor is None:
            if re.search(r"[双三四各]方", seg):  # 三方于2021年11月19日签订…: what the parties did together
                return None
            if GOV_HEADING_RE.search(heading):
                debtor = GOVERNMENT
            elif CP_HEADING_RE.search(heading):
                debtor = COUNTERPARTY
            elif kind in MONEY_KINDS:
                debtor = GOVERNMENT  # "质保期满后支付剩余款项": the payer goes without saying
            elif kind == "other" and self.fields.kind == "investment":
                debtor = GOVERNMENT  # 园区纬六路于…前建成通车: an investment deal's infrastructure is the government's
        if debtor is None:
            return None
        if kind is None:
            if debtor == GOVERNMENT and not COMMIT_RE.search(seg):
                return None
            kind = "other"
        kind = self._retention_in_works(kind, due, seg)
        if kind == "payment" and debtor == COUNTERPARTY:
            amount = self._first_money(seg)
            return Obligation(kind, debtor, amount, None, due, page, sentence)
        if granted and kind == "payment" and debtor == GOVERNMENT:
            kind = "subsidy"  # an instalment of the subsidy the clause grants (…资金人民币1,800万元，由甲方转拨乙方：)
        if kind in MONEY_KINDS and _SPLIT_BELOW_RE.search(seg):
            return None  # 甲方给予开业奖励人民币2,000万元，分两期兑现：① …: the instalments below are what is owed
        amount, percent, part = self._amount(kind, amount_text)
        amount = amount if guaranteed is None else guaranteed
        if pledged_share is not None:
            amount = min([pledged_share, *_caps(self._clause)])
        no_figure = amount is None and percent is None and not _REMAINDER_RE.search(seg)
        lead = context[: context.find(seg)] if seg in context else ""
        if kind == "payment" and debtor == GOVERNMENT and no_figure and lead \
                and (not find_deadlines(lead) or classify(lead)[0] is None) and not COUNTERPARTY_PAYS_RE.search(lead):
            # 预付款：签约合同价的10%，即685,420.00元。承包人提交…保函后，发包人于合同签订后14天内支付。
            # the sentence before, with no deadline of its own, says how much
            amount, percent, part = self._amount(kind, lead[-80:])
            no_figure = amount is None and percent is None
        if kind == "subsidy" and debtor == GOVERNMENT and amount is None and lead and not find_deadlines(lead):
            # …按设备投资额的10%给予补助，补助额最高不超过人民币500万元；设备…验收合格之日起60日内兑现: sized before
            # (乙方承诺的生产设备投资为1.6亿元，按5%计为人民币800万元。…补助于核查通过之日起满三十日兑现: the sum worked out,
            # the last one when a cap replaces it: …计为人民币1,500万元，超过限额，扶持资金按人民币1,200万元确定)
            worked = [m.value for w in _WORKED_SUM_RE.finditer(lead[-120:]) for m in find_money(w.group())]
            # (以人民币1,000万元为限；…按5%计为人民币1,100万元，超过限额部分不予补助: no more than the cap)
            before = self._clause[:self._clause.find(seg)] if seg in self._clause else lead
            caps = _caps(before[-160:])
            amount = (min([worked[-1], *caps]) if worked else None) or self._first_money(lead[-120:]) \
                or self._subsidy_worked_out(lead[-120:])
        if kind in ("payment", "subsidy") and debtor == GOVERNMENT and amount is None and percent is None \
                and due.date is not None and len(each := {m.value for m in find_money(compact(sentence))
                                                          if paid_each(compact(sentence), m)}) == 1:
            # 甲方给予每个淡季人民币45万元的运营补贴，其中2027—2028年淡季的补贴于2028年春节前支付: each period's sum
            amount = each.pop()
            no_figure = False
        if kind == "payment" and debtor == GOVERNMENT and no_figure \
                and (due.event == "warranty_end" or re.search(rf"(?:{WARRANTY_NOUNS})期(?:届满|期满|满)", seg)
                     or (_BARE_END_RE.search(compact(sentence)) and _WARRANTY_END_RE.search(context))) \
                and (fact := self.facts.lookup("retention_return", seg)) is not None:
            # 质保金：合同总价的5%…。质保期一年…；甲方于期满之日起15个工作日内无息支付: what the period held back (also when
            # the period before ends on a day, 质保期…至2028年3月15日届满；甲方于届满之日起满四十五日支付, or only names the day: 质保期届满…的，甲方至迟于质保期届满之日所在秋粮收购期的最后一日支付)
            amount, percent = fact.amount, fact.percent
            no_figure = amount is None and percent is None
        if kind == "payment" and debtor == GOVERNMENT and no_figure and (named := _SUM_NAMED_RE.match(without_number(seg))) \
                and (sum_ := self.parts.get(named.group("name"))) is not None \
                and not _SPREAD_RE.search(sentence) and len(find_deadlines(compact(sentence))) <= 1:
            # 二、变更价款：本变更增加合同价款人民币486,000.00元 / 三、支付：变更价款由发包人与…同期支付: the sum by its name
            amount, no_figure = sum_, False
        if kind == "payment" and debtor == GOVERNMENT and no_figure and not figure_given:
            return None
        return Obligation(kind, debtor, amount, percent, due, page, sentence, part)

    def _third_party(self, seg: str) -> bool:
        """The duty is done by someone neither side names as itself (立杆基础和市电接入，由所在乡镇人民政府于…
        前完成; 投标保证金由岱川市公共资源交易中心…退还)."""
        if _SUPPLIER_ACTS_RE.search(seg):
            return True  # 涵闸启闭机由发包人另行采购，其供货单位应于2027年4月30日前运抵现场: the supplier delivers
        m = _THIRD_PARTY_RE.search(seg)
        if m is None:
            return False
        org = m.group("org")
        words = self.gov | self.cp
        # a side's own name (栎川县人民政府), or a word it goes by in a longer name (开发区管委会)
        if any(len(w) >= 4 and (w in org or org in w) for w in words) \
                or any(w in org.replace("人民政府", "") for w in words):
            return False
        # 甲方于…前支付，由县财政局直接拨付至乙方账户: the government named outside it owes the duty
        return not any(side == GOVERNMENT and not m.start("org") <= start < m.end("org")
                       for start, _end, side in _mentions(seg, self.gov, self.cp))

    def _guarantee_sum(self) -> Decimal | None:
        """The sum of the guarantee the clauses before the current one give last (乙方以金额为人民币6,600万元的
        银行保函担保…付款), if any."""
        for text in reversed(self._texts[:self._read - 1]):
            for m in reversed(list(_GUARANTEE_SUM_RE.finditer(text))):
                if found := find_money(m.group("sum")):
                    return found[0].value
        return None

    def _security_named_before(self) -> str | None:
        """The return kind of the security (履约保证金, 投标保证金, 质量保证金) that the clauses before
        the current one mention last, if any."""
        return next((kind for text in reversed(self._recent[:-1]) if (kind := security_named(text))), None)

    def _retention_in_works(self, kind: str | None, due: Deadline, text: str) -> str | None:
        """A works contract's 质量保证金 paid at the end of the defects period is retention money
        returned, whether or not the clause says 返还 (a payment schedule's row "质量保证金 |
        缺陷责任期满后28天内 | 结算价的3%"); in a procurement contract it is the last payment."""
        # (质量保证金 | 3% | 950,400.00 | 2029年施工季结束之日的次月第一个星期四: a day the defects period ends near)
        # (第三期进度款（已扣留3%质量保证金）: a payment net of it, not it)
        # (质量保证金 | 3% | 完工验收合格之日的第二个周年日: a year or more after completion, when the defects period ends)
        if kind == "payment" and self.fields.kind == "bidding" and RETENTION_RE.search(text) \
                and (due.event == "warranty_end" or (due.date is not None and not _HELD_BACK_RE.search(text))
                     or (due.event in ("completion", "acceptance") and due.unit == "month" and due.offset >= 12)):
            return "retention_return"
        return kind

    def _ensured(self, text: str) -> bool:
        """The counterparty is named as the one the other side ensures or helps (确保乙方…, 协助乙方…)."""
        return any(side == COUNTERPARTY and text[max(0, start - 2):start] in ("确保", "保证", "协助", "帮助")
                   for start, _end, side in _mentions(text, self.gov, self.cp))

    def _agent(self, text: str, verbs: list[int]) -> str | None:
        """The acting side for the first verb (after the clause label) that has a subject."""
        body = _body_start(text)
        for pos in [v for v in verbs if v >= body] or verbs or [len(text)]:
            side = find_agent(text, pos, self.gov, self.cp)
            if side is not None:
                return side
        return None

    def _first_money(self, seg: str) -> Decimal | None:
        """The first amount, passing over a total announced before its parts (共计400万元，分两次拨付：
        …拨付200万元; 人民币1,500万元，由甲方转拨乙方：…拨付人民币750万元)."""
        found = _usable_money(seg, find_money(seg))
        # （清单见附件三，合同金额人民币1.2亿元）…给予设备购置补贴人民币960万元: a remark in brackets is not the sum
        found = [m for m in found if not _in_brackets(seg, m.start)] or found
        parts = [m for k, m in enumerate(found) if not _TOTAL_RE.search(seg[max(0, m.start - 10):m.start])
                 and not _INSTALMENTS_RE.match(seg[m.end:].lstrip("，, "))  # 人民币1,200万元，分两次兑现：
                 # 补助人民币1,500万元，由甲方转拨乙方：…拨付人民币750万元: the parts follow the colon
                 and not (k + 1 < len(found) and "：" in seg[m.end:found[k + 1].start])]
        return (parts or found)[0].value if found else None

    def _subsidy_worked_out(self, seg: str) -> Decimal | None:
        """A subsidy the clause sizes without stating its sum: a rate per square metre of an area it or a
        clause before gives (按第二条所述交付建筑面积每平方米人民币300元给予装修补贴 ← 建筑面积2,150平方米), or a share
        capped at a sum that the share of the threshold already reaches (投资达到人民币5,000万元的，按投资额的10%
        给予补助，最高不超过人民币500万元 → 500万元); None otherwise."""
        if (rate := _PER_SQUARE_METRE_RE.search(seg)) is not None:
            for text in (seg, *reversed(self._recent)):
                if (area := _AREA_RE.search(text)) is not None and (value := to_decimal(area.group("area"))):
                    return money(value * Decimal(rate.group("rate")))
            return None
        monies = find_money(seg)
        caps, floors = ([m.value for m in monies if rx.search(seg, 0, m.start)] for rx in (_CAP_BEFORE_RE, _THRESHOLD_BEFORE_RE))
        shares = [p.value for p in find_percents(seg) if p.per == "%"]
        if not caps or not floors or len(shares) != 1:
            return None
        return caps[0] if floors[0] * shares[0] / HUNDRED >= caps[0] else None

    def _grant_instalment(self, seg: str) -> Decimal | None:
        """An instalment of the subsidy being granted, sized against its sum (补助按人民币3,600万元分三期兑现：第一期为补助
        总额的四分之一 → 900万元; 第二期与第一期金额相同; 第三期为补助总额的余额 → what the others leave), or None."""
        if self._grant_sum is None:
            return None
        if (same := _SAME_SUM_AS_RE.search(seg)) is not None:
            n = to_int(same.group("n") or same.group("n2")) or 0
            return self._grant_paid[n - 1] if 0 < n <= len(self._grant_paid) else None
        if _OF_TOTAL_RE.search(seg) and (shares := [p.value for p in find_percents(seg) if p.per == "%"]):
            return money(self._grant_sum * shares[0] / HUNDRED)
        if not find_money(seg) and (bare := _BARE_SHARE_RE.search(seg)) is not None:
            return money(self._grant_sum * Decimal(bare.group("p")) / HUNDRED)  # 兑现60%；其余40%于…兑现: of the sum
        if _HALF_RE.search(seg):  # 一期投产之日起满六个月兑现一半；另一半于…兑现
            return money(self._grant_sum / 2)
        if _BALANCE_OF_RE.search(seg) and self._grant_paid and (rest := self._grant_sum - sum(self._grant_paid)) > 0:
            return money(rest)
        return None

    def _amount(self, kind: str, seg: str) -> tuple[Decimal | None, Decimal | None, str]:
        """Amount, percent and the named part of the price the percent is of ("" for the whole)."""
        if kind in ("land", "approval", "other"):
            return None, None, ""
        if kind == "subsidy":
            # …2.4亿元的6%给予补助，计人民币1,440万元，分两次兑现：首批…满两个月兑现人民币720万元: what follows
            # the colon, when it names a sum of its own, is this instalment's
            if (first := _FIRST_INSTALMENT_SUM_RE.search(seg)) is not None:
                seg = seg[first.start():]  # …人民币2,400万元作为建设期补助，首批人民币1,200万元于2026年小暑前拨付
            elif len(find_money(seg)) > 1 and (paid := _PAID_SUM_RE.search(seg)) is not None:
                seg = paid.group()  # …资金人民币600万元，甲方于2026年中国农民丰收节前拨付人民币400万元: what is paid
            if (colon := max(seg.rfind("："), seg.rfind(":"))) >= 0 and find_money(seg[colon + 1:]):
                seg = seg[colon + 1:]
            elif colon >= 0 and (share := self._grant_instalment(seg[colon + 1:])) is not None:
                return share, None, ""  # …补助按人民币1,500万元确定，分两次兑现：一期投产之日起满六个月兑现一半
            return (_share_of_sum(seg) or self._first_money(seg) or self._subsidy_worked_out(seg)
                    or self._grant_instalment(seg)), None, ""
        if kind in ("deposit_return", "bond_return", "retention_return"):
            rx = {"deposit_return": DEPOSIT_RE, "bond_return": BOND_RE, "retention_return": RETENTION_RE}[kind]
            noun = rx.search(seg)
            fact = self.facts.lookup(kind, seg)
            found = _usable_money(seg, find_money(seg))
            # the sentence before may name the security and its amount (…履约保证金人民币1,000万元，于…退还。
            # …提前退还其中的人民币500万元): an amount of the returning sentence's own is the one returned
            own = seg.rstrip("。；;").rfind("。") + 1  # where the returning sentence starts
            if fact is not None and fact.amount is not None and not any(m.start >= own for m in found) \
                    and re.search(r"全额|全部", seg[own:]):
                # 履约保证金人民币1,000万元（…诚意金人民币200万元直接转为履约保证金，另补缴人民币800万元）。甲方…全额无息退还
                return fact.amount, fact.percent, ""
            if any(m.start >= own for m in found):
                found = [m for m in found if m.start >= own]
            else:
                own = 0
            # (质量保证金分两次返还：…返还审定结算价的2%: not the lead's verb)
            if (verb := next((v for v in RETURN_VERB_RE.finditer(seg, own) if not re.match(r"[：:]", seg[v.end():])),
                             None)) is not None:
                # …甲方退还建设期履约保函，乙方同时提交金额为人民币800万元的运营维护保函: what follows the
                # return's own part is another matter
                parts = _split_subclauses(seg)
                end = next((e for s_, e in parts if s_ <= verb.start() < e), len(seg))
                while seg[end - 1:end] in ("，", ",") and re.match(r"即|计|合计|暂列|暂定|暂按", seg[end:]):
                    # …履约保证金的百分之六十，即人民币300万元; 返还审定结算价的2%，暂列人民币1,047,600.00元
                    end = next((e for s_, e in parts if e > end), len(seg))
                found = [m for m in found if m.start < end]
                # 履约保证金人民币1,000万元…甲方于…退还其中人民币500万元: the amount returned, not the bond's
                returned_part = [m for m in found if m.start > verb.start()]
                if returned_part and len(found) > len(returned_part):
                    found = returned_part
            if noun is not None:
                near = [m for m in found if m.start >= noun.start() - 2]
                # 固定资产投资达到3亿元的，甲方…退还履约保证金: a figure before the noun is a
                # condition when the bond's own amount is known from its clause
                found = near if near or fact else found
            amount = found[0].value if found else (fact.amount if fact else None)
            percent = fact.percent if fact else None
            tail = re.split(r"[。；;]", seg.rstrip("。；;"))[-1]  # the returning sentence's own words
            if amount is not None and not find_money(tail) \
                    and re.search(r"(?:退还|返还|退回)(?:其)?一半|(?:另|其余|剩余)一半", tail):
                # 入园保证金人民币80万元；…满十二个月，甲方无息退还一半；其余一半于…退还: half of it each time
                return money(amount / 2), percent / 2 if percent is not None else None, ""
            return amount, percent, ""
        amount, percent, part = self._payment_amount(seg)
        if amount is None and percent is None and RETENTION_RE.search(seg):
            fact = self.facts.lookup("retention_return", seg)  # 质保金 paid out at the end
            if fact is not None:
                amount, percent = fact.amount, fact.percent
        return amount, percent, part

    def _base(self, before: str) -> tuple[str, Decimal | None]:
        """The named part of the price that ends just before a percent (施工费的, 审定施工费结算价的)."""
        near = before[-12:]
        found = [(near.rfind(name), len(name), name) for name in self.parts if name in near]
        if not found:
            return "", None
        name = max(found)[2]
        return name, self.parts[name]

    def _payment_amount(self, seg: str) -> tuple[Decimal | None, Decimal | None, str]:
        first = next((p for p in find_percents(seg) if p.per == "%"), None)
        part, base = self._base(seg[:first.start]) if first is not None else ("", None)
        paid = self.part_paid.get(part, Decimal(0)) if part else self.paid_percent
        base = base or self.contract_amount
        explicit = _percent_after(seg, _INCREMENT_RE, 12)
        cumulative = _percent_after(seg, _CUMULATIVE_RE, 14)
        percents = _usable_percents(seg, "payment")
        increment: Decimal | None = None
        if explicit is not None:
            increment = explicit
        elif cumulative is not None:
            increment = cumulative - paid
            if increment <= 0:
                increment = None
        elif percents:
            increment = percents[0].value
        monies = _usable_money(seg, find_money(seg))
        amount: Decimal | None = None
        if monies:
            # 支付已到货货物价款人民币1,648,000.00元的90%并扣除已付预付款，即支付人民币926,400.00元: the sum said
            after = [m for m in monies if re.search(r"(?:计|即|合计|共计|金额为?|为)(?:支付|付|拨付)?(?:人民币)?[:：]?$",
                                                    seg[max(0, m.start - 8):m.start])]
            amount = (after or monies)[0].value
        elif increment is not None and base is not None:
            amount = money(base * increment / HUNDRED)
        elif _REMAINDER_RE.search(seg) and base is not None and paid < HUNDRED:
            increment = HUNDRED - paid
            amount = money(base * increment / HUNDRED)
        elif (product := _QUANTITY_TIMES_RATE_RE.search(seg)) is not None:
            # 按2,796亩×每亩人民币2,000元计算: the quantity times its rate
            quantity, rate = (to_decimal(product.group(k).replace(",", "").replace("，", "")) for k in ("q", "rate"))
            if quantity is not None and rate is not None:
                amount = money(quantity * rate * (10000 if product.group("wan") else 1))
        return amount, _share(increment), part

    def _keep(self, ob: Obligation) -> bool:
        """Record ``ob`` unless it repeats one already found; count what the government has
        paid so far (支付至…% is relative to it)."""
        if self._roll is not None and ob.kind in MONEY_KINDS and ob.due.date is not None \
                and ((self._roll_all and ob.debtor == GOVERNMENT)
                     or re.search(rf"(?<!\d){ob.due.date.month}月{ob.due.date.day}日", compact(ob.text))):
            # 付款日遇星期六或星期日的，顺延至其后的第一个星期一: a payment day written as a date moves as the contract says
            ob.due = replace(ob.due, date=rolled(ob.due.date, self._roll))
        key = ob.key()
        if key in self._seen:
            return False
        self._seen.add(key)
        self.found.append(ob)
        self.paid_percent += self._paid(ob)
        if ob.base and ob.percent is not None:
            self.part_paid[ob.base] = self.part_paid.get(ob.base, Decimal(0)) + ob.percent
        return True

    def _drop(self, ob: Obligation) -> None:
        """Forget ``ob``, found in a clause the 专用条款 replaces."""
        self.found.remove(ob)
        self._seen.discard(ob.key())
        self.paid_percent -= self._paid(ob)
        if ob.base and ob.percent is not None:
            self.part_paid[ob.base] -= ob.percent

    def _paid(self, ob: Obligation) -> Decimal:
        """The percent of the contract price that ``ob`` pays."""
        if ob.kind != "payment" or ob.debtor != GOVERNMENT:
            return Decimal(0)
        if ob.amount is not None and self.contract_amount:
            return ob.amount * HUNDRED / self.contract_amount
        if ob.percent is not None and not ob.base:
            return ob.percent
        return Decimal(0)

    # -- tables ------------------------------------------------------

    def add_table(self, table: TableBlock) -> list[Obligation]:
        self._intro, self._granting = "", False
        # the table as its clauses mean it, each rewrite in turn (a corrected cell, rows of instalments or of days, sums
        # worked out, shares and days written plainly, cells copied, crossed or turned tables laid out as rows)
        for rewrite in (self._corrected, self._net_instalments, self._year_days_only, self._ticked_months, self._formulas,
                        self._column_formulas, self._ratio_shares, self._remainder_shares, self._editions, self._each_period_rows,
                        self._cumulative_years, self._annual_sum_rows, self._fixed_part_rows, products, coefficients, eight_digit_days, joined_dates,
                        same_as_left, self._alternate_month_rows, self._day_rates, column_refs, crossways,
                        sideways, t_plus_n):
            table = rewrite(table)
        header = [compact(h) for h in table.header]
        width = max((len(r) for r in table.rows), default=0)
        header += [""] * (width - len(header))
        intro = compact(table.intro)
        if self._last_table and not any(header) and len(self._last_table[0]) == width and re.search(r"续|接上", intro):
            header = self._last_table[0]  # （接上表）: rows carried over a page break without their header
        # 年度 | 定额补贴 | 端午节前（40%） | 次年春节前（30%）: a column headed by the day it pays, and its share
        header = [f"{m.group('day')}拨付" if (m := _DAY_SHARE_HEADER_RE.fullmatch(h)) else h for h in header]
        if (unit := _UNIT_NOTE_RE.search(intro)) is not None:
            # （金额单位：万元）: the unit of the money columns that name none
            header = [f"{h}（{unit.group('unit')}）"
                      if h and (_COLUMN_WORDS["money"].search(h) or _INSTALMENT_HEADER_RE.match(h)
                                or _share_sums(h, table.rows, i)) and not _YUAN_RE.search(h)
                      else h
                      for i, h in enumerate(header)]
        table, by_month = month_rows(table)
        cols = _columns(header, table.rows)
        if by_month and len(cols.money) > 1 and (each := [i for i in cols.money if re.search(r"每(?:次|期|笔)", header[i])]):
            cols.money = each[:1]  # 补贴总额 | 每次拨付 | 拨付月份 (one row a month): what each month pays
        self._lent_sums, self._sums_by_label = self._sums_by_label, {}  # (only to the table right after)
        if len(cols.money) == 1 and header and re.search(r"编号|代号|代码", header[0]) and cols.date is None:
            # 编号 | 款项 | 计算方式 | 金额（万元）, the times in a second table by the same 编号: the sums by label
            self._sums_by_label = {compact(r[0]): figure for r in table.rows
                                   if r and cols.money[0] < len(r) and not _TOTAL_ROW_RE.search(compact(r[0]))
                                   and (figure := _cell_money(r[cols.money[0]], header[cols.money[0]])) is not None}
        continued = self._last_table is not None and self._last_table[0] == header
        if continued and (len(intro) <= 12 or re.search(r"续|接上", intro)):
            intro = self._last_table[1]  # （续表）: a table carried over a page break keeps its intro
        self._last_table = (header, intro)
        table = same_as_group(table, self._last_rows if continued else [])
        self._last_rows = table.rows
        for i, h in enumerate(header):
            # 学期 | 开学之日 | 学期结束之日: 最后一个学期结束之日 is the last row's
            if _ROW_DAY_HEADER_RE.fullmatch(h) and (last := [d for r in table.rows if i < len(r)
                                                             for d in find_dates(compact(r[i]))]):
                self.defined_days[f"最后一个{h}"] = _written(last[-1].value)
        self._rows_paid = {}
        self._row_dues = {}
        self._row_obs = {}
        self._row_sums = {}
        if (amended := self._amending_table(header, table.rows)) is not None:
            return amended
        if tiers := _tiers(header, table.rows):
            self._tiers = tiers  # 档次 | 一期固定资产投资额 | 奖励金额: which reward a pledge earns, owed by a clause after
            self._tier_day = next((part for part in reversed(re.split(r"[；;。]", intro)) if _EACH_YEAR_DAY_RE.search(part)), "")
            return []
        if already_paid(intro) or _PAID_RECORD_RE.search(intro):
            return []  # 甲方累计已支付工程款…，明细如下表: a record of payments made, not a schedule
        if _VOID_TABLE_RE.search(intro):
            return []  # 【作废】本原稿…已由附件二（修订稿）替代，…不作为付费依据: a superseded annex binds no one
        if _SIGN_OFF_RE.search(intro) or any(re.fullmatch(r"(?:审核|审批|会签)?意见", h) for h in header):
            return []  # 合同审批会签记录（内部流转，不构成合同条款）: 环节 | 审核科室 | 意见 | 日期, who approved the contract when
        if width == 2 and (card := self._card(table, intro)) is not None:
            return card
        duties = [i for i, h in enumerate(header) if GOV_HEADING_RE.fullmatch(h) or CP_HEADING_RE.fullmatch(h)]
        if duties and not cols.money:
            # 序号 | 甲方负责事项 | 乙方负责事项: each cell is a duty of the side its column names, as a clause would say it;
            # 时间 | 发包人应办事项 | 承包人应办事项: by the row's time (2026年7月10日前 | 移交…施工场地 → 发包人于2026年7月10日前移交…)
            added = []
            for n, row in enumerate(table.rows):
                when = compact(row[cols.date]) if cols.date is not None and cols.date < len(row) else ""
                for i in duties:
                    if i < len(row) and row[i].strip() and not _DASH_RE.fullmatch(row[i].strip()):
                        side = _SIDE_WORD_RE.match(header[i])
                        said = f"{side.group()}于{when}，{compact(row[i])}" if when and side else row[i]
                        added += self.from_sentence(said, table.page_of(n), header[i])
            return added
        if cols.date is not None and _MILESTONE_DATE_RE.search(header[cols.date]) and cols.percent is None \
                and cols.money and all(not _PAID_HEADER_RE.search(header[i]) for i in cols.money):
            # 天桥 | 分项招标控制价（元） | 计划完工日期: what each part is worth and when it is built; 作业期 |
            # 服务费（元） | 药剂交付截止日: when the government hands over what the work needs
            return []
        if cols.money and (offsets := self._column_offsets(header)):
            return self._by_column_offsets(table, header, cols, offsets)
        timed = _row_timed_columns(header, [intro, *reversed(self._recent[-3:])]) or (self._last_timed if continued else {})
        self._last_timed = timed  # (表2（续）: the rows carried over keep the rule)
        if timed:
            return self._by_row_times(table, header, timed, intro)
        if len(pairs := _instalment_pairs(header)) > 1:
            return self._by_instalment_pairs(table, header, pairs, intro)
        yearly = row_year_due(intro) if cols.year is not None else None
        # a table of periods is paid by its clauses' rules only when every money column has one
        rules = {i: rule for i in cols.money if (rule := self._period_rule(header[i]))}
        if len(rules) < len(cols.money):
            rules = {}
        # a table of years whose money columns say when they fall (7月15日前预拨 | 次年一季度内清算); a
        # column that says nothing (年度运营补贴) is their sum
        days = ({i: day for i in cols.money if (day := header_day(header[i]) or self._clause_day(header[i]))}
                if cols.year is not None and cols.date is None and not rules and yearly is None else {})
        if cols.year is not None and len(staged := _instalment_days(header, intro)) > 1:
            # 年度 | 年度可用性付费 | 第一次：“五一”前（40%） | 第二次：第一次期限届满满五个月（60%）: each instalment
            # column is paid on the day its header gives the row's year; the year's sum is theirs added up
            cols.money, cols.date, days = list(staged), None, staged
        if cols.date is None and cols.condition is None and yearly is None and not rules and not days:
            return self._by_year_rules(table, header, cols, intro)
        intro_agent = self._intro_agent(intro)
        added = []
        carried = self._carried_year if continued else ""  # (a year merged over a page break)
        period: tuple[date, date] | None = None
        group_year: str | None = None
        for n, row in enumerate(table.rows):
            page = table.page_of(n)
            if cols.year is not None and cols.year < len(row):
                # a year cell merged over the rows below it (2028年度 | 第一季度, then "" | 第二季度…)
                year = compact(row[cols.year])
                if re.fullmatch(r"20\d{2}年(?:度)?", year):
                    carried = year
                elif not year and carried and not _TOTAL_ROW_RE.search("".join(row)):
                    row = [carried if i == cols.year else c for i, c in enumerate(row)]
                else:
                    carried = ""
            if any(_PAID_CELL_RE.match(compact(c)) for c in row):
                continue  # 2024年度 | 可用性付费 | 28,460,000.00 | … | 已付清: paid, not owed
            if row and compact(row[0]):
                # (第1个运营年度 | 2027年11月1日—2028年10月31日 | …: the period in the cell after the label)
                span = next((m for c in row[:2] if (m := _ROW_SPAN_RE.search(compact(c))) is not None), None)
                period = (find_dates(span.group())[0].value, find_dates(span.group("end"))[0].value) if span else None
            if period is not None and cols.date is not None and cols.date < len(row):
                # 第一学年（2026.9.1—2027.8.31） | 末期 | 学年结束之日的次日起算第20日前, the label merged over the
                # rows below: the end of the row's period is that day, and a season's end the one in it
                row = [self._seasons_in(_PERIOD_END_RE.sub(_written(period[1]), c), *period)
                       if i == cols.date else c for i, c in enumerate(row)]
            if row and compact(row[0]) and not any(compact(c) for c in row[1:]):
                # 2026年 | | | (a label over the rows below): their month-and-day cells are of that year
                group_year = compact(row[0])[:4] if re.fullmatch(r"20\d{2}年(?:度)?", compact(row[0])) else None
                continue
            if group_year and cols.date is not None and cols.date < len(row) \
                    and _MONTH_DAY_CELL_RE.match(when_cell := compact(row[cols.date])):
                row = [f"{group_year}年{when_cell}" if i == cols.date else c for i, c in enumerate(row)]
            if days:
                obs = self._by_header_day(header, row, cols, days, intro, intro_agent, page)
            else:
                obs = self._by_period(header, row, cols, rules, page) if rules else []
                obs = obs or self._from_row(header, row, cols, intro, intro_agent, page, yearly)
            if obs and row:
                self._row_dues[compact(row[0])] = obs[0].due
            elif row and cols.money and cols.money[0] < len(row) \
                    and (figure := _cell_money(row[cols.money[0]], header[cols.money[0]])) is not None:
                self._row_sums[compact(row[0])] = figure  # a row whose time says nothing yet a later clause may set
            for ob in obs:
                if self._keep(ob):
                    added.append(ob)
                    self._row_obs.setdefault(compact(row[0]), []).append(ob)
        self._carried_year = carried
        if added:
            # the intro's own duty (甲方于次年5月31日前兑现当年度奖励; 奖励于…30日内兑现，且不晚于下表“最迟兑现日”; 甲方按下表
            # 给予补贴…其余40%经年度考核合格后，于当年年终清算日前支付) is its rows' duties, which date it
            for ob in [o for o in self.found if o.amount is None and o not in added and compact(o.text) in intro
                       and (yearly is not None or (o.kind in MONEY_KINDS and "下表" in intro))]:
                self._drop(ob)
        return added

    def _by_instalment_pairs(self, table: TableBlock, header: list[str], pairs: list[tuple[int, int]],
                             intro: str) -> list[Obligation]:
        """A table giving each instalment's sum and the month or day it is paid in a pair of columns (运营年度 | … |
        第一次（50%） | 付款月份 | 第二次（50%） | 付款月份): one obligation per pair of each row, due on its day or by the
        last day of its month."""
        debtor = self._intro_agent(intro) or GOVERNMENT
        kind = next((k for k in (classify(_announcing(intro))[0], classify(intro)[0]) if k in MONEY_KINDS), "payment")
        added = []
        for n, row in enumerate(table.rows):
            if _TOTAL_ROW_RE.fullmatch(compact(row[0]) if row else ""):
                continue
            for i, j in pairs:
                if j >= len(row):
                    continue
                figure = _cell_money(row[i], header[i])
                when = compact(row[j])
                ends = _row_period_ends(header, row)
                for name, end in ends.items():
                    # 采暖期结束之日起满三十日: from the end of the period the row's 采暖期 column gives
                    when = re.sub(rf"{re.escape(name)}(?:结束|届满|期满)(?:之日|当日)", f"{end.year}年{end.month}月{end.day}日", when)
                if len(ends) == 1:
                    # 2026年防治季 | 2026年4月15日—10月15日 | … | 防治季结束之日后的第四个星期五: the row's one period
                    end = next(iter(ends.values()))
                    when = re.sub(r"(?:该)?[\u4e00-\u9fff]{1,6}?[季期](?:结束|届满|期满)(?:之日|当日)", _written(end), when)
                when = self._dated(when)
                due = month_payday(when, "", paid_in=True) or parse_deadline(when, bare_date_ok=True)
                if figure is None or due is None:
                    continue
                ob = Obligation(kind, debtor, figure, parse_percent(header[i]), due, table.page_of(n),
                                f"{' '.join(c for c in row if c)}（{header[i]}）")
                if self._keep(ob):
                    added.append(ob)
                    self._row_obs.setdefault(compact(row[0]), []).append(ob)
        if added:  # (the clause announcing the pairs, 每个防治季的防治服务费分两次支付：第一次为…40%…, owes what they owe)
            for ob in [o for o in self.found if o not in added and o.kind in ("payment", "subsidy")
                       and compact(o.text) and compact(o.text) in compact(intro)]:
                self._drop(ob)
        return added

    def _intro_agent(self, intro: str) -> str | None:
        """Who acts in the rows of a table, as the sentence that announces it says (划拨价款由乙方缴纳。
        甲方按下表分批交付用地：), or None."""
        for said in dict.fromkeys((_announcing(intro), intro)):
            if not said:
                continue
            _kind, verbs = classify(said)
            agent = self._agent(said, verbs)
            if agent is None:
                # the recipient of the paying verb, not of another act in the intro
                # (按下表分期支付，乙方应…向甲方开具发票)
                part = next((said[s:e] for s, e in _split_subclauses(said) if verbs and s <= verbs[0] < e), said)
                recipient = find_recipient(part, self.gov, self.cp)
                if recipient:
                    agent = COUNTERPARTY if recipient == GOVERNMENT else GOVERNMENT
            if agent is not None:
                return agent
        return None

    def _card(self, table: TableBlock, intro: str) -> list[Obligation] | None:
        """A payment written as a card of two columns, a label and its value (付款卡① | 预付款 / 付款金额 |
        人民币2,776,000.00元 / 起算事件 | 本合同签订 / 付款期限 | 起算事件后第10个工作日前), or None when the
        table is not one. The period counts from the card's 起算事件; the payer is the side the sentence
        announcing the cards names (甲方按下列付款卡支付合同价款), else the last card's."""
        rows = [table.header, *table.rows]
        if any(len([c for c in row if c.strip()]) > 2 for row in rows):
            return None
        card = {compact(row[0]): compact(row[1]) for row in rows if len(row) >= 2 and row[0].strip()}
        amount = next((v for k, v in card.items() if _CARD_AMOUNT_RE.fullmatch(k)), None)
        due_text = next((v for k, v in card.items() if _CARD_DUE_RE.fullmatch(k)), None)
        if amount is None or due_text is None or not (found := find_money(amount)):
            return None
        event = next((v for k, v in card.items() if _CARD_EVENT_RE.fullmatch(k)), None)
        if event:
            # 质保期届满（质保期24个月，自终验合格之日起算）: the event, not what its parenthesis counts from
            bare = re.sub(r"[（(][^（()）]*[)）]", "", event)
            due_text = _CARD_EVENT_RE.sub(lambda _m: bare, due_text)  # the event's words, not a template
        due = parse_deadline(due_text, bare_date_ok=True)
        if due is None:
            return None
        self._card_payer = self._intro_agent(intro) or self._card_payer
        ob = Obligation("payment", self._card_payer, found[0].value, None, due, table.page_of(0),
                        " ".join(" ".join(row) for row in rows))
        return [ob] if self._keep(ob) else []


    def _column_offsets(self, header: list[str]) -> list[tuple[int, int, Decimal, str]]:
        """(date column, days after, percent, payer) of each payment the clauses around a table count from one
        of its date columns (学期 | 开学日 | 放假日 | … ← 自该学期开学之日起二十日内，甲方支付该学期租赁费的50%); the
        payer is the side the clause names, the government when it names none."""
        found = []
        for i, h in enumerate(header):
            if (day := re.fullmatch(r"(?P<stem>[\u4e00-\u9fff]{1,4}?)(?:日|日期)", h)) is None:
                continue
            # the rule may follow a clause or two and its items (3.3 合同金额 / 【付款】 / 4.1 …分两次支付： / （1） / （2）)
            for part in self._nearby_parts(day.group("stem") + "之日", reach=6):
                m = re.search(re.escape(day.group("stem")) + _COLUMN_OFFSET_RE.pattern, part)
                if m and (n := to_int(m.group("n"))) and (pct := Decimal(m.group("p"))) <= HUNDRED:
                    rule = (i, n, pct, self._agent(part, classify(part)[1]) or GOVERNMENT)
                    if rule not in found:
                        found.append(rule)
        return found

    def _by_column_offsets(self, table: TableBlock, header: list[str], cols: _Columns,
                           offsets: list[tuple[int, int, Decimal, str]]) -> list[Obligation]:
        """One payment per row and offset: the row's share of its money column, due that many days after
        the row's day in the offset's column."""
        added = []
        for n, row in enumerate(table.rows):
            total = _cell_money(row[cols.money[0]], header[cols.money[0]]) if cols.money[0] < len(row) else None
            if total is None or _TOTAL_ROW_RE.search(compact(row[0])):
                continue
            for i, days, pct, payer in offsets:
                dates = find_dates(compact(row[i])) if i < len(row) else []
                if not dates:
                    continue
                due = Deadline(0, 0, date=dates[0].value + timedelta(days=days))
                ob = Obligation("payment", payer, money(total * pct / HUNDRED), None, due, table.page_of(n),
                                " ".join(row))
                if self._keep(ob):
                    added.append(ob)
        return added

    def _corrected(self, table: TableBlock) -> TableBlock:
        """``table`` with each cell a clause after it corrects as corrected (北区库点“计划到货日”由“2026年9月9日”更正为
        “2026年9月14日”, naming the cell by its row and column, either way round), without the year a clause after it
        says pays nothing (表中2029年度各项数额仅为测算数，不作为付费依据)."""
        after = self._texts[self._read:]
        fixes = [m for clause in after[:6] for m in _CELL_CORRECTED_RE.finditer(clause)]
        header = [compact(h) for h in table.header]
        # 第四章(ii)表中2029年度各项数额仅为测算数，不作为付费依据: a row or column that pays nothing
        void = {m.group("label") for clause in after for m in _VOIDED_RE.finditer(clause)} & {*header, *(compact(r[0]) for r in table.rows if r)}
        if not fixes and not void:
            return table
        keep = [j for j, h in enumerate(header) if h not in void]
        header = [header[j] for j in keep]
        rows = [[r[j] for j in keep if j < len(r)] for r in table.rows if not r or compact(r[0]) not in void]
        table = replace(table, header=header, rows=rows, row_pages=[] if len(rows) != len(table.rows) else table.row_pages)
        for m in fixes:
            names = {m.group("a"), m.group("b")}
            for r in rows:
                for j, c in enumerate(r):
                    if j < len(header) and {compact(r[0]), header[j]} == names and compact(c) == m.group("old"):
                        r[j] = m.group("new")
        return replace(table, rows=rows)

    def _by_year_rules(self, table: TableBlock, header: list[str], cols: _Columns, intro: str) -> list[Obligation]:
        """A table of years whose one money column the clauses after it pay by a rule for the first year and one for
        the years after it, in words about 当年 ((一)首个运营年度的可用性付费，于当年国库年终集中支付截止日一次性支付；
        (二)其后各运营年度的可用性付费分两次各支付一半：第一次…且不迟于当年3月31日；第二次于当年国库年终集中支付截止日
        支付): each row's sum on the days its rule gives in the row's year, in equal parts when the rule splits it."""
        if cols.year is None or len(cols.money) != 1 or (noun := column_noun(header[cols.money[0]])) is None:
            return []
        noun = noun.removeprefix("年度")
        first, rest = None, None
        for clause in self._texts[self._read:self._read + 4]:
            if noun in clause and "当年" in clause and PAY_RE.search(clause):
                if re.search(r"(?:首个|第一个)[^，。；]{0,4}年度", clause[:clause.index(noun)]):
                    first = first or clause
                elif re.search(r"(?:其后|其余|以后|此后|每个|各)[^，。；]{0,4}年度", clause[:clause.index(noun)]):
                    rest = rest or clause
        if rest is None:
            return []
        debtor = self._intro_agent(intro) or GOVERNMENT
        added = []
        for n, row in enumerate(table.rows):
            year = re.match(r"(20\d{2})年", compact(row[cols.year])) if cols.year < len(row) else None
            amount = _cell_money(row[cols.money[0]], header[cols.money[0]]) if cols.money[0] < len(row) else None
            if year is None or amount is None:
                continue
            rule = first if n == 0 and first is not None else rest
            said = self._dated(compact(rule).replace("当年", f"{year.group(1)}年"))
            parts = re.split(r"[；;]", said[said.find("：") + 1:] if "：" in said else said)
            dues = [due for part in parts if (due := parse_deadline(part, bare_date_ok=True)) is not None and due.date]
            if not dues or (len(dues) > 1 and not re.search(r"各(?:支付|拨付)?(?:一半|50%)|各半", said)):
                continue
            for due in dues:
                ob = Obligation("payment", debtor, money(amount / len(dues)), None, due, table.page_of(n),
                                f"{' '.join(c for c in row if c)}（{header[cols.money[0]]}）")
                if self._keep(ob):
                    added.append(ob)
        return added

    def _by_row_times(self, table: TableBlock, header: list[str], timed: dict[int, str], intro: str) -> list[Obligation]:
        """One payment per row and instalment column, due when the intro's words about "the row" (该学期) say once the
        row's own days stand in for them."""
        debtor = self._intro_agent(intro) or GOVERNMENT
        kind = "subsidy" if SUBSIDY_RE.search(intro) else "payment"
        added = []
        for n, row in enumerate(table.rows):
            if not row or _TOTAL_ROW_RE.search(compact(row[0])):
                continue
            for i, when in timed.items():
                figure = _cell_money(row[i], header[i]) if i < len(row) else None
                said = _row_days_said(header, row, when)
                due = parse_deadline(self._dated(said), bare_date_ok=True) if figure is not None and said else None
                if due is None or due.date is None:
                    continue
                ob = Obligation(kind, debtor, figure, None, due, table.page_of(n), f"{' '.join(c for c in row if c)}（{header[i]}）")
                if self._keep(ob):
                    added.append(ob)
        if added:
            # the clause giving the rule (每期为该年度服务费的50%：第一期于…) owes what the rows owe, not a share of its own
            for ob in [o for o in self.found if o not in added and o.kind in ("payment", "subsidy")
                       and any(part[:12] in compact(o.text) for part in timed.values())]:
                self._drop(ob)
        return added

    def _period_rule(self, header: str) -> tuple[str, str, str, list[tuple[int | None, int, Decimal]]] | None:
        """How the clauses before a table pay one of its money columns over each period a row states
        (甲方于每个运营年度的2月末和8月末前，各支付该运营年度可用性付费的50%; 运维绩效付费…于每个运营
        年度结束后的第30个自然日前一次性支付; 于每个季度结束后15日内支付该季度的…): (kind, debtor, the span
        of period it speaks of, "year" or "quarter", [(month, days after the period, percent)])."""
        noun = column_noun(header)
        if noun is None:
            return None
        for part in self._recent_parts(noun):
            span, steps = period_steps(part)
            if steps and _INSTALMENT_NOUN_RE.fullmatch(noun):
                # 第一期（万元）: the column is the instalment itself, not the whole its share is of
                steps = [(month, days, HUNDRED) for month, days, _share in steps]
            if steps:
                kind, verbs = classify(part)
                debtor = self._agent(part, verbs) or GOVERNMENT
                return ("subsidy" if kind == "subsidy" else "payment"), debtor, span, steps
        return None

    def _by_header_day(self, header, row, cols, days, intro, intro_agent, page) -> list[Obligation]:
        """A row of a year (2025年度) whose money columns fall on the days their headers give, or by the
        time in the column named after them (运维绩效付费（万元） | 运维绩效付费支付时限)."""
        year = re.match(r"(20\d{2})年", compact(row[cols.year])) if cols.year < len(row) else None
        if year is None:
            return []
        row_text = " ".join(c for c in row if c)
        if (own := self._year_rule(year.group(1))) is not None and (amount := next(
                (a for i in cols.money if i < len(row) and (a := _cell_money(row[i], header[i])) is not None), None)):
            # 2027年度 | 1,086.50 | 1,086.50（一次支付） | —, under 2027年度的可用性付费一次支付，于…支付: that year's own rule
            kind = "subsidy" if SUBSIDY_RE.search(intro) else "payment"
            return [Obligation(kind, intro_agent or GOVERNMENT, amount, None, own, page, row_text)]
        out = []
        for i in cols.money:
            amount = _cell_money(row[i], header[i]) if i < len(row) else None
            if amount is None:
                continue
            if i in days:
                dues = [Deadline(0, 0, date=due) for due in days[i](int(year.group(1)))]
                if (quarters := _QUARTERS_RE.search(compact(row_text))) is not None and len(dues) == 4:
                    # 2027年度 | … | 第一至第三季度服务费按季度预付；第四季度按4.3款支付: the quarters it pays
                    first, last = (to_int(quarters.group(k)) or 0 for k in ("first", "last"))
                    dues = dues[first - 1:last]
            else:
                timed = next((c for c in (cols.date, cols.condition) if c is not None and c < len(row)
                              and (noun := column_noun(header[i])) and header[c].startswith(noun)), None)
                due = parse_deadline(compact(row[timed]), bare_date_ok=True) if timed is not None else None
                dues = [due] if due is not None else []  # a column that says nothing is the sum of the others
            kind = "subsidy" if SUBSIDY_RE.search(intro + header[i]) else "payment"
            out += [Obligation(kind, intro_agent or GOVERNMENT, amount, None, due, page, f"{row_text}（{header[i]}）")
                    for due in dues]
        return out

    def _clause_day(self, header: str) -> Callable[[int], list[date]] | None:
        """The days of each row's year that the clauses before a table give a money column named by
        how it is paid (每季度预拨额 ← 每个季度终了后次月的10日前…预拨; 年度清算额 ← 于次年6月30日前清算
        支付), or None."""
        paid = _PAID_AS_RE.search(compact(header))
        noun = column_noun(header)
        if (quarter := _QUARTER_HEADER_RE.search(compact(header))) is not None \
                and (in_quarter := self._quarter_day(to_int(quarter.group("q")) or 0)) is not None:
            return in_quarter
        if paid is not None:
            parts: Iterator[str] = map(self._defined_days_dated, self._recent_parts(paid.group()))
        elif noun is not None and noun.endswith("基数") and len(noun) >= 6:
            # 运维绩效付费基数（万元） ← 运维绩效付费按年度支付：甲方于次年2月最后一日前…支付上一年度的运维绩效付费
            parts = (p for p in self._recent_parts(noun[:-2]) if PAY_RE.search(p))
        elif noun is not None and len(noun) >= 3 and (part := next(
                (q for p in self._recent_parts(noun) for q in re.split(r"[：:]", p)
                 if re.match(rf"\W*{re.escape(noun)}", q) and "当年" in q and PAY_RE.search(q)), None)):
            # 上半年部分（40%） ← 上半年部分为年度可用性付费的40%，于当年5月的最后一个星期五前支付: that day of the row's year
            def said(year: int, part: str = part) -> list[date]:
                # (…最迟不晚于次年1月的第三个星期五: the year after the row's)
                due = parse_deadline(self._dated(part.replace("当年", f"{year}年").replace("次年", f"{year + 1}年")),
                                     bare_date_ok=True)
                return [due.date] if due is not None and due.date is not None else []
            return said
        elif noun is not None and len(noun) >= 4:
            # 季度应付额 ← （一）季度应付额：甲方于每季度末月的25日前…: the clause after the table names it
            parts = self._next_parts(noun)
        else:
            return None
        if noun is not None and noun.startswith("季度") and len(noun) >= 4:
            # 季度服务费（元） ← 4.1 服务费按季度预付：甲方于每季度首月20日前，将当季度服务费支付至乙方账户
            fee = noun[2:]
            parts = itertools.chain(parts, (p for p in self._nearby_parts(fee) if _EACH_QUARTER_MONTH_RE.search(p)))
            # 季度付费额（万元） ← 第6条 …于每年1月、4月、7月和10月的第15日前，支付上一季度的可用性付费；每季度付费额为…
            for clause in itertools.chain(reversed(self._recent), self._texts[self._read:self._read + 4]):
                if noun in clause and (after := _AFTER_QUARTER_MONTHS_RE.search(clause)) is not None:
                    return lambda year: _quarters_paid_after(year, after)
        for part in parts:
            if _AFTER_EACH_PERIOD_RE.search(part) and (each := _NEXT_MONTH_RE.search(part)) and each.group("day"):
                day = int(each.group("day"))  # 每个季度终了后次月的10日前: the 10th after each quarter
                return lambda year: _after_quarters(year, day)
            if (quarterly := _EACH_QUARTER_MONTH_RE.search(part)) is not None:
                return lambda year: _quarter_months(year, quarterly)  # 每季度末月的25日前: in each quarter's last month
            if (m := _YEAR_DAY_RE.search(part)) is not None:
                return _days_of_year(m)
            if (after := row_year_due(part)) is not None:  # 服务年度终了后45日内
                return lambda year: [due.date] if (due := after(year)) is not None and due.date else []
        return None

    def _year_rule(self, year: str) -> Deadline | None:
        """The day a clause before a table of years pays one year's sum on, by its own rule (⑷・2 2027年度的可用性付费
        一次支付，于…两者中的较晚者支付), or None."""
        for part in self._recent_parts(f"{year}年度的"):
            at = part.index(f"{year}年度的")
            if at <= 12 and PAY_RE.search(part) and (due := parse_deadline(self._dated(part[at:]), bare_date_ok=True)) \
                    and due.date is not None:
                return due
        return None

    def _quarter_day(self, q: int) -> Callable[[int], list[date]] | None:
        """The day of each year the clauses before a table pay its column of quarter ``q`` on: as a clause says of that
        quarter (但第四季度的可用性付费，于当年12月20日前支付), else of every quarter (每季度的可用性付费于该季度末月的最后
        一个星期三前支付), or None."""
        name = f"第{'一二三四'[q - 1]}季度" if 1 <= q <= 4 else ""
        parts = [p.split("：")[-1] for p in self._recent_parts("季度") if PAY_RE.search(p)]
        own = next((p for p in parts if name and name in p and "当年" in p), None)
        each = next((p for p in parts if re.search(r"每(?:个|一)?季度", p) and _THAT_QUARTERS_MONTH_RE.search(p)), None)
        if own is None and each is None:
            return None

        def said(year: int) -> list[date]:
            if own is not None:
                text = own.replace("当年", f"{year}年")
            else:
                month = 3 * q - (2 if _THAT_QUARTERS_MONTH_RE.search(each).group("which") in ("首月", "第一个月") else 0)
                text = _THAT_QUARTERS_MONTH_RE.sub(f"{year}年{month}月", each)
            due = parse_deadline(self._dated(text), bare_date_ok=True)
            return [due.date] if due is not None and due.date is not None else []
        return said

    def _by_period(self, header, row, cols, rules, page) -> list[Obligation]:
        """A row of a period (运营年度 | 2025年9月1日—2026年8月31日, 2025年第四季度) paid by its columns' ``rules``."""
        found = next((p for c in row if (p := row_period(compact(c)))), None)
        if found is None and cols.year is not None and cols.year < len(row):
            # 运营年度 | 季度: 2028年度 | 第一季度 is the first quarter of 2028
            year = compact(row[cols.year])
            found = next((p for i, c in enumerate(row) if i != cols.year and (p := row_period(year + compact(c)))), None)
        if found is None:
            return []
        *period, span = found
        row_text = " ".join(c for c in row if c)
        out = []
        for i, (kind, debtor, rule_span, steps) in rules.items():
            amount = _cell_money(row[i], header[i]) if i < len(row) else None
            if amount is None or rule_span != span:
                continue
            for month, days, share in steps:
                if month is not None and month < 0:  # the end of the period's n-th month
                    month = add_months(period[0], -month - 1).month
                day = month_end_in(period, month) if month else period[1] + timedelta(days=days)
                if day is not None:
                    out.append(Obligation(kind, debtor, money(amount * share / HUNDRED), None, Deadline(0, 0, date=day),
                                          page, f"{row_text}（{header[i]}）"))
        return out

    def _from_row(self, header, row, cols, intro, intro_agent, page, yearly=None) -> list[Obligation]:
        def cell(i: int | None) -> str:
            return compact(row[i]) if i is not None and i < len(row) else ""

        row_text = " ".join(c for c in row if c)
        if _TOTAL_ROW_RE.fullmatch((cell(cols.item) or compact(row[0])) if row else ""):
            return []  # 合计 | 2026年3月—2027年2月 | 1,157,826.42: the rows above, added up
        when = cell(cols.date)
        if not when and cols.date is not None:
            # 质保金 | … | — | 质保期…届满，于届满之日起十五个工作日内支付: a note of the row says when, in its last part
            # opened by 于
            notes = [compact(c) for i, c in enumerate(row) if i not in (cols.item, cols.date, cols.percent, *cols.money)]
            when = next((part[1:] for note in notes for part in reversed(re.split(r"[；;，,]", note))
                         if part.startswith("于") and PAY_RE.search(part)), "")
        if len(span := [d.value for d in find_dates(when)]) == 2 and span[0] < span[1] \
                and (rule := _THAT_PERIOD_END_RE.search(intro)) is not None:
            # 第一个租赁年度 | 2026年7月1日—2027年6月30日 under 补贴于该租赁年度届满之日的次日所在季度的最后一日兑现: from the
            # row's end
            when = _written(span[1]) + re.split(r"[；。]", intro[rule.end():])[0]
        if (that := _THAT_SEASON_RE.search(when)) is not None \
                and (named := re.search(rf"(?P<years>20\d{{2}}年?[—－\-~～至]20\d{{2}})年?{that.group('span')}", row_text)):
            # 经2026—2027清雪季作业运行… | 该清雪季清雪期结束之日起满三十日: the season the row names
            when = when.replace(that.group(), f"{named.group('years')}年")
        if (fest := _THAT_PERIODS_FESTIVAL_RE.search(when)) is not None:
            when = self._periods_festival(fest, when, row_text)
        # 第三笔 | … | 第二笔付款期限届满之日起满九十日: a time set by an earlier row, or pinned down elsewhere
        when = self._dated(named_days_dated(window_end(when), row_text))
        if _BARE_END_RE.match(when) and (period := _WARRANTY_NOUN_RE.search(row_text)) is not None:
            # 缺陷责任期（两年）满，返还质量保证金 | 期满后两周内 (届满之日起28日内): that period's end
            when = f"{period.group()}期{when.removeprefix('期')}"
        due = period_payday(when, intro) or month_payday(when, intro) \
            or months_payday(when, intro) or month_column_payday(when, header, row) or (
            parse_deadline(when, bare_date_ok=True) if when else None)
        year = re.fullmatch(r"(20\d{2})年(?:度)?", cell(cols.year))
        if due is None and year is not None and (named := _YEAR_DAY_RE.search(cell(cols.date))) is not None \
                and named.group("rel") and (days := _days_of_year(named)(int(year.group(1)))):
            due = Deadline(0, 0, date=days[0])  # 2028年度 | … | 次年上半年内: that day of the year after the row's
        if due is None and year is not None and yearly is None and (own := row_year_due(when)) is not None:
            due = own(int(year.group(1)))  # 运维年度 | 2027年度 | … | 该年度届满后30日内
        if due is None and (same := _WITH_INSTALMENT_RE.search(when)) is not None:
            due = self._row_dues.get(same.group("nth"))  # 质保金 | … | 与第七期款同期支付: when that row is due
        by_year = due is None and yearly is not None and year is not None
        if by_year:
            due = yearly(int(year.group(1)))
            if due is None:
                return []
        if due is not None and due.event and cell(cols.condition) \
                and (named := event_of(cell(cols.condition))) not in (None, due.event) \
                and (said := re.match(r"[\u4e00-\u9fff]{2,8}?(?=之日|后|起)", cell(cols.date))) \
                and said.group() in cell(cols.condition):
            # 竣工验收合格 | 验收合格之日起28日内: the date cell shortens the event its condition names
            due = replace(due, event=named)
        if due is None and cell(cols.condition):
            # 缺陷责任期满 | 期满后14日内返还: the condition names the event the time limit counts from
            due = (parse_deadline(f"{cell(cols.condition)} {cell(cols.date)}", bare_date_ok=True) if cell(cols.date)
                   else None) or parse_deadline(cell(cols.condition), bare_date_ok=True)
        if due is None and cell(cols.date) and cell(cols.item):
            # 完工结算经…审定 | 审定之日起60个自然日内: the time counts from the row's own node
            due = parse_deadline(f"{cell(cols.item)} {cell(cols.date)}", bare_date_ok=True)
        # 2027运营年度 | 2027.4.1—2028.3.31 | 定额补贴 620.00 | 每半年末支付 310.00: due at the end of each half of
        # the row's period, what that column says
        each_half = [i for i in cols.money if _HALF_YEAR_END_RE.search(header[i])]
        half_ends = half_year_ends(when) if each_half or _HALF_YEAR_END_RE.search(intro) else []
        if half_ends:
            due = Deadline(0, 0, date=half_ends[-1])
        money_cols = each_half[:1] if half_ends and each_half else cols.money
        if due is None:
            return []
        item = cell(cols.item) or compact(row_text)
        # 主体封顶 | 于次月20日前支付中标价的20%，计1,936,843.20元: a cell that says what is paid, as a clause
        # would; else the row's other cells (投产奖励 | 人民币300万元 | 项目投产之日起六个月内)
        said = cell(cols.date) or cell(cols.condition)
        if not (find_percents(said) or find_money(said)):
            said = "，".join(compact(c) for i, c in enumerate(row) if c.strip() and i not in (cols.item, cols.date))
        # (a row whose money cells are all empty says its figures in its other cells, as a table without them would)
        said_figures = not any(cell(i) for i in cols.money) and cols.percent is None and bool(find_percents(said) or find_money(said))
        percent = None
        part, part_base = "", None
        if cell(cols.percent):
            pcts = find_percents(cell(cols.percent))
            percent = pcts[0].value if pcts else to_decimal(cell(cols.percent))
            # 设计费×30% / 累计至建安工程费的75%: of a named part of the price
            part, part_base = self._base(cell(cols.percent)[:pcts[0].start]) if pcts else ("", None)
            # 累计支付至80%, or 累计支付比例（占合同总价） | 60%: the share this row adds
            if percent is not None and (_CUMULATIVE_RE.search(cell(cols.percent)) or "累计" in header[cols.percent]) \
                    and part_base is None:
                percent = _share(percent - self.paid_percent) if percent > self.paid_percent else None
        debtor = None
        party = cell(cols.party)
        if party:
            if any(w in party for w in self.gov):
                debtor = GOVERNMENT
            elif any(w in party for w in self.cp):
                debtor = COUNTERPARTY
            else:
                return []  # 兑现主体 | 国网葭湄市供电公司: a third party's duty
        if debtor is None and any(w in header[i] for i in cols.money for w in self.gov):
            debtor = GOVERNMENT  # 考核年度 | … | 甲方奖励: the money column says who pays
        if debtor is None:
            debtor = intro_agent
        # one obligation per money column (可用性付费 | 运维绩效付费), or one for the row
        amounts: list[tuple[Decimal | None, str]] = []
        for i in money_cols:
            if i < len(row) and row[i].strip() and not _WORKED_OUT_RE.fullmatch(cell(i)):
                figure = _cell_money(row[i], header[i])
                if figure is not None and percent is not None and _BASIS_HEADER_RE.search(header[i]) \
                        and not _PAID_HEADER_RE.search(header[i]):
                    # 分项 | 价款（万元） | … | 付款比例 60%: the share of the row's price is paid
                    figure = money(figure * percent / HUNDRED)
                amounts.append((figure, header[i]))
        if not amounts and not cols.money and cols.percent is None and row \
                and (keyed := self._lent_sums.get(compact(row[0]))) is not None:
            amounts.append((keyed, ""))  # 表4-2 K2 | … | 付款期限, its sum in 表4-1 by the same 编号
        if not amounts:
            base = part_base or self.contract_amount
            amount = money(base * percent / HUNDRED) if percent is not None and base is not None else None
            if amount is not None and part_base is not None and _CUMULATIVE_RE.search(cell(cols.percent)):
                # 累计至建安工程费的75% less the rows before that paid of it
                amount = amount - self._rows_paid.get(part, Decimal(0))
                amount, percent = (amount, None) if amount > 0 else (None, None)
            amounts.append((amount, ""))
        if part and len(amounts) == 1 and amounts[0][0] is not None:
            self._rows_paid[part] = self._rows_paid.get(part, Decimal(0)) + amounts[0][0]
        out = []
        for amount, money_header in amounts:
            label = item + (money_header if len(money_cols) > 1 else "")
            own = _column_day(intro, money_header) if by_year else None
            row_due = (_in_year(int(year.group(1)), own) if own else None) or due
            kind, _ = classify(label)
            if kind is None and said_figures:
                kind, _ = classify(said)
            if kind is None and cell(cols.condition):
                # 节能审查意见 | 协助项目公司取得: what the row's condition says is done with the item
                done, _ = classify(label + cell(cols.condition))
                kind = done if done in ("approval", "land", "other") else None
            # (返还质量保证金，即审定结算价的3%，暂列人民币520,500.00元: the money cell may say what it is)
            returned, _ = classify(label + cell(cols.date) + cell(cols.condition) + "".join(cell(i) for i in money_cols))
            if returned is None and _ORDINAL_CELL_RE.fullmatch(item):
                # 第六笔 | 缺陷责任期（两年）满，返还质量保证金 | … | 期满后两周内: a numbered row says in its cells
                returned, _ = classify(compact(row_text))
            if returned in ("deposit_return", "bond_return", "retention_return"):
                kind = returned  # 质量保证金 | 缺陷责任期满后14天内返还
            if kind is None and SUBSIDY_RE.search(money_header):
                kind = "subsidy"
            if kind is None and amount is None and percent is None and classify(_announcing(intro))[0] == "land":
                kind = "land"  # 甲方按下表分批交付用地：第一批 | 第二水厂用地 | … | 2026年5月31日前
            if kind is None:
                if SUBSIDY_RE.search(intro):
                    kind = "subsidy"
                elif amount is not None or percent is not None or (said_figures and RETENTION_RE.fullmatch(item)):
                    kind = "payment"  # (质量保证金 | 签约合同价的3% | …: a sum the row's cells give, read below)
            side = debtor
            if side is None and kind in MONEY_KINDS:
                side = GOVERNMENT
            if side is None:
                continue
            if kind is None:
                # 兑现主体 | 丙方 | 污水及蒸汽管网: a row the party column gives the government is its duty
                if side == GOVERNMENT and not COMMIT_RE.search(item) and not (party and debtor == GOVERNMENT):
                    continue
                kind = "other"
            kind = self._retention_in_works(kind, row_due, label)
            if said_figures and kind in MONEY_KINDS:
                amount, percent, _part = self._amount(kind, said)
                shares = [p for p in find_percents(said) if p.per == "%"]
                if amount is None and shares and self.contract_amount:  # 质量保证金 | 审定结算价的3%，…满之日起14天内返还
                    percent = shares[0].value
                    amount = money(self.contract_amount * percent / HUNDRED)
            amt, pct = (None, None) if kind in ("land", "approval", "other") else (amount, percent)
            text = row_text if len(amounts) == 1 else f"{row_text}（{money_header}）"
            out.append(Obligation(kind, side, amt, pct, row_due, page, text))
        if len(half_ends) > 1 and (each_half or _EVEN_SPLIT_RE.search(intro)):
            # 每半年末支付 310.00 at each half's end, or 定额补贴 620.00 of which 各支付一半
            out = [replace(ob, due=Deadline(0, 0, date=day),
                           amount=ob.amount if each_half or ob.amount is None else money(ob.amount / len(half_ends)))
                   for ob in out for day in half_ends]
        return out


_PERIOD_MONTHS_RE = re.compile(r"(?:运营|服务|考核|结算|合作)?年度的?(?P<months>(?:\d{1,2}月(?:末|底)[和、及与]?){1,4})(?:前|之前|内)")
_PERIOD_AFTER_RE = re.compile(r"(?:运营|服务|考核|结算|合作|自然)?(?P<span>年度|季度)(?:结束|届满|期满|终了)(?:之日)?后(?:的)?"
                              r"第?(?P<n>\d{1,3})个?(?:自然日|日|天)")
_BY_QUARTER_END_RE = re.compile(r"(?:于|在)每(?:个)?(?:自然)?季度(?:末|结束)(?:前|之前)[^，。；]{0,6}?(?:支付|拨付)(?:当|该|本)季度")
_QUARTER_CELL_RE = re.compile(r"(?P<y>20\d{2})年(?:度)?第?(?P<q>[一二三四1-4])(?:季度|季)")
# 于该运营年度首月末前 / 第七个月末前: the end of a month counted from the period's start
_PERIOD_NTH_MONTH_RE = re.compile(r"(?:运营|服务|考核|合作)年度(?:的)?(?:首月|第(?P<n>[一二三四五六七八九十\d]{1,3})个月)(?:末|底)(?:前|之前)")
_PAID_SHARE_RE = re.compile(r"(?:支付|拨付|付)[^，。；]{0,16}?(?P<p>\d+(?:\.\d+)?)%")
_EACH_SHARE_RE = re.compile("各" + _PAID_SHARE_RE.pattern)


def period_steps(text: str) -> tuple[str, list[tuple[int | None, int, Decimal]]]:
    """When an amount is paid within or after each period (运营年度, 季度), read from one clause: the
    period's span ("year" or "quarter") and [(month whose end it is due by, or None; days after the
    period's end; percent of the amount)]. A month counted from the period's start (该运营年度首月末前,
    第七个月末前) is given as its negative (-1, -7)."""
    if (m := _PERIOD_NTH_MONTH_RE.search(text)) is not None and (n := to_int(m.group("n") or "1")):
        each = _PAID_SHARE_RE.search(text, m.end())
        return "year", [(-n, 0, Decimal(each.group("p")) if each else HUNDRED)] if 1 <= n <= 12 else []
    if (m := _PERIOD_MONTHS_RE.search(text)) is not None:
        months = [int(x) for x in re.findall(r"(\d{1,2})月", m.group("months"))]
        each = _EACH_SHARE_RE.search(text, m.end())
        if len(months) == 1:
            return "year", [(months[0], 0, Decimal(each.group("p")) if each else HUNDRED)]
        if each is not None and Decimal(each.group("p")) * len(months) == HUNDRED:
            return "year", [(month, 0, Decimal(each.group("p"))) for month in months]
        return "year", []
    if (m := _PERIOD_AFTER_RE.search(text)) is not None:
        return ("year" if m.group("span") == "年度" else "quarter"), [(None, int(m.group("n")), HUNDRED)]
    if _BY_QUARTER_END_RE.search(text):  # 于每季度末前支付当季度可用性付费: by the quarter's last day
        return "quarter", [(None, 0, HUNDRED)]
    return "", []


def row_period(cell: str) -> tuple[date, date, str] | None:
    """A cell stating one period: a year's (2025年9月1日—2026年8月31日) or a calendar quarter
    (2025年第四季度): its first and last day, and "year" or "quarter"."""
    if (m := _QUARTER_CELL_RE.fullmatch(cell)) is not None:
        year, q = int(m.group("y")), "一二三四".find(m.group("q")) + 1 or int(m.group("q"))
        last = 3 * q
        return date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1]), "quarter"
    days = [d.value for d in find_dates(cell)]
    if len(days) == 2 and 300 <= (days[1] - days[0]).days <= 400:
        return days[0], days[1], "year"
    return None


def month_end_in(period: tuple[date, date], month: int) -> date | None:
    """The last day of ``month`` that falls within ``period`` (2月末 of 2025-09-01…2026-08-31 is 2026-02-28)."""
    for year in range(period[0].year, period[1].year + 1):
        end = date(year, month, calendar.monthrange(year, month)[1])
        if period[0] <= end <= period[1]:
            return end
    return None


# 甲方于该年度终了后4个月内兑现 / 年度结束后30日内: a time after the end of each row's year
_AFTER_YEAR_END_RE = re.compile(r"年度(?:结束|终了|届满|期满)(?:之日)?后(?P<n>[一二两三四五六七八九十\d]{1,3})(?P<unit>个月|日|天)(?:内|前)")


# 每年1月1日至6月30日的补贴于当年7月20日前拨付: the day each part of a year is paid on
_PART_PAYDAY_RE = re.compile(r"(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:至|到|—|－|-|~|～)(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日的"
                             r"[^，。；]{0,12}?于(?P<rel>当年|次年|翌年)(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号](?:前|之前)")


def period_payday(cell: str, intro: str) -> Deadline | None:
    """A row's period (2027年7月1日—2027年12月31日) paid on the day the intro gives that part of a
    year (7月1日至12月31日的补贴于次年1月20日前拨付), or None."""
    days = [d.value for d in find_dates(cell)]
    if len(days) != 2 or days[0] >= days[1]:
        return None
    start, end = days
    for m in _PART_PAYDAY_RE.finditer(intro):
        if (start.month, start.day, end.month, end.day) == tuple(int(m.group(k)) for k in ("m1", "d1", "m2", "d2")):
            try:
                return Deadline(0, 0, date=date(end.year + (m.group("rel") != "当年"), int(m.group("m")), int(m.group("d"))))
            except ValueError:
                return None
    return None


# 次年企业所得税汇算清缴结束（5月31日）后30日内: an event of the next year with its day in brackets
_DAY_IN_MONTH_RE = re.compile(r"(?:首月|末月|当月|该月|(?<![次下])月)(?:的)?(?:(?P<d>\d{1,2})\s*[日号](?:前|之前)"
                              r"|(?P<dekad>上旬|中旬))")
_MONTH_SPAN_RE = re.compile(r"(?P<y1>20\d{2})年(?P<m1>\d{1,2})月份?(?:[—–\-－~～至到](?:(?P<y2>20\d{2})年)?(?P<m2>\d{1,2})月份?)?")
# 于每个结算期届满后的次月15日前; 于每半年度首月的15日前兑现上一半年度的
# 于每个考核季度结束后的第二个月10日前: of the second month after
_AFTER_SPAN_DAY_RE = re.compile(r"(?:届满|结束|期满|终了)(?:之日)?后(?:的)?(?:次月|第(?P<n>[二三2-3])个月)(?:的)?(?P<d>\d{1,2})\s*[日号]"
                                r"(?:前|之前|内)"
                                r"|首月(?:的)?(?P<first>\d{1,2})\s*[日号](?:前|之前)[^，。；]{0,12}?上一")


def month_payday(cell: str, intro: str, *, paid_in: bool = False) -> Deadline | None:
    """A row paid in the month its cell names (支付月份 | 2027年1月) on the day of it the intro gives
    (甲方于每半年度首月的25日前，支付上一半年度的可用性付费), else by its last day (时限 | 2029年6月份; any month when
    ``paid_in``: the column is headed as the month it is paid in, 付款月份 | 2027年10月)."""
    month, day = _MONTH_SPAN_RE.fullmatch(cell), _DAY_IN_MONTH_RE.search(intro)
    if month is None or month.group("m2") or (day is None and "月份" not in cell and not paid_in):
        return None  # 计划完成时间 | 2026年6月: when the work is planned, not when it is paid
    year, m = int(month.group("y1")), int(month.group("m1"))
    try:
        if day is not None and day.group("dekad"):  # 11月上旬: by the 10th
            return Deadline(0, 0, date=dekad_end(year, m, day.group("dekad")))
        return Deadline(0, 0, date=date(year, m, int(day.group("d")) if day else calendar.monthrange(year, m)[1]))
    except ValueError:  # calendar.IllegalMonthError is one
        return None


_IN_LAST_MONTH_RE = re.compile(r"(?:该|每个?|当)[^，。；]{0,8}?(?:年度|期)的?最后一个月(?:内|份内)")


def months_payday(cell: str, intro: str) -> Deadline | None:
    """A row of months (服务月份 | 2026年3月—4月) or days (起止 | 2026.9.1—2027.8.31) paid on a day of the month after
    they end, as the intro says (甲方于每个结算期届满后的次月15日前，支付该结算期服务费的90%; 补贴于每个租赁年度届满后的
    第三个月的15日前拨付), or by the end of their last month (补贴于该租赁年度的最后一个月内兑现)."""
    span, day = _MONTH_SPAN_RE.fullmatch(cell), _AFTER_SPAN_DAY_RE.search(intro)
    days = [d.value for d in find_dates(cell)] if span is None else []
    if span is None and len(days) == 2 and days[0] < days[1] and _IN_LAST_MONTH_RE.search(intro):
        # 补贴于该租赁年度的最后一个月内兑现: by the end of the span's last month
        end = days[1]
        return Deadline(0, 0, date=date(end.year, end.month, calendar.monthrange(end.year, end.month)[1]))
    if day is None or (span is None and not (len(days) == 2 and days[0] < days[1])):
        return None
    if span is not None:
        first, last = int(span.group("m1")), int(span.group("m2") or span.group("m1"))
        year = int(span.group("y2") or span.group("y1")) + (span.group("y2") is None and last < first)  # 2026年11月—2月
    else:
        year, last = days[1].year, days[1].month
    for _ in range(to_int(day.group("n") or "1") or 1):
        year, last = _next_month(year, last)
    try:
        return Deadline(0, 0, date=date(year, last, int(day.group("d") or day.group("first"))))
    except ValueError:
        return None


# 计划达到月份的次月15日前: a day of the month after the one another column of the row gives
_COLUMN_NEXT_MONTH_RE = re.compile(rf"(?P<column>[\u4e00-\u9fff]{{2,10}}?)的?{_NEXT_MONTH_RE.pattern}(?:前|之前)")


def month_column_payday(cell: str, header: list[str], row: list[str]) -> Deadline | None:
    """A row paid on a day of the month after the month its own column names (计划达到月份 | 2026年9月 | … |
    计划达到月份的次月15日前 → 15 October 2026), or None."""
    m = _COLUMN_NEXT_MONTH_RE.fullmatch(cell)
    if m is None:
        return None
    named = next((i for i, h in enumerate(header) if h and compact(h) == m.group("column")), None)
    month = _MONTH_SPAN_RE.fullmatch(compact(row[named])) if named is not None and named < len(row) else None
    if month is None or month.group("m2"):
        return None
    day = _in_next_month(int(month.group("y1")), int(month.group("m1")), m)
    return Deadline(0, 0, date=day) if day is not None else None


_NEXT_YEAR_EVENT_RE = re.compile(r"次年[^，。；（(]{0,24}[（(](?P<m>\d{1,2})月(?P<d>\d{1,2})[日号][）)](?:之日)?后"
                                 r"(?P<n>\d{1,3})(?:个)?(?:自然日|日|天)(?:内|前)")


def row_year_due(intro: str) -> Callable[[int], Deadline | None] | None:
    """When a table's intro says each row's year is owed (于次年5月31日前, 于该年度终了后4个月内): the
    due date for a row's year, or None when the intro does not say."""
    intro = _month_ends_dated(intro)  # 于纳税年度次年第三季度首月的15日前 → 于纳税年度次年7月15日前
    if (day := _RELATIVE_DAY_RE.search(intro)) is not None:
        return lambda year: _in_year(year, day)
    if (event := _NEXT_YEAR_EVENT_RE.search(intro)) is not None:
        # 于次年企业所得税汇算清缴结束（5月31日）后30日内: days after a dated event of the next year
        month, day, n = (int(event.group(k)) for k in ("m", "d", "n"))

        def after_event(year: int) -> Deadline | None:
            try:
                return Deadline(0, 0, date=date(year + 1, month, day) + timedelta(days=n))
            except ValueError:
                return None

        return after_event
    after = _AFTER_YEAR_END_RE.search(intro)
    n = to_int(after.group("n")) if after else None
    if after is None or not n:
        return None
    if after.group("unit") == "个月":
        return lambda year: Deadline(0, 0, date=add_months(date(year, 12, 31), n))
    return lambda year: Deadline(0, 0, date=date(year, 12, 31) + timedelta(days=n))


def _in_year(year: int, day: re.Match) -> Deadline | None:
    """The day a ``_RELATIVE_DAY_RE`` match names for a row's year (当年6月30日, 次年1月31日)."""
    after = years_after(day)
    try:
        return Deadline(0, 0, date=date(year + after, int(day.group("m")), int(day.group("d"))))
    except ValueError:
        return None


def header_day(header: str) -> Callable[[int], list[date]] | None:
    """The days a money column's own header gives each row's year (7月15日前预拨 → that year's 15 July,
    次年一季度内清算 → 31 March of the next, 每半年末支付 → 30 June and 31 December), or None."""
    if _EACH_HALF_YEAR_RE.search(compact(header)):
        return lambda year: [period_end(year, half="上"), period_end(year, half="下")]
    m = _YEAR_DAY_RE.search(compact(header))
    return None if m is None else _days_of_year(m)


def _days_of_year(m: re.Match) -> Callable[[int], list[date]]:
    """The day a ``_YEAR_DAY_RE`` match names in (or after) a given year, as a list (empty if none)."""
    after = _later_year(m.group("rel"))
    return lambda year: [d] if (d := _day_named(m, year + after)) is not None else []


def _later_year(rel: str | None) -> int:
    """How many years after the stated one a day said of 次年 / 翌年 (1) or 当年 / nothing (0) falls."""
    return int(rel in ("次年", "翌年"))


def _quarter_months(year: int, m: re.Match) -> list[date]:
    """The day an ``_EACH_QUARTER_MONTH_RE`` match names of each quarter's last month of ``year``
    (每季度末月的25日: 25 March, June, September and December) or first (每季度首月20日: 20 January, April,
    July and October); [] for a day not in every such month."""
    day, first = int(m.group("day")), m.group("which") in ("首月", "第一个月")
    return [date(year, 3 * q - 2 * first, day) for q in range(1, 5)] if 1 <= day <= 30 else []


def _quarters_paid_after(year: int, m: re.Match) -> list[date]:
    """The day each quarter of ``year`` is paid on, in the first month an ``_AFTER_QUARTER_MONTHS_RE`` match
    lists after the quarter ends (每年1月、4月、7月和10月的第15日前…上一季度: 15 April, July, October, and
    January of the next year); [] for a day not in every month."""
    months = sorted({int(x) for x in re.findall(r"(\d{1,2})月", m.group("months"))})
    day = int(m.group("day"))
    if not (1 <= day <= 28 and all(1 <= x <= 12 for x in months)):
        return []
    return [date(year, after, day) if (after := next((x for x in months if x > 3 * q), 0)) else date(year + 1, months[0], day)
            for q in range(1, 5)]


def _after_quarters(year: int, day: int) -> list[date]:
    """Day ``day`` of the month after each quarter of ``year`` (every 10 April, July, October and January)."""
    try:
        return [date(y, m, day) for y, m in (_next_month(year, 3 * q) for q in range(1, 5))]
    except ValueError:
        return []


def _shift(clause: str) -> Callable[[date], date] | None:
    """How a clause moves a date (该期限延长两个月 → two months later, 提前45日 → 45 days earlier), or None."""
    m = _SHIFT_RE.search(clause)
    n = to_int(m.group("n")) if m else None
    if m is None or n is None:
        return None
    n = -n if m.group("dir") == "提前" else n
    if m.group("unit") in ("个月", "月", "年"):
        months = 12 * n if m.group("unit") == "年" else n
        return lambda day: add_months(day, months)
    return lambda day: day + timedelta(days=n)


def _year_ends(start: date, end: date) -> list[date]:
    """The last day of each year of a term: its anniversaries (the day before), the last on its last day."""
    ends = []
    k = 1
    while (e := add_months(start, 12 * k) - timedelta(days=1)) < end and k < 50:
        ends.append(e)
        k += 1
    return [*ends, end]


def _first_last_months(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The (year, month) of the first and last payment a clause names (首次支付在2025年12月，末次支付在
    2026年11月), or None."""
    m = _FIRST_LAST_MONTH_RE.search(text)
    return None if m is None else ((int(m["y1"]), int(m["m1"])), (int(m["y2"]), int(m["m2"])))


def _in_next_month(year: int, month: int, m: re.Match) -> date | None:
    """The day a ``_NEXT_MONTH_RE`` match names (its ``day``, or its last day for ``end``) of the month after
    ``month`` of ``year``; None if that month has no such day."""
    year, month = _next_month(year, month)
    if m.group("end"):
        return date(year, month, calendar.monthrange(year, month)[1])
    try:
        return date(year, month, int(m.group("day")))
    except ValueError:
        return None


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _day_of(year: int, m: re.Match, last: str | None) -> date | None:
    """Month ``m[1]`` of ``year``: day ``m[2]``, else the day the months share (6月、12月的25日), its last
    working day (最后一个工作日) or last day (末, 底); None if there is no such day or none is said."""
    month = int(m.group(1))
    if not 1 <= month <= 12:
        return None
    day = m.group(2) or (last[:-1] if last and last[0].isdigit() else None)
    if day:
        try:
            return date(year, month, int(day))
        except ValueError:
            return None
    if last is None:
        return None
    return last_working_day(year, month) if last == "最后一个工作日" else date(year, month, calendar.monthrange(year, month)[1])


def _day_named(m: re.Match, year: int) -> date | None:
    """The day of ``year`` a match names by its groups: the end of quarter ``q`` or half-year ``h``,
    or month ``m`` day ``d`` (None if there is no such day)."""
    if m.group("q") or m.group("h"):
        return period_end(year, quarter=m.group("q"), half=m.group("h"))
    if m.group("fest"):  # 次年元宵节前, 当年“七一”前: the day before the festival of that year
        return next((d.value for d in find_dates(f"{year}年{m.group('fest')}前")), None)
    month = to_int(m.group("m"))  # 5月, 十一月
    if m.group("nth") and month and 1 <= month <= 12:  # 当年12月的第一个完整自然周的星期三
        return day_in_month(year, month, m.group("nth"))
    if m.group("last") is not None and m.group("last").endswith("旬") and month and 1 <= month <= 12:
        return dekad_end(year, month, m.group("last"))  # 次年3月上旬: by the 10th
    if m.group("last") is not None and month and 1 <= month <= 12:  # 2月最后一日; 次年五月份内: by its last day
        return date(year, month, calendar.monthrange(year, month)[1])
    try:
        return date(year, month or 0, int(m.group("d")))
    except ValueError:
        return None


def _announcing(intro: str) -> str:
    """The sentence of a table's intro that announces the table (甲方按下表分批交付用地：), else the whole intro."""
    return next((s for s in re.split(r"[。；]", intro) if re.search(r"下表|下列|如下|见表", s)), intro)


_OF_SUM_RE = re.compile(r"[)）]?的(?P<p>\d{1,2}(?:\.\d+)?)%")


def _share_of_sum(seg: str) -> Decimal | None:
    """A share of a sum the clause states (设备采购合同总额（人民币8,500万元）的6% → 510万元), held to a cap it
    gives (最高不超过人民币500万元); None when no share of a stated sum is given."""
    monies = find_money(seg)
    for m in monies:
        if (share := _OF_SUM_RE.match(seg, m.end)) is not None:
            amount = money(m.value * Decimal(share.group("p")) / HUNDRED)
            caps = [c.value for c in monies if c.start > m.end and _CAP_BEFORE_RE.search(seg, 0, c.start)]
            return min([amount, *caps])
    return None


def _share(percent: Decimal | None) -> Decimal | None:
    """A percent paid as it can be stated: an increment worked out from sums paid before
    (累计支付至75%, less a 预付款 of 1,188,630.00元) that is no round share is none."""
    if percent is None or percent != percent.quantize(Decimal("0.01")):
        return None
    return percent


def column_noun(header: str) -> str | None:
    """What a money column's clauses call it: 可用性付费（万元/年） → 可用性付费; None if too short to find."""
    noun = re.sub(r"[(（].*", "", compact(header))
    return noun if len(noun) >= 2 else None


def _column_day(intro: str, header: str) -> re.Match | None:
    """The day the text before a table gives one of its money columns (可用性付费于当年6月30日前支付；
    运维绩效付费…于当年12月31日前支付), or None."""
    noun = column_noun(header)
    if noun is None:
        return None
    for part in re.split(r"[；。]", intro):
        if noun in part:
            day = _RELATIVE_DAY_RE.search(part, part.index(noun))
            if day:
                return day
    return None


_COLUMN_WORDS = {
    "date": re.compile(r"时间|时点|日期|期限|^(?:兑现|付款|支付|拨付)?时限$|截止|到期|支付期|(?:支付|付款|拨付|兑现)(?:月份|日)"),
    # 当年“七一”前拨付 | 次年元宵节前拨付: what each day pays (元宵 and 元旦 name days, not the yuan)
    "money": re.compile(r"金额|款额|费用|价款|(?<!单)价(?!格形式)|元(?![宵旦])|付费|服务费|补助|补贴|奖励|资金|^应付款项?$"
                        r"|前(?:拨付|支付|兑现)$|^每(?:次|期|笔)(?:拨付|支付|兑现)|半年末(?:拨付|支付|兑现)"
                        # 运营年度 | 3月20日前 | 9月20日前: a column headed by the day it is paid on
                        r"|^(?:当年|次年)?\d{1,2}月(?:\d{1,2}日|上旬|中旬|下旬|底|末)(?:前|之前)$"
                        # 预拨（60%） | 清算（40%）: a column named by how it is paid
                        r"|^(?:预拨|预付|清算)(?:额|款)?(?:[（(]\d{1,3}(?:\.\d+)?%[)）])?$"),
    "item": re.compile(r"项目|内容|名称|事项|款项|阶段|类别|用途|节点|说明|类型"),
    "party": re.compile(r"责任方|责任单位|义务方|义务人|履行方|付款方|支付方|承担方|责任人|(?:责任|实施|兑现|履行|承办)主体"),
    # not a share worked out in yuan: 季度应付额（季度维护费的85%，元） is money
    "percent": re.compile(r"比例|百分比|%(?![^)）]*元[)）])"),
    "condition": re.compile(r"条件|依据|方式|时限"),
    "year": re.compile(r"^(?:运营|运维|结算|考核|补贴|奖励|服务|纳税)?(?:年度|年份)$"),
}


_NOTHING_ROW_RE = re.compile(r"不再(?:补贴|补助|奖励|兑现|支付|拨付)|不予(?:补贴|补助|奖励)")
_PAID_CELL_RE = re.compile(r"已(?:经)?(?:全额)?(?:付清|支付|拨付|兑现|结清|退还)|已于[^，。；]{0,14}?(?:支付|拨付|兑现|付清|退还)")
_CAPPED_CELL_RE = re.compile(r"[≤＜<]|不超过|不高于|最高")
_YUAN_RE = re.compile(r"元(?![宵旦])")  # a unit of money, not 元宵 or 元旦
_UNIT_NOTE_RE = re.compile(r"(?:金额|货币)?单位[:：为]\s*(?:人民币)?(?P<unit>万元|千元|亿元)")
_PAID_SHARE_HEADER_RE = re.compile(r"(?:支付|付款|应付|拨付)(?:额|金额|数额)")
# a money column that is what a row's share is a share of (分项价款), not what it pays (付款金额)
_BASIS_HEADER_RE = re.compile(r"价款|合同价|分项价|总价|基数")
_PRICE_HEADER_RE = re.compile(rf"{ESTIMATE_RE.pattern}|投资额|{_BASIS_HEADER_RE.pattern}")
_MILESTONE_DATE_RE = re.compile(r"(?:完工|竣工|开工|交货|供货|到货|交付|建成|投产)(?:截止)?(?:日期|时间|日)")
_PAID_HEADER_RE = re.compile(r"支付|付款|应付|实付|本期|本次|金额")
# 按审定价计算, 另行商定: a sum a row leaves to be worked out or agreed
_WORKED_OUT_RE = re.compile(r"按[^\d]{1,12}(?:计算|确定|核定|结算|结果)(?:调整|确定)?|另行(?:商定|约定|协商|确定|核定)|待定")
_QUARTERS_RE = re.compile(r"第(?P<first>[一二三四1-4])(?:季度)?至第(?P<last>[一二三四1-4])季度")
_NTH = r"第[一二三四五六七八九十\d]{1,2}"  # 第一 … 第十二: an instalment's number
_INSTALMENT_NOUN_RE = re.compile(rf"{_NTH}(?:期|次|笔|批)")
_DASH_RE = re.compile(r"[—–－\-/／]+")
_TOTAL_ROW_RE = re.compile(r"合计|小计|总计")
_BRACKETED_RE = re.compile(r"[（(][^（）()]*[）)]")
# 每半年末支付 / 于每半年末（即…每个运营半年度的最后一日）前各支付一半: paid at the end of each half of a row's period
_HALF_YEAR_END_RE = re.compile(r"半年(?:度)?末|半年度的?最后一日")


def _share_sums(header: str, rows: list[list[str]], col: int) -> bool:
    """Whether column ``col`` is a part of a sum, named by its share in brackets, its quarter or its instalment and holding
    sums (上半年部分（40%） | 734.40; 第二季度 | 621.60; 第一次 | 1,109.20): money, whatever its name."""
    return (_SHARE_HEADER_RE.search(header) is not None or _QUARTER_HEADER_RE.search(header) is not None
            or re.fullmatch(rf"(?:{_NTH}|首|末)次(?:[（(][^（）()]*[)）])?", header) is not None) and _sums_only(rows, col)


def _sums_only(rows: list[list[str]], col: int) -> bool:
    """Whether column ``col`` holds sums of money and no shares (581,400.00 under 半年末支付（85%）)."""
    cells = [compact(r[col]) for r in rows if col < len(r) and r[col].strip() and not _DASH_RE.fullmatch(r[col].strip())]
    return bool(cells) and all(not find_percents(c) and (figure := _cell_money(c, "")) is not None and figure > HUNDRED
                               for c in cells)


def _half_years(start: date, end: date) -> list[date]:
    """The last day of each six months counted from ``start`` that ends by ``end``."""
    ends = (add_months(start, 6 * k) - timedelta(days=1) for k in itertools.count(1))
    return list(itertools.takewhile(lambda d: d <= end, ends))


def half_year_ends(cell: str) -> list[date]:
    """The last day of each half-year of the period a cell states (2027.4.1—2028.3.31: 2027-09-30 and
    2028-03-31), or [] when the cell is not a period of whole half-years."""
    days = [d.value for d in find_dates(cell)]
    if len(days) != 2 or days[0] >= days[1]:
        return []
    ends = _half_years(*days)
    return ends if ends and ends[-1] == days[1] else []




@dataclass
class _Columns:
    date: int | None = None
    condition: int | None = None
    item: int | None = None
    party: int | None = None
    percent: int | None = None
    year: int | None = None  # 运营年度 | 2026年: one row per year, due on a day of the next (intro: 次年3月31日前)
    money: list[int] = field(default_factory=list)


def _columns(header: list[str], rows: list[list[str]]) -> _Columns:
    cols = _Columns()
    taken: set[int] = set()

    def pick(name: str) -> int | None:
        for i, h in enumerate(header):
            if name == "party":  # 采购人（付款方）应付金额 is money: what brackets say qualifies the column's word
                h = _BRACKETED_RE.sub("", h)
            if i not in taken and h and _COLUMN_WORDS[name].search(h):
                taken.add(i)
                return i
        return None

    cols.party = pick("party")
    cols.percent = pick("percent")
    if cols.percent is not None and _sums_only(rows, cols.percent):
        # 半年末支付（85%） | 581,400.00: the share the sums are, a column of money
        taken.discard(cols.percent)
        cols.percent = None
    # 原协议兑现时间 | 调整后兑现时间, 原合同约定（停止执行） | 调整后约定: the time in force is the changed one
    changed = [i for i, h in enumerate(header) if i not in taken and h and re.search(r"调整后|变更后|修改后|新", h)
               and (_COLUMN_WORDS["date"].search(h) or any(i < len(r) and find_deadlines(compact(r[i])) for r in rows))]
    if changed:
        cols.date = changed[0]
        taken.update(i for i, h in enumerate(header) if h and (_COLUMN_WORDS["date"].search(h) or h.startswith("原")))
    else:
        # 起止日期 | … | 拨付月份: the column that says when it is paid, before one that says when else
        paid_on = next((i for i, h in enumerate(header) if i not in taken and h and _PAY_MONTHS_HEADER_RE.search(h)), None)
        if paid_on is not None:
            taken.add(paid_on)
        cols.date = paid_on if paid_on is not None else pick("date")
    for i, h in enumerate(header):
        part_of_sum = bool(h) and i not in taken and _share_sums(h, rows, i)
        if part_of_sum and not _SHARE_HEADER_RE.search(h):
            cols.money.append(i)  # 第二次 | — | 1,109.20: a part of a sum, paid in the rows it is given for
            taken.add(i)
        elif i not in taken and h and (_COLUMN_WORDS["money"].search(h) or part_of_sum) \
                and not re.search(r"单价|数量|系数", h):
            # a dash is a cell with nothing in it (合计 | — of a column that does not add up; 2030年度起 | — |
            # 按中期评估结果另行确认)
            # 第四个租赁年度起 | — | 不再补贴: a row that pays nothing
            cells = [r[i] for r in rows if i < len(r) and r[i].strip() and not _NOTHING_ROW_RE.search("".join(r))
                     and not (_DASH_RE.fullmatch(r[i].strip()) and (re.search(rf"{_TOTAL_ROW_RE.pattern}|另行|待定", "".join(r))
                                                                   or _OPEN_YEARS_RE.fullmatch(compact(r[0]))))]
            # 金额（元） | 378,000.00 … 按审定价计算: a sum some rows leave to be worked out
            # 按考核结果，≤480.00: a cap, not a sum
            figures = [c for c in cells if _cell_money(c, h) is not None and not _CAPPED_CELL_RE.search(c)]
            if figures and len(figures) * 2 >= len(cells) and all(c in figures or _WORKED_OUT_RE.fullmatch(compact(c))
                                                                   for c in cells):
                cols.money.append(i)
                taken.add(i)
    if len(cols.money) > 1 and (taxed := [i for i in cols.money if re.search(r"价税合计|(?<!不)含税", header[i])]):
        cols.money = taxed[:1]  # 不含税金额 | 税额 | 价税合计: what is paid includes the tax
    if len(cols.money) > 1:  # 合计 adds up the other money columns of its row
        # and 其中：与运维绩效挂钩部分 is a share of the column before it
        cols.money = [i for i in cols.money if not (_TOTAL_ROW_RE.search(header[i]) or header[i].startswith("其中"))]
        # 结算期服务费（元） | 甲方本期应付（90%，元）: the shares are paid, not what they are worked out from;
        # 季度付款（90%，元） | 扣回启动资金（元） | 实付金额（元）: what is paid after deductions most of all
        cols.money = ([i for i in cols.money if re.search(r"实付|实际(?:应)?支付", header[i])][:1]
                      or [i for i in cols.money if "%" in header[i]] or cols.money)
    if cols.percent is None:
        # 支付额 | 合同价的15% / 累计付至审定结算价的97%: a column of what is paid, as shares of the price
        for i, h in enumerate(header):
            cells = [compact(r[i]) for r in rows if i < len(r) and r[i].strip()]
            if i not in taken and h and _PAID_SHARE_HEADER_RE.search(h) and cells \
                    and all(find_percents(c) and not find_money(c) for c in cells):
                cols.percent = i
                taken.add(i)
                break
    cols.condition = pick("condition")
    cols.year = pick("year")
    cols.item = pick("item")
    if cols.date is None:
        for i in range(len(header)):
            if i in taken:
                continue
            cells = [r[i] for r in rows if i < len(r) and r[i]]
            # 服务月份 | 2026年3月—4月: months a row is paid after (months_payday)
            if cells and sum(1 for c in cells if parse_deadline(c, bare_date_ok=True)
                             or ((span := _MONTH_SPAN_RE.fullmatch(compact(c))) and span.group("m2"))) >= max(1, len(cells) * 0.6):
                cols.date = i
                taken.add(i)
                break
    if cols.item is None:
        for i in range(len(header)):
            cells = [r[i] for r in rows if i < len(r) and r[i]]
            if i not in taken and cells and any(re.search(r"[\u4e00-\u9fff]{2}", c) for c in cells) \
                    and not any(find_percents(c) or find_money(c) for c in cells):
                cols.item = i
                break
    return cols


# 第一服务年度 | 2027年度 | 第3年: a column of a table laid out one column per year
_YEAR_COLUMN_RE = re.compile(r"20\d{2}年度?|第[一二三四五六七八九十\d]{1,2}个?(?:服务|运营|合作|考核|补贴|结算|养护)?年度?")


_SAME_AS_ABOVE = ("同上", "〃", "″", "々", "''")  # (“〃”表示与上一行相同: a ditto mark)
_SAME_AS_LEFT = ("同左", *_SAME_AS_ABOVE)


# 按2,796亩×每亩人民币2,000元计算: a sum worked out as a quantity times a rate per unit
_QUANTITY_TIMES_RATE_RE = re.compile(r"(?P<q>\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>亩|吨|平方米|立方米|户|公里|米|台|套|人)\s*[×xX*]\s*"
                                     r"每(?P=unit)(?:人民币)?(?P<rate>\d[\d,，]*(?:\.\d+)?)(?P<wan>万)?元")
# 保底量×单价: a sum a row gives as the product of two of its columns
_PRODUCT_CELL_RE = re.compile(r"(?P<a>[\u4e00-\u9fff]{1,8})\s*[×xX*]\s*(?P<b>[\u4e00-\u9fff]{1,8})")


_COEFFICIENT_HEADER_RE = re.compile(r"(?:支付|付款|拨付)系数")
_COEFFICIENT_CELL_RE = re.compile(r"(?P<lead>累计至)?(?P<c>0?\.\d{1,4}|1(?:\.0{1,4})?)")


# 本节点实付金额＝节点产值×80%－本节点扣回预付款: a column worked out from others (本节点, 本期: the row's own)
_COLUMN_FORMULA_RE = re.compile(r"(?P<target>[\u4e00-\u9fff]{2,12})[＝=](?P<expr>(?:[\u4e00-\u9fff\d.%＋+－\-×xX*÷/（()）]|(?<=\d),(?=\d{3})){3,60}?)"
                                r"(?=[。；，]|,(?!\d{3})|$)")
_THIS_ROW_RE = re.compile(r"^(?:本|该|当)(?:节点|期|次|笔|年度|月|季度)?(?:的)?")
# 年度可用性付费为人民币1,825万元: a yearly sum; 按该运营年度实际运营天数…占全年天数（按365日计）的比例折算: a short year by its
# days; 实付当期应付额的95%: the share paid, the rest kept back
_YEARLY_SUM_RE = re.compile(r"年度[\u4e00-\u9fff]{2,8}?(?:为|是)(?P<sum>人民币[\d.,]+(?:万|亿)?元)")
_PRORATE_BY_DAYS_RE = re.compile(r"按[^。；]{0,12}?实际[\u4e00-\u9fff]{0,4}天数[^。；]{0,20}?占全年天数(?:[（(]按(?P<base>36[56])日计[)）])?的?比例折算")
_PAID_SHARE_OF_DUE_RE = re.compile(r"实付(?:当期|当年|该期)?应付额的(?P<p>\d{1,3}(?:\.\d+)?)%")
# 第一期支付后的剩余价款: what is left of the price after the instalments before
_REMAINDER_BASE_RE = re.compile(r"第[一二三四五六七八九十\d]{1,2}(?:期|笔|次)(?:支付|付款)?后的?剩余(?:价款|合同价款|款项|金额)")
# 该旺季内逢双月的25日前，各拨付三分之一: a day of every other month inside a season, an equal part each time
_ALTERNATE_MONTHS_RE = re.compile(r"该(?P<span>[\u4e00-\u9fff]{1,4}?[季期])内逢(?P<parity>双|单)月的?(?P<d>\d{1,2})[日号](?:前|之前)?[，,]?"
                                  r"各(?:拨付|支付|兑现)(?P<k>[二三四五六])分之一")
# 其中70%为固定部分 / 固定部分于该学年结束之日（8月31日）后的第二个星期一支付: a yearly sum's fixed share and its time
_FIXED_SHARE_RE = re.compile(r"其中(?P<p>\d{1,3}(?:\.\d+)?)%为固定部分")
_FIXED_TIME_RE = re.compile(r"固定部分于(?P<when>[^。；，]{4,60}?)(?:支付|拨付)")
# 截至该运营年度末累计应付可用性付费: what is owed by a year's end in all
_CUMULATIVE_HEADER_RE = re.compile(r"累计应付|累计(?:应)?(?:支付|付费)额?")
# 上半年部分于当年6月的最后一个星期五支付，下半年部分于次年1月的第二个星期三支付: the days of a year's halves
_HALVES_DAYS_RE = re.compile(r"(?P<a>于当年[^，。；]{2,30}?)(?:支付|拨付)[，,；;][^。；]{0,12}?(?P<b>于(?:当年|次年)[^，。；]{2,30}?)(?:支付|拨付)")
# 每期运维费＝第6项运维服务费÷6: a part of the price shared over numbered periods; 每期运维费于该期届满之日的次月第十日支付
_EACH_PERIOD_SHARE_RE = re.compile(r"每期[\u4e00-\u9fff]{1,8}?[＝=](?P<part>[^÷，。；]{2,30}?)÷(?P<n>\d{1,2})")
_EACH_PERIOD_TIME_RE = re.compile(r"每期[\u4e00-\u9fff]{1,8}?于该期(?:届满|结束|期满)之日(?P<rest>[^，。；]{2,30}?)(?:支付|拨付)")
# 分配份额 | 3 | 5 | 2: shares of a ratio the clause before gives (货物部分按3∶5∶2的比例分三期支付)
_SHARE_COLUMN_RE = re.compile(r"(?:分配|支付|比例)?份额|份数")
_SHARE_RATIO_RE = re.compile(r"(?P<base>[\u4e00-\u9fff]{2,8}?(?:部分|价款|总价|合同价))按(?P<ratio>\d{1,3}(?:[∶:：]\d{1,3}){1,9})的比例")


def column_refs(table: TableBlock) -> TableBlock:
    """``table`` with a cell that names another column by its header (付款期限 | 起算日起满半个月, under 起算日 | 合同签订之日)
    given that column's time (合同签订之日起满半个月)."""
    header = [compact(h) for h in table.header]
    timed = [i for i, h in enumerate(header) if re.fullmatch(r"[\u4e00-\u9fff]{2,6}日", h)]
    if not timed:
        return table

    used: dict[int, bool] = {}  # column → named by every row that has a time in it

    def filled(row: list[str]) -> list[str]:
        out = list(row)
        for i in timed:
            when = compact(row[i]) if i < len(row) else ""
            if not when or _DASH_RE.fullmatch(when):
                continue
            # (起算日起满半个月, 起算日所在旬…: a time counted from the column, not 乙方于付款日前提交发票)
            naming = [j for j, c in enumerate(out) if j != i and compact(c).startswith(header[i])]
            used[i] = used.get(i, True) and bool(naming) and bool(find_dates(when) or re.search(r"之日$", when))
            out = [c.replace(header[i], when, 1) if j in naming else c for j, c in enumerate(out)]
        return out
    rows = [filled(r) for r in table.rows]
    if not any(used.values()):
        return table
    # (the column named is written into the cells that name it; it is no time of its own)
    keep = [i for i in range(len(header)) if not used.get(i)]
    return replace(table, header=[table.header[i] for i in keep], rows=[[r[i] for i in keep if i < len(r)] for r in rows])


# 起始日 | 结束日 | 日单价: the columns of a table of periods priced per day
_PERIOD_START_HEADER_RE = re.compile(r"(?:起始|开始|起)(?:日|日期|时间)")
_PERIOD_END_HEADER_RE = re.compile(r"(?:结束|截止|终止|止)(?:日|日期|时间)")
_DAY_RATE_HEADER_RE = re.compile(r"(?:日单价|每日单价|单价[（(]元[/／]日[)）])(?:[（(]元[)）])?")
# 每个洄游期的巡护服务费＝巡护日数×日单价: the fee a table's rows work out
_FEE_DEFINED_RE = re.compile(r"的(?P<fee>[\u4e00-\u9fff]{2,8}?费)[＝=]")
# 启动资金在2026年洄游期的巡护服务费中一次扣回: an advance set off against one period's fee
_SET_OFF_RE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,6})(?:在|从|于)(?P<row>20\d{2}年[\u4e00-\u9fff]{1,8}?期)的?[\u4e00-\u9fff]{0,10}?"
                         r"(?:费|款)中(?:一次(?:性)?)?(?:全额)?(?:扣回|抵扣|扣除|抵减)")


def _period_column(header: list[str], rx: re.Pattern) -> int | None:
    """The one column a header pattern names, or None when none or several do."""
    found = [i for i, h in enumerate(header) if rx.fullmatch(h)]
    return found[0] if len(found) == 1 else None


# D0, D1…: a code a table of dates defines
_DAY_CODE_RE = re.compile(r"[A-Z]{1,2}\d{1,2}")
# (付款日…遇星期六或星期日的 / 上述日期为…: a rule about payment days, not another day's)
# (付款期限遇法定节假日或休息日的: every payment's last day, however it is set)
_PAY_DAY_ROLL_RE = re.compile(r"(?:付款日|支付日|拨付日|上述日期|(?P<all>付款期限))(?:期)?(?:（[^（）]{0,12}）)?[^。；]{0,16}?(?=(?:遇|为|逢))")
# 付款日，遇星期六或星期日的，顺延至其后的第一个星期一 / 为星期六或星期日的，提前至其前的星期五 / 遇法定节假日或休息日的，
# 提前至该日之前的最后一个工作日: how a payment day the contract dates moves off a day of rest
_ROLL_RULE_RE = re.compile(r"(?:遇|为|逢)(?P<days>星期六或星期日|星期六、星期日|周六或周日|双休日|休息日|(?:法定)?节假日或休息日"
                           r"|休息日或(?:法定)?节假日)(?:的)?[，,]?(?P<how>顺延至(?:其后的)?(?:第一个)?星期一"
                           r"|顺延至(?:其后的|之后的)?(?:第一个|首个|下一个?)工作日|提前至(?:其前的|之前的)?(?:最近一个|最后一个)?星期五"
                           r"|提前至(?:该日|其)之前的最后一个工作日|提前至(?:其)?前一个?工作日)")


def rolled(day: date, rule: re.Match) -> date:
    """``day`` moved off a day of rest as ``rule`` (a ``_ROLL_RULE_RE`` match) says; ``day`` when it is none. (提前至其前的
    星期五 over a holiday: the first Friday before it that is no day of rest either.)"""
    weekends = "星期" in rule.group("days") or rule.group("days") in ("周六或周日", "双休日")

    def resting(d: date) -> bool:
        return d.weekday() >= 5 if weekends else not is_working_day(d)
    if not resting(day):
        return day
    how = rule.group("how")
    if "星期一" in how or "星期五" in how:
        step, weekday = (timedelta(days=1), 0) if "星期一" in how else (timedelta(days=-1), 4)
        day += step
        while day.weekday() != weekday or resting(day):
            day += step
        return day
    return next_working_day(day) if how.startswith("顺延") else previous_working_day(day)


def eight_digit_day(digits: str) -> date:
    """The day eight digits write (20261003 → 2026-10-03); ValueError when they are no day."""
    if not re.fullmatch(r"20\d{6}", digits):
        raise ValueError(digits)
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))


def eight_digit_days(table: TableBlock) -> TableBlock:
    """``table`` with days a budget system writes as eight digits (最迟支付日期（YYYYMMDD） | 20260805) written as dates."""
    header = [compact(h) for h in table.header]
    cols = [i for i, h in enumerate(header) if re.search(r"日期|YYYYMMDD", h, re.I)]

    def day(cell: str) -> str:
        try:
            return _written(eight_digit_day(compact(cell)))
        except ValueError:
            return cell
    if not cols:
        return table
    return replace(table, rows=[[day(c) if i in cols else c for i, c in enumerate(r)] for r in table.rows])


def _in_season(day: date, first: tuple[int, int], last: tuple[int, int]) -> bool:
    """``day`` falls in a yearly season from ``first`` to ``last`` (month, day), which may run into the next year."""
    md = (day.month, day.day)
    return first <= md <= last if first <= last else md >= first or md <= last


def coefficients(table: TableBlock) -> TableBlock:
    """``table`` with a 支付系数 column of decimal shares (0.10, 累计至0.97) written as the percents they are (10%,
    累计至97%) under 支付比例."""
    header = [compact(h) for h in table.header]
    at = next((i for i, h in enumerate(header) if _COEFFICIENT_HEADER_RE.fullmatch(h)), None)
    if at is None:
        return table

    def share(cell: str) -> str:
        if (m := _COEFFICIENT_CELL_RE.fullmatch(compact(cell))) is None:
            return cell
        return f"{m.group('lead') or ''}{percent_str(Decimal(m.group('c')) * HUNDRED)}%"
    rows = [[share(c) if i == at else c for i, c in enumerate(r)] for r in table.rows]
    return replace(table, header=[*table.header[:at], "支付比例", *table.header[at + 1:]], rows=rows)


def products(table: TableBlock) -> TableBlock:
    """``table`` with each cell that multiplies two of the row's columns by their names (基本服务费 | 保底量×单价, under
    保底量（吨） | 单价（元／吨）) written as the product (21,900 × 92.50 → 2025750.00)."""
    header = [compact(h) for h in table.header]

    def column(name: str) -> int | None:
        return next((i for i, h in enumerate(header) if h and (h == name or re.match(rf"{re.escape(name)}[（(]", h))), None)

    def worked(row: list[str]) -> list[str]:
        out = list(row)
        for j, c in enumerate(row):
            if (m := _PRODUCT_CELL_RE.fullmatch(compact(c))) is None:
                continue
            a, b = column(m.group("a")), column(m.group("b"))
            if a is None or b is None or max(a, b) >= len(row):
                continue
            x, y = to_decimal(compact(row[a]).replace(",", "")), to_decimal(compact(row[b]).replace(",", ""))
            if x is not None and y is not None:
                out[j] = str(money(x * y))
        return out

    if not any(_PRODUCT_CELL_RE.fullmatch(compact(c)) for r in table.rows for c in r):
        return table
    return replace(table, rows=[worked(r) for r in table.rows])


def joined_dates(table: TableBlock) -> TableBlock:
    """``table`` with a date split over three columns headed 年 | 月 | 日 joined into one 付款日期 column (2026 | 09 | 18 →
    2026年9月18日; 2026 | 12 | 冬至前 → 2026年冬至前, a day named in the 日 column; — | — | — → empty)."""
    header = [compact(h) for h in table.header]
    at = next((i for i in range(len(header) - 2) if header[i:i + 3] == ["年", "月", "日"]), None)
    if at is None:
        return table

    def joined(row: list[str]) -> list[str]:
        year, month, day = (compact(row[at + k]) if at + k < len(row) else "" for k in range(3))
        if not re.fullmatch(r"20\d{2}", year):
            text = ""
        elif re.fullmatch(r"\d{1,2}", month) and re.fullmatch(r"\d{1,2}", day):
            text = f"{year}年{int(month)}月{int(day)}日前"
        else:
            text = f"{year}年{day}"
        return [*row[:at], text, *row[at + 3:]]

    return replace(table, header=[*table.header[:at], "付款日期", *table.header[at + 3:]],
                   rows=[joined(r) for r in table.rows])


# 同第1个运营年度: the cell of the row in the same place under the group that label heads
_SAME_AS_GROUP_RE = re.compile(r"同(?P<label>第[一二三四五六七八九十\d]{1,3}个?[\u4e00-\u9fff]{1,8})")


def same_as_group(table: TableBlock, earlier: list[list[str]]) -> TableBlock:
    """``table`` with each 同第1个运营年度 cell given the text of the cell in the same column and place under the group of
    rows that label heads (a group: a row with a first cell and the rows with none below it), here or in ``earlier``
    (the rows of the table it continues)."""
    if not any(_SAME_AS_GROUP_RE.fullmatch(compact(c)) for r in table.rows for c in r):
        return table
    groups: list[list[list[str]]] = []
    rows: list[list[str]] = []
    for n, r in enumerate([*earlier, *table.rows]):
        if not groups or (r and compact(r[0])):
            groups.append([])  # (a row with no cells at all goes on the group before)
        place = len(groups[-1])
        row = list(r)
        for i, c in enumerate(r):
            if (same := _SAME_AS_GROUP_RE.fullmatch(compact(c))) is not None:
                group = next((g for g in groups if g and g[0] and compact(g[0][0]).startswith(same.group("label"))), None)
                if group is not None and place < len(group) and i < len(group[place]):
                    row[i] = group[place][i]
        groups[-1].append(row)
        if n >= len(earlier):
            rows.append(row)
    return replace(table, rows=rows)


def same_as_left(table: TableBlock) -> TableBlock:
    """``table`` with each 同左 cell given the text of the cell to its left and each 同上 the text of the cell above."""
    if not any(compact(c) in _SAME_AS_LEFT for r in table.rows for c in r):
        return table
    rows: list[list[str]] = []
    for r in table.rows:
        row: list[str] = []
        for i, c in enumerate(r):
            if compact(c) == "同左" and i > 0:
                c = row[i - 1]
            elif compact(c) in _SAME_AS_ABOVE and rows and i < len(rows[-1]):
                c = rows[-1][i]
            row.append(c)
        rows.append(row)
    return replace(table, rows=rows)


# 北区库点“计划到货日”由“2026年9月9日”更正为“2026年9月14日”: a later clause correcting a table's cell
_CELL_CORRECTED_RE = re.compile(r"(?P<a>[\u4e00-\u9fff]{2,10})[“\"](?P<b>[^”\"]{2,12})[”\"](?:的?(?:日期|金额|时间))?由[“\"](?P<old>[^”\"]{1,20})[”\"]"
                                rf"{_BECOMES}[“\"](?P<new>[^”\"]{{1,20}})[”\"]")
_SHARE_HEADER_RE = re.compile(r"[（(]\d{1,3}(?:\.\d+)?%[)）]")
# 该清雪季清雪期结束之日: the season (named by the two years it spans) the row names
_THAT_SEASON_RE = re.compile(r"该(?P<span>[\u4e00-\u9fff]{1,3}季)(?=[\u4e00-\u9fff]{1,4}期)")
# 补贴于该租赁年度届满之日的次日…: the end of the period a table's row gives
_THAT_PERIOD_END_RE = re.compile(r"该[\u4e00-\u9fff]{0,4}(?:年度|期间|周期)(?:届满|结束|期满|终了)(?:之日|当日|(?=后))")
# 2029年度起 | 按中期评估结果调整 | — | —: the years after the table's, paid by a rule still to come
_OPEN_YEARS_RE = re.compile(r"20\d{2}年(?:度)?(?:起|及以后|以后)")
_QUARTER_HEADER_RE = re.compile(r"第(?P<q>[一二三四1-4])季度(?:[（(][^（）()]*[)）])?$")
# 每季度的可用性付费于该季度末月的最后一个星期三前支付: a day of each quarter's first or last month
_THAT_QUARTERS_MONTH_RE = re.compile(r"该季度(?:的)?(?P<which>末月|最后一个月|首月|第一个月)")
_VOID_TABLE_RE = re.compile(r"【作废】|^作废|(?:本|该)(?:原稿|表|附件|稿)[^，,。；]{0,10}?已由[^，,。；]{1,20}替代"
                            r"|(?:已)?作废[，,。；][^。；]{0,30}?不作为[\u4e00-\u9fff]{0,4}依据")
_VOIDED_RE = re.compile(r"表中?(?P<label>20\d{2}年度?)[^。；]{0,10}?(?:仅为测算数|仅供参考|不作为(?:付费|支付|拨付)依据)")
# 项目＼库点: the corner of a cross table, naming what its rows and its columns are
_CORNER_RE = re.compile(r"(?P<rows>[\u4e00-\u9fff]{1,6})\s*[＼\\]\s*(?P<cols>[\u4e00-\u9fff]{1,6})")


def crossways(table: TableBlock) -> TableBlock:
    """A cross table whose corner says its columns are places or parts (项目＼库点 | 东区库点 | 西区库点, rows 库点货款 /
    计划到货日 / 仓房腾空移交（甲方） / 到货款 / 到货款最迟支付日) turned to one row per column and duty: a row of times
    (计划到货日前三日, 计划到货日后第15日), with the column's own day written in for the row of days it names, pays the
    row of sums just above it, or is the duty of the side its label names (（甲方）). Any other table is returned as
    it is."""
    header = [compact(h) for h in table.header]
    corner = _CORNER_RE.fullmatch(header[0]) if header else None
    if corner is None or len(header) < 3 or any(len(r) != len(header) for r in table.rows):
        return table
    labels = [compact(r[0]) for r in table.rows]
    rows = []
    for j in range(1, len(header)):
        cells = [compact(r[j]) for r in table.rows]
        # a row of days another row counts from (计划到货日 | 2026年8月20日)
        days = {labels[n]: c for n, c in enumerate(cells) if (found := find_dates(c)) and (found[0].start, found[0].end) == (0, len(c))
                and any(labels[n] in other for other in cells)}
        sums: tuple[str, Decimal] | None = None
        for label, c in zip(labels, cells, strict=True):
            if label in days or not c:
                continue
            if (figure := _cell_money(c, label)) is not None and not find_dates(c):
                sums = (label, figure)
                continue
            for name, day in days.items():
                c = c.replace(name, day)
            if not find_dates(c):
                continue
            if side := _SIDE_WORD_RE.search(label):
                rows.append([f"{header[j]}{label}", "", c, side.group()])
            elif sums is not None:
                rows.append([f"{header[j]}{sums[0]}", str(sums[1]), c, ""])
                sums = None
    if not rows:
        return table
    return replace(table, header=["事项", "金额（元）", "时间", "责任方"], rows=rows, row_pages=[])


def sideways(table: TableBlock) -> TableBlock:
    """A table laid out one column per year (项目 | 第一服务年度 | 第二服务年度, rows 年度租用费 / 第一笔金额 /
    第一笔最迟支付日) or per instalment (期次 | 第1期 | 第2期, rows 款项 / 比例 / 金额（万元） / 最迟付款日, the
    header maybe left as the first row) turned to one row per year or instalment; when a year's rows give
    the dates, one row per year and payment, each date row paying the money row above it. Any other table
    is returned as it is."""
    header = [compact(h) for h in table.header]
    if len(header) >= 3 and all(_YEAR_COLUMN_RE.fullmatch(h) for h in header[1:-1]) \
            and (open_end := re.fullmatch(rf"(?P<year>{_YEAR_COLUMN_RE.pattern})(?:及以后|以后|起)", header[-1])):
        header[-1] = open_end.group("year")  # 项目 | 2028年度 | … | 2031年度起 (另行商定): the last year's column
    first = [compact(h) for h in table.rows[0]] if table.rows else []
    if not any(header) and len(first) >= 3 and all(_INSTALMENT_NOUN_RE.fullmatch(h) for h in first[1:]):
        header, table = first, replace(table, header=table.rows[0], rows=table.rows[1:], row_pages=table.row_pages[1:])
    by_instalment = len(header) >= 3 and all(_INSTALMENT_NOUN_RE.fullmatch(h) for h in header[1:])
    if not (by_instalment or (len(header) >= 3 and all(_YEAR_COLUMN_RE.fullmatch(h) for h in header[1:]))) \
            or any(len(r) != len(header) or not re.search(r"[\u4e00-\u9fff]", r[0]) for r in table.rows):
        return table
    labels = [compact(r[0]) for r in table.rows]
    dated = [] if by_instalment else [
        n for n, label in enumerate(labels) if _COLUMN_WORDS["date"].search(label)
        and all(parse_deadline(compact(c), bare_date_ok=True) for c in table.rows[n][1:])]
    if not dated:
        first = "年度" if all(re.fullmatch(r"20\d{2}年度?", h) for h in header[1:]) else header[0]
        rows = [[h, *(r[j] for r in table.rows)] for j, h in enumerate(header) if j]
        return replace(table, header=[first, *labels], rows=rows, row_pages=[])
    rows, paid = [], set()
    for d in dated:
        m = next((n for n in range(d - 1, -1, -1) if n not in paid and n not in dated
                  and _COLUMN_WORDS["money"].search(labels[n])
                  and all(_cell_money(c, labels[n]) is not None for c in table.rows[n][1:])), None)
        if m is None:
            continue
        paid.add(m)
        rows += [[f"{header[j]}{labels[m]}", str(_cell_money(table.rows[m][j], labels[m])), table.rows[d][j]]
                 for j in range(1, len(header))]
    return replace(table, header=["款项", "金额（元）", "支付日期"], rows=rows, row_pages=[]) if rows else table


# 付款期限记作“T＋N”，指自T所指之日起N个工作日内付清: a deadline split over a column of days and one of counts
# 开学|之日起二十日内，甲方支付该学期租赁费的50%: a payment counted in calendar days from a table's day column
_COLUMN_OFFSET_RE = re.compile(r"之日起(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?:个)?(?:日历日|自然日|日|天)(?:内|以内)"
                               r"[^；。]{0,30}?(?:支付|拨付|付)[^；。]{0,20}?(?P<p>\d{1,3}(?:\.\d+)?)%")
_T_PLUS_N_RE = re.compile(r"(?P<t>[TD])\s*[+＋]\s*N[^。；]{0,30}?N个?(?P<unit>工作日|日历日|自然日|日|天)")
# D+15, D＋10个工作日: a count written in the cell after the letter the intro names the start day by
_PLUS_N_CELL_RE = re.compile(r"(?P<t>[TD])\s*[+＋]\s*(?P<n>\d{1,3})\s*(?P<unit>个?工作日|日历日|自然日|日|天)?")
_LATER_OF_RE = re.compile(r"[，,]?\s*以(?:两者|二者)?(?:中)?(?:较晚|孰晚|后者|较迟)[^，。；]*")


_MONTH_LIST_CELL_RE = re.compile(r"20\d{2}年\d{1,2}月(?:[、，,和及]\s*20\d{2}年\d{1,2}月)+")
_PAY_MONTHS_HEADER_RE = re.compile(r"(?:支付|付款|拨付|兑现)月份")


def month_rows(table: TableBlock) -> tuple[TableBlock, bool]:
    """A table whose 拨付月份 cells list several months (2026年11月、2027年1月、2027年3月) as one row per
    month, the row's other cells repeated; and whether any row was so split."""
    col = next((i for i, h in enumerate(table.header) if _PAY_MONTHS_HEADER_RE.search(compact(h))), None)
    if col is None or not any(col < len(r) and _MONTH_LIST_CELL_RE.fullmatch(compact(r[col])) for r in table.rows):
        return table, False
    rows, pages = [], []
    for n, row in enumerate(table.rows):
        cell = compact(row[col]) if col < len(row) else ""
        months = re.findall(r"20\d{2}年\d{1,2}月", cell) if _MONTH_LIST_CELL_RE.fullmatch(cell) else [cell]
        for month in months:
            rows.append([month if i == col else c for i, c in enumerate(row)])
            pages.append(table.page_of(n))
    return replace(table, rows=rows, row_pages=pages), True


def t_plus_n(table: TableBlock) -> TableBlock:
    """A table whose intro writes its deadlines as T＋N (节点 | 款项 | T（起算日） | N | …) with one column
    of the days they count from and one of the counts, joined into one 付款期限 column (合同签订之日起5个工作日内);
    of two days "以两者中较晚者为准", the one named last. Any other table is returned as it is."""
    rule = _T_PLUS_N_RE.search(compact(table.intro))
    header = [compact(h) for h in table.header]
    letter = rule.group("t") if rule else "T"
    t = next((i for i, h in enumerate(header) if re.match(rf"{letter}(?![\w])|{letter}[(（]", h)), None)
    n = next((i for i, h in enumerate(header) if re.fullmatch(r"N(?:[(（].*)?", h)), None)
    if n is None and t is not None:
        # D（起算日） | 付款期限 with cells D+15, D＋10个工作日: the count in the cell
        n = next((i for i in range(len(header)) if i != t and any(
            _PLUS_N_CELL_RE.fullmatch(compact(r[i])) for r in table.rows if i < len(r))), None)
    if rule is None or t is None or n is None:
        return table

    def joined(row: list[str]) -> str:
        start = compact(row[t]) if t < len(row) else ""
        if _LATER_OF_RE.search(start):
            start = re.split(r"(?<=之日)(?:与|和|及)", _LATER_OF_RE.sub("", start))[-1]
        count, unit = compact(row[n]) if n < len(row) else "", rule.group("unit")
        if (cell := _PLUS_N_CELL_RE.fullmatch(count)) is not None:
            count, unit = cell.group("n"), (cell.group("unit") or unit).lstrip("个")
        if not (start and count.isdigit()):
            return start
        # 2026年5月31日 | D+15 → 2026年5月31日后15日内; 合同签订之日 | D+10个工作日 → 合同签订之日起10工作日内
        return f"{start}{'后' if find_dates(start) else '起'}{count}{unit}内"

    rows = [[joined(r) if i == t else c for i, c in enumerate(r) if i != n] for r in table.rows]
    header = ["付款期限" if i == t else h for i, h in enumerate(table.header) if i != n]
    return replace(table, header=header, rows=rows)


# a payment card's labels (付款卡①: 付款金额 | 起算事件 | 付款期限)
_CARD_AMOUNT_RE = re.compile(r"(?:付款|支付|应付|本期(?:付款|支付)?)?金额")
_CARD_DUE_RE = re.compile(r"(?:付款|支付)(?:期限|时间|时限)")
_CARD_EVENT_RE = re.compile(r"起算(?:事件|日|时点)")


# 第一次（50%） | 付款月份 | 第二次（50%） | 付款月份: an instalment's sum, then when it is paid
_INSTALMENT_HEADER_RE = re.compile(rf"^(?:{_NTH}|首|末)(?:次|期|笔)")


def _instalment_pairs(header: list[str]) -> list[tuple[int, int]]:
    """The (sum, day) column pairs of a table that gives each instalment's sum and its payment month or day side by side."""
    return [(i, i + 1) for i in range(len(header) - 1)
            if _INSTALMENT_HEADER_RE.match(header[i])
            and (_COLUMN_WORDS["date"].search(header[i + 1]) or header[i + 1].endswith("时限"))]  # 第一期时限


# 该学期结束之日, 该年度…: the words a table's intro says "the row's" in
_ROW_REF = r"(?:该(?:学期|学年|年度|批次?|期|阶段|季度|月份?)?)?"
_TEACHING_WEEK_RE = re.compile(_ROW_REF + r"第(?P<n>[一二三四五六七八九十\d]{1,3})(?:个)?教学周的?(?:星期|周)(?P<w>[一二三四五六日天])")
_ROW_DAY_HEADER_RE = re.compile(r"[\u4e00-\u9fff]{2,8}(?:之日|日期|期限)")


# 于该监测年度休渔期结束之日（8月16日）起: a day of the row's period, by its month and day
_THAT_PERIODS_DAY_RE = re.compile(r"该[\u4e00-\u9fff]{0,4}年度(?:的)?[\u4e00-\u9fff]{1,8}?之日[（(](?P<m>\d{1,2})月(?P<d>\d{1,2})日[)）]")


def _day_or_none(year: int, m: re.Match) -> date | None:
    try:
        return date(year, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def _row_timed_columns(header: list[str], texts: list[str]) -> dict[int, str]:
    """The time the intro (or a clause just before it) gives each instalment column in words about the row (期中款（60%） ← 期中款为该学期配送服务费
    的60%，于该学期第十教学周的星期五前支付; 期末款（40%） ← 期末款…于该学期结束之日起满二十日支付), by column; only for a
    table whose rows give the days those words name (开学之日 | 学期结束之日)."""
    days = [h for h in header if _ROW_DAY_HEADER_RE.fullmatch(h)]
    if not days:
        return {}
    timed = {}
    for i, h in enumerate(header):
        noun = column_noun(h)
        if noun is None or not (re.search(r"[款费金]$", noun) or _INSTALMENT_NOUN_RE.fullmatch(noun)):
            continue
        for part in (p for text in texts for p in re.split(r"[；。：:]", compact(text))):
            if re.search(rf"该[\u4e00-\u9fff]{{0,4}}?(?:{'|'.join(map(re.escape, days))})", part) and noun in part \
                    and not re.match(rf"\W*{re.escape(noun)}", part):
                timed[i] = part[part.index(noun):]  # （以下称“到货款”），付款期限为该乡镇安装完成期限之后的第10个工作日前
                break
            if re.match(rf"\W*{re.escape(noun)}", part) and (
                    any(re.search(_ROW_REF + re.escape(d), part) for d in days)
                    or (_TEACHING_WEEK_RE.search(part) and any("开学" in d for d in days))
                    or _THAT_PERIOD_END_RE.search(part) or _THAT_PERIODS_DAY_RE.search(part)):
                timed[i] = part
                break
    # (货款 | 到货款（70%）, the rule naming 到货款: the column it names, not the one its name holds)
    return {i: part for i, part in timed.items()
            if not any(j != i and column_noun(header[i]) in (column_noun(header[j]) or "") for j in timed)}


def _row_days_said(header: list[str], row: list[str], when: str) -> str:
    """``when`` with the row's days written in for the words naming them (于该学期结束之日起满二十日 → 于2027年1月22日起
    满二十日; 该学期第十教学周的星期五 → the Friday of the tenth week counted from the week the term starts in), or ""
    when the row gives none of them."""
    said = when
    for h, c in zip(header, row, strict=False):
        if not _ROW_DAY_HEADER_RE.fullmatch(h) or not (found := find_dates(compact(c))):
            continue
        day = found[0].value
        if len(found) == 2 and found[0].value < found[1].value:
            # 2026年7月1日—2027年6月30日: 该监测年度届满之日 is its last day, 该监测年度休渔期结束之日（8月16日） its 16 August
            first, last = found[0].value, found[1].value
            said = _THAT_PERIOD_END_RE.sub(_written(last), said)
            said = _THAT_PERIODS_DAY_RE.sub(lambda m, first=first, last=last: next(
                (_written(d) for y in (first.year, last.year) if (d := _day_or_none(y, m)) and first <= d <= last),
                m.group()), said)
        said = re.sub(rf"(?:{_ROW_REF}|该[\u4e00-\u9fff]{{0,4}}?){re.escape(h)}", _written(day), said)
        if "开学" in h:
            monday = day - timedelta(days=day.weekday())  # 开学之日所在的周为第一教学周
            said = _TEACHING_WEEK_RE.sub(lambda m, monday=monday: _written(
                monday + timedelta(days=7 * ((to_int(m.group("n")) or 1) - 1) + weekday_no(m.group("w")))), said)
    return said if said != when else ""


_TIER_HEADER_RE = re.compile(r"档次|档位|分档|级别|等级")
_BY_TIER_RE = re.compile(r"按上表(?:对应)?(?:的)?(?:档次|档位|级别)|对应档次")
_PLEDGED_SUM_RE = re.compile(r"承诺[^，。；]{0,20}?(?:人民币)?[\d.,，]+(?:亿|万)?元")


def _tiers(header: list[str], rows: list[list[str]]) -> list[tuple[Decimal, Decimal | None, Decimal]]:
    """The tiers of a table grading a reward by a sum (档次 | 一期固定资产投资额 | 奖励金额, rows 一档 | 3亿元（含）至5亿元 |
    1,000万元 … 三档 | 8亿元（含）以上 | 3,000万元): (from, below, reward) each, or [] for any other table."""
    if not any(_TIER_HEADER_RE.search(h) for h in header) or len(header) < 3:
        return []
    tiers = []
    for row in rows:
        if len(row) < 3:
            return []
        bounds, reward = find_money(compact(row[-2])), _cell_money(row[-1], header[-1])
        if not bounds or reward is None:
            return []
        low, high = bounds[0].value, bounds[1].value if len(bounds) > 1 else None  # 8亿元（含）以上: no upper bound
        if len(bounds) == 1 and re.search(r"以下|以内|不足|低于", row[-2]):
            low, high = Decimal(0), bounds[0].value
        tiers.append((low, high, reward))
    return tiers


def _row_key(label: str, rows: dict[str, object]) -> str:
    """The label of the table row a clause names (第3笔 → the row labelled 3 when none is labelled 第3笔)."""
    if label in rows:
        return label
    n = to_int(label[1:-1])
    return next((k for k in rows if k.isdigit() and int(k) == n), label)


def _row_period_ends(header: list[str], row: list[str]) -> dict[str, date]:
    """The last day of each period a row's cells give by their first and last day, by the column's name (采暖期 |
    2026年立冬至2027年清明节的前一日 → {"采暖期": 2027-04-04})."""
    ends = {}
    for h, c in zip(header, row, strict=False):
        if not h or (m := re.search(r"[至到—－~～](?P<end>.+)$", compact(c))) is None:
            continue
        end = m.group("end")
        if re.fullmatch(r"\d{1,2}月\d{1,2}日", end) and (year := re.match(r"(20\d{2})年", compact(c))):
            end = f"{year.group(1)}年{end}"  # 2026年4月15日—10月15日: the end in the start's year
        if days := find_dates(end):
            ends[h] = days[-1].value
    return ends


_UNIT_SUFFIX_RE = re.compile(r"[（(][万千亿]?元[)）]$")  # the unit a table's note added to a header
# (第一次（季中月15日前） | 第二次（重阳节前）: the time in brackets)
_INSTALMENT_WHEN_RE = re.compile(rf"^(?P<nth>{_NTH}|首)次(?:[:：](?P<when>.+?)(?:[（(]\d{{1,3}}(?:\.\d+)?%[)）])?"
                                 r"|[（(](?P<bracketed>[^（()）]+)[)）])$")
# 当年第二季度的季中月（5月）: a month named by its place, its number in brackets
_MONTH_IN_BRACKETS_RE = re.compile(r"(?:第?[一二三四1-4]季度的?)?[\u4e00-\u9fff]{0,4}月[（(](?P<m>\d{1,2})月[)）]")


def _instalment_days(header: list[str], intro: str = "") -> dict[int, Callable[[int], list[date]]]:
    """The days of a row's year on which each instalment column falls, as its header says (第一次：“五一”前（40%） →
    that year's 30 April; 第二次：第一次期限届满满五个月 → five months after the first's), or as the intro says of it
    where the header's time is short of a day (第一次（季中月15日前） ← 第一次于当年第二季度的季中月（5月）15日前支付),
    by column."""
    days: dict[int, Callable[[int], list[date]]] = {}
    nth: dict[int, int] = {}
    for i, h in enumerate(header):
        if (m := _INSTALMENT_WHEN_RE.match(_UNIT_SUFFIX_RE.sub("", compact(h)))) is None:
            continue
        nth[1 if m.group("nth") == "首" else to_int(m.group("nth")[1:]) or 0] = i
        when = m.group("when") or m.group("bracketed")
        said = next((part for part in re.split(r"[；。]", intro) if m.group("nth") + "次" in part), "")
        if (own := header_day(when) or header_day(_MONTH_IN_BRACKETS_RE.sub(r"\g<m>月", said))) is not None:
            days[i] = own
        elif (after := _AFTER_INSTALMENT_RE.match(when)) \
                and (first := days.get(nth.get(to_int(after.group("n")) or 0, -1))):
            months = (to_int(after.group("k")) or 0) * (12 if after.group("unit") == "年" else 1)
            days[i] = lambda year, first=first, months=months: [add_months(d, months) for d in first(year)]
    return days


def _cell_money(text: str, header: str) -> Decimal | None:
    if _PRODUCT_OF_FIGURES_RE.fullmatch(compact(text)) and (worked := evaluate(compact(text), lambda _: None)) is not None:
        return money(worked)  # 2,000吨×120元: the product it writes out
    found = find_money(compact(text))  # 人民币伍拾陆万…柒拾壹元 / 贰角捌分 wrapped in its cell
    if found:
        return found[0].value
    # 1,086.50（一次支付）: a sum with a note in brackets
    value = to_decimal(re.sub(r"[元¥￥\s]", "", re.sub(r"[（(][^（）()元]*[)）]$", "", text.strip())))
    if value is None:
        return None
    # the column's unit (金额（万元）, 金额（千元）); 元 when it names none
    scale = next((v for unit, v in UNIT_SCALE.items() if unit.endswith("元") and unit in header), Decimal(1))
    return money(value * scale)
