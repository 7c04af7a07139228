"""Numbers, money (金额), percents (百分比) and dates (日期) in Chinese contract text.

Everything returns :class:`~decimal.Decimal` or :class:`~datetime.date`; money is always
quantized to 0.01 yuan and never passes through ``float``.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import chinese_calendar
import cn2an
from lunardate import LunarDate

CENT = Decimal("0.01")

# Chinese numeral characters, lower and upper case (大写), plus the forms used in dates.
CN_DIGITS = "零〇○Ｏ一二三四五六七八九两壹贰叁肆伍陆柒捌玖貮"
CN_UNITS = "十拾百佰千仟万萬亿億"
CN_NUM_CHARS = CN_DIGITS + CN_UNITS
_CN_NORMAL = str.maketrans({"○": "〇", "Ｏ": "〇", "貮": "贰", "萬": "万", "億": "亿"})
_CN_UPPER = set("壹贰叁肆伍陆柒捌玖拾佰仟")
_DATE_DIGIT = dict(zip("〇零一二三四五六七八九", "00123456789", strict=True))


def money(value: Decimal | int | str) -> Decimal:
    """Quantize a yuan amount to 0.01 (half up)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def cn_to_decimal(text: str) -> Decimal | None:
    """Chinese numerals (一百零五, 壹佰贰拾万, 十五, 两, 二〇二四) → Decimal; None if not a number."""
    s = text.translate(_CN_NORMAL).strip()
    if not s:
        return None
    if all(ch in "〇零一二三四五六七八九" for ch in s) and len(s) > 1:
        return Decimal("".join(_DATE_DIGIT[ch] for ch in s))
    for mode in ("strict", "normal"):
        try:
            value = cn2an.cn2an(s, mode)
        except (ValueError, KeyError, TypeError, IndexError):
            continue
        return Decimal(str(value))
    return None


def to_decimal(text: str) -> Decimal | None:
    """An Arabic (1,200.50; full-width ok) or Chinese numeral → Decimal."""
    s = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()
    if not s:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        try:
            return Decimal(s)
        except InvalidOperation:
            return None
    return cn_to_decimal(s)


