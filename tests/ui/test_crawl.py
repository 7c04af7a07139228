"""Every role walks the demo county's workbench by its links, and nothing it is shown breaks.

Each demo account (and the public, signed out) starts at its start page and follows every same-site
link breadth-first, a few URLs per route. On every page: no server error, no link that leads the
role it was shown to into a 403 or 404, served as zh-CN with a title and Chinese text, and no
English left untranslated. Each GET form (filters, search, as-of days) is submitted with garbage;
each POST form the role is shown is submitted with its CSRF token and empty or garbage fields:
never a 5xx, never a silent success. The roles work one after another in the same county, so the
later ones meet what the earlier ones' forms changed (a record decided, a complaint accepted), and
everyone walks the county a second time at the end.
"""

from __future__ import annotations

import io
import time
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from contracts.core import clock
from contracts.core.db import db
from contracts.registry.models import Contract
from monitor import demo
from monitor.checker import engine
from monitor.checker.startup import follow_up
from tests.ui.conftest import run_queued_jobs
from tests.ui.crawler import Crawl, Form, english_runs, has_chinese, parse, unique_forms
from tests.ui.pdfs import procurement_contract

ROLES = ["finance", "edu", "credit", "supervisor", "admin", "zhilian", "hengtong", None]  # None: the public
GARBAGE = ["abc", "2026-02-30", "-1", "9" * 30]
BROKEN = {403, 404}


@pytest.fixture
def county(app, session) -> None:  # type: ignore[no-untyped-def]
    """The demo county on a fixed day, checked once with the daily follow-ups, and the signed PDF of
    its teaching-equipment contract uploaded and parsed (so there is a review page to walk)."""
    clock.set_today(date(2026, 6, 1))
    demo.load(session)
    db.commit()
    engine.run_check(session)
    follow_up(session)
    contract = session.scalar(select(Contract).where(Contract.code == "QH-CG-2026-017"))
    client = Visitor(app)
    _sign_in(client, "finance")
    pdf = procurement_contract(code=contract.code, agency="清河县教育局", supplier="清河智联科技有限公司")
    r = client.post(f"/staff/documents/upload/{contract.id}", content_type="multipart/form-data",
                    data={"file": (io.BytesIO(pdf), "合同.pdf"), "csrf_token": _csrf(client, f"/staff/contracts/{contract.id}")})
    assert r.status_code == 302
    run_queued_jobs()


