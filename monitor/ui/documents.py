"""Upload a contract PDF, follow its parse, and review what the parser proposed (合同文件审核).

The review page shows each candidate obligation beside the PDF page it came from: the page is
rendered server-side with pypdfium2 and the source sentence is highlighted from pdfplumber's
character boxes. Accepting and rejecting go through ``contracts.documents.services``.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

from contracts.access import scope
from contracts.access.permissions import Permission
from contracts.core.db import db
from contracts.core.enums import Debtor, DueUnit, EventType, ObligationKind
from contracts.core.errors import DomainError, NotFound
from contracts.documents import consistency, services
from contracts.documents.models import Candidate, Document
from contracts.documents.storage import BlobStore
from contracts.registry.models import Contract
from monitor.auth.current import user
from monitor.ui.common import Field, FormState, db_id, is_form_error, localise, parse_form, staff_page
from monitor.ui.labels import choices

bp = Blueprint("documents_ui", __name__, url_prefix="/staff/documents")

RENDER_SCALE = 1.5  # 108 dpi: legible Chinese at the width of half a laptop screen
HIGHLIGHT = (255, 214, 0, 110)

REVIEW_FIELDS = [
    Field("kind", _l("Obligation"), "select", True, lambda: choices(ObligationKind)),
    Field("debtor", _l("Who owes it"), "select", True, lambda: choices(Debtor)),
    Field("amount", _l("Amount (yuan)"), "money"),
    Field("percent", _l("Or percent of the contract amount"), "percent"),
    Field("due_date", _l("Due by"), "date"),
    Field("due_event", _l("After the event"), "select", choices=lambda: choices(EventType)),
    Field("due_offset", _l("Within"), "int"),
    Field("due_unit", _l("Unit"), "select", choices=lambda: choices(DueUnit)),
    Field("description", _l("Description"), "textarea"),
]


def store() -> BlobStore:
    return BlobStore(Path(current_app.config["UPLOAD_DIR"]))


def _document(doc_id: int, *, write: bool = False) -> tuple[Document, Contract]:
    doc = db.session.get(Document, doc_id)
    if doc is None:
        raise NotFound("document")
    contract = scope.get_contract(db.session, user(), doc.contract_id, write=write)
    return doc, contract


@bp.post("/upload/<int:contract_id>")
@staff_page(Permission.registry_write)
def upload(contract_id: int):  # type: ignore[no-untyped-def]
    contract = scope.get_contract(db.session, user(), contract_id, write=True)
    max_bytes = int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024
    try:
        file = request.files.get("file")
        if file is None or not file.filename:  # the form sent without a file chosen
            flash(_("Choose the contract PDF to upload."), "error")
            return redirect(url_for("contracts_ui.detail", contract_id=contract.id, _anchor="documents"))
        data = file.stream.read(max_bytes + 1)
    except RequestEntityTooLarge:
        flash(_("The file is larger than the %(mb)s MB upload limit.", mb=current_app.config["MAX_UPLOAD_MB"]), "error")
        return redirect(url_for("contracts_ui.detail", contract_id=contract.id, _anchor="documents"))
    try:
        doc = services.upload_document(db.session, contract, filename=file.filename, data=data,
                                       store=store(), max_bytes=max_bytes, user_id=user().id)
        db.commit()  # the parse is queued (embedded: the server's job thread; else rq workers)
    except DomainError as exc:
        if exc.status not in {409, 413, 422}:
            raise
        db.rollback()
        flash("; ".join(localise(m) for ms in exc.errors.values() for m in ms), "error")
        return redirect(url_for("contracts_ui.detail", contract_id=contract_id, _anchor="documents"))
    db.session.refresh(doc)
    flash(_("%(name)s uploaded; the parser is reading it.", name=doc.filename))
    return redirect(url_for("contracts_ui.detail", contract_id=contract_id, _anchor="documents"))


@bp.post("/<int:doc_id>/reparse")
@staff_page(Permission.documents_review)
def reparse(doc_id: int):  # type: ignore[no-untyped-def]
    doc, contract = _document(doc_id, write=True)
    try:
        services.reparse_document(db.session, doc, store())
        db.commit()
        flash(_("Parsing again; confirmed obligations stay as they are."))
    except DomainError as exc:
        if not is_form_error(exc):
            raise
        db.rollback()
        flash("; ".join(localise(m) for ms in exc.errors.values() for m in ms), "error")
    return redirect(url_for("contracts_ui.detail", contract_id=contract.id, _anchor="documents"))


def _candidate_values(c: Candidate) -> dict[str, Any]:
    d = c.data or {}
    due = d.get("due") or {}
    return {"kind": d.get("kind") or "", "debtor": d.get("debtor") or "government",
            "amount": d.get("amount") or "", "percent": d.get("percent") or "",
            "due_mode": "date" if due.get("date") else "event", "due_date": due.get("date") or "",
            "due_event": due.get("event") or "", "due_offset": "" if due.get("offset") is None else str(due["offset"]),
            "due_unit": due.get("unit") or "", "description": d.get("description") or ""}


def review_page(doc: Document, contract: Contract, states: dict[int, FormState] | None = None,
                status: int = 200):  # type: ignore[no-untyped-def]
    states = states or {}
    cands = [c for c in doc.candidates if c.status != "superseded"]
    forms = {}
    for c in cands:
        st = states.get(c.id) or FormState(fields=REVIEW_FIELDS, extra_fields=("due",))
        if not st.values:
            st.values = _candidate_values(c)
        forms[c.id] = st
    pending = [c for c in cands if c.status == "pending"]
    focus = request.args.get("candidate", type=int)
    current = next((c for c in cands if c.id == focus), None) or (pending[0] if pending else (cands[0] if cands else None))
    return render_template("ui/documents/review.html", doc=doc, contract=contract, candidates=cands, forms=forms,
                           pending=pending, current=current, fields={f.name: f for f in REVIEW_FIELDS},
                           differences=consistency.differences(contract, doc.extraction),
                           particulars=PARTICULARS), status


PARTICULARS = {"code": _l("Contract code"), "amount": _l("Amount (yuan)"), "signed_on": _l("Signed on"),
               "government": _l("Government party"), "counterparty": _l("Counterparty")}
"""How the review page names each particular ``consistency.differences`` compares."""


@bp.get("/<int:doc_id>/review")
@staff_page(Permission.documents_review)
def review(doc_id: int):  # type: ignore[no-untyped-def]
    doc, contract = _document(doc_id)
    return review_page(doc, contract)


def _candidate(doc: Document, cand_id: int) -> Candidate:
    cand = db.session.get(Candidate, cand_id) if db_id(cand_id) else None  # ?candidate=99999999999999999999
    if cand is None or cand.document_id != doc.id:
        raise NotFound("candidate")
    return cand


def _edits(cand: Candidate, data: dict[str, Any], form: Any) -> dict[str, Any]:
    """Only what the reviewer changed, in the service's vocabulary."""
    proposed = cand.data or {}
    edits: dict[str, Any] = {}
    for key in ("kind", "debtor"):
        if data.get(key) and data[key] != proposed.get(key):
            edits[key] = data[key]
    if form.get("due_mode") == "date":
        due: dict[str, Any] = {"date": data["due_date"].isoformat() if data.get("due_date") else None}
    else:
        due = {"event": data.get("due_event"), "offset": data.get("due_offset"), "unit": data.get("due_unit")}
    if due != (proposed.get("due") or {}):
        edits["due"] = due

    def _num(v: Any) -> Decimal | None:
        return None if v in (None, "") else Decimal(str(v))

    # The form shows both the amount and the percent: the one the reviewer changed decides (a new
    # percent, or a percent left alone with the amount cleared, gives the amount; a new amount
    # replaces the percent)
    amount, percent = _num(data.get("amount")), _num(data.get("percent"))
    was_amount, was_percent = _num(proposed.get("amount")), _num(proposed.get("percent"))
    if percent is not None and (percent != was_percent or amount is None):
        edits["percent"] = str(percent)
    elif amount != was_amount or percent != was_percent:
        edits["amount"] = f"{amount:.2f}" if amount is not None else None
    description = (data.get("description") or "").strip()
    if description and description != (proposed.get("description") or ""):
        edits["description"] = description
    return edits