def to_int(text: str) -> int | None:
    """An integer written in Arabic or Chinese numerals (7, 十五, 两) → int."""
    value = to_decimal(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


# ---------------------------------------------------------------- money

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY_PREFIX = r"(?:人民币|RMB|CNY|￥|¥)"
_MONEY_ARABIC_RE = re.compile(
    rf"(?P<prefix>{_MONEY_PREFIX}\s*(?:[(（]?小写[)）]?\s*[:：]?\s*)?)?"
    rf"(?P<num>{_ARABIC})\s*(?P<unit>亿元|万元|千元|元|圆|亿|万)?"
)
_MONEY_CN_RE = re.compile(
    rf"(?P<prefix>{_MONEY_PREFIX}\s*)?(?P<num>[{CN_NUM_CHARS}]+)(?:元|圆)"
    rf"(?:(?P<jiao>[{CN_DIGITS}])角|零(?=[{CN_DIGITS}]分))?(?:(?P<fen>[{CN_DIGITS}])分)?(?P<zheng>整|正)?"
)  # 伍元零捌分: no 角, eight 分
# what a money unit multiplies by (also a table column's unit: 金额（千元）)
UNIT_SCALE = {"亿元": Decimal(100_000_000), "亿": Decimal(100_000_000), "万元": Decimal(10_000),
          "万": Decimal(10_000), "千元": Decimal(1_000), "元": Decimal(1), "圆": Decimal(1)}


@dataclass(frozen=True)
class MoneyMatch:
    """A money mention: ``value`` in yuan (two places), ``upper`` when written in 大写."""

    start: int
    end: int
    value: Decimal
    upper: bool = False


def find_money(text: str) -> list[MoneyMatch]:
    """All money mentions in ``text``: ¥1,200,000.00, 120万元, 人民币壹佰贰拾万元整.

    A bare number counts as money only with a currency prefix (人民币, ¥) or a unit (元, 万元).
    """
    found: list[MoneyMatch] = []
    for m in _MONEY_ARABIC_RE.finditer(text):
        prefix, unit = m.group("prefix"), m.group("unit")
        if not prefix and not unit:
            continue
        if unit in ("亿", "万") and not prefix:
            continue  # "5万平方米", "30万吨": not money without 元 or 人民币
        start = m.start("num") if not prefix else m.start()
        if m.start("num") > 0 and text[m.start("num") - 1] in "0123456789.":
            continue
        # a date or a percent is not money: 2024年, 30%
        tail = text[m.end("num"):m.end("num") + 1]
        if not unit and tail in ("年", "月", "日", "%", "个", "天", "‰"):
            continue
        num = Decimal(m.group("num").replace(",", ""))
        value = num * UNIT_SCALE.get(unit or "元", Decimal(1))
        found.append(MoneyMatch(start, m.end(), money(value)))
    for m in _MONEY_CN_RE.finditer(text):
        digits = m.group("num")
        if not any(ch in CN_NUM_CHARS for ch in digits):
            continue
        base = cn_to_decimal(digits)
        if base is None:
            continue
        value = base
        if m.group("jiao"):
            value += (cn_to_decimal(m.group("jiao")) or 0) / Decimal(10)
        if m.group("fen"):
            value += (cn_to_decimal(m.group("fen")) or 0) / Decimal(100)
        upper = any(ch in _CN_UPPER for ch in digits)
        found.append(MoneyMatch(m.start(), m.end(), money(value), upper))
    found.sort(key=lambda x: x.start)
    return found


def parse_money(text: str) -> Decimal | None:
    """The first money amount in ``text`` (人民币壹佰贰拾万元整 → 1200000.00), else None."""
    found = find_money(text)
    return found[0].value if found else None


# ---------------------------------------------------------------- percents


@dataclass(frozen=True)
class PercentMatch:
    """A percent mention; ``value`` is in percent (万分之五 → 0.05)."""

    start: int
    end: int
    value: Decimal
    per: str = "%"


_PERCENT_RE = re.compile(
    rf"(?P<num>\d+(?:\.\d+)?)\s*(?P<sign>%|‰)"
    rf"|(?P<word>百分之|千分之|万分之)(?P<cn>[{CN_NUM_CHARS}点\d.]+)"
)


_FRACTION_RE = re.compile(r"(?<![百千万\d])(?P<whole>十[一二三四五六七八九]?|二十|[二三四五六七八九]|\d{1,2})分之(?P<part>十|[一二三四五六七八九]|\d{1,2})")


def find_percents(text: str) -> list[PercentMatch]:
    """All percents: 30%, 百分之三十, 0.5‰, 万分之五, 四分之一 (values in percent)."""
    found: list[PercentMatch] = []
    for m in _PERCENT_RE.finditer(text):
        if m.group("num"):
            value = Decimal(m.group("num"))
            per = m.group("sign")
        else:
            raw = m.group("cn")
            value = to_decimal(raw.replace("点", ".")) if re.fullmatch(r"[\d.]+", raw) else cn_to_decimal(raw)
            if value is None:
                continue
            per = {"百分之": "%", "千分之": "‰", "万分之": "‱"}[m.group("word")]
        scale = {"%": Decimal(1), "‰": Decimal("0.1"), "‱": Decimal("0.01")}[per]
        found.append(PercentMatch(m.start(), m.end(), value * scale, per))
    for m in _FRACTION_RE.finditer(text):  # 四分之一 → 25, 三分之一 → 33.33…: a share as a fraction
        whole, part = to_int(m.group("whole")), to_int(m.group("part"))
        if whole and part and part < whole and not any(f.start <= m.start() < f.end for f in found):
            found.append(PercentMatch(m.start(), m.end(), Decimal(part) * 100 / Decimal(whole), "%"))
    found.sort(key=lambda f: f.start)
    return found


def parse_percent(text: str) -> Decimal | None:
    """The first percent in ``text`` as a Decimal percent (百分之三十 → 30), else None."""
    found = find_percents(text)
    return found[0].value if found else None


def percent_str(value: Decimal | None) -> str | None:
    """A percent as the extraction JSON writes it: ``Decimal('30.00')`` → ``"30"``."""
    if value is None:
        return None
    # (三分之一 is 33.3333: a fraction's share, exact where it is worked with, is written to four places)
    return format(value.quantize(Decimal("0.0001")).normalize(), "f")


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class DateMatch:
    """A calendar date mention."""

    start: int
    end: int
    value: date


_CN_DATE_DIGITS = "〇零○Ｏ一二三四五六七八九"
_WEEKDAYS = "一二三四五六日天"  # 星期一 … 星期日 / 星期天
# 最后一个工作日, 第10个工作日, 倒数第二个星期二, 第一个完整自然周的星期三: a day by its place in a month
NTH_IN_MONTH = (r"最后一个工作日|首个工作日|(?:倒数)?第\s*[一二三四五六七八九十\d]{1,3}\s*个工作日"
                rf"|(?:(?:倒数)?第\s*[一二三四五1-5]|最后一)\s*个\s*(?:星期|周|礼拜)[{_WEEKDAYS}]"
                rf"|第\s*[一二三四1-4]\s*个\s*完整的?(?:自然)?(?:周|星期)的?(?:星期|周|礼拜)[{_WEEKDAYS}]"
                r"|(?:倒数)?第\s*[一二三四五六七八九十\d]{1,3}\s*[日天]")  # (5月的倒数第八日: the 24th; 1月的第十五日)
_STEMS, _BRANCHES = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"
_LUNAR_MONTH = r"正|冬|腊|十[一二]|[一二三四五六七八九十]"
_LUNAR_DAY = r"初[一二三四五六七八九十]|[一二]?十[一二三四五六七八九]|廿[一二三四五六七八九]|[二三]十"
# the festivals a deadline may be set before (2028年春节前 → 25 January 2028, 2026年教师节前 → 9 September): the
# lunar ones by their lunar month and day, the others by their solar day, keyed by the name without quotes or 节
_LUNAR_FESTIVALS = {"春": (1, 1), "元宵": (1, 15), "龙抬头": (2, 2), "二月初二": (2, 2), "二月二": (2, 2), "端午": (5, 5),
                    "七夕": (7, 7), "中秋": (8, 15), "重阳": (9, 9)}
_SOLAR_FESTIVALS = {"国庆": (10, 1), "五一": (5, 1), "劳动": (5, 1), "七一": (7, 1), "建党": (7, 1), "六一": (6, 1),
                    "儿童": (6, 1), "教师": (9, 10), "八一": (8, 1), "建军": (8, 1), "三八": (3, 8), "妇女": (3, 8),
                    "五四": (5, 4), "青年": (5, 4), "植树": (3, 12)}
# the 24 solar terms (节气), whose days ``chinesecalendar`` computes: 2026年冬至前 → 21 December 2026
SOLAR_TERMS = ("小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至", "小暑", "大暑",
               "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至")
# a festival's name as a deadline gives it: 春节, 端午, 国庆节, “五一”国际劳动节, “七一”建党节, “六一”儿童节, 教师节, 冬至,
# 清明节, 农历二月初二（龙抬头）
FESTIVAL = (r"(?:春节|元宵节?|端午节?|七夕节?|中秋节?|重阳节?|国庆节?|[“\"]?[五七六八]一[”\"]?(?:国际)?(?:劳动节|建党节|儿童节|建军节)?"
            r"|[“\"]?(?:三八|五四)[”\"]?(?:国际)?(?:妇女节|青年节)?|(?:国际)?(?:劳动|儿童|妇女)节|(?:教师|建军|青年|植树|建党)节"
            r"|(?:农历)?二月初?二(?:[（(]?龙抬头[)）]?)?|龙抬头|除夕|(?:中国)?农民丰收节"
            r"|(?:" + "|".join(SOLAR_TERMS) + r")(?:节气|节)?)")


def festival_eve(year: int, name: str) -> date | None:
    """The day before a festival or solar term of ``year`` (2026, 教师节 → 2026-09-09; 2028, 春节 → 2028-01-25; 2026, 冬至
    → 2026-12-21), or None for a name that is not one."""
    key = re.sub(r"[“”\"（()）]|国际|农历|节气$|节$", "", name)
    key = "龙抬头" if "龙抬头" in key else "秋分" if key.endswith("农民丰收") else key  # 丰收节 is on 秋分
    if key == "除夕":  # the last day of the lunar year: the day before 春节
        return LunarDate(year, 1, 1).to_solar_date() - timedelta(days=2)
    if (lunar := _LUNAR_FESTIVALS.get(key)) is not None:
        return LunarDate(year, *lunar).to_solar_date() - timedelta(days=1)
    if key in SOLAR_TERMS:
        terms = chinese_calendar.get_solar_terms(date(year, 1, 1), date(year, 12, 31))
        return next((day - timedelta(days=1) for day, term in terms if term == key), None)
    solar = _SOLAR_FESTIVALS.get(key[:2]) or _SOLAR_FESTIVALS.get(key[-2:])
    return date(year, *solar) - timedelta(days=1) if solar else None


_DATE_RES = [
    # 农历丙午年腊月二十（含当日）前, 丙午年腊八节前 (the day before 腊八), 2027年春节前的农历丙午年腊八节（腊月初八）前: a day of
    # the lunar year named by its stem-and-branch (丙午 = the lunar year that starts in 2026)
    re.compile(rf"(?:\d{{4}}\s*年\s*春节(?:前|之前)\s*[，,]?\s*(?:即|的)?\s*)?(?:农历)?(?P<gz>[{_STEMS}][{_BRANCHES}])年\s*的?\s*"
               rf"(?:(?P<d>腊八)节?(?:\s*[（(](?:农历)?(?:腊月|十二月)初八[)）])?(?=\s*(?:前|之前))"
               rf"|(?P<lm>{_LUNAR_MONTH})月\s*(?P<ld>{_LUNAR_DAY})(?:\s*[（(]含当日[)）])?)"),
    # 2027年春耕前（3月15日前）: a day named by a season or an event of the year, defined in brackets by its date
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*[\u4e00-\u9fff“”\"]{1,8}?(?:之前|以前|前)\s*[（(]\s*(?P<m>\d{1,2})\s*月"
               r"\s*(?P<d>\d{1,2})\s*[日号]\s*(?:之前|以前|前)?\s*[)）]"),
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2}|元)\s*月\s*(?P<d>\d{1,2})\s*[日号]"),  # 2027年元月15日
    # 贰零贰陆年零壹拾月零叁拾日: a day written in capitals as on a cheque (票据出票日期), 零 before a month of 1, 2 or 10
    # and a day of 1 to 9, 10, 20 or 30
    re.compile(r"(?P<y>[零壹贰叁肆伍陆柒捌玖]{4})\s*年\s*(?P<m>零?(?:壹拾[壹贰]?|拾[壹贰]?|[壹贰叁肆伍陆柒捌玖]))\s*月"
               r"\s*(?P<d>零?(?:[壹贰叁]?拾[壹贰叁肆伍陆柒捌玖]?|[壹贰叁肆伍陆柒捌玖]))\s*日"),
    re.compile(
        rf"(?P<y>[{_CN_DATE_DIGITS}]{{4}})\s*年\s*(?P<m>[一二三四五六七八九十]{{1,3}})\s*月"
        rf"\s*(?P<d>[一二三四五六七八九十]{{1,3}})\s*[日号]"
    ),
    re.compile(r"(?<![\d.])(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?![\d.])"),
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?:(?:份)?\s*的\s*)?(?P<d>底|末|末日|最后一日|最后一天)"),
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*(?P<d>底|末|年底|年末)(?!\s*\d)"),
    # the end of a quarter or half-year, as a deadline: 2025年第三季度末前, 2026年一季度内, 2027年上半年内,
    # 2028年第一个季度结束前, 2029年度第四季度内
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*度?\s*(?:第\s*)?(?P<q>[一二三四1-4])\s*(?:个\s*)?季度?\s*(?=末|底|内|结束前)"),
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*度?\s*(?P<h>上|下)半年度?\s*(?=末|底|内|结束前)"),
    # 2027年元旦前: by the last day of the year before; 2028年春节前 (元宵节前, 端午节前, 中秋节前, 重阳节前): by the day
    # before the lunar festival; 2026年国庆节前: by 30 September; 2027年“五一”劳动节前: by 30 April; “七一”前: 30 June;
    # 2026年教师节前: 9 September; 2027年“六一”儿童节前: 31 May
    # 2027年除夕前第十日: so many days before the festival itself
    re.compile(rf"(?P<y>(?<!\d)\d{{4}}|[{_CN_DATE_DIGITS}]{{4}})\s*年\s*(?P<d>" + FESTIVAL
               + r")\s*(?:之)?前(?:的)?第?(?P<before>[\d一二两三四五六七八九十]{1,3})(?:日|天)"),
    # (2027年清明节的前一日: the same day)
    # (二零二六年冬至前: the year in Chinese numerals)
    re.compile(rf"(?P<y>(?<!\d)\d{{4}}|[{_CN_DATE_DIGITS}]{{4}})\s*年\s*(?P<d>元旦|" + FESTIVAL + r")(?=\s*(?:前|之前|的前一[日天]))"),
    # 2026年12月下旬: by the 10th, 20th or last day of the month
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?:份)?\s*(?P<d>上旬|中旬|下旬)"),
    # 二〇二六年六月上旬, 2027年三月底前: a month in Chinese numerals, the year either way
    re.compile(rf"(?P<y>[{_CN_DATE_DIGITS}]{{4}}|(?<!\d)\d{{4}})\s*年\s*(?P<m>[一二三四五六七八九十]{{1,3}})\s*月"
               r"\s*(?P<d>上旬|中旬|下旬|底|末|末日|最后一日|最后一天)"),
    # 27年6月底前, 27年9月30日前: a year of this century written with two digits
    re.compile(r"(?<![\d年.第满至])(?P<yy>[2-9]\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2}\s*(?=[日号])|底|末)"),
    # 2025年12月的最后一个工作日, 2026年10月的第10个工作日, 2026年11月的倒数第三个工作日, 2026年8月的第三个星期五,
    # 2026年9月的最后一个星期三: a day a month names by its place among the month's working days or weekdays
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?:份)?\s*的?\s*(?P<d>" + NTH_IN_MONTH + ")"),
    # 2026年第三季度的最后一个工作日, 2027年第二季度的最后一日: the quarter's last (working) day
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*度?\s*(?:第\s*)?(?P<qm>[一二三四1-4])\s*(?:个\s*)?季度\s*的?\s*"
               r"(?P<d>最后一个工作日|最后一[日天])"),
]
_DEKADS = {"上旬": "10", "中旬": "20", "下旬": ""}  # the day a part of a month ends on ("" for the month's last)
_QUARTER_NO = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def dekad_end(year: int, month: int, dekad: str) -> date:
    """The day a part of a month (上旬 / 中旬 / 下旬) ends on: the 10th, the 20th or the month's last."""
    return date(year, month, int(_DEKADS[dekad]) if _DEKADS[dekad] else calendar.monthrange(year, month)[1])


