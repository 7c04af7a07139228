"""A real SMTP server (aiosmtpd) and a real HTTP server on 127.0.0.1, for the alert deliveries."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    host: str
    port: int
    envelopes: list[Any] = field(default_factory=list)

    def messages(self) -> list[tuple[list[str], email.message.EmailMessage]]:
        return [(list(e.rcpt_tos), email.message_from_bytes(e.original_content or e.content,
                                                            policy=email.policy.default))
                for e in self.envelopes]

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for rcpts, m in self.messages() if address in rcpts]


@pytest.fixture
def smtp(app, monkeypatch) -> Iterator[Mailbox]:  # type: ignore[no-untyped-def]
    """A local SMTP server the app is configured to send through."""
    from aiosmtpd.controller import Controller

    box = Mailbox("127.0.0.1", free_port())

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            box.envelopes.append(envelope)
            return "250 OK"

    controller = Controller(Sink(), hostname=box.host, port=box.port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_HOST", box.host)
    monkeypatch.setitem(app.config, "SMTP_PORT", box.port)
    monkeypatch.setitem(app.config, "SMTP_FROM", "alerts@monitor.example.gov.cn")
    try:
        yield box
    finally:
        controller.stop()


@dataclass
class Hook:
    """Requests received, and what to answer next (status, JSON body)."""

    base: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200
    answer: dict[str, Any] = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})

    def at(self, path: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"] == path]


@pytest.fixture
def hook() -> Iterator[Hook]:
    """A local HTTP server standing in for a webhook receiver, a WeCom and a DingTalk robot."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    state = Hook(f"http://127.0.0.1:{server.server_address[1]}")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            url = urlparse(self.path)
            state.requests.append({"path": url.path, "query": parse_qs(url.query), "headers": dict(self.headers),
                                   "raw": raw, "json": json.loads(raw)})
            body = json.dumps(state.answer).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
