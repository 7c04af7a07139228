"""Write the held-out contracts (留出集) as NAME.pdf + NAME.json (corpus truth format) into a directory.

usage: python -m tests.parsers.heldout.generate OUTDIR
       python -m tests.parsers.heldout.generate --truth   (rewrite the committed truth/*.json)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .build import render
from .contracts import DOCS
from .contracts_batch4 import BATCH4
from .contracts_batch5 import BATCH5
from .contracts_batch6 import BATCH6
from .contracts_batch7 import BATCH7
from .contracts_batch8 import BATCH8
from .contracts_batch9 import BATCH9
from .contracts_batch10 import BATCH10
from .contracts_batch11 import BATCH11
from .contracts_batch12 import BATCH12
from .contracts_batch13 import BATCH13
from .contracts_batch14 import BATCH14
from .contracts_batch15 import BATCH15
from .contracts_batch16 import BATCH16
from .contracts_batch17 import BATCH17
from .contracts_batch18 import BATCH18
from .contracts_batch19 import BATCH19
from .contracts_batch20 import BATCH20
from .contracts_batch21 import BATCH21
from .contracts_batch22 import BATCH22
from .contracts_batch23 import BATCH23
from .contracts_batch24 import BATCH24
from .contracts_batch25 import BATCH25
from .contracts_fresh import FRESH
from .contracts_unseen import UNSEEN

# the first 14 were measured before the parser was read; FRESH came after the fixes; UNSEEN (H19–H30)
# was written without reading the parser and is not tuned against; BATCH4 (H31–H42), BATCH5
# (H43–H54), BATCH6 (H55–H66), BATCH7 (H67–H78), BATCH8 (H79–H90), BATCH9 (H91–H102), BATCH10
# (H103–H114), BATCH11 (H115–H126), BATCH12 (H127–H138), BATCH13 (H139–H150), BATCH14 (H151–H162),
# BATCH15 (H163–H174), BATCH16 (H175–H186), BATCH17 (H187–H198), BATCH18 (H199–H210), BATCH19 (H211–H222),
# BATCH20 (H223–H234), BATCH21 (H235–H246), BATCH22 (H247–H258), BATCH23 (H259–H270), BATCH24 (H271–H282) and BATCH25
# (H283–H294) were also written without reading the parser
ALL_DOCS = (DOCS + FRESH + UNSEEN + BATCH4 + BATCH5 + BATCH6 + BATCH7 + BATCH8 + BATCH9 + BATCH10 + BATCH11 + BATCH12
            + BATCH13 + BATCH14 + BATCH15 + BATCH16 + BATCH17 + BATCH18 + BATCH19
            + BATCH20 + BATCH21 + BATCH22 + BATCH23 + BATCH24 + BATCH25)

HERE = Path(__file__).resolve().parent
TRUTH_DIR = HERE / "truth"


def truth_text(truth: dict) -> str:
    return json.dumps(truth, ensure_ascii=False, indent=1) + "\n"


def write(out: Path, *, pdfs: bool = True) -> list[Path]:
    """Write every held-out contract's truth (and PDF) into ``out``; returns the PDF paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in ALL_DOCS:
        pdf, truth = render(doc)
        (out / f"{doc.name}.json").write_text(truth_text(truth), encoding="utf-8")
        if pdfs:
            (out / f"{doc.name}.pdf").write_bytes(pdf)
            written.append(out / f"{doc.name}.pdf")
    return written


def main(argv: list[str]) -> int:
    if argv == ["--truth"]:
        write(TRUTH_DIR, pdfs=False)
        return 0
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    write(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