class Visitor:
    """A test client whose every request runs in an app context of its own, as on a server: the
    tests' shared context would otherwise carry one visitor's ``g`` (its CSRF token) to the next."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app, self.client = app, app.test_client()

    def get(self, path: str, **kw: Any):  # type: ignore[no-untyped-def]
        with self.app.app_context():
            return self.client.get(path, **kw)

    def post(self, path: str, **kw: Any):  # type: ignore[no-untyped-def]
        with self.app.app_context():
            return self.client.post(path, **kw)


def _csrf(client, path: str) -> str:  # type: ignore[no-untyped-def]
    page = parse(client.get(path).get_data(as_text=True))
    return next(f["value"] for form in page.forms for f in form["fields"] if f["name"] == "csrf_token")


def _sign_in(client, username: str | None) -> None:  # type: ignore[no-untyped-def]
    if username is not None:
        r = client.post("/login", data={"username": username, "password": demo.DEMO_PASSWORD,
                                        "csrf_token": _csrf(client, "/login")})
        assert r.status_code == 302, f"{username} cannot sign in"


def _starts(username: str | None) -> list[str]:
    return ["/"] if username else ["/", "/public/records", "/login"]


def _message_shown(client, response) -> bool:  # type: ignore[no-untyped-def]
    """True when the answer (or the page it redirects to) says something: an error status, an alert,
    a flash message."""
    for _hop in range(3):
        if not 300 <= response.status_code < 400:
            break
        response = client.get(response.headers["Location"])
    if response.status_code >= 400 or response.mimetype != "text/html":
        return True
    return parse(response.get_data(as_text=True)).alerts > 0


def _check_pages(crawl: Crawl, problems: list[str]) -> None:
    for v in crawl.visits:
        if v.status >= 500:
            problems.append(f"{v.status} on GET {v.url} (linked from {v.shown_on})")
        elif v.status in BROKEN and v.shown_on is not None:
            problems.append(f"{v.status} on GET {v.url}, a link shown on {v.shown_on}")
    for v in crawl.pages():
        if v.status != 200 or v.url.startswith("/api/"):  # the API's own documentation is Swagger UI's
            continue
        page = v.page
        assert page is not None
        if page.lang != "zh-CN":
            problems.append(f"{v.url}: html lang is {page.lang!r}, not zh-CN")
        if not page.title.strip():
            problems.append(f"{v.url}: no title")
        if not has_chinese(page):
            problems.append(f"{v.url}: no Chinese text in the page's main part")
        if runs := english_runs(page):
            problems.append(f"{v.url}: English on a Chinese page: {runs[:4]}")


def _submit_get_forms(client, forms: list[Form], problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each filter with garbage in what a person types (and in its lists, as a tampered URL would)."""
    for form in unique_forms([f for f in forms if f.method == "get"]):
        typed = form.typed()
        for garbage in GARBAGE:
            data = form.defaults() | {f["name"]: garbage for f in typed + form.selects()}
            r = client.get(form.action.split("?")[0], query_string=data)
            where = f"GET form {form.action} on {form.page} with {data}"
            if not 200 <= r.status_code < 500:
                problems.append(f"{r.status_code} on {where}")
            elif any(f["type"] in {"date", "number"} for f in typed) and not _message_shown(client, r):
                problems.append(f"{where}: taken without a message")


def _submit_post_forms(client, forms: list[Form], problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each POST form, by each of its buttons, with its fields empty and then filled with garbage."""
    for form in unique_forms([f for f in forms if f.method == "post" and not f.action.startswith("/logout")]):
        for button in form.buttons or [("", "")]:
            for filling in ("", "？"):
                data = form.defaults()
                for f in form.typed():
                    data[f["name"]] = "abc" if filling and f["type"] in {"date", "number"} else filling
                if button[0]:
                    data[button[0]] = button[1]
                r = client.post(form.action, data=data)
                where = f"POST {form.action} on {form.page} with {_shown(data)}"
                if r.status_code >= 500:
                    problems.append(f"{r.status_code} on {where}")
                elif not _message_shown(client, r):
                    problems.append(f"{where}: succeeded silently ({r.status_code})")


def _shown(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "csrf_token"}


def test_every_role_walks_the_demo_county_and_nothing_it_is_shown_breaks(county, app):
    started = time.monotonic()
    problems: list[str] = []
    clients = {}
    for username in ROLES:
        clients[username] = client = Visitor(app)
        _sign_in(client, username)
        crawl = Crawl(client.get).run(_starts(username))
        found: list[str] = []
        _check_pages(crawl, found)
        _submit_get_forms(client, crawl.forms, found)
        _submit_post_forms(client, crawl.forms, found)
        run_queued_jobs()
        problems += [f"[{username or 'public'}] {p}" for p in found]
        print(f"{username or 'public'}: {len(crawl.visits)} pages, {len(unique_forms(crawl.forms))} forms")
    for username in ROLES:  # everyone again, in the county the forms changed
        again = Crawl(clients[username].get).run(_starts(username))
        found = []
        _check_pages(again, found)
        problems += [f"[{username or 'public'}, second walk] {p}" for p in found]
        print(f"{username or 'public'}, second walk: {len(again.visits)} pages")
    print(f"walked in {time.monotonic() - started:.1f} s")
    assert problems == [], "\n".join(dict.fromkeys(problems))
