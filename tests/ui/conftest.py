"""Fixtures for page tests: a browser-like client that signs in and posts forms with their CSRF token."""

from __future__ import annotations

import re
from typing import Any

import pytest

PASSWORD = "correct-horse-1"


class Browser:
    """The Flask test client used the way a person's browser is: sign in, open pages, submit forms."""

    def __init__(self, client, make) -> None:  # type: ignore[no-untyped-def]
        self.client, self.make = client, make

    def sign_in(self, role: str = "finance_staff", **kw: Any):  # type: ignore[no-untyped-def]
        """Create a user of ``role`` and sign in as them; returns the user."""
        u, _token = self.make.user(role, password=PASSWORD, **kw)
        return self.sign_in_as(u)

    def sign_in_as(self, u):  # type: ignore[no-untyped-def]
        """Sign out whoever is signed in, then sign in as ``u`` (made with the test password)."""
        self.client.post("/logout", data={"csrf_token": self.token("/login")})
        r = self.client.post("/login", data={"username": u.username, "password": PASSWORD,
                                             "csrf_token": self.token("/login")})
        assert r.status_code == 302, r.get_data(as_text=True)
        return u

    def token(self, path: str = "/login") -> str:
        page = self.client.get(path).get_data(as_text=True)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def get(self, path: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.get(path, **kw)

    def submit(self, path: str, data: dict[str, Any], *, form_page: str | None = None, **kw: Any):  # type: ignore[no-untyped-def]
        """POST ``data`` to ``path`` with the CSRF token of the page that shows the form."""
        return self.client.post(path, data={**data, "csrf_token": self.token(form_page or path)}, **kw)


@pytest.fixture
def browser(client, make) -> Browser:  # type: ignore[no-untyped-def]
    return Browser(client, make)


def run_queued_jobs() -> None:
    """With Redis, a worker of this process runs what the pages queued; embedded, they already ran."""
    from contracts.core import jobs

    if not jobs.is_async():
        return
    from rq import SimpleWorker

    SimpleWorker([jobs.queue(n) for n in jobs.QUEUE_NAMES], connection=jobs.connection()).work(
        burst=True, with_scheduler=False)


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's HTML as text."""
    return response.get_data(as_text=True)
