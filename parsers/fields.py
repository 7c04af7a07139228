"""Contract fields (合同要素): kind, title, code, amount, signing date and parties with USCC.

Party blocks follow a label–colon layout in every template seen (甲方（采购人）：…,
统一社会信用代码：…), so these are rules over lines, not a model.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from parsers import uscc as uscc_mod
from parsers.numbers import find_dates, find_money
from parsers.text import collapse_spaces, compact

GOVERNMENT = "government"
COUNTERPARTY = "counterparty"

# Role words → side. 甲方/乙方 are decided per document.
GOV_ROLES = ("采购人", "采购单位", "采购方", "招标人", "招标单位", "发包人", "发包方", "建设单位", "政府方",
             "出让方", "出让人", "政府", "实施机构", "管委会", "管理委员会", "委托方", "委托人", "委托单位", "买方", "需方")
# the supplier of services, works or an investment under its usual names (服务商, 承接方, 承揽人, 中标单位, …);
# not 服务方 / 中标方 / 成交人 / 招标方, which begin common words (服务方案, 中标方案, 成交人民币, 招标方式)
CP_ROLES = ("供应商", "成交供应商", "中标供应商", "中标人", "中标单位", "成交单位", "承包人", "承包方",
            "施工单位", "服务商", "服务提供商", "承接方", "承接人", "承接主体", "承揽方", "承揽人", "社会资本方", "社会资本",
            "投资方", "投资人", "项目公司", "受让方", "受让人", "受托方", "受托人", "卖方", "供方", "联合体成员", "联合体牵头人")
# the counterparty only where a contract labels it so (建设工程监理合同: 委托人 / 监理人; 勘察设计合同: 发包人 / 设计人):
# in a works contract the 监理人 is a third party, so these words name a side only as a party's own label
CP_LABEL_ROLES = ("监理人", "监理单位", "勘察人", "设计人", "勘察设计人")
SIDE_LABELS = ("甲方", "乙方", "丙方", "丁方")
PARTY_LABELS = SIDE_LABELS + GOV_ROLES + CP_ROLES + CP_LABEL_ROLES
_LABEL_ALT = "|".join(sorted(PARTY_LABELS, key=len, reverse=True))
PARTY_LINE_RE = re.compile(
    rf"^(?P<label>{_LABEL_ALT})[一二三四五1-5]?\s*(?:[(（]\s*(?P<role>[^)）]{{1,16}})\s*[)）])?\s*(?:单位)?(?:名称|全称)?\s*[:：]\s*(?P<name>.*)$"
)
# any other short label followed by the side in brackets: 服务单位（乙方）：…, 租赁方（甲方）名称：…
PARTY_SIDE_LINE_RE = re.compile(
    r"^(?P<role>[\u4e00-\u9fff]{2,8}?)\s*[(（]\s*(?P<label>" + "|".join(SIDE_LABELS) + r")[一二三四五1-5]?\s*[)）]"
    r"\s*(?:单位)?(?:名称|全称)?\s*[:：]\s*(?P<name>.*)$"
)
# a remark naming how the party is called below: （以下简称乙方）, （下称“甲方”）, （以下简称“赣江水务”）
_CALLED = r"(?:(?:以下|下文|下)(?:简称|称)|简称)(?:为)?\s*[:：]?\s*[“\"「『]?"
_CALLED_RE = re.compile(rf"^\s*{_CALLED}(?P<alias>[^“”\"「」『』()（）]{{1,16}}?)[”\"」』]?\s*$")
# any other short label whose name carries such a remark naming the side: 服务商：某公司（以下简称乙方）
PARTY_CALLED_LINE_RE = re.compile(
    r"^(?P<role>[\u4e00-\u9fff]{2,8}?)\s*(?:名称|全称)?\s*[:：]\s*(?P<name>[^:：()（）]{2,60}[(（]\s*" + _CALLED
    + r"(?P<label>" + "|".join(SIDE_LABELS) + r")[一二三四五1-5]?[”\"」』]?\s*[)）].*)$"
)
# labels of a party's particulars or of its people, not of the party: 法定代表人（甲方）：…,
# 开户银行（乙方）：…, 项目经理（乙方）：…
_PARTICULAR_LABEL_RE = re.compile(
    r"代表|代理|联系|负责|经办|签|盖章|印章|地址|住所|电话|传真|邮编|邮箱|开户|账号|账户|银行|税号|日期|网址"
    r"|经理|主任|总监|工程师|专员|人员")
SIGNATURE_ROLE_RE = re.compile(r"盖章|签字|签章|公章|签名|印章|章")
_USCC_LABEL = r"(?:统一社会信用代码|社会信用代码|信用代码|USCC)"
USCC_RE = re.compile(_USCC_LABEL + r"(?:[^:：\d]{0,14}[:：])?\s*(?P<code>[0-9A-Za-z|!]{18})(?![0-9A-Za-z])")
_GOV_NAME_RE = re.compile(r"(?:局|委员会|委|人民政府|政府|管委会|办公室|办|中心|厅|署|院|所|站|队|学校|大学|医院|馆|公安局)$")
# a remark after the name: 某局（采购人）, 某局（项目实施机构，经某县人民政府授权）
_ROLE_REMARK_RE = re.compile(
    r"[(（](?P<remark>[^()（）]*(?:" + "|".join(PARTY_LABELS) + r"|授权|代表)[^()（）]*|\s*" + _CALLED
    + r"[^()（）]{1,16})[)）]$")
# a code written on the name's line: 某局，统一社会信用代码… / 某局（统一社会信用代码：…）
_INLINE_USCC_RE = re.compile(rf"[\s(（，,;；]*{_USCC_LABEL}.*$")
_CO_NAME_RE = re.compile(r"(?:公司|集团|企业|合伙\)|合伙）|合伙|厂|商行|经营部|研究院有限公司)$")

KINDS = ("procurement", "bidding", "ppp", "investment")


@dataclass
class Party:
    """A contract party as found in the document."""

    side: str
    name: str
    uscc: str | None = None
    labels: set[str] = field(default_factory=set)

    def as_json(self) -> dict:
        return {"side": self.side, "name": self.name, "uscc": self.uscc}


@dataclass
class ContractFields:
    """The ``contract`` object of the extraction JSON, plus party aliases for the extractor."""

    kind: str | None = None
    title: str | None = None
    code: str | None = None
    amount: Decimal | None = None
    signed_on: date | None = None
    parties: list[Party] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def aliases(self, side: str) -> set[str]:
        """Words that name ``side`` in this document (甲方, 采购人, the party's name, …)."""
        words: set[str] = set(GOV_ROLES if side == GOVERNMENT else CP_ROLES)
        other = COUNTERPARTY if side == GOVERNMENT else GOVERNMENT
        for party in self.parties:
            if party.side == side:
                words |= party.labels
                words.add(party.name)
        for party in self.parties:
            if party.side == other:
                words -= party.labels
        if not any(p.labels & set(SIDE_LABELS) for p in self.parties):
            words.add("甲方" if side == GOVERNMENT else "乙方")
        if side == COUNTERPARTY:
            words.add("丙方")
        return {w for w in words if w}

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "code": self.code,
            "amount": f"{self.amount:.2f}" if self.amount is not None else None,
            "signed_on": self.signed_on.isoformat() if self.signed_on else None,
            "parties": [p.as_json() for p in self.parties],
        }


