"""Periodic work, declared as data and registered with rq's cron (定时任务)."""

from __future__ import annotations

from typing import Any

# (dotted function, cron string or None, interval seconds or None, queue)
PERIODIC: list[tuple[str, str | None, int | None, str]] = [
    ("workers.documents.reconcile_documents", None, 300, "high"),  # re-queue lost parse jobs (解析任务对账)
    ("workers.imports.reconcile_imports", None, 300, "high"),  # re-queue lost import jobs (导入任务对账)
    ("workers.checks.run_daily", "0 1 * * *", None, "low"),  # the daily compliance check, before records (每日合规检查)
    ("workers.records.daily", "30 1 * * *", None, "low"),  # escalate uncured findings, expire publicity (失信记录)
    ("workers.alerts.scan", "10 * * * *", None, "default"),  # derive due notifications (预警扫描)
    ("workers.alerts.dispatch", None, 60, "default"),  # resubmit deliveries due for a retry (重试投递)
    ("workers.alerts.digest", "30 8 * * *", None, "default"),  # daily digests (每日汇总)
]


def register(scheduler: Any) -> None:
    """Register every periodic job with an rq CronScheduler."""
    import importlib

    for dotted, cron, interval, queue in PERIODIC:
        module, _, name = dotted.rpartition(".")
        func = getattr(importlib.import_module(module), name)
        scheduler.register(func, queue_name=queue, cron=cron, interval=interval, name=dotted)
