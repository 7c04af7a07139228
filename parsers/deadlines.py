"""Deadline grammar (履约期限): fixed dates and "N units after a trigger event".

Our own table-driven grammar. A deadline is either a fixed date ("2024年6月30日前",
"不迟于…", "于…之前") or a trigger event (合同签订, 验收合格, 收到发票, …) plus a period
(number and unit: 日/天/日历天 → day, 工作日 → working_day, 个月 → month) and a bound
(内/前/之日起/不超过/届满后). The tables below are the whole grammar; extend them rather than
the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from parsers.numbers import CN_NUM_CHARS, add_months, add_working_days, find_dates, next_working_day, to_int

# Trigger events, most specific first (竣工结算 before 竣工, 竣工验收 before 验收). Each entry
# is (event name, regex fragments). Fragments must not contain capturing groups.
# the periods a warranty goes by (质保期, 缺陷责任期…), without their 期
WARRANTY_NOUNS = r"质量保证|质量保修|质保|保修|缺陷责任|维保"
EVENTS: list[tuple[str, tuple[str, ...]]] = [
    ("settlement", (
        r"(?:竣工)?结算(?:价|金额|款|报告|文件)?(?:经[^，。；]{0,12}?)?(?:审核|审计|审定|审查|核定|确认)(?:完成|完毕|通过|确认)?",
        r"竣工结算(?:完成|办理完毕|完毕)",
        r"(?:结算|决算)?审计(?:完成|完毕|结束|报告出具)",
        r"(?:出具|取得|收到)(?:竣工)?(?:结算)?审计报告",
        r"收到(?:竣工)?(?:结算)?(?:评审|审核)报告",  # 工程结算经…评审 | 委托人收到评审报告之日起30日内
        r"决算审计(?:完成)?",
        r"结算完成",
        # the review's conclusion issued (竣工结算由…审核；发包人在审核结论出具之日起56天内)
        # 竣工结算经…财政投资评审中心评审，评审报告出具之日起60日内
        r"(?:结算)?(?:审核|评审)(?:结论|意见|报告)(?:出具|作出|送达)",
        r"审定结算(?:报告|书)(?:出具|作出|送达|签发)",  # 于审定结算报告出具之日起3个月内
    )),
    ("warranty_end", (
        # a parenthesis after the period's name defines its length or start (质保期（二年）届满,
        # 质保期（免费运维期，自终验合格之日起一年）满后): the deadline counts from the period's end,
        # not from the event inside the parenthesis
        rf"(?:{WARRANTY_NOUNS}|保质|免费运维|免费维护|免费保修|管护)期(?:限)?"
        r"(?:[（(][^（()）。；;]{1,40}[)）])?(?:满|届满|期满|结束|到期)",
        # the period named, then its end in the next clause: 缺陷责任期一年，期满后一个月内
        rf"(?:{WARRANTY_NOUNS})期[^。；;，,]{{0,12}}[，,]\s*(?:期满|届满)",
    )),
    ("completion", (
        r"(?:工程|项目)?(?:实际)?(?:竣工|完工|交工)(?!结算|决算|资料|报告|图|日期|时间|投产)(?:验收)?(?:合格|通过|完成)?",
        r"(?:工程)?接收证书(?:颁发|签发)",
    )),
    ("operation_start", (
        r"商业运营(?:日|开始日|起始日)",
        r"进入(?:正式|商业)?运营(?:期)?",
        r"(?:正式|开始|投入)(?:航线|线路)?运营",  # 新建客船全部投入航线运营之日起满三个月
        r"运营期(?:开始|起始)",
        r"(?:正式|开始|投入|建成)?开业运营",  # opening for business is the start of operation
        r"(?:正式|开始|建成)(?:开业|营业)",
        r"开业(?:营业)?之日",
        # opening a scenic area or venue to the public is its start of operation too
        r"(?:正式|全面|建成并?)?(?:对外|对公众|对社会|向公众|向社会)(?:开放|营业|运营)",
        r"(?:正式|建成)(?:开园|开馆)",
        r"(?:开园|开馆)之日",
    )),
    ("production_start", (
        r"(?:建成|竣工|正式|全面|项目)?投产",
        r"投入生产",
    )),
    ("invoice", (
        r"收到[^，。；]{0,14}?发票",
        r"发票(?:送达|收到|开具)",
        # 设计人提交付款申请及发票之日起10个工作日内
        r"(?:提交|递交|报送)(?:付款申请(?:书|单)?[及和与、])?(?:等额|合格)?(?:的)?(?:增值税)?(?:专用|普通)?发票",
    )),
    ("acceptance", (
        r"(?:最终|终|初步|初)?验收(?:合格|通过|完成|完毕)",
        r"(?:初|终)验(?:合格|通过|完成)",
        r"通过(?:最终|初步)?(?:初验|终验|验收)",  # 系统部署完毕并通过初验之日起满30日
        r"验收报告(?:签署|出具)",
        r"(?:期满|终期)?考核(?:合格|通过)",  # a service's assessment is its acceptance
        r"核查(?:合格|通过)",  # 乙方提交设备发票后由甲方组织核查，补助于核查通过之日起满三十日兑现
        r"(?<![申报提请])核验之日",  # 设备安装调试完毕并经甲方核验之日起满四十日
        r"组织验收",  # 经甲方组织验收之日起满两个月: the day of the acceptance
        r"(?<![申报提请])验收之日",  # 改造完成并经甲方验收之日起15个工作日内 (not 申请验收之日起)
    )),
    ("delivery", (
        r"(?:货物)?(?:全部)?(?:到货|交货|送达|运抵|供货)(?:完成|完毕)?",
        r"货物(?:全部)?(?:交付|到达|签收)",  # 自第一批货物全部签收之日的次日起算第15日前
        # 负压救护车 | 办妥登记上牌并交付 | 交付之日起10个工作日内 (not 土地交付, 厂房交付: a handover)
        r"(?:车辆|设备|产品|标的物?)(?:全部)?交付",
        r"(?<![地屋房场楼舍程])交付之日",
    )),
    ("award_notice", (
        r"(?:中标|成交)通知书(?:发出|送达|签发)?",
    )),
    ("signing", (
        r"(?:本|双方)?(?:政府采购)?(?:合同|协议)(?:书)?(?:正式)?(?:签订|签署|订立|签字|生效)(?:并生效|生效)?",
        r"签(?:订|署)(?:本|政府采购)?(?:合同|协议)(?:书)?",
        r"签约(?!合同价|合同金额|合同总价|价|金额)",  # not 签约合同价, the contract price
        r"签订之日",
    )),
]

# Units of a period: regex → (unit, multiplier).
UNITS: list[tuple[str, str, int]] = [
    (r"个?工作日", "working_day", 1),
    (r"个?(?:日历日|日历天|自然日)", "day", 1),
    (r"(?:天|日)", "day", 1),
    (r"个(?:自然)?月|月", "month", 1),
    (r"年", "month", 12),
    (r"(?:个)?(?:星期|周)", "day", 7),
]

# Connectors between an event and its period, and bounds after the period.
CONNECTORS = r"(?:之日起|之日后|之日|当日起|当天起|届满后|满后|之后|以后|后的|后|起)"
BOUNDS = {"内": "within", "以内": "within", "之内": "within", "前": "within", "为限": "within",
          "后": "after", "以后": "after"}

# A fixed date is a deadline with one of these before or after it.
DATE_BEFORE = r"(?:不迟于|不晚于|不得晚于|不超过|最迟于|最迟在|最迟|最晚于|截至|截止到|截止于|截止|应于|须于|需于|于|在)"
DATE_AFTER = r"(?:之前|以前|前)"

_EVENT_ALT = "|".join(f"(?:{frag})" for _, frags in EVENTS for frag in frags)
_EVENT_RE = re.compile(_EVENT_ALT)
_EVENT_FULL = [(name, re.compile("|".join(f"(?:{f})" for f in frags))) for name, frags in EVENTS]
_UNIT_ALT = "|".join(f"(?:{u})" for u, _, _ in UNITS)
_UNITS_FULL = [(re.compile(u), unit, mult) for u, unit, mult in UNITS]
# 首个 / 第一个 count one, of working days only (届满后的首个工作日)
_FIRST = r"(?:首|第一)(?=个工作日)"
_NUM = rf"(?:\d+|[{CN_NUM_CHARS}]+|半|{_FIRST})"
# (第30个工作日结束前: by the end of that day, the same bound as 前)
_PERIOD = rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT_ALT})(?:结束(?=前))?(?P<bound>以内|之内|内|为限|前|以后|后)?"
_TAIL_RE = re.compile(
    rf"(?P<filler>[^，。；,;：:]{{0,15}}?)(?P<conn>{CONNECTORS})?(?:的|，|,)?\s*"
    # 之日起满30日 (on the 30th day), 后第10个工作日前 (by the 10th working day): the same count
    rf"(?:(?:不超过|不得超过|最迟不超过|最长不超过)\s*)?(?:满|第)?{_PERIOD}"
)
_ZERO_TAIL_RE = re.compile(rf"(?P<filler>[^，。；,;：:前\d]{{0,15}}?)(?P<conn>{CONNECTORS}|(?<=^)时|届满时)")
_LOOSE_PERIOD_RE = re.compile(
    rf"(?:在|于|应在|应于|须在|起)?\s*(?:不超过|不得超过)?\s*第?{_PERIOD}"
)
_SENTENCE_BREAK = re.compile(r"[。；;]")
_FURTHER_COUNT_RE = re.compile(rf"(?<=[，,])\s*满{_PERIOD}")
# 服务期于2026年10月31日届满，…甲方于届满后的首个工作日…: the first working day after that date
_ENDS_ON_DATE_RE = re.compile(r"\s*(?:届满|期满|到期|结束)")
_FIRST_WORKING_AFTER_RE = re.compile(r"\s*(?:之日)?(?:之|以)?后的?(?:首|第一)个工作日")
_DAY_AFTER_END_RE = re.compile(r"(?:届满|期满|到期|结束)(?:之日)?后的?(?:首|第一)个工作日")


@dataclass(frozen=True)
class Deadline:
    """A due rule: ``date`` set for a fixed date, else ``event`` + ``offset`` ``unit``."""

    start: int
    end: int
    date: date | None = None
    event: str | None = None
    offset: int = 0
    unit: str = "day"
    bound: str = "within"

    @property
    def is_date(self) -> bool:
        return self.date is not None

    def as_json(self) -> dict:
        """The ``due`` object of the extraction JSON."""
        if self.date is not None:
            return {"date": self.date.isoformat()}
        return {"event": self.event, "offset": self.offset, "unit": self.unit}


# words that name each event and read back as it (phrase → find_deadlines → the same event)
_EVENT_WORDS = {"settlement": "结算完成", "warranty_end": "质保期满", "completion": "竣工验收合格",
                "operation_start": "进入运营期", "production_start": "投产", "invoice": "收到发票",
                "acceptance": "验收合格", "delivery": "到货", "award_notice": "中标通知书发出", "signing": "合同签订"}
_UNIT_WORDS = {"day": "日", "working_day": "个工作日", "month": "个月"}


def words_for(due: Deadline) -> str:
    """Words for a due rule that read back as it (2027年6月25日前; 投产之日起满18个月; 验收合格之日起15个工作日内): how a
    time set by another obligation's (与第二笔同期) is written into the sentence that borrows it."""
    if due.date is not None:
        return f"{due.date.year}年{due.date.month}月{due.date.day}日前"
    words = _EVENT_WORDS[due.event or ""]
    if due.unit == "month":
        return f"{words}之日起满{due.offset}个月"
    return f"{words}之日起{due.offset}{_UNIT_WORDS[due.unit]}内" if due.offset else f"{words}之日"