# ---------------------------------------------------------------- parties


def _clean_name(name: str) -> str:
    name = re.split(r"\s{2,}|\s(?=(?:" + _LABEL_ALT + r")\s*[(（:：])|\s(?=[\u4e00-\u9fff]{2,8}[:：])", name.strip())[0]
    name = re.sub(r"[(（](?:盖章|签章|公章)[)）]", "", name)
    name = collapse_spaces(name)
    return name.strip(" ：:，,。;；")


def _side_of(label: str, role: str, name: str, code: str | None) -> str:
    if code and code[0] == "1":
        return GOVERNMENT
    if code and code[0] in "9Y5":
        return COUNTERPARTY
    for word in (role, label):
        if any(r in word for r in GOV_ROLES):
            return GOVERNMENT
        if any(r in word for r in CP_ROLES + CP_LABEL_ROLES):
            return COUNTERPARTY
    if _GOV_NAME_RE.search(name):
        return GOVERNMENT
    if _CO_NAME_RE.search(name):
        return COUNTERPARTY
    return GOVERNMENT if label == "甲方" else COUNTERPARTY


_MEMBER_LINE_RE = re.compile(r"^(?:联合体)?(?P<label>牵头人|牵头方|成员方|成员)(?:[(（][^)）]{1,12}[)）])?\s*[:：]\s*(?P<name>.+)$")
_SEGMENT_SPLIT_RE = re.compile(r"\s+(?=[\u4e00-\u9fff]{2,10}(?:[(（][^)）]{1,16}[)）])?\s*[:：])")


