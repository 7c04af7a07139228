"""The shared corpus (24 synthetic contracts with truth) scored with its own score.py."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from parsers import extract_document

CORPUS = Path(os.environ.get("CCM_CORPUS", Path(__file__).resolve().parents[3] / "shared" / "corpus"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CORPUS / "score.py").exists(), reason=f"no corpus at {CORPUS}"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("pred")
    for pdf in sorted(CORPUS.glob("*.pdf")):
        result = extract_document(pdf.read_bytes())
        (out / f"{pdf.stem}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    docs = []
    tp = fp = fn = 0
    fields_ok = fields_n = 0
    for truth_file in sorted(CORPUS.glob("*.json")):
        truth = score.load(truth_file)
        pred = score.load(out / truth_file.name) or {}
        matched, missed, spurious, fields, parties = score.score_doc(truth, pred)
        tp, fp, fn = tp + len(matched), fp + len(spurious), fn + len(missed)
        fields_ok += sum(fields.values()) + sum(p["ok"] for p in parties)
        fields_n += len(fields) + len(parties)
        docs.append(truth_file.stem)
    precision, recall, f1 = score.prf(tp, fp, fn)
    return {"f1": f1, "precision": precision, "recall": recall, "fields": fields_ok / fields_n, "docs": docs}


def test_obligation_f1_on_the_corpus_is_at_least_0_90(report):
    assert len(report["docs"]) >= 24
    assert report["f1"] >= 0.90, report


def test_contract_field_accuracy_on_the_corpus_is_at_least_0_95(report):
    assert report["fields"] >= 0.95, report
