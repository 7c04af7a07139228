"""Evidence files (证据材料) for objections, repair applications and complaints.

A file is stored once, content-addressed by SHA-256 under ``UPLOAD_DIR/evidence/ab/abcdef…``; the
``Attachment`` row names it and, once linked, its one owner (an objection, a repair application, a
complaint or a complaint message). Files are uploaded first, then referenced by id.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.audit import trail
from contracts.core.errors import DomainError, NotFound, msg
from contracts.documents.services import clean_filename
from monitor.records.models import Attachment

# The kinds of file taken as evidence, and the media type each is served as: the one its suffix
# names, never the type the uploader's client claimed (which could be text/html).
MEDIA_TYPES = {
    ".pdf": "application/pdf", ".ofd": "application/ofd", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".png": "image/png", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain", ".zip": "application/zip",
}
ALLOWED_SUFFIXES = frozenset(MEDIA_TYPES)
OWNER_TYPES = frozenset({"objection", "repair", "complaint", "complaint_message"})
CHUNK = 1 << 16


def media_type(filename: str) -> str:
    """The media type an evidence file is served as, from its (allowed) suffix."""
    return MEDIA_TYPES.get(Path(filename).suffix.lower(), "application/octet-stream")


def blob_path(upload_dir: str | Path, sha256: str) -> Path:
    """Where the bytes with this digest live."""
    return Path(upload_dir) / "evidence" / sha256[:2] / sha256


def check_filename(filename: str) -> str:
    """The cleaned name of a file taken as evidence; DomainError ("file") for none or a kind not taken."""
    name = clean_filename(filename, default="")
    if not name:
        raise DomainError.field("file", "请选择要上传的文件", "choose a file to upload")
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise DomainError.field("file", f"不支持的文件类型 {suffix or '(无)'}",
                                f"file type {suffix or '(none)'} is not accepted; use one of "
                                f"{', '.join(sorted(ALLOWED_SUFFIXES))}")
    return name


def store(session: Session, *, user_id: int, filename: str, stream: BinaryIO, content_type: str | None,
          upload_dir: str | Path, max_bytes: int) -> Attachment:
    """Store an uploaded evidence file (deduplicated by content) and return its unlinked Attachment."""
    name = check_filename(filename)
    target_dir = Path(upload_dir) / "evidence"
    target_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise DomainError.field("file", f"文件超过 {max_bytes // (1024 * 1024)} MB",
                                            f"the file is larger than {max_bytes // (1024 * 1024)} MB")
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise DomainError.field("file", "文件为空", "the file is empty")
        sha = digest.hexdigest()
        final = blob_path(upload_dir, sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            os.unlink(tmp)
        else:
            os.replace(tmp, final)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    att = Attachment(sha256=sha, filename=name, size=size,
                     content_type=(content_type or "application/octet-stream")[:100], uploaded_by_id=user_id)
    session.add(att)
    session.flush()
    trail.record(session, "upload", "attachment", att.id, after=trail.snapshot(att))
    return att


def link(session: Session, ids: list[int], *, user_id: int, owner_type: str, owner_id: int,
         field: str = "attachment_ids") -> list[Attachment]:
    """Attach the caller's own unlinked uploads ``ids`` to an owner; anything else is refused."""
    assert owner_type in OWNER_TYPES
    if not ids:
        return []
    rows = {a.id: a for a in session.scalars(select(Attachment).where(Attachment.id.in_(ids)))}
    problems = []
    for i in ids:
        a = rows.get(i)
        if a is None or a.uploaded_by_id != user_id:
            problems.append(msg(f"附件 {i} 不存在", f"attachment {i} does not exist"))
        elif a.owner_type is not None:
            problems.append(msg(f"附件 {i} 已被使用", f"attachment {i} is already attached elsewhere"))
    if problems:
        raise DomainError({field: problems})
    for i in ids:
        rows[i].owner_type, rows[i].owner_id = owner_type, owner_id
    session.flush()
    trail.record(session, "attach", "attachment", None, after={"ids": list(ids), "owner_type": owner_type,
                                                                 "owner_id": owner_id})
    return [rows[i] for i in ids]


def of(session: Session, owner_type: str, owner_id: int) -> list[Attachment]:
    return list(session.scalars(select(Attachment).where(Attachment.owner_type == owner_type,
                                                         Attachment.owner_id == owner_id)
                                .order_by(Attachment.id)))


def get(session: Session, attachment_id: int) -> Attachment:
    att = session.get(Attachment, attachment_id)
    if att is None:
        raise NotFound("attachment")
    return att


def may_read(session: Session, user: Any, att: Attachment) -> bool:
    """Whether ``user`` may open ``att``: its uploader, or whoever may see what it is attached to."""
    from contracts.access.permissions import Permission, require
    from monitor.complaints import services as complaints
    from monitor.complaints.models import ComplaintMessage
    from monitor.records import services
    from monitor.records.models import RepairApplication

    if att.uploaded_by_id == user.id:
        return True
    try:
        if att.owner_type == "objection":
            services.get_objection(session, user, att.owner_id)
        elif att.owner_type == "repair":
            app = session.get(RepairApplication, att.owner_id)
            require(user, Permission.records_read)
            services.get_record(session, user, app.record_id if app else -1)
        elif att.owner_type in ("complaint", "complaint_message"):
            cid = att.owner_id
            if att.owner_type == "complaint_message":
                m = session.get(ComplaintMessage, att.owner_id)
                cid = m.complaint_id if m else -1
            complaints.get_complaint(session, user, cid)
        else:
            return False
    except NotFound:
        return False
    return True


def readable(session: Session, user: Any, owner_type: str, owner_id: int) -> list[Attachment]:
    """The files attached to an owner that ``user`` may open (what a page lists for them)."""
    from contracts.core.errors import Forbidden

    found = []
    for att in of(session, owner_type, owner_id):
        try:
            if may_read(session, user, att):
                found.append(att)
        except Forbidden:
            continue
    return found