def _repair_code(code: str, warnings: list[str]) -> str:
    fixed = uscc_mod.repair(code)
    if fixed is None:
        warnings.append(f"统一社会信用代码校验失败：{code} / USCC check failed: {code}")
        return code.upper()
    if fixed != code:
        warnings.append(f"统一社会信用代码已按校验位更正：{code} → {fixed} / USCC corrected by its check character")
    return fixed


def _code_owner(line: str, found: list[list]) -> list | None:
    """The party a code line names before the code label (甲方统一社会信用代码：…), if any."""
    m = re.match(rf"^\s*(?P<label>{_LABEL_ALT})\s*(?:的)?\s*{_USCC_LABEL}", line)
    if m is None:
        return None
    word = m.group("label")
    return next((entry for entry in found if entry[0] == word or word in re.split(r"[/、，,\s]+", entry[1])), None)


def find_parties(lines: list[str]) -> tuple[list[Party], list[str]]:
    """Parties from label lines (甲方（采购人）：名称) and the 统一社会信用代码 lines under them.

    A line may hold two columns (甲方：… 乙方：…, then two codes on the next line): the codes
    go to the parties in the same order.
    """
    found: list[list] = []  # [label, role, name, uscc]
    warnings: list[str] = []
    current: int | None = None
    for raw in lines:
        codes: list[str] = []
        for segment in _SEGMENT_SPLIT_RE.split(raw.strip()):
            line = collapse_spaces(segment)
            m = PARTY_LINE_RE.match(line) or PARTY_SIDE_LINE_RE.match(line) or PARTY_CALLED_LINE_RE.match(line)
            if m and m.re is not PARTY_LINE_RE and _PARTICULAR_LABEL_RE.search(m.group("role")):
                m = None
            member = None if m else _MEMBER_LINE_RE.match(line)
            if member and _CO_NAME_RE.search(member.group("name")):
                # a consortium's members under 乙方（社会资本方联合体）：, each with its own code line
                found.append([member.group("label"), "联合体成员", _clean_name(member.group("name")), None])
                current = len(found) - 1
                continue
            if m:
                role = m.group("role") or ""
                name = m.group("name")
                inline = USCC_RE.search(name.replace(" ", ""))
                name = _clean_name(_INLINE_USCC_RE.sub("", name))
                remark = _ROLE_REMARK_RE.search(name)
                unclosed = re.search(r"[(（][^()（）]*$", name)
                whole = name[: unclosed.start()] if unclosed and len(unclosed.group()) > 4 else ""
                if remark is None and whole and (_GOV_NAME_RE.search(whole) or _CO_NAME_RE.search(whole)):
                    # 某局（同时为本协议项下…的采购 | 人）: a remark the line break cut, after a whole name
                    name = whole.rstrip()
                if remark:
                    name = name[: remark.start()].rstrip()
                    called = _CALLED_RE.match(remark.group("remark"))
                    role = "、".join(w for w in (role, called.group("alias") if called else remark.group("remark")) if w)
                if SIGNATURE_ROLE_RE.search(role) or not (len(re.findall(r"[\u4e00-\u9fff]", name)) >= 2
                                                          and len(name) <= 60):
                    current = None
                    continue
                found.append([m.group("label"), role, name,
                              _repair_code(inline.group("code"), warnings) if inline else None])
                current = len(found) - 1
                continue
            u = USCC_RE.search(line.replace(" ", ""))
            if u:
                owner = _code_owner(line, found)
                if owner is not None and owner[3] is None:
                    owner[3] = _repair_code(u.group("code"), warnings)  # 甲方统一社会信用代码：…
                    continue
                codes.append(u.group("code"))
        if not codes:
            continue
        if len(codes) == 1:
            if current is not None and found[current][3] is None:
                found[current][3] = _repair_code(codes[0], warnings)
            continue
        pending = [entry for entry in found if entry[3] is None][-len(codes):]
        for entry, code in zip(pending, codes, strict=False):
            entry[3] = _repair_code(code, warnings)
    parties: dict[str, Party] = {}
    for label, role, name, code in found:
        key = compact(name)
        party = parties.get(key)
        if party is None:
            party = parties[key] = Party(side=_side_of(label, role, name, code), name=name, uscc=code)
        elif code and not party.uscc:
            party.uscc = code
            party.side = _side_of(label, role, name, code)
        party.labels.add(label)
        for word in re.split(r"[/、，,\s]+", role):
            if word and len(word) <= 8 and not SIGNATURE_ROLE_RE.search(word):
                party.labels.add(word)
    ordered = sorted(parties.values(), key=lambda p: p.side != GOVERNMENT)
    # a side label (甲方) belongs to one side only: the party that has a USCC wins
    for label in SIDE_LABELS:
        owners = [p for p in ordered if label in p.labels]
        if len({p.side for p in owners}) > 1:
            keep = next((p for p in owners if p.uscc), owners[0])
            for p in owners:
                if p is not keep and p.side != keep.side:
                    p.labels.discard(label)
    return ordered, warnings