def event_of(phrase: str) -> str | None:
    """The event name for a trigger phrase (验收合格 → acceptance), else None."""
    for name, rx in _EVENT_FULL:
        if rx.fullmatch(phrase):
            return name
    return None


def _period(num: str, unit_text: str) -> tuple[int, str] | None:
    for rx, unit, mult in _UNITS_FULL:
        if rx.fullmatch(unit_text):
            if num in ("首", "第一"):
                return 1, unit
            if num == "半":
                return (15, "day") if unit == "month" and mult == 1 else (6, "month") if mult == 12 else None
            value = to_int(num)
            if value is None:
                return None
            return value * mult, unit
    return None


def _event_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for m in _EVENT_RE.finditer(text):
        name = event_of(m.group())
        if name:
            spans.append((m.start(), m.end(), name))
    return spans


def _event_deadlines(text: str) -> tuple[list[Deadline], list[tuple[int, int, str]]]:
    """Event + period deadlines, and the events left without a period."""
    events = _event_spans(text)
    found: list[Deadline] = []
    lonely: list[tuple[int, int, str]] = []
    for i, (start, end, name) in enumerate(events):
        limit = events[i + 1][0] if i + 1 < len(events) else len(text)
        region = text[end:limit]
        m = _TAIL_RE.match(region)
        if m and (m.group("conn") or m.group("bound")) and "前" not in (m.group("filler") or ""):
            period = _period(m.group("num"), m.group("unit"))
            if period is not None:
                bound = BOUNDS.get(m.group("bound") or "", "within")
                found.append(Deadline(start, end + m.end(), event=name, offset=period[0],
                                      unit=period[1], bound=bound))
                continue
        z = _ZERO_TAIL_RE.match(region)
        if z:
            lonely.append((start, end + z.end(), name))
    return found, lonely