@bp.post("/<int:doc_id>/candidates/<int:cand_id>/accept")
@staff_page(Permission.documents_review)
def accept(doc_id: int, cand_id: int):  # type: ignore[no-untyped-def]
    doc, contract = _document(doc_id, write=True)
    cand = _candidate(doc, cand_id)
    edits: dict[str, Any] = {}
    state = FormState(fields=REVIEW_FIELDS, extra_fields=("due",))
    if request.form.get("edited"):
        data, state = parse_form(REVIEW_FIELDS, request.form, state)
        state.extra_fields = ("due",)
        if state.ok:
            edits = _edits(cand, data, request.form)
    if state.ok:
        try:
            services.accept_candidate(db.session, cand, edits=edits, user_id=user().id)
            db.commit()
            flash(_("Obligation confirmed from page %(page)s.", page=cand.page or "?"))
            return redirect(url_for(".review", doc_id=doc.id, _anchor="candidates"))
        except DomainError as exc:
            if not is_form_error(exc):
                raise
            db.rollback()
            if not request.form.get("edited"):
                state.values = _candidate_values(cand)
            state.merge(exc.errors)
    doc, contract = _document(doc_id)
    if not state.values:
        state.values = dict(request.form)
    return review_page(doc, contract, {cand_id: state}, 422)