# ---------------------------------------------------------------- code, title, date, amount

CODE_RE = re.compile(r"(?:合同|协议|项目合同)?(?:编号|编码|号)\s*[:：]\s*(?P<code>[^\s：:，,；;。]{2,40})")


def find_code(lines: list[str]) -> str | None:
    """合同编号：CG-2024-0315 (the first one; NFKC already applied)."""
    for line in lines:
        text = collapse_spaces(line)
        # not 原协议编号 (the agreement a 补充协议 amends)
        m = re.search(r"(?<!原)(?:合同|协议)(?:书)?(?:编号|编码|号)\s*[:：]\s*(?P<code>[^\s：:，,；;。]{2,40})", text)
        if m:
            return _before_next_label(m.group("code"), line).strip("()（）")
    for line in lines:
        text = collapse_spaces(line)
        m = re.match(r"^\s*编号\s*[:：]\s*(?P<code>[^\s：:，,；;。]{2,40})", text)
        if m:
            return _before_next_label(m.group("code"), line)
    # no label: the code a running header prints after the contract's name on every page
    # (…排水防涝设施提升改造工程 施工合同 SXZJ-SG-2025-017)
    headers = Counter(m.group(1) for line in lines
                      if (m := _HEADER_CODE_RE.search(line.strip()) or _HEADER_CODE_FIRST_RE.match(line.strip())))
    code, times = headers.most_common(1)[0] if headers else (None, 0)
    return code if times >= 2 else None


# …施工合同 SXZJ-SG-2025-017; …施工合同 ‖ 专用合同条款 ‖ LZJS-SG-2026-011; …工程总承包合同（JMJY-EPC-2026-002）
_HEADER_CODE_RE = re.compile(r"(?:合同|协议|协议书|条款)(?:\s*[‖|｜]\s*|\s+|\s*[(（](?=.*[)）]$))"
                             r"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+){2,})[)）]?$")
# PYZJ-SG-2026-011 磐垣县老旧小区改造配套基础设施工程施工合同: the code printed before the name
_HEADER_CODE_FIRST_RE = re.compile(r"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+){2,})(?:\s*[‖|｜/]\s*|\s+)\S{2,60}(?:合同|协议|协议书)$")


def _before_next_label(code: str, line: str) -> str:
    """The code without the label that follows it on the same line: "合同编号：QH-2025-016 采购方式：
    竞争性磋商" collapses to "QH-2025-016采购方式"; the space before the next "label：" in the
    printed line says where the code ended."""
    for m in re.finditer(r"(?:编号|编码|号)\s*[:：]\s*(\S.*?)\s+(?:[\u4e00-\u9fff（）()]{2,12}|[\u4e00-\u9fff]{1,6}[A-Z]{1,8}[\u4e00-\u9fff（）()]{1,12})[:：]",
                         line):  # the next label may hold capitals: 财政部PPP项目管理库编号：
        shown = collapse_spaces(m.group(1))
        if shown and code.startswith(shown) and len(shown) < len(code):
            return shown
    return code


_TITLE_END_RE = re.compile(r"(?:合同|协议|协议书|合同书|契约)$")


