"""Content-addressed blob storage for uploads: contract PDFs, import spreadsheets (文件存储).

A blob lives at ``<root>/<aa>/<bb>/<sha256><suffix>`` (suffix ``.pdf`` for the contract PDFs)
where ``aa``/``bb`` are the first hex digits of its SHA-256: the same file uploaded twice is one
blob. Blobs are written atomically (a temporary file in the same folder, fsync, rename), so a
reader never sees half a file, and never deleted by the jobs: a document that fails to parse, or
a spreadsheet that fails to import, keeps its file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

_HEX = frozenset("0123456789abcdef")


def digest(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lowercase hex digits."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class BlobStore:
    """Blobs under one root folder (``UPLOAD_DIR``, or a folder under it)."""

    root: Path
    suffix: str = ".pdf"

    def path_for(self, sha256: str) -> Path:
        """Where the blob with this digest lives (whether or not it exists)."""
        if len(sha256) != 64 or not set(sha256) <= _HEX:
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return Path(self.root) / sha256[:2] / sha256[2:4] / f"{sha256}{self.suffix}"

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` (once) and return its digest; safe against concurrent writers of the same blob."""
        sha = digest(data)
        target = self.path_for(sha)
        if target.is_file() and target.stat().st_size == len(data):
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp_name, 0o640)
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return sha

    def read(self, sha256: str) -> bytes:
        """The blob's bytes; raises FileNotFoundError when it is missing."""
        return self.path_for(sha256).read_bytes()


def _fsync_dir(folder: Path) -> None:
    # Make the rename itself durable (POSIX); not every platform can open a directory.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
