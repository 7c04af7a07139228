"""OCR (光学字符识别) of scanned pages with the ``tesseract`` command and its ``chi_sim`` data.

Pages are rendered with pypdfium2 and piped to tesseract as PNG; nothing is written to disk.
When tesseract or its Chinese data is missing, :func:`ocr_available` says so and the caller
marks the document ``needs_ocr``.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess

import pypdfium2 as pdfium

OCR_LANG = "chi_sim"
OCR_DPI = 300
OCR_TIMEOUT = 180


class OcrError(RuntimeError):
    """tesseract failed on a page."""


@functools.cache
def _tesseract_langs(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (out.stdout + "\n" + out.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def tesseract_binary() -> str | None:
    """Path of the tesseract executable (``TESSERACT`` env var or PATH), or None."""
    return os.environ.get("TESSERACT") or shutil.which("tesseract")


def ocr_available(lang: str = OCR_LANG) -> bool:
    """True when tesseract is installed with the language data ``lang``."""
    binary = tesseract_binary()
    if not binary:
        return False
    return all(part in _tesseract_langs(binary) for part in lang.split("+"))


def ocr_page(page: pdfium.PdfPage, *, lang: str = OCR_LANG, dpi: int = OCR_DPI, timeout: int = OCR_TIMEOUT) -> str:
    """Render ``page`` at ``dpi`` and return tesseract's text (lines as printed)."""
    binary = tesseract_binary()
    if not binary:
        raise OcrError("tesseract is not installed")
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        image = bitmap.to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG")
    finally:
        bitmap.close()
    env = dict(os.environ, OMP_THREAD_LIMIT=os.environ.get("OMP_THREAD_LIMIT", "2"))
    try:
        proc = subprocess.run(
            [binary, "stdin", "stdout", "-l", lang, "--psm", "6", "--dpi", str(dpi)],
            input=buf.getvalue(), capture_output=True, timeout=timeout, check=False, env=env,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"tesseract timed out after {timeout}s") from exc
    except OSError as exc:
        raise OcrError(str(exc)) from exc
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(tail[-1] if tail else f"tesseract exited with {proc.returncode}")
    return proc.stdout.decode("utf-8", "replace")