@bp.post("/<int:doc_id>/candidates/<int:cand_id>/reject")
@staff_page(Permission.documents_review)
def reject(doc_id: int, cand_id: int):  # type: ignore[no-untyped-def]
    doc, _contract = _document(doc_id, write=True)
    cand = _candidate(doc, cand_id)
    try:
        services.reject_candidate(db.session, cand, user_id=user().id, reason=request.form.get("reason", ""))
        db.commit()
        flash(_("Candidate rejected; a re-parse will not propose it again."))
    except DomainError as exc:
        if not is_form_error(exc):
            raise
        db.rollback()
        flash("; ".join(localise(m) for ms in exc.errors.values() for m in ms), "error")
    return redirect(url_for(".review", doc_id=doc.id, _anchor="candidates"))


# ---- page images --------------------------------------------------------------------------
def _norm(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def highlight_boxes(pdf_bytes: bytes, page_no: int, needle: str) -> list[tuple[float, float, float, float]]:
    """Rectangles (x0, top, x1, bottom in PDF points) around ``needle`` on a page, one per line.

    Whitespace is ignored on both sides; a sentence that runs onto the next page is matched by its
    longest prefix found on this page (or its longest suffix, for the page it ends on).
    """
    import pdfplumber

    target = _norm(needle)
    if not target:
        return []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        if not 1 <= page_no <= len(pdf.pages):
            return []
        page = pdf.pages[page_no - 1]
        chars = [c for c in page.chars if not c["text"].isspace()]
        page.close()
    flat = "".join(c["text"] for c in chars)
    start, length = _locate(flat, target)
    if start < 0:
        return []
    lines: list[list[float]] = []
    for c in chars[start:start + length]:
        for box in lines:
            if abs(box[1] - c["top"]) < 3:
                box[0], box[2], box[3] = min(box[0], c["x0"]), max(box[2], c["x1"]), max(box[3], c["bottom"])
                break
        else:
            lines.append([c["x0"], c["top"], c["x1"], c["bottom"]])
    return [tuple(b) for b in lines]  # type: ignore[misc]


def _locate(flat: str, target: str) -> tuple[int, int]:
    at = flat.find(target)
    if at >= 0:
        return at, len(target)
    for size in (len(target) * 2 // 3, len(target) // 2, 40, 24, 16, 10):
        if size < 8 or size >= len(target):
            continue
        at = flat.find(target[:size])
        if at >= 0:
            return at, size
        at = flat.find(target[-size:])
        if at >= 0:
            return at, size
    return -1, 0


def render_page(pdf_bytes: bytes, page_no: int, boxes: list[tuple[float, float, float, float]]) -> bytes:
    """The page as a PNG at RENDER_SCALE with the boxes painted in translucent yellow; 404 when the
    file cannot be opened (a corrupt upload the parser refused has no page to show)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    try:
        pdf = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError:
        raise NotFound("page") from None
    try:
        if not 1 <= page_no <= len(pdf):
            raise NotFound("page")
        page = pdf[page_no - 1]
        image = page.render(scale=RENDER_SCALE).to_pil().convert("RGBA")
        page.close()
    finally:
        pdf.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        for x0, top, x1, bottom in boxes:
            draw.rectangle([x0 * RENDER_SCALE - 2, top * RENDER_SCALE - 2, x1 * RENDER_SCALE + 2,
                            bottom * RENDER_SCALE + 2], fill=HIGHLIGHT, outline=(224, 160, 0, 255), width=2)
        image = Image.alpha_composite(image, overlay)
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


@bp.get("/<int:doc_id>/pages/<int:page_no>.png")
@staff_page(Permission.registry_read)
def page_image(doc_id: int, page_no: int):  # type: ignore[no-untyped-def]
    doc, _contract = _document(doc_id)
    blobs = store()
    if not blobs.exists(doc.sha256):
        abort(404)
    data = blobs.read(doc.sha256)
    boxes: list[tuple[float, float, float, float]] = []
    cand_id = request.args.get("candidate", type=int)
    if cand_id:
        cand = _candidate(doc, cand_id)
        boxes = highlight_boxes(data, page_no, cand.text or "")
    png = render_page(data, page_no, boxes)
    response = send_file(io.BytesIO(png), mimetype="image/png", max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
