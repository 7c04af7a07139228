"""`monitor parse FILE.pdf` prints the extraction JSON; a bad file gets one clear line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.documents import pdfs


def _parse(path, env) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "monitor.cli", "parse", str(path)], env=env,
                          capture_output=True, text=True, timeout=120)


def test_monitor_parse_prints_the_extraction_json(tmp_path, cli_env):
    path = tmp_path / "采购合同.pdf"
    path.write_bytes(pdfs.contract_pdf())
    r = _parse(path, cli_env)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout)
    assert set(out) >= {"contract", "obligations", "pages", "warnings", "needs_ocr"}
    assert out["pages"] == 2
    assert out["contract"]["amount"] == "1200000.00"
    assert any(o["debtor"] == "government" and o["page"] == 2 for o in out["obligations"])


@pytest.mark.parametrize("make_bad", [pdfs.garbage_pdf, pdfs.truncated_pdf, pdfs.encrypted_pdf, pdfs.bomb_pdf,
                                      pdfs.png_bytes], ids=["not-a-pdf", "truncated", "encrypted", "bomb", "png"])
def test_a_bad_file_prints_one_clear_line_and_exits_2(tmp_path, make_bad):
    from click.testing import CliRunner

    from monitor.cli import cli

    path = tmp_path / "bad.pdf"
    path.write_bytes(make_bad())
    r = CliRunner().invoke(cli, ["parse", str(path)])
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr and "/" in lines[0] and str(path) in lines[0]


def test_the_console_command_exits_2_with_one_line_for_a_bad_file_and_a_missing_one(tmp_path, cli_env):
    path = tmp_path / "加密合同.pdf"
    path.write_bytes(pdfs.encrypted_pdf())
    for target, words in ((path, "encrypted"), (tmp_path / "nowhere.pdf", "无法读取")):
        r = _parse(target, cli_env)
        assert r.returncode == 2
        assert r.stdout == ""
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
        assert words in r.stderr and " / " in r.stderr, "in Chinese and English"
