"""The product speaks Chinese first, switches to English, and its catalog covers every UI message."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "monitor" / "translations" / "zh_Hans_CN" / "LC_MESSAGES"


def test_pages_are_chinese_by_default_and_english_on_request(browser, client):
    login = client.get("/login").get_data(as_text=True)
    assert "<h1>登录</h1>" in login and 'lang="zh-CN"' in login
    english = client.get("/login?lang=en", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "<h1>Sign in</h1>" in english and 'lang="en"' in english

    browser.sign_in("finance_staff")
    assert "合同台账" in browser.get("/staff/contracts/").get_data(as_text=True)
    browser.get("/lang/en")
    assert "Register a contract" in browser.get("/staff/contracts/").get_data(as_text=True)
    browser.get("/lang/zh_CN")
    assert "登记合同" in browser.get("/staff/contracts/").get_data(as_text=True)


def test_every_ui_message_has_a_chinese_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    wanted = {m.id for m in read_po(pot.open("rb")) if m.id}
    catalog = {m.id: m.string for m in read_po((CATALOG / "messages.po").open("rb")) if m.id}
    untranslated = sorted(str(i) for i in wanted if not catalog.get(i) or catalog[i] in ("", ("",)))
    assert untranslated == []
    assert len(wanted) > 300


def test_the_committed_mo_file_is_compiled_from_the_po_file():
    po = {m.id: m.string for m in read_po((CATALOG / "messages.po").open("rb")) if m.id and isinstance(m.id, str)}
    with (CATALOG / "messages.mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = [msgid for msgid, text in po.items() if mo.gettext(msgid) != text]
    assert stale == []