def period_end(year: int, *, quarter: str | None = None, half: str | None = None) -> date:
    """The last day of a quarter (一…四 or 1…4) or half-year (上 / 下) of ``year``."""
    month = 3 * _QUARTER_NO[quarter] if quarter else 6 if half == "上" else 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    value = cn_to_decimal(text)
    return int(value) if value is not None else None


def find_dates(text: str) -> list[DateMatch]:
    """All dates: 2024年6月30日, 二〇二四年三月十五日, 2024-06-30, 2024年6月底 (→ 06-30), 二〇二六年六月底, 2027年元旦前
    (→ 2026-12-31), 2026年国庆节前 (→ 2026-09-30),
    2027年“五一”劳动节前 (→ 2027-04-30), 2028年春节前 (→ 2028-01-25, the day before the lunar new year),
    2027年元月15日, 27年6月底 (→ 2027-06-30)."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for rx in _DATE_RES:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            groups = m.groupdict()
            if groups.get("gz"):
                if (value := _lunar_day(groups["gz"], groups.get("lm"), groups.get("ld"))) is not None:
                    found.append(DateMatch(m.start(), m.end(), value))
                    taken.append((m.start(), m.end()))
                continue
            year = 2000 + int(groups["yy"]) if groups.get("yy") else _year(groups["y"])
            try:
                if year is not None and groups.get("qm"):  # the quarter's last month names the day
                    groups["m"] = str(3 * _QUARTER_NO[groups["qm"]])
                if year is not None and (groups.get("q") or groups.get("h")):
                    found.append(DateMatch(m.start(), m.end(), period_end(year, quarter=groups.get("q"),
                                                                          half=groups.get("h"))))
                    taken.append((m.start(), m.end()))
                    continue
                month = (1 if groups["m"] == "元" else to_int(groups["m"].lstrip("零"))) if groups.get("m") else 12
                day_text = groups["d"].lstrip("零") if groups["d"] and groups["d"][0] == "零" and len(groups["d"]) > 1 else groups["d"]
                if year is None or month is None:
                    continue
                if day_text == "元旦":
                    year -= 1
                if day_text != "元旦" and (eve := festival_eve(year, day_text)) is not None:
                    if groups.get("before"):  # the festival is the day after its eve
                        eve += timedelta(days=1 - (to_int(groups["before"]) or 0))
                    found.append(DateMatch(m.start(), m.end(), eve))
                    taken.append((m.start(), m.end()))
                    continue
                if day_text in _DEKADS:
                    day_text = _DEKADS[day_text] or "底"
                if re.fullmatch(NTH_IN_MONTH, day_text):
                    found_day = day_in_month(year, month, day_text)
                    if found_day is None:
                        continue
                    day = found_day.day
                elif day_text in ("底", "末", "末日", "最后一日", "最后一天", "年底", "年末", "元旦"):
                    day = calendar.monthrange(year, month)[1]
                else:
                    day = to_int(day_text.strip())
                    if day is None:
                        continue
                value = date(year, month, day)
            except ValueError:
                continue
            if not 1900 <= value.year <= 2200:
                continue
            found.append(DateMatch(m.start(), m.end(), value))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda x: x.start)
    return found


def _lunar_day(stem_branch: str, month: str | None, day: str | None) -> date | None:
    """The solar date of a day of the lunar year named by its stem-and-branch (丙午 → 2026, within 1984–2043), given by
    its lunar month and day (腊月, 二十), or the day before 腊八 when no month is given; None for a day the year lacks
    or a pair no year has (甲丑)."""
    cycle = next((n for n in range(60) if _STEMS[n % 10] + _BRANCHES[n % 12] == stem_branch), None)
    if cycle is None:
        return None
    year = 1984 + cycle
    if month is None:
        return LunarDate(year, 12, 8).to_solar_date() - timedelta(days=1)
    lunar_month = {"正": 1, "冬": 11, "腊": 12}.get(month) or to_int(month)
    lunar_day = to_int(day.removeprefix("初").replace("廿", "二十")) if day else None
    try:
        return LunarDate(year, lunar_month, lunar_day).to_solar_date() if lunar_month and lunar_day else None
    except ValueError:
        return None


_CALENDAR_YEARS = frozenset(d.year for d in chinese_calendar.holidays)  # the years the pinned release has


def last_working_day(year: int, month: int) -> date:
    """The month's last working day (最后一个工作日): by the official calendar (``chinesecalendar``)
    where it has the year, else the last day that is not a Saturday or Sunday."""
    day = date(year, month, calendar.monthrange(year, month)[1])
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def is_working_day(day: date) -> bool:
    """A working day (工作日) by the official calendar where it has the year, else not a Saturday or Sunday."""
    return chinese_calendar.is_workday(day) if day.year in _CALENDAR_YEARS else day.weekday() < 5


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, kept within the month it lands in (1月31日 + 1 → 2月28日, as 民法典 art. 202 counts)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def next_working_day(day: date) -> date:
    """The first working day after ``day`` (届满后的首个工作日)."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """The last working day before ``day`` (4月15日之前的最后一个工作日 → 14 April 2027)."""
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (计量日（2026年9月30日）后5个工作日内 ends on 13 October 2026,
    across 国庆 and its 调休 Saturday): by the official calendar where it has the year, else counting
    the days that are not a Saturday or Sunday."""
    for _ in range(n):
        day = next_working_day(day)
    return day


