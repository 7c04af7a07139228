"""The app context a job runs in: the worker's app, or the request's app in embedded mode."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, has_app_context
from sqlalchemy.orm import Session

from contracts.core.db import db

_app: Flask | None = None


def set_app(app: Flask) -> None:
    """Called by ``monitor worker`` before it starts: forked work-horses inherit this app."""
    global _app
    _app = app


@contextmanager
def job_context() -> Iterator[Session]:
    """A fresh session (and an app context if none is active) for one job run."""
    global _app
    if has_app_context():
        with db.isolated_scope() as session:
            yield session
        return
    if _app is None:
        from monitor import create_app

        _app = create_app()
    with _app.app_context(), db.isolated_scope() as session:
        yield session
