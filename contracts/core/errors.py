"""Domain errors that carry field-level messages in Chinese and English (业务校验错误)."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u4e00-\u9fff]")


def msg(zh: str, en: str) -> str:
    """One bilingual message: Chinese first, then English."""
    return f"{zh} / {en}"


def halves(message: str) -> tuple[str, str] | None:
    """(Chinese, English) of a bilingual message ("中文 / English"); None for any other text (a
    person's note that merely contains " / ")."""
    zh, sep, en = message.partition(" / ")
    if sep and _HAN.search(zh) and not _HAN.search(en):
        return zh, en
    return None


def chinese_half(message: str) -> str:
    """The Chinese half of a bilingual message; any other text whole."""
    both = halves(message)
    return message if both is None else both[0]


class DomainError(Exception):
    """A request that breaks a business rule; ``errors`` maps field names to messages.

    The API turns it into HTTP ``status`` (422 unless said otherwise) in flask-smorest's error shape.
    """

    status = 422

    def __init__(self, errors: dict[str, list[str]] | str, status: int | None = None) -> None:
        if isinstance(errors, str):
            errors = {"_schema": [errors]}
        self.errors = errors
        if status is not None:
            self.status = status
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))

    @classmethod
    def field(cls, name: str, zh: str, en: str, status: int | None = None) -> DomainError:
        return cls({name: [msg(zh, en)]}, status)


def upload_too_large(limit_mb: int) -> DomainError:
    """413 beside ``file``: the upload is larger than ``MAX_UPLOAD_MB`` (documents, imports)."""
    return DomainError.field("file", f"文件超过上传大小上限 {limit_mb} MB", f"the file exceeds the {limit_mb} MB upload limit",
                             status=413)


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it exists (404)."""

    status = 404

    def __init__(self, what: str = "object") -> None:
        super().__init__({"_schema": [msg("未找到", f"{what} not found")]}, 404)


class Forbidden(DomainError):
    """The caller is known but lacks the permission (403)."""

    status = 403

    def __init__(self, zh: str = "无权执行此操作", en: str = "you are not allowed to do this") -> None:
        super().__init__({"_schema": [msg(zh, en)]}, 403)


class Conflict(DomainError):
    """The request conflicts with the current state (409)."""

    status = 409
