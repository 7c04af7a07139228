"""Notification (预警通知), its Delivery by e-mail or webhook, each DeliveryAttempt, and WebhookEndpoint.

A notification is one event told to one recipient; ``(event_key, recipient_key)`` is unique, so an
event is never told twice to the same person, group chat or system. A delivery carries one
notification (or, for a digest, several) over one channel; each try is an attempt row.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contracts.core import clock
from contracts.core.db import Base


class AlertEvent(StrEnum):
    warning = "warning"  # 临期预警：N日内到期
    breach = "breach"  # 逾期违约
    rectify_due = "rectify_due"  # 整改期限临近
    record_proposed = "record_proposed"  # 拟记入失信（事先告知）
    record_published = "record_published"  # 失信记录已认定公示
    complaint_new = "complaint_new"  # 新投诉
    complaint_step = "complaint_step"  # 投诉办理进展
    complaint_overdue = "complaint_overdue"  # 投诉办理环节超期
    objection_received = "objection_received"  # 收到异议
    objection_due = "objection_due"  # 异议答复期限临近
    objection_overdue = "objection_overdue"  # 异议逾期未答复
    objection_answered = "objection_answered"  # 异议已答复
    repair_filed = "repair_filed"  # 信用修复申请
    repair_decided = "repair_decided"  # 信用修复决定


class DeliveryStatus(StrEnum):
    pending = "pending"  # queued
    sending = "sending"  # claimed by a job
    retrying = "retrying"  # failed, will be tried again at next_attempt_at
    sent = "sent"
    failed = "failed"  # gave up after ALERT_MAX_ATTEMPTS; the notification stays


class Channel(StrEnum):
    email = "email"
    webhook = "webhook"


class WebhookFormat(StrEnum):
    generic = "generic"  # our JSON
    wecom = "wecom"  # 企业微信群机器人
    dingtalk = "dingtalk"  # 钉钉自定义机器人


class Notification(Base):
    """One event for one recipient (an official, a user, an enterprise or a webhook endpoint)."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("event_key", "recipient_key"),
                      Index("ix_notifications_subject", "subject_type", "subject_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(32), index=True)
    event_key: Mapped[str] = mapped_column(String(160))
    recipient_key: Mapped[str] = mapped_column(String(60), index=True)  # user:3 / official:7 / enterprise:2 / webhook:1
    recipient_type: Mapped[str] = mapped_column(String(16))
    recipient_id: Mapped[int]
    recipient_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contracts.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(24))  # finding / record / complaint / objection / repair
    subject_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    digest: Mapped[bool] = mapped_column(default=False)  # held for the daily digest
    created_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)

    items: Mapped[list[DeliveryItem]] = relationship(back_populates="notification")


class WebhookEndpoint(Base):
    """A webhook an admin configured: generic JSON, a WeCom or a DingTalk robot; filtered by event and agency."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    url: Mapped[str] = mapped_column(String(1000))
    format: Mapped[str] = mapped_column(String(16), default=WebhookFormat.generic)
    secret: Mapped[str | None] = mapped_column(String(200))  # HMAC key (generic) or 加签 secret (DingTalk)
    events: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every event
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))  # null: every agency
    digest: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)


class Delivery(Base):
    """One message over one channel to one target, carrying one notification or a digest of several."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(255))  # e-mail address, or webhook:ID
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_endpoints.id"))
    digest: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.pending, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=4)
    next_attempt_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    items: Mapped[list[DeliveryItem]] = relationship(back_populates="delivery", order_by="DeliveryItem.notification_id")
    attempt_rows: Mapped[list[DeliveryAttempt]] = relationship(back_populates="delivery",
                                                               order_by="DeliveryAttempt.id")


class DeliveryItem(Base):
    """A notification carried by a delivery; a notification goes out at most once per channel."""

    __tablename__ = "delivery_items"
    __table_args__ = (UniqueConstraint("notification_id", "channel"),)

    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"), primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))

    delivery: Mapped[Delivery] = relationship(back_populates="items")
    notification: Mapped[Notification] = relationship(back_populates="items")


class DeliveryAttempt(Base):
    """One try to send a delivery: when, whether it worked, the server's answer."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.now)
    ok: Mapped[bool]
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int] = mapped_column(default=0)

    delivery: Mapped[Delivery] = relationship(back_populates="attempt_rows")
