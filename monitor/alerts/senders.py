"""Sending one delivery: an e-mail over SMTP, or a webhook call (generic JSON, WeCom or DingTalk robot).

Pure of the database: takes the messages and the settings, returns what happened. Robot formats:
企业微信群机器人 ``{"msgtype": "markdown", "markdown": {"content": …}}``; 钉钉自定义机器人
``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}`` with 加签 (``timestamp`` and
``sign`` = base64(HMAC-SHA256(secret, "timestamp\\nsecret")) added to the URL). Both answer
``{"errcode": 0}`` on success. The generic JSON carries an ``X-Monitor-Signature: sha256=…`` HMAC
of the body when the endpoint has a secret. Every call, like every e-mail, names its notifications in
``X-Monitor-Notifications``: delivery is at least once, so a receiver drops ids it already has.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

ROBOT_LIMIT = 4096  # bytes of UTF-8: a WeCom robot refuses longer markdown (a Chinese character is 3 bytes)
TRUNCATED = "\n\n……（内容过长已截断 / truncated）"


@dataclass(frozen=True)
class Message:
    """What one notification says."""

    id: int
    event: str
    event_key: str
    title: str
    body: str
    payload: dict[str, Any]
    created_at: str


@dataclass(frozen=True)
class Result:
    ok: bool
    status_code: int | None = None
    error: str | None = None
    duration_ms: int = 0


def _subject(messages: list[Message], digest: bool) -> str:
    """One line: a title someone typed with a line break in it would not make a mail header."""
    if digest or len(messages) > 1:
        return f"【政务履约监测】预警通知汇总（{len(messages)}条） / Alert digest ({len(messages)})"
    return " ".join(messages[0].title.split())


def _text(messages: list[Message]) -> str:
    parts = []
    for m in messages:
        parts.append(f"{m.title}\n{m.body}")
    return "\n\n――――――――\n\n".join(parts)


def send_email(settings: dict[str, Any], to: str, messages: list[Message], *, digest: bool = False) -> Result:
    """Send one e-mail (one notification, or a digest of several) through the configured SMTP server."""
    started = time.monotonic()
    msg = EmailMessage()
    try:
        msg["From"] = settings["SMTP_FROM"]
        msg["To"] = to
        msg["Subject"] = _subject(messages, digest)
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = make_msgid(domain=settings["SMTP_FROM"].rpartition("@")[2] or "localhost")
        msg["X-Monitor-Notifications"] = ",".join(str(m.id) for m in messages)
        msg.set_content(_text(messages) + "\n\n—— 本邮件由政务履约监测系统自动发送 / sent by the contract compliance monitor\n")
    except ValueError as exc:  # a header the mail library refuses: recorded as a failed attempt, not a crash
        return Result(False, None, f"{type(exc).__name__}: {exc}"[:1000], _ms(started))
    host, port, timeout = settings["SMTP_HOST"], int(settings["SMTP_PORT"]), int(settings["SMTP_TIMEOUT"])
    try:
        if settings.get("SMTP_SECURITY") == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            if settings.get("SMTP_SECURITY") == "starttls":
                smtp.starttls()
            if settings.get("SMTP_USER"):
                smtp.login(settings["SMTP_USER"], settings.get("SMTP_PASSWORD") or "")
            refused = smtp.send_message(msg)
        if refused:
            return Result(False, None, f"refused: {refused}", _ms(started))
        return Result(True, 250, None, _ms(started))
    except (OSError, smtplib.SMTPException) as exc:
        code = getattr(exc, "smtp_code", None)
        return Result(False, code if isinstance(code, int) else None, f"{type(exc).__name__}: {exc}"[:1000],
                      _ms(started))


def _markdown(messages: list[Message], digest: bool) -> tuple[str, str]:
    title = _subject(messages, digest)
    lines = [f"### {title}"] if len(messages) > 1 else []
    for m in messages:
        lines.append(f"**{m.title}**")
        lines.append(m.body.replace("\n", "\n\n"))
    text = "\n\n".join(lines)
    if len(text.encode()) > ROBOT_LIMIT:
        room = ROBOT_LIMIT - len(TRUNCATED.encode())
        text = text.encode()[:room].decode(errors="ignore") + TRUNCATED  # never half a character
    return title, text


def webhook_body(fmt: str, messages: list[Message], *, digest: bool = False) -> dict[str, Any]:
    """The JSON body for a webhook of format ``fmt`` (generic, wecom, dingtalk)."""
    if fmt == "wecom":
        _, text = _markdown(messages, digest)
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if fmt == "dingtalk":
        title, text = _markdown(messages, digest)
        return {"msgtype": "markdown", "markdown": {"title": title[:60], "text": text}}
    return {
        "source": "contract-compliance-monitor",
        "digest": digest,
        "title": _subject(messages, digest),
        "notifications": [{"id": m.id, "event": m.event, "event_key": m.event_key, "title": m.title,
                           "text": m.body, "data": m.payload, "created_at": m.created_at} for m in messages],
    }


def dingtalk_url(url: str, secret: str, now_ms: int | None = None) -> str:
    """The robot URL with DingTalk's 加签 ``timestamp`` and ``sign`` parameters."""
    ts = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    return f"{url}{'&' if '?' in url else '?'}timestamp={ts}&sign={sign}"


def send_webhook(url: str, fmt: str, secret: str | None, messages: list[Message], *, digest: bool = False,
                 timeout: int = 10) -> Result:
    """POST the messages to a webhook; success is a 2xx answer (and errcode 0 for the robots)."""
    started = time.monotonic()
    body = json.dumps(webhook_body(fmt, messages, digest=digest), ensure_ascii=False).encode()
    # delivery is at least once (a worker that dies after sending and before recording it sends
    # again): the notification ids let a receiver drop what it already has
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "contract-compliance-monitor",
               "X-Monitor-Notifications": ",".join(str(m.id) for m in messages)}
    target = url
    if fmt == "dingtalk" and secret:
        target = dingtalk_url(url, secret)
    elif fmt == "generic" and secret:
        headers["X-Monitor-Signature"] = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(target, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # the URL is configured by an admin
            status = resp.status
            answer = resp.read(65536)
    except urllib.error.HTTPError as exc:
        return Result(False, exc.code, f"HTTP {exc.code}: {exc.read(500).decode('utf-8', 'replace')}"[:1000],
                      _ms(started))
    except (OSError, ValueError) as exc:
        return Result(False, None, f"{type(exc).__name__}: {exc}"[:1000], _ms(started))
    if fmt in ("wecom", "dingtalk"):
        try:
            data = json.loads(answer or b"{}")
        except ValueError:
            return Result(False, status, "robot answered with something that is not JSON", _ms(started))
        if data.get("errcode", 0) != 0:
            return Result(False, status, f"errcode {data.get('errcode')}: {data.get('errmsg', '')}"[:1000],
                          _ms(started))
    return Result(True, status, None, _ms(started))


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