# 计量日（2026年9月30日）后5个工作日内: a period (of days) after a stated day, itself a day
# (2028年3月31日起满20日: on the 20th day after it)
_AFTER_DATE_RE = re.compile(rf"\s*[)）]?\s*(?:之日)?(?:的次日)?(?:后|起)算?的?\s*(?P<full>满|第)?{_PERIOD}")


# 于2027年春节假期结束后、2027年2月下旬移交: a day listed after another time the same 于 governs
_LISTED_AFTER_RE = re.compile(r"于[^，。；,;于]{1,16}?(?:后|前|结束)、\s*$")


def _date_deadlines(text: str, bare_ok: bool) -> list[Deadline]:
    found: list[Deadline] = []
    for d in find_dates(text):
        before = (re.search(rf"{DATE_BEFORE}\s*$", text[max(0, d.start - 5):d.start])
                  or _LISTED_AFTER_RE.search(text[max(0, d.start - 24):d.start]))
        after = re.match(rf"\s*{DATE_AFTER}", text[d.end:])
        later = _AFTER_DATE_RE.match(text, d.end)
        period = _period(later.group("num"), later.group("unit")) if later else None
        if later and period and BOUNDS.get(later.group("bound") or "", "within" if later.group("full") else "") == "within" \
                and (period[1] in ("day", "working_day") or later.group("full")):
            # (2026年8月31日起满六个月: the day six months on, the month's last if it has no 31st; not 自2026年1月1日起3年内,
            # the term a duty runs over)
            n, unit = period
            found.append(Deadline(d.start, later.end(), bound="within",
                                  date=add_working_days(d.value, n) if unit == "working_day"
                                  else add_months(d.value, n) if unit == "month" else d.value + timedelta(days=n)))
            continue
        if (first := _FIRST_WORKING_AFTER_RE.match(text, d.end)) is not None:
            # 于2029年6月30日后的首个工作日: the first working day after it
            found.append(Deadline(d.start, first.end(), date=next_working_day(d.value), bound="within"))
            continue
        if text[d.end:d.end + 1] in ("起",) or re.match(r"\s*(?:至|到(?!期))", text[d.end:]):
            continue  # the start of a term (自2024年1月1日起至…), not a deadline
        if re.match(r"\s*止", text[d.end:]):
            continue
        if before and before.group().strip() == "截至" and re.match(r"\s*[，,]", text[d.end:]):
            continue  # 截至2025年12月31日，甲方尚欠…: the day a balance stands at, not a deadline
        end = d.end + (after.end() if after else 0)
        if _ENDS_ON_DATE_RE.match(text[d.end:]) and (then := _DAY_AFTER_END_RE.search(
                _SENTENCE_BREAK.split(text[d.end:])[0])):
            found.append(Deadline(d.start, d.end + then.end(), date=next_working_day(d.value), bound="within"))
            continue
        if after or (before and before.group().strip() not in ("于", "在", "应于", "须于", "需于")):
            found.append(Deadline(d.start, end, date=d.value, bound="within"))
        elif before or bare_ok:
            found.append(Deadline(d.start, end, date=d.value, bound="on"))
    return found


