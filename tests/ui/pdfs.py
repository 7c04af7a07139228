"""A small real contract PDF for the page tests, drawn with reportlab's built-in Chinese CID font."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def procurement_contract(*, code: str, agency: str, supplier: str, amount_words: str = "伍拾万元整",
                         amount: str = "500,000.00") -> bytes:
    """A two-page 政府采购合同 with a 30% advance and a 70% payment 10 working days after acceptance."""
    pages = [
        ["政府采购合同", f"合同编号：{code}", f"采购人（甲方）：{agency}", f"供应商（乙方）：{supplier}",
         "根据《中华人民共和国政府采购法》，甲乙双方就办公设备采购项目签订本合同。",
         "第一条 合同金额", f"合同总价为人民币{amount_words}（¥{amount}）。",
         "第二条 交货与验收", "乙方应于合同签订后20日内交货，甲方应在交货后5个工作日内组织验收。"],
        ["第三条 付款方式",
         "1. 合同签订后10日内，甲方向乙方支付合同总价的30%作为预付款。",
         "2. 货物验收合格之日起10个工作日内，甲方向乙方支付合同总价的70%。",
         "第四条 违约责任", "甲方逾期付款的，每日按应付未付款项的万分之五向乙方支付违约金。",
         "本合同一式四份，甲乙双方各执两份。", "签订日期：2025年3月3日"],
    ]
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        c.setFont(FONT, 11)
        y = height - 25 * mm
        for line in lines:
            c.drawString(20 * mm, y, line)
            y -= 8 * mm
        c.setFont(FONT, 9)
        c.drawCentredString(width / 2, 12 * mm, f"第 {number} 页")
        c.showPage()
    c.save()
    return out.getvalue()
