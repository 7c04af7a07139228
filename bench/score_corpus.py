"""Run ``extract_document`` over the corpus and score it with the corpus's score.py.

usage: python bench/score_corpus.py [CORPUS_DIR] [-v] [--keep DIR] [--score SCORE_PY]

CORPUS_DIR defaults to ../shared/corpus relative to the repository root. SCORE_PY defaults to
CORPUS_DIR/score.py (bench/score_heldout.py points it at the shared corpus's). Extra flags
after the directory (-v, --json) are passed to score.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from parsers import PdfError, extract_document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--keep", help="write the predictions to this directory instead of a temp dir")
    parser.add_argument("--score", help="the score.py to run (default: CORPUS_DIR/score.py)")
    args, score_args = parser.parse_known_args(argv)
    corpus = Path(args.corpus)
    pdfs = sorted(corpus.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ccm-pred-") as tmp:
        out = Path(args.keep) if args.keep else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        pages = 0
        for pdf in pdfs:
            try:
                result = extract_document(pdf.read_bytes())
            except PdfError as exc:
                print(f"{pdf.name}: {exc}", file=sys.stderr)
                continue
            pages += result["pages"]
            (out / f"{pdf.stem}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        elapsed = time.perf_counter() - started
        print(f"extracted {len(pdfs)} documents, {pages} pages in {elapsed:.1f}s")
        proc = subprocess.run([sys.executable, args.score or str(corpus / "score.py"), str(corpus), str(out), *score_args], check=False)
        return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
