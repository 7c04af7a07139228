"""统一社会信用代码 (GB 32100-2015): check character and entity type.

python-stdnum's ``cn.uscc`` demands eight leading digits and so rejects valid codes of 军队 (A),
集体经济组织 (N) and 其他 (Y) registrants; this validator follows the standard itself.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# 登记管理部门代码 (1st char) and 机构类别代码 (2nd char)
DEPARTMENTS = {
    "1": "机构编制", "2": "外交", "3": "司法行政", "4": "文化", "5": "民政", "6": "旅游",
    "7": "宗教", "8": "工会", "9": "工商/市场监管", "A": "中央军委改革和编制办公室",
    "N": "农业农村", "Y": "其他",
}
ENTITY_TYPES = {
    "11": "机关", "12": "事业单位", "13": "中央编办直接管理机构编制的群众团体", "19": "其他（机构编制）",
    "51": "社会团体", "52": "民办非企业单位", "53": "基金会", "59": "其他（民政）",
    "91": "企业", "92": "个体工商户", "93": "农民专业合作社",
    "A1": "军队事业单位", "A9": "其他（军队）", "N1": "组级集体经济组织", "N2": "村级集体经济组织",
    "N3": "乡镇级集体经济组织", "N9": "其他（农业）", "Y1": "其他",
}


def check_character(first17: str) -> str:
    """The 18th character for the first 17."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> tuple[str, str] | None:
    """None when ``code`` is a valid USCC; else (Chinese, English) saying what is wrong."""
    if not isinstance(code, str) or len(code) != 18:
        return ("统一社会信用代码应为18位", "a unified social credit code has 18 characters")
    bad = [c for c in code if c not in ALPHABET]
    if bad:
        return (f"统一社会信用代码含非法字符 {''.join(bad)}",
                f"invalid character(s) {''.join(bad)} in the unified social credit code")
    if code[0] not in DEPARTMENTS:
        return (f"登记管理部门代码 {code[0]} 无效", f"unknown registration department code {code[0]}")
    if not code[8:17].isalnum():
        return ("组织机构代码部分无效", "the organisation code part is invalid")
    if check_character(code[:17]) != code[17]:
        return ("统一社会信用代码校验位错误", "the unified social credit code check character is wrong")
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def normalise(code: str) -> str:
    """Upper-case and strip spaces (codes are often typed in lower case)."""
    return (code or "").strip().replace(" ", "").upper()


def entity_type(code: str) -> str | None:
    """The entity type read from the prefix: 11 机关, 12 事业单位, 91 企业…"""
    return ENTITY_TYPES.get(code[:2])


def is_public_body(code: str) -> bool:
    """机关 (11) or 事业单位 (12): the buyers bound by the SME payment rules."""
    return code[:2] in {"11", "12"}