def find_title(lines: list[str]) -> str | None:
    """The title printed at the top of page 1 (the most specific line ending in 合同/协议)."""
    head = [collapse_spaces(ln) for ln in lines[:12]]
    best: str | None = None
    for i, line in enumerate(head):
        if ":" in line or "：" in line or not _TITLE_END_RE.search(line) or len(line) > 60:
            continue
        title = line
        if i > 0 and head[i - 1] and not _TITLE_END_RE.search(head[i - 1]) and "：" not in head[i - 1]:
            prev = head[i - 1]
            overlap = next((k for k in range(min(len(prev), len(line)), 0, -1) if prev.endswith(line[:k])), 0)
            if overlap:
                title = prev + line[overlap:]
        if best is None or len(title) > len(best):
            best = title
    return best


SIGNED_RES = [
    re.compile(r"(?:签订|签署|签约|订立|签字)(?:日期|时间)\s*(?:[:：]|为|是)?\s*"),
    re.compile(r"本(?:合同|协议)(?:书)?(?:由[^，。；]{1,8}?)?(?:于|在)\s*(?=[\d〇零一二三四五六七八九]{4}\s*年)"),
    # 签于：荥岙县人民政府，2026年9月10日 (the place, then the day)
    re.compile(r"签(?:订|署)?于\s*[:：]\s*(?:[^，,。；:：\d]{1,30}[，,]\s*)?"),
]
# a signature label: 甲方（盖章）：, 法定代表人或授权代表（签字）：, 乙方：（盖章）, 授权代表签字：
_SIGN_MARK_RE = re.compile(
    r"(?:[(（][^()（）]{0,10}(?:盖章|签字|签章|公章|签名|印章)[^()（）]{0,10}[)）]|(?:盖章|签字|签章|签名))\s*(?:[:：]|\s|$)")
# a party's date in the signature block: 日期：…, 签署日期：…, also run into the name (某局日期：…)
# (not 备案日期 by the 鉴证 stamp: the day the contract was filed; nor a lawyer's 见证日期 or a notary's 出具日期 after it)
_AFTER_SIGNATURE_RE = re.compile(r"(?:签字|签章|签名)[)）]?[:：]\s*[_＿]{3,}\s*$")
_SIGN_DATE_RE = re.compile(r"(?:(?:签订|签署|签字|签约|签章|盖章)?(?<!备案)(?<!登记)(?<!鉴证)(?<!见证)(?<!公证)(?<!出具)(?<!打印)日期"
                           r"|(?:签订|签署|签字|签约)时间)\s*[:：]?\s*")
# (工程变更令 / 变更通知单, a change order bound after the signatures: its 签发日期 is the order's)
_SUPPLEMENT_HEAD_RE = re.compile(r"\s*(?:补充协议(?:[（(][一二三四五六七八九十\d]{1,2}[)）])?|(?:工程)?变更(?:令|指令|通知单?))\s*$")
_SIGN_BLOCK_GAP = 3  # texts between two signature labels of one block, and after the last one


def is_signature_label(text: str) -> bool:
    """甲方（盖章）, 法定代表人或授权代表（签字）：… — a text that asks for a seal or a signature."""
    return bool(_SIGN_MARK_RE.search(text))


def _signature_block(paragraphs: list[str]) -> range:
    """The texts of the first signature block: its signature labels and the few texts after them."""
    marks = [i for i, text in enumerate(paragraphs) if _SIGN_MARK_RE.search(text)]
    if not marks:
        return range(0)
    last = marks[0]
    for i in marks[1:]:
        if i - last > _SIGN_BLOCK_GAP:
            break
        last = i
    end = last + 1
    while end < len(paragraphs) and end <= last + _SIGN_BLOCK_GAP and not re.match(r"\s*(?:附件|附录|附表)", paragraphs[end]):
        end += 1
    return range(marks[0], end)


def _signature_dates(texts: list[str]) -> list[date]:
    """The parties' dates in signature-block texts: labelled (日期：…, 签署日期：…) or a line of dates alone."""
    found: list[date] = []
    for text in texts:
        dates = find_dates(text)
        rest = text
        for d in reversed(dates):
            rest = rest[:d.start] + rest[d.end:]
        if dates and not re.sub(r"[\s，,、/]|\d{1,2}:\d{2}(?::\d{2})?", "", rest):
            # 2024年12月14日        2024年12月16日; 2026-12-15 15:42:08 (an 电子签章's timestamp)
            found += [d.value for d in dates]
            continue
        starts = {d.start: d.value for d in dates}
        found += [starts[m.end()] for m in _SIGN_DATE_RE.finditer(text) if m.end() in starts]
        # （盖章） 代表签字：__________ 2026.09.25: the date written after the signature's blank
        found += [d.value for d in dates if _AFTER_SIGNATURE_RE.search(text[:d.start])]
    return found


