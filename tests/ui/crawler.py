"""A small same-site crawler for page tests: follows what a page links to, as a person clicking would.

It reads each HTML page's links and forms with the standard library's parser, walks breadth-first,
and keeps the walk short by following at most a few URLs per route pattern (ids in the path and in
the query become ``{id}``). What it finds is returned as plain lists for the test to judge.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

HAN = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"(?<=/)\d+(?=/|$|\.)")
TEXTUAL = {"text", "search", "date", "number", "month", "email", "tel", "url", ""}
SKIPPED = ("/logout", "/static/", "/lang/", "/api/v1/swagger-ui")


@dataclass
class Form:
    """One ``<form>`` as the page rendered it."""

    page: str
    action: str
    method: str
    enctype: str = ""
    fields: list[dict[str, Any]] = field(default_factory=list)  # name, tag, type, value, options
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    def defaults(self) -> dict[str, str]:
        """What a browser would send unchanged: hidden fields, checked boxes, selected options."""
        out: dict[str, str] = {}
        for f in self.fields:
            if f["type"] in {"checkbox", "radio"}:
                if f.get("checked"):
                    out[f["name"]] = f["value"] or "on"
            elif f["tag"] == "select":
                options = f["options"]
                chosen = next((v for v, sel in options if sel), options[0][0] if options else "")
                out[f["name"]] = chosen
            else:
                out[f["name"]] = f["value"]
        return out

    def selects(self) -> list[dict[str, Any]]:
        return [f for f in self.fields if f["tag"] == "select"]

    def typed(self) -> list[dict[str, Any]]:
        """The fields a person types into (text, date, number, textarea)."""
        return [f for f in self.fields
                if f["tag"] == "textarea" or (f["tag"] == "input" and f["type"] in TEXTUAL)]


class PageParser(HTMLParser):
    """Collects a page's language, title, links, forms, messages and the text of its main part."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title = ""
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self.main_text: list[str] = []
        self.own_text: list[str] = []  # the main part's text in the page's own language
        self.alerts = 0
        self._in: list[str] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._option: tuple[str, bool] | None = None
        self._textarea: dict[str, Any] | None = None
        self._in_main = 0
        self._foreign: list[str] = []  # open elements marked as another language, or code

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if self._foreign:
            if tag == self._foreign[-1]:
                self._foreign.append(tag)  # nested in its own kind: its end tag must not end the outer one
        elif tag in {"code", "kbd"} or a.get("translate") == "no" or a.get("lang", "zh").split("-")[0] != "zh":
            self._foreign.append(tag)
        if tag in {"title", "script", "style", "code"}:
            self._in.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "main":
            self._in_main += 1
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        if a.get("role") in {"alert", "status"} or "flash" in a.get("class", "").split():
            self.alerts += 1
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                          "enctype": a.get("enctype", ""), "fields": [], "buttons": []}
            self.forms.append(self._form)
        elif self._form is not None and "name" in a and "disabled" not in a:
            if tag == "input":
                kind = a.get("type", "text").lower()
                if kind in {"submit", "image"}:
                    self._form["buttons"].append((a["name"], a.get("value", "")))
                elif kind not in {"button", "reset", "file"}:
                    self._form["fields"].append({"name": a["name"], "tag": "input", "type": kind,
                                                 "value": a.get("value", ""), "checked": "checked" in a})
            elif tag == "button" and a.get("type", "submit") == "submit":
                self._form["buttons"].append((a["name"], a.get("value", "")))
            elif tag == "select":
                self._select = {"name": a["name"], "tag": "select", "type": "select", "value": "", "options": []}
                self._form["fields"].append(self._select)
            elif tag == "textarea":
                self._textarea = {"name": a["name"], "tag": "textarea", "type": "textarea", "value": ""}
                self._form["fields"].append(self._textarea)
        if tag == "option" and self._select is not None:
            self._select["options"].append((a.get("value", ""), "selected" in a))

    def handle_endtag(self, tag: str) -> None:
        if self._foreign and self._foreign[-1] == tag:
            self._foreign.pop()
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if tag == "main":
            self._in_main -= 1
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.title += data
        elif self._textarea is not None:
            self._textarea["value"] += data
        elif self._in_main and not (self._in and self._in[-1] in {"script", "style"}):
            self.main_text.append(data)
            if not self._foreign:
                self.own_text.append(data)


