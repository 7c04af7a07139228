"""Score ``extract_document`` on the held-out contracts (tests/parsers/heldout) with the corpus's score.py.

usage: python bench/score_heldout.py [-v] [--json] [--keep DIR]

The held-out PDFs are generated into a temporary directory next to their truth; scoring is
the shared corpus's score.py (../shared/corpus/score.py), the same rules as the corpus line.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import score_corpus  # noqa: E402

from tests.parsers.heldout.generate import write  # noqa: E402

SCORE_PY = ROOT.parent / "shared" / "corpus" / "score.py"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="ccm-heldout-") as tmp:
        write(Path(tmp))
        return score_corpus.main([tmp, "--score", str(SCORE_PY), *argv])


if __name__ == "__main__":
    sys.exit(main())