def _signing_sentence(texts: list[str]) -> date | None:
    for rx in SIGNED_RES:
        for text in texts:
            text = compact(text)
            for m in rx.finditer(text):
                dates = find_dates(text[m.end():m.end() + 20])
                if dates and dates[0].start == 0:
                    return dates[0].value
    return None


def find_signed_on(paragraphs: list[str], signatures: list[str] | None = None) -> date | None:
    """签订日期：…, 本合同于…签订; else the parties' dates in the signature block or the signature
    tables (``signatures``, their cells), the later one if they signed on different days.
    Dates elsewhere (开标日期, 交货日期) are not the signing date."""
    block = _signature_block(paragraphs)
    if block:
        # 补充协议（一） appended after the contract's own signatures: its date is the supplement's
        cut = next((i for i in range(block.start, len(paragraphs)) if _SUPPLEMENT_HEAD_RE.match(paragraphs[i])),
                   len(paragraphs))
        paragraphs, block = paragraphs[:cut], range(block.start, min(block.stop, cut))
    tables = list(signatures or [])
    signed = _signing_sentence([text for i, text in enumerate(paragraphs) if i not in block] + tables)
    if signed is None:
        # 当事人 | 名称（盖章） | … | 日期 with a row per party: the date cells, however far from the seals
        dates = _signature_dates([paragraphs[i] for i in block] + tables)
        signed = max(dates) if dates else _signing_sentence([paragraphs[i] for i in block])
    return signed


# 第二条 合同价：人民币…, tried last: not 施工合同价 (another contract's), nor 合同价的5% (a share)
_BARE_PRICE = r"(?<![施工])合同价(?=[:：为])"
AMOUNT_LABELS = {
    "procurement": ("合同总价款", "合同总价", "合同总金额", "合同金额", "合同价款", "合同价格", "总价款", "成交金额",
                    "中标金额", "成交价", "中标价", "签约合同价", "预估采购金额", "预估采购总额",  # a 框架协议's
                    "合同年度服务费", "年度服务费总额", "年度服务费",  # a service contract priced by the year
                    _BARE_PRICE),
    # 签约酬金: a 监理 contract's price (建设工程监理合同示范文本); the works' 施工合同价 it names is not
    # 暂定服务费: a consulting contract priced on a provisional base (按暂定建筑安装工程费…计算)
    "bidding": ("签约合同价", "合同价款", "合同总价", "合同金额", "中标价", "中标金额", "合同价格", "签约酬金",
                _BARE_PRICE, "暂定服务费", "暂定合同价"),
    "ppp": ("项目总投资", "总投资额", "总投资", "投资总额", "计划总投资"),
    "investment": ("项目总投资", "总投资额", "总投资", "投资总额", "计划总投资", "投资规模", "累计投资"),
}


# 4,660亩×每亩人民币4,000元＝, 960户×19,500元＝: a price worked out as a quantity times a rate, its result after the ＝
_RATE_PRODUCT_RE = re.compile(r"[×xX*]\s*(?:每[\u4e00-\u9fff]{1,3})?(?:人民币)?[\d,，.]+(?:万)?元\s*[=＝]")
_WORKED_OUT_PRICE_RE = re.compile(r"[=＝][^。；]{1,30}?[，,]\s*即(?:为)?(?:人民币)?")
# 合同价款：本工程招标控制价为人民币31,860,000.00元: a ceiling or an estimate, not the price (also a table's
# 分项招标控制价 column, parsers.obligations)
ESTIMATE_RE = re.compile(r"控制价|最高限价|概算|预算|估算")
_CHANGED_TOTAL_RE = re.compile(r"(?:合同|签约合同)(?:总价款|总价|总金额|价款|金额)(?:调整|变更|修改)为")