def nth_working_day(year: int, month: int, n: int) -> date | None:
    """The month's ``n``-th working day (每月的前十个工作日内 ends on the 10th): by the official
    calendar where it has the year, else counting the days that are not a Saturday or Sunday; None
    when the month has fewer."""
    day, seen = date(year, month, 1), 0
    while day.month == month:
        if is_working_day(day):
            seen += 1
            if seen == n:
                return day
        day += timedelta(days=1)
    return None


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    """The month's ``n``-th given weekday (0 = Monday; 2026年8月的第三个星期五 → 2026-08-21), the last for ``n`` = -1;
    None when the month has fewer."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if date(year, month, d).weekday() == weekday]
    return date(year, month, days[n]) if -len(days) <= n < len(days) else None


def weekday_no(name: str) -> int:
    """0 for 一 (Monday) … 6 for 日 or 天 (Sunday)."""
    return min(_WEEKDAYS.index(name), 6)


def day_in_month(year: int, month: int, spec: str) -> date | None:
    """The day ``spec`` names by its place in the month (最后一个工作日, 首个工作日, 第10个工作日, 倒数第三个工作日, 第三个星期五,
    最后一个星期三, 倒数第二个星期二, 第一个完整自然周的星期三), or None when the month has no such day."""
    spec = re.sub(r"\s", "", spec).replace("首个", "第一个")
    if spec == "最后一个工作日":
        return last_working_day(year, month)
    if spec.endswith(("日", "天")) and "个" not in spec:  # 第十五日, 倒数第八日 (counted from the month's end)
        n = to_int(re.sub(r"^(?:倒数)?第|[日天]$", "", spec)) or 0
        last = calendar.monthrange(year, month)[1]
        if not 0 < n <= last:
            return None
        return date(year, month, last - n + 1 if spec.startswith("倒数") else n)
    n = to_int(re.sub(r"^(?:倒数)?第|个.*$", "", spec)) if spec.startswith(("第", "倒数")) else -1
    if n is None or n == 0:
        return None
    if spec.endswith("工作日"):
        if not spec.startswith("倒数"):
            return nth_working_day(year, month, n)
        working = [day for d in range(1, calendar.monthrange(year, month)[1] + 1)
                   if is_working_day(day := date(year, month, d))]
        return working[-n] if n <= len(working) else None
    if "完整" in spec:  # 第一个完整自然周的星期三: a week (Monday to Sunday) wholly in the month, from its N-th Monday
        monday = nth_weekday(year, month, 0, n - 1)
        if monday is None or (monday + timedelta(days=6)).month != month:
            return None
        return monday + timedelta(days=weekday_no(spec[-1]))
    # (倒数第二个星期二: the second counted from the month's end)
    return nth_weekday(year, month, weekday_no(spec[-1]), -n if spec.startswith("倒数") else n - 1 if n > 0 else n)


def parse_date(text: str) -> date | None:
    """The first date in ``text`` (二〇二四年三月十五日 → 2024-03-15), else None."""
    found = find_dates(text)
    return found[0].value if found else None


# the tokens of a formula: a number (1,150.00, 80%, 4,000平方米, 12个月, 365万立方米), an operator or bracket, or a name
_FORMULA_UNITS = r"(?:万|亿)?(?:平方米|立方米|公里|个月|元|吨|亩|米|台|套|人|户|年|日|天|次|方)?"
_FORMULA_TOKEN_RE = re.compile(rf"(?P<num>\d[\d,]*(?:\.\d+)?)(?P<pct>%)?(?P<unit>{_FORMULA_UNITS})"
                               r"|(?P<op>[＋+－\-×xX*÷/（()）])|(?P<name>[\u4e00-\u9fff][\u4e00-\u9fffA-WYZa-wyz\d]*)")
_OPS = {"＋": "+", "+": "+", "－": "-", "-": "-", "×": "*", "x": "*", "X": "*", "*": "*", "÷": "/", "/": "/",
        "（": "(", "(": "(", "）": ")", ")": ")"}


def evaluate(formula: str, value: Callable[[str], Decimal | None]) -> Decimal | None:
    """What a formula of numbers, percents and names works out to (节点产值×80%－本节点扣回预付款, 4,000平方米×12元×12个月×
    补贴比例), each name's value given by ``value``; None when a name has none, a token is not understood or the formula
    does not parse. 万 after a number scales it (365万立方米 → 3,650,000); other units are dropped."""
    tokens: list[tuple[str, Decimal | str]] = []
    pos, text = 0, re.sub(r"\s", "", formula)
    while pos < len(text):
        m = _FORMULA_TOKEN_RE.match(text, pos)
        if m is None:
            return None
        pos = m.end()
        if m.group("num"):
            number = Decimal(m.group("num").replace(",", ""))
            number = number / 100 if m.group("pct") else number
            unit = m.group("unit") or ""
            tokens.append(("n", number * (10_000 if unit.startswith("万") else 100_000_000 if unit.startswith("亿") else 1)))
        elif m.group("op"):
            tokens.append(("o", _OPS[m.group("op")]))
        else:
            named = value(m.group("name"))
            if named is None:
                return None
            tokens.append(("n", named))
    at = 0

    def peek() -> str | None:
        return tokens[at][1] if at < len(tokens) and tokens[at][0] == "o" else None  # type: ignore[return-value]

    def atom() -> Decimal | None:
        nonlocal at
        if at >= len(tokens):
            return None
        kind, tok = tokens[at]
        at += 1
        if kind == "n":
            return tok  # type: ignore[return-value]
        if tok == "(":
            inner = sums()
            if peek() != ")":
                return None
            at += 1
            return inner
        if tok == "-" and (negated := atom()) is not None:
            return -negated
        return None

    def product() -> Decimal | None:
        nonlocal at
        left = atom()
        while left is not None and peek() in ("*", "/"):
            op = peek()
            at += 1
            right = atom()
            if right is None or (op == "/" and right == 0):
                return None
            left = left * right if op == "*" else left / right
        return left

    def sums() -> Decimal | None:
        nonlocal at
        left = product()
        while left is not None and peek() in ("+", "-"):
            op = peek()
            at += 1
            right = product()
            if right is None:
                return None
            left = left + right if op == "+" else left - right
        return left

    result = sums() if tokens else None
    return result if at == len(tokens) else None
