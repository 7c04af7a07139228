"""Parse speed and peak memory: the whole ``extract_document`` against pdfplumber's bare
``extract_text`` on the same files, in the same run.

usage: python bench/parse.py [--pages 100 500] [--table-every 10] [--runs 1] [--keep DIR]

Builds long contracts with reportlab (CID font STSong-Light; dense clause pages, a ruled
payment table every ``--table-every`` pages, a running header and footer), then times each
method in a fresh child process pinned to one CPU and reads the child's peak RSS
(ru_maxrss). The ratio is whole-parse pages/s over bare-extract_text pages/s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLAUSES = [
    "{n}.1 预付款：合同签订后{d}个工作日内，发包人向承包人支付签约合同价的{p}%作为预付款，计人民币{m:,}.00元。",
    "{n}.2 承包人应按照经监理人批准的施工进度计划组织施工，并对施工现场的安全、质量和文明施工负责，"
    "因承包人原因造成工期延误的，承包人应按每天合同价款的万分之三的标准支付逾期竣工违约金。",
    "{n}.3 进度款：主要工程量完成且经监理人审核后，发包人于2026年{mo}月{day}日前向承包人支付签约合同价的{p}%。",
    "{n}.4 缺陷责任期满后{d}日内，发包人将质量保证金人民币{m:,}.00元无息返还承包人；双方另有约定的除外。",
    "{n}.5 组成合同的各项文件应互相解释，互为说明。除专用合同条款另有约定外，解释合同文件的优先顺序依次为"
    "合同协议书、中标通知书、投标函及其附录、专用合同条款及其附件、通用合同条款、技术标准和要求、图纸。",
    "{n}.6 承包人应在材料和工程设备到货前二十四小时通知监理人检验，未经检验或检验不合格的材料和设备不得用于本工程。",
    "{n}.7 发包人应按照法律规定办理建设工程施工所需的审批、核准或备案手续，并将相关文件的复印件提供给承包人。",
]


def build(path: Path, pages: int, table_every: int) -> None:
    """A long works contract: clause pages, a ruled payment table every ``table_every`` pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    left, usable = 20 * mm, width - 40 * mm
    c = canvas.Canvas(str(path), pagesize=A4)
    n = 0
    for page in range(1, pages + 1):
        c.setFont(font, 9)
        c.drawString(left, height - 12 * mm, "滨河县城区道路提升改造工程施工合同")
        c.drawCentredString(width / 2, 10 * mm, f"第{page}页 共{pages}页")
        y = height - 22 * mm
        c.setFont(font, 10.5)
        if table_every and page % table_every == 0:
            c.drawString(left, y, f"{n}.8 发包人按下表向承包人支付第{page // table_every}期工程款：")
            y -= 8 * mm
            cols = [18 * mm, 40 * mm, 42 * mm, 40 * mm, 30 * mm]
            rows = [["序号", "付款节点", "支付时间", "金额（元）", "备注"]] + [
                [str(r), f"第{r}期进度款", f"2027年{r % 12 + 1}月{r % 27 + 1}日前", f"{(r + page) * 10_000:,}.00", "按月"]
                for r in range(1, 21)]
            c.setFont(font, 9)
            row_h = 8 * mm
            top = y
            for r, row in enumerate(rows):
                x = left
                for k, cell in enumerate(row):
                    c.drawString(x + 1.5 * mm, top - (r + 1) * row_h + 2.5 * mm, cell)
                    x += cols[k]
            for r in range(len(rows) + 1):
                c.line(left, top - r * row_h, left + sum(cols), top - r * row_h)
            x = left
            for k in range(len(cols) + 1):
                c.line(x, top, x, top - len(rows) * row_h)
                x += cols[k] if k < len(cols) else 0
            c.showPage()
            continue
        while y > 25 * mm:
            n += 1
            template = CLAUSES[n % len(CLAUSES)]
            text = template.format(n=n, d=5 + n % 25, p=5 + n % 20, m=10_000 * (n % 97 + 1), mo=n % 12 + 1, day=n % 27 + 1)
            line = ""
            for ch in text:
                if pdfmetrics.stringWidth(line + ch, font, 10.5) > usable:
                    c.drawString(left, y, line)
                    y -= 6 * mm
                    line = ch
                else:
                    line += ch
            if line:
                c.drawString(left, y, line)
                y -= 6 * mm
        c.showPage()
    c.save()


def child(mode: str, path: str) -> None:
    """Run one method on one file in this (fresh) process and print JSON figures."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    started = time.perf_counter()
    if mode == "bare":
        import pdfplumber

        pages = 0
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
        found = None
    else:
        from parsers import extract_path

        result = extract_path(path)
        pages = result["pages"]
        found = len(result["obligations"])
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"mode": mode, "pages": pages, "seconds": seconds, "peak_mb": peak_kb / 1024,
                      "obligations": found}))


def measure(mode: str, path: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--table-every", type=int, default=10)
    parser.add_argument("--runs", type=int, default=1, help="best of N runs per method")
    parser.add_argument("--keep", help="build the PDFs in this directory and keep them")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="ccm-bench-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"one CPU per child; a ruled table every {args.table_every} pages; best of {args.runs}")
        print(f"{'pages':>6} {'method':<28} {'seconds':>8} {'pages/s':>8} {'peak MB':>8}")
        for pages in args.pages:
            path = folder / f"contract_{pages}.pdf"
            build(path, pages, args.table_every)
            figures = {}
            for mode, label in (("bare", "pdfplumber extract_text"), ("whole", "extract_document (all)")):
                best = min((measure(mode, path) for _ in range(args.runs)), key=lambda r: r["seconds"])
                figures[mode] = best
                rate = best["pages"] / best["seconds"]
                print(f"{pages:>6} {label:<28} {best['seconds']:>8.2f} {rate:>8.1f} {best['peak_mb']:>8.1f}")
            ratio = figures["bare"]["seconds"] / figures["whole"]["seconds"]
            print(f"{pages:>6} ratio whole/bare pages per second: {ratio:.1f}x"
                  f"  ({figures['whole']['obligations']} candidate obligations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