def find_amount(paragraphs: list[str], kind: str | None) -> Decimal | None:
    """The headline value: 合同总价 / 签约合同价 (procurement, bidding), 项目总投资 (ppp, investment)."""
    order = list(AMOUNT_LABELS.get(kind or "", ()))
    for other in KINDS:
        order += [label for label in AMOUNT_LABELS[other] if label not in order]
    texts = [compact(p) for p in paragraphs]
    for text in texts:  # a supplement's new total: 变更后合同总价调整为人民币壹佰捌拾壹万陆仟元整（¥1,816,000.00）
        for m in _CHANGED_TOTAL_RE.finditer(text):
            money = find_money(text[m.end():m.end() + 64])
            if money and money[0].start <= 4:
                return money[0].value
    for label in order:
        for n, text in enumerate(texts):
            for m in re.finditer(label, text):
                window = text[m.end():m.end() + 64]  # an amount beginning within 24 characters, read whole
                if not window.strip("：:") and n + 1 < len(texts):
                    window = texts[n + 1][:64]  # a heading (一、中标价) whose paragraph states the amount
                money = find_money(window)
                if not money or money[0].start > 24:
                    continue
                first = money[0]
                between = window[: first.start]
                if between.startswith("。") and re.search(r"[条款]\s*$", text[max(0, m.start() - 12):m.start()]):
                    between = between[1:]  # a clause headed by its label: 第三条 签约合同价。人民币…
                if _WORKED_OUT_PRICE_RE.fullmatch(between):
                    return first.value  # 签约合同价＝招标控制价×（1－中标下浮率），即人民币贰仟玖佰…: the result
                if (product := _RATE_PRODUCT_RE.search(window)) is not None \
                        and (result := find_money(window[product.end():])) and result[0].start <= 6:
                    return result[0].value  # 签约合同价按面积包干计算：4,660亩×每亩人民币4,000元＝人民币壹仟…: the product
                if "%" in between or "的" in between or re.search(r"[，。；]", between) or ESTIMATE_RE.search(between):
                    continue
                return first.value
    # fall back to the amount that is also written out in 大写
    for text in texts:
        money = find_money(text)
        for a, b in itertools.pairwise(money):
            if b.upper and not a.upper and a.value == b.value:
                return a.value
    return None


KIND_WORDS: dict[str, tuple[tuple[str, int], ...]] = {
    "ppp": (("PPP", 5), ("政府和社会资本合作", 5), ("社会资本方", 3), ("特许经营", 3), ("可行性缺口补助", 2),
            ("可用性服务费", 2), ("项目公司", 1), ("运营期", 1)),
    "investment": (("招商引资", 5), ("投资协议", 5), ("投资合同", 5), ("入驻协议", 5), ("投资方", 3), ("扶持政策", 2), ("投产", 1),
                   ("落户", 1), ("奖励", 1)),
    "bidding": (("施工合同", 5), ("建设工程", 3), ("工程咨询", 3), ("招标投标法", 3), ("发包人", 3), ("承包人", 3),
                ("签约合同价", 2), ("招标", 1),
                ("中标", 1), ("竣工", 1), ("工程", 1)),
    "procurement": (("政府采购", 5), ("采购合同", 5), ("采购人", 3), ("供应商", 3), ("服务合同", 3), ("货物", 1),
                    ("采购", 1), ("验收", 1)),
}


def find_kind(title: str | None, text: str) -> str | None:
    """procurement, bidding, ppp or investment from the title (weighted) and the text."""
    scores: Counter[str] = Counter()
    title = title or ""
    for kind, words in KIND_WORDS.items():
        for word, weight in words:
            if word in title:
                scores[kind] += weight * 10
            scores[kind] += weight * min(text.count(word), 5)
    if not scores:
        return None
    return scores.most_common(1)[0][0]


def extract_fields(first_lines: list[str], all_lines: list[str], paragraphs: list[str],
                   signatures: list[str] | None = None) -> ContractFields:
    """All contract fields from page lines (``first_lines``: page 1), joined paragraphs and the
    signature tables' columns."""
    fields = ContractFields()
    fields.title = find_title(first_lines)
    head_text = compact("\n".join(all_lines[:400]))
    fields.kind = find_kind(fields.title, head_text)
    fields.code = find_code(all_lines)
    fields.parties, fields.warnings = find_parties(all_lines)
    fields.signed_on = find_signed_on(paragraphs, signatures)
    fields.amount = find_amount(paragraphs, fields.kind)
    return fields
