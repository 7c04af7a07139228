"""What every workbench and portal page shares: access checks, form parsing, pagination (页面公共件).

Pages call the services for every change; this module only turns form strings into typed values
(with bilingual messages in the API's style) and service errors into messages beside the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import Any

from flask import redirect, request, url_for
from flask_babel import get_locale
from jinja2 import pass_context
from sqlalchemy import Select
from sqlalchemy.orm import Session

from contracts.access.permissions import Permission, allowed, require
from contracts.core import schemas
from contracts.core.enums import Role
from contracts.core.errors import DomainError, halves, msg
from contracts.core.schemas import last_page, rows_of_page
from monitor.auth.current import user

PAGE_SIZE = 20


# ---- access ---------------------------------------------------------------------------------
def staff_page(permission: Permission = Permission.registry_read) -> Callable:
    """Decorate a workbench view: sign-in required, enterprises go to their portal, 403 without ``permission``."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            u = user()
            if u is None:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if u.role == Role.enterprise:
                return redirect(url_for("portal.home"))
            require(u, permission)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def portal_page(view: Callable) -> Callable:
    """Decorate an enterprise portal view: only enterprise accounts; staff go to their workbench."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        u = user()
        if u is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if u.role != Role.enterprise:
            return redirect(url_for("dashboard.home"))
        return view(*args, **kwargs)

    return wrapper


def can(permission: Permission) -> bool:
    """True when the signed-in user holds ``permission`` (templates use it to show actions)."""
    u = user()
    return u is not None and u.active and allowed(u.role, permission)


# ---- messages -------------------------------------------------------------------------------
def in_page_language(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a template filter whose answer depends on the page's language. Jinja computes a filter
    applied to a literal (``'done'|label``) once, when it compiles the template, and keeps the
    answer for every later page in whatever language the first one spoke; a filter that takes the
    template context is computed on every page."""

    @pass_context
    @wraps(fn)
    def per_page(_context: Any, *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return per_page


def is_chinese() -> bool:
    """True when the page speaks Chinese (Babel spells zh_CN as zh_Hans_CN)."""
    locale = get_locale()
    return locale is None or locale.language == "zh"


def localise(message: str) -> str:
    """The half of a bilingual "中文 / English" message that matches the page language."""
    zh, sep, en = str(message).partition(" / ")
    if not sep:
        return str(message)
    return zh if is_chinese() else en


def localise_note(note: str) -> str:
    """An audit note in the page language when the system wrote it bilingual ("中文 / English");
    a person's note, even one containing " / ", as written."""
    both = halves(note)
    if both is None:
        return note
    return both[0] if is_chinese() else both[1]


# ---- forms ----------------------------------------------------------------------------------
@dataclass
class Field:
    """One form field: how it is labelled, rendered and parsed."""

    name: str
    label: Any
    kind: str = "text"  # text, textarea, money, percent, rate, int, date, select, checkbox, files
    required: bool = False
    choices: Callable[[], list[tuple[str, Any]]] | None = None
    help: Any = None
    group: str | None = None  # contract kinds (space-separated) whose fieldset shows this field

    def options(self) -> list[tuple[str, Any]]:
        return self.choices() if self.choices else []


@dataclass
class FormState:
    """What the user typed and what is wrong with it, field by field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    fields: list[Field] = field(default_factory=list)
    extra_fields: tuple[str, ...] = ()  # error keys the template shows outside the field list

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def merge(self, errors: dict[str, list[str]], aliases: dict[str, str] | None = None) -> None:
        """Take a service's field errors, renaming keys the form shows under another name."""
        for key, messages in errors.items():
            for m in messages if isinstance(messages, list) else [str(messages)]:
                self.add((aliases or {}).get(key, key), m)

    def general(self) -> list[str]:
        """Messages for keys no field of the form shows: they go above the form."""
        shown = {f.name for f in self.fields} | set(self.extra_fields)
        return [m for k, ms in self.errors.items() if k not in shown for m in ms]

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_value(f: Field, raw: str) -> Any:
    """Convert one non-empty field value with the API's parsers; raise ValueError with its message."""
    if f.kind == "money":
        return schemas.parse_money(raw.replace("¥", ""), grouping=True)
    if f.kind == "percent":
        return schemas.parse_percent(raw)
    if f.kind == "rate":
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            raise ValueError(msg(f"应为数字：{raw}", f"not a valid number: {raw!r}")) from None
        if not value.is_finite() or value < 0:
            raise ValueError(msg("应为非负数字", "must be a number not below zero"))
        return value
    if f.kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise ValueError(msg("应为整数", "not a valid whole number")) from None
    if f.kind == "date":
        return schemas.parse_date(raw)
    if f.kind == "select":
        keys = [str(k) for k, _ in f.options()]
        if raw not in keys:
            raise ValueError(msg("请从列表中选择", "choose one of the listed values"))
        return raw
    return raw


def parse_form(fields: Iterable[Field], form: Any, state: FormState | None = None,
               groups: set[str] | None = None) -> tuple[dict[str, Any], FormState]:
    """Typed values of the non-empty fields (only the fieldsets in ``groups``) and the form state."""
    fields = list(fields)
    state = state or FormState(fields=fields)
    state.values = {k: form.get(k, "") for k in form}
    data: dict[str, Any] = {}
    for f in fields:
        if f.group is not None and groups is not None and not groups & set(f.group.split()):
            continue
        if f.kind == "checkbox":
            data[f.name] = form.get(f.name) in {"1", "on", "true", "y"}
            continue
        if f.kind == "files":  # stored by ``store_evidence`` once the rest of the form is good
            continue
        raw = (form.get(f.name) or "").strip()
        if not raw:
            if f.required:
                state.add(f.name, schemas.REQUIRED)
            continue
        try:
            data[f.name] = parse_value(f, raw)
        except ValueError as exc:
            state.add(f.name, str(exc))
    return data, state


MAX_EVIDENCE_FILES = 10


def store_evidence(name: str = "evidence") -> list[int]:
    """Store the evidence files (证据材料) chosen in the form's ``name`` input; their attachment ids.

    The same store, kinds and size limit as ``POST /api/v1/evidence``; a refused file raises a
    DomainError beside ``name`` that names the file. The caller links the ids to what it creates in
    the same transaction, so a form refused later leaves no attachment row behind.
    """
    from flask import current_app

    from contracts.core.db import db
    from monitor.records import evidence

    chosen = [f for f in request.files.getlist(name) if f and f.filename]
    if len(chosen) > MAX_EVIDENCE_FILES:
        raise DomainError.field(name, f"一次最多上传{MAX_EVIDENCE_FILES}个文件",
                                f"at most {MAX_EVIDENCE_FILES} files at a time")
    ids = []
    for f in chosen:
        try:
            att = evidence.store(db.session, user_id=user().id, filename=f.filename or "", stream=f.stream,
                                 content_type=f.mimetype, upload_dir=current_app.config["UPLOAD_DIR"],
                                 max_bytes=int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024)
        except DomainError as exc:
            raise DomainError({name: [_naming(f.filename or "", m) for ms in exc.errors.values() for m in ms]},
                              exc.status) from None
        ids.append(att.id)
    return ids


def evidence_not_kept(name: str = "evidence") -> dict[str, list[str]]:
    """Errors beside ``name`` for a form coming back refused with files chosen in it: a browser
    keeps no chosen file, so the user is told to choose them again, and of a kind not taken now
    rather than on the next try. Empty when no file was chosen."""
    from monitor.records import evidence

    chosen = [f.filename for f in request.files.getlist(name) if f and f.filename]
    if not chosen:
        return {}
    errors = []
    for filename in chosen:
        try:
            evidence.check_filename(filename)
        except DomainError as exc:
            errors += [_naming(filename, m) for ms in exc.errors.values() for m in ms]
    errors.append(msg("所选文件尚未上传，请改正上面的内容后重新选择", "the chosen files were not uploaded: "
                      "choose them again once the form is corrected"))
    return {name: errors}


def _naming(filename: str, message: str) -> str:
    """``message`` about one file, with the file's name in front (in both languages)."""
    both = halves(message)
    return msg(f"{filename}：{both[0]}", f"{filename}: {both[1]}") if both else f"{filename}: {message}"


def form_values(obj: Any, fields: Iterable[Field]) -> dict[str, Any]:
    """An object's current values as the strings a form shows."""
    out: dict[str, Any] = {}
    for f in fields:
        v = getattr(obj, f.name, None)
        if v is None:
            out[f.name] = ""
        elif f.kind == "checkbox":
            out[f.name] = "1" if v else ""
        elif isinstance(v, Decimal) and f.kind == "money":
            out[f.name] = f"{v:.2f}"
        elif isinstance(v, Decimal):
            out[f.name] = format(v.normalize(), "f")
        else:
            out[f.name] = str(v)
    return out


def is_form_error(exc: DomainError) -> bool:
    """Validation and conflict errors belong beside the fields; 403 and 404 go to the error page."""
    return exc.status in {409, 422}


def save(state: FormState, change: Callable[[], Any], aliases: dict[str, str] | None = None) -> bool:
    """Run a service change and commit it; on a validation or conflict error, roll back and put the
    service's messages beside the form's fields (403 and 404 still go to the error page)."""
    from contracts.core.db import db

    try:
        change()
        db.commit()
    except DomainError as exc:
        if not is_form_error(exc):
            raise
        db.rollback()
        state.merge(exc.errors, aliases)
        return False
    return True


# ---- lists ----------------------------------------------------------------------------------
@dataclass
class Page:
    """One page of a list, with what the pager needs."""

    items: list[Any]
    page: int
    per_page: int
    total: int
    arg: str = "page"  # the query argument that names the page (two lists on one page need two)

    @classmethod
    def shown(cls, items: list[Any], per_page: int, total: int, *, arg: str = "page") -> Page:
        """The page the request asked for, or the last one when it asked past the end."""
        return cls(items, min(page_number(arg), last_page(total, per_page)), per_page, total, arg)

    @property
    def pages(self) -> int:
        return last_page(self.total, self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)


def db_id(raw: Any) -> int | None:
    """An id from a form or a query string, or None when it can be no database key (not digits,
    0, or too large for the keys: such a number would fail in the driver)."""
    try:
        return schemas.parse_id(raw)
    except ValueError:
        return None


def choice(arg: str, offered: Iterable[str], default: str = "") -> str:
    """A list filter's value from the query string (筛选条件): one of the values its select offers
    (``default`` included), else ``default``, with a notice naming the value, so that the list shown
    and the select above it agree when a hand-edited or stale link carries a value never offered."""
    from flask import flash
    from flask_babel import gettext

    raw = request.args.get(arg, default)
    if raw == default or raw in set(offered):
        return raw
    flash(gettext("The link's filter value “%(value)s” is not one this list offers: it shows its default "
                  "instead.", value=raw[:40]), "warning")
    return default


def page_number(arg: str = "page") -> int:
    """The page asked for by the query argument ``arg`` (1 when absent or not a number)."""
    try:
        return max(1, int(request.args.get(arg, "1")))
    except ValueError:
        return 1


def paginate(session: Session, stmt: Select, *, per_page: int = PAGE_SIZE, scalars: bool = True,
             arg: str = "page") -> Page:
    """Run ``stmt`` for the page the query argument ``arg`` asks for (past the end: the last page)."""
    items, total = rows_of_page(session, stmt, page_number(arg), per_page, last_if_past_end=True, scalars=scalars)
    return Page.shown(items, per_page, total, arg=arg)


def page_of(items: list[Any], *, per_page: int = PAGE_SIZE) -> Page:
    """A page of an already computed list."""
    page = min(page_number(), last_page(len(items), per_page))
    return Page(items[(page - 1) * per_page: page * per_page], page, per_page, len(items))


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments changed (the pager and the filters use it)."""
    args = request.args.to_dict()
    for k, v in changes.items():
        if v is None:
            args.pop(k, None)
        else:
            args[k] = v
    return url_for(request.endpoint or "ui.index", **(request.view_args or {}), **args)