def pattern(url: str) -> str:
    """The route pattern of a URL: numbers in the path and in query values become ``{id}``."""
    parts = urlsplit(url)
    query = sorted((k, "{id}" if v.isdigit() else v) for k, v in parse_qsl(parts.query, keep_blank_values=True))
    return NUMBER.sub("{id}", parts.path) + ("?" + urlencode(query) if query else "")


def route(url: str) -> str:
    """The path's pattern and the names of its query arguments (what a 'few per route' counts)."""
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return NUMBER.sub("{id}", parts.path) + ("?" + "&".join(keys) if keys else "")


def same_site(href: str, base: str) -> str | None:
    """The local path and query of ``href`` as seen from ``base``, or None when it leaves the site."""
    if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    full = urljoin("http://localhost" + base, href)
    parts = urlsplit(full)
    if parts.scheme not in {"http", "https"} or parts.hostname != "localhost":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Visit:
    """One GET of the walk: where it was linked from, what came back, and what the page holds."""

    url: str
    shown_on: str | None
    status: int
    html: str | None = None
    page: PageParser | None = None
    location: str | None = None


@dataclass
class Crawl:
    """Breadth-first walk of ``get`` (a test client's GET) from ``starts``."""

    get: Callable[[str], Any]
    per_route: int = 8
    per_pattern: int = 2
    limit: int = 600
    visits: list[Visit] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)

    def run(self, starts: list[str]) -> Crawl:
        seen: set[str] = set()
        routes: dict[str, int] = {}
        patterns: dict[str, int] = {}
        queue: deque[tuple[str, str | None]] = deque((s, None) for s in starts)
        while queue and len(self.visits) < self.limit:
            url, shown_on = queue.popleft()
            if url in seen or any(url.startswith(s) for s in SKIPPED):
                continue
            if shown_on is not None:
                if routes.get(route(url), 0) >= self.per_route or patterns.get(pattern(url), 0) >= self.per_pattern:
                    continue
                routes[route(url)] = routes.get(route(url), 0) + 1
                patterns[pattern(url)] = patterns.get(pattern(url), 0) + 1
            seen.add(url)
            visit = self.fetch(url, shown_on)
            if visit.location:
                queue.append((visit.location, shown_on or url))
            if visit.page is not None:
                for href in visit.page.links:
                    target = same_site(href, url)
                    if target is not None:
                        queue.append((target, url))
        return self

    def fetch(self, url: str, shown_on: str | None) -> Visit:
        r = self.get(url)
        visit = Visit(url, shown_on, r.status_code)
        if 300 <= r.status_code < 400:
            visit.location = same_site(r.headers.get("Location", ""), url)
        elif r.mimetype == "text/html":
            visit.html = r.get_data(as_text=True)
            visit.page = PageParser()
            visit.page.feed(visit.html)
            for f in visit.page.forms:
                action = same_site(f["action"], url) if f["action"] else url
                if action is not None:
                    self.forms.append(Form(url, action, f["method"], f["enctype"], f["fields"], f["buttons"]))
        self.visits.append(visit)
        return visit

    def pages(self) -> Iterator[Visit]:
        return (v for v in self.visits if v.page is not None)


def unique_forms(forms: list[Form], per_route: int = 2) -> list[Form]:
    """A few forms per (method, action route, field names): the same form on many pages is one form."""
    counts: dict[tuple[str, str, tuple[str, ...]], int] = {}
    out: list[Form] = []
    for f in forms:
        key = (f.method, route(f.action), tuple(sorted(x["name"] for x in f.fields)))
        if counts.get(key, 0) < per_route:
            counts[key] = counts.get(key, 0) + 1
            out.append(f)
    return out


def parse(html: str) -> PageParser:
    page = PageParser()
    page.feed(html)
    return page


ENGLISH = re.compile(r"[A-Za-z]*[a-z][A-Za-z'’]*(?:[ ,\-]+[A-Za-z]*[a-z][A-Za-z'’]*)+")


def english_runs(page: PageParser) -> list[str]:
    """Runs of two or more English words in the main part of a page, outside code and parts marked
    as another language: on a Chinese page, text nobody translated."""
    return ENGLISH.findall(" ".join(" ".join(page.own_text).split()))


def has_chinese(page: PageParser) -> bool:
    return bool(HAN.search("".join(page.main_text)))