def find_deadlines(text: str, *, bare_date_ok: bool = False) -> list[Deadline]:
    """All deadlines in ``text``, in order.

    ``bare_date_ok`` accepts a date without 前/于 (a 支付时间 table cell). Events with no
    period come back with ``offset`` 0 (质保期满后支付尾款) only when no other deadline
    follows them in the same sentence.
    """
    text = text.replace("半个月", "15日")  # (起满半个月: fifteen days, the same length so positions hold)
    dated = _date_deadlines(text, bare_date_ok)
    eventful, lonely = _event_deadlines(text)
    used = [(d.start, d.end) for d in dated + eventful]

    def free(s: int, e: int) -> bool:
        return not any(s < ue and us < e for us, ue in used)

    # "验收合格后，甲方应在10个工作日内支付": a period separated from its event.
    for start, end, name in lonely:
        rest = text[end:]
        brk = _SENTENCE_BREAK.search(rest)
        window = rest[: brk.start() if brk else len(rest)][:40]
        m = _LOOSE_PERIOD_RE.search(window)
        chosen = None
        if m and (m.group("bound") in ("内", "以内", "之内", "前", "为限")):
            between = window[: m.start()]
            if not _EVENT_RE.search(between) and free(end + m.start(), end + m.end()):
                period = _period(m.group("num"), m.group("unit"))
                if period is not None:
                    chosen = Deadline(start, end + m.end(), event=name, offset=period[0], unit=period[1])
        if chosen is None:
            chosen = Deadline(start, end, event=name, offset=0, unit="day", bound="at")
        if free(chosen.start, chosen.end):
            eventful.append(chosen)
            used.append((chosen.start, chosen.end))
    # …验收之日起满两个月兑现人民币720万元，满十四个月兑现人民币720万元: a second count of full months or days
    # after the same event
    for m in _FURTHER_COUNT_RE.finditer(text):
        before = [d for d in eventful if d.end <= m.start()]
        period = _period(m.group("num"), m.group("unit"))
        if before and period and free(m.start("num"), m.end()) and not _EVENT_RE.search(text, before[-1].end, m.start()):
            eventful.append(Deadline(m.start("num"), m.end(), event=before[-1].event, offset=period[0], unit=period[1]))
    result = sorted(dated + eventful, key=lambda d: d.start)
    return result


def _rank(d: Deadline) -> int:
    if d.date is not None:
        return 0 if d.bound == "within" else 2
    return 1 if d.bound != "at" else 3


def best_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The deadline that governs a clause: a bounded date, then event + period, then the rest."""
    if not deadlines:
        return None
    return min(deadlines, key=lambda d: (_rank(d), d.start))


def parse_deadline(text: str, *, bare_date_ok: bool = False) -> Deadline | None:
    """The governing deadline of one clause, or None (no date, no event period)."""
    return best_deadline(find_deadlines(text, bare_date_ok=bare_date_ok))
