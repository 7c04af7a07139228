"""The articles the rules cite, with the versions and dates they were in force (法律依据).

Numbers and confidence follow ../shared/rules.md; ``secondary`` marks an article whose official text
was not read (confirm it before a finding is published). Conduct is judged by the text in force at
the time: the SME payment regulation of 2020 (国务院令第728号) until 2025-05-31, its 2025 revision
(国务院令第802号) from 2025-06-01.
"""

from __future__ import annotations

from datetime import date

from monitor.checker.rules.base import LegalBasis

PROCUREMENT = frozenset({"procurement"})
BIDDING = frozenset({"bidding"})

SME = "《保障中小企业款项支付条例》"
SME_2020 = "2020年，国务院令第728号"
SME_2025 = "2025年修订，国务院令第802号"
SME_2020_FROM, SME_2020_TO, SME_2025_FROM = date(2020, 9, 1), date(2025, 5, 31), date(2025, 6, 1)


def sme(article_2020: str, article_2025: str) -> tuple[LegalBasis, LegalBasis]:
    """The same duty in both versions of the SME payment regulation."""
    return (LegalBasis(SME, article_2025, SME_2025, SME_2025_FROM),
            LegalBasis(SME, article_2020, SME_2020, SME_2020_FROM, SME_2020_TO))


SME_PAYMENT_TERM = sme("第八条、第九条", "第九条、第十条")
SME_TERM_CAP = sme("第八条第一款", "第九条第一款")
SME_ACCEPTANCE = sme("第九条第二款、第二十五条第（二）项", "第十条第二款、第三十一条第（二）项")
SME_INTEREST = sme("第十五条", "第十七条")
SME_NO_EXCUSE = sme("第十三条", "第十四条")

BUSINESS_ENV_31 = LegalBasis("《优化营商环境条例》", "第三十一条", "国务院令第722号", date(2020, 1, 1))
BUSINESS_ENV_32 = LegalBasis("《优化营商环境条例》", "第三十二条", "国务院令第722号", date(2020, 1, 1))
PRIVATE_ECONOMY_70 = LegalBasis("《中华人民共和国民营经济促进法》", "第七十条", "2025年", date(2025, 5, 20))
CIVIL_CODE_509 = LegalBasis("《中华人民共和国民法典》", "第五百零九条、第五百七十七条", "2020年", date(2021, 1, 1))
CONTRACT_LAW_60 = LegalBasis("《中华人民共和国合同法》", "第六十条、第一百零七条", "1999年",
                             date(1999, 10, 1), date(2020, 12, 31))
GOV_DISHONESTY = LegalBasis("《关于完善政务诚信建设长效机制的通知》", "第二条第（一）项",
                            "发改财金〔2023〕1103号", date(2023, 8, 1), confidence="secondary")

GP_LAW_46 = LegalBasis("《中华人民共和国政府采购法》", "第四十六条", "2014年修正", date(2003, 1, 1),
                       kinds=PROCUREMENT)
GP_LAW_47 = LegalBasis("《中华人民共和国政府采购法》", "第四十七条", "2014年修正", date(2003, 1, 1),
                       kinds=PROCUREMENT)
GP_REG_33_1 = LegalBasis("《中华人民共和国政府采购法实施条例》", "第三十三条第一款", "国务院令第658号",
                         date(2015, 3, 1), kinds=PROCUREMENT)
GP_REG_33_2 = LegalBasis("《中华人民共和国政府采购法实施条例》", "第三十三条第二款", "国务院令第658号",
                         date(2015, 3, 1), kinds=PROCUREMENT)
GP_REG_48 = LegalBasis("《中华人民共和国政府采购法实施条例》", "第四十八条", "国务院令第658号",
                       date(2015, 3, 1), kinds=PROCUREMENT)
GP_REG_51 = LegalBasis("《中华人民共和国政府采购法实施条例》", "第五十一条", "国务院令第658号",
                       date(2015, 3, 1), kinds=PROCUREMENT)
GP_REG_50 = LegalBasis("《中华人民共和国政府采购法实施条例》", "第五十条", "国务院令第658号",
                       date(2015, 3, 1), kinds=PROCUREMENT)

TB_LAW_46 = LegalBasis("《中华人民共和国招标投标法》", "第四十六条", "2017年修正", date(2000, 1, 1),
                       kinds=BIDDING)
TB_REG = "《中华人民共和国招标投标法实施条例》"
TB_REG_VERSION = "国务院令第613号，2019年修订"
TB_REG_26 = LegalBasis(TB_REG, "第二十六条", TB_REG_VERSION, date(2012, 2, 1), kinds=BIDDING)
TB_REG_57 = LegalBasis(TB_REG, "第五十七条第二款", TB_REG_VERSION, date(2012, 2, 1), kinds=BIDDING)
TB_REG_58 = LegalBasis(TB_REG, "第五十八条", TB_REG_VERSION, date(2012, 2, 1), kinds=BIDDING)
TB_WORKS_CAP = LegalBasis("《工程建设项目施工招标投标办法》", "第三十七条", "七部委第30号令，2013年修订",
                          date(2013, 5, 1), kinds=BIDDING, confidence="secondary")

RETENTION = "《建设工程质量保证金管理办法》"
RETENTION_VERSION = "建质〔2017〕138号"
RETENTION_CAP = LegalBasis(RETENTION, "第七条", RETENTION_VERSION, date(2017, 7, 1))
RETENTION_DEFECTS = LegalBasis(RETENTION, "第二条第三款", RETENTION_VERSION, date(2017, 7, 1))
RETENTION_RETURN = LegalBasis(RETENTION, "第十条、第十一条", RETENTION_VERSION, date(2017, 7, 1))

PPP_2023 = "《关于规范实施政府和社会资本合作新机制的指导意见》"
PPP_2023_VERSION = "国办函〔2023〕115号"
PPP_MECHANISM_START = date(2023, 11, 3)
PPP_USER_PAYS = LegalBasis(PPP_2023, "第（一）条", PPP_2023_VERSION, PPP_MECHANISM_START)
PPP_TERM = LegalBasis(PPP_2023, "第（八）条", PPP_2023_VERSION, PPP_MECHANISM_START)
