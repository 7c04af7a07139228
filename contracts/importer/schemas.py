"""Schemas of the import endpoints (批量导入) and of import runs (导入任务)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from contracts.core.schemas import BaseSchema, Bool, Dict, Int, List, Nested, Str, one_of
from contracts.importer.columns import ORDER

RUN_STATUSES = ["queued", "running", "done", "rejected", "failed"]


class ImportArgsSchema(BaseSchema):
    dry_run = Bool(load_default=False, metadata={"description": "true: check and report only, store nothing"})
    sheet = Str(validate=one_of(ORDER), metadata={"description": "which sheet a CSV holds (guessed from its columns)"})
    background = Bool(load_default=False, metadata={
        "description": "true: store the file and answer 202 at once with the import run (Location: its URL); "
                       "a background job checks or imports it, with progress. false (default): the answer "
                       "waits for the import, as before"})


class TemplateArgsSchema(BaseSchema):
    format = Str(load_default="xlsx", validate=one_of(["xlsx", "csv"]))
    sheet = Str(load_default="contracts", validate=one_of(ORDER), metadata={"description": "for format=csv"})


class RowErrorSchema(BaseSchema):
    sheet = Str()
    row = Int(metadata={"description": "the spreadsheet row number (1 is the header)"})
    column = Str()
    message = Str()


class ImportReportSchema(BaseSchema):
    dry_run = Bool()
    ok = Bool()
    sha256 = Str()
    filename = Str()
    format = Str()
    counts = Dict(metadata={"description": "per sheet: rows, added, unchanged"})
    created = Dict(metadata={"description": "enterprises and officials registered by the import"})
    errors = List(Nested(RowErrorSchema))
    audit_event_id = Int(allow_none=True)


class RunQuerySchema(BaseSchema):
    status = Str(validate=one_of(RUN_STATUSES))
    dry_run = Bool()


class RerunArgsSchema(BaseSchema):
    dry_run = Bool(metadata={"description": "false: import the file for real (e.g. after a clean dry run); "
                                            "default: as the run did"})


def _progress(run: Any) -> float | None:
    if not run.rows_total:
        return None
    return round(100.0 * min(run.rows_done or 0, run.rows_total) / run.rows_total, 1)


class ImportRunSchema(Schema):
    """An import run: the stored file, who asked, its status and progress (rows done / total)."""

    id = fields.Int()
    status = fields.Str(metadata={"description": "queued, running, done (checked, or imported), rejected (bad rows: "
                                                 "nothing stored) or failed (error says why)"})
    stage = fields.Str(allow_none=True, metadata={"description": "while running: reading, checking or writing"})
    dry_run = fields.Bool()
    sheet = fields.Str(allow_none=True)
    filename = fields.Str()
    size = fields.Int()
    sha256 = fields.Str()
    rows_done = fields.Int(metadata={"description": "rows read (reading), checked (checking) or written (writing, on PostgreSQL; on SQLite all rows checked)"})
    rows_total = fields.Int(allow_none=True, metadata={"description": "data rows in the file, once read (while writing, on PostgreSQL: the rows it adds)"})
    progress = fields.Function(_progress, metadata={"description": "percent of rows checked"})
    problems = fields.Int(allow_none=True, metadata={"description": "bad rows the report lists"})
    error = fields.Str(allow_none=True, metadata={"description": "why a failed run failed, one line"})
    attempts = fields.Int()
    job_id = fields.Str(allow_none=True)
    requested_by_id = fields.Int()
    agency_id = fields.Int(allow_none=True)
    created_at = fields.DateTime()
    queued_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    heartbeat_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


class ImportRunDetailSchema(ImportRunSchema):
    """An import run with its report once checked (every bad row) or imported (the counts)."""

    report = fields.Nested(ImportReportSchema, allow_none=True)
