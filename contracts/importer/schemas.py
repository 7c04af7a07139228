"""Schemas of the import endpoints (批量导入)."""

from __future__ import annotations

from contracts.core.schemas import BaseSchema, Bool, Dict, Int, List, Nested, Str, one_of
from contracts.importer.columns import ORDER


class ImportArgsSchema(BaseSchema):
    dry_run = Bool(load_default=False, metadata={"description": "true: check and report only, store nothing"})
    sheet = Str(validate=one_of(ORDER), metadata={"description": "which sheet a CSV holds (guessed from its columns)"})


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
