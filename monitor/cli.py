"""The ``monitor`` command line (命令行): Flask's CLI for this app plus the product's commands."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from redis.exceptions import RedisError

from contracts.access.services import MAX_TOKEN_DAYS, TOKEN_DAYS
from contracts.core.db import db
from contracts.core.errors import DomainError, msg
from contracts.core.schemas import MAX_ID
from monitor.config import ConfigError


def _create_app():  # type: ignore[no-untyped-def]
    from monitor import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False, load_dotenv=False)
def cli() -> None:
    """Contract compliance monitor (政务履约监测)."""


# ---- database ---------------------------------------------------------------------------------
@cli.group("db")
def db_group() -> None:
    """Database schema migrations (Alembic)."""


def _migrate(step, revision: str) -> None:  # type: ignore[no-untyped-def]
    """Run an Alembic step; an unknown or ambiguous revision is a usage error, not a traceback."""
    from alembic.util.exc import CommandError

    try:
        step(revision)
    except CommandError as exc:
        raise click.ClickException(f"revision {revision!r}: {exc}") from None


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Bring the database schema to REVISION (default: head)."""
    from monitor import migrations

    _migrate(migrations.upgrade, revision)
    click.echo(f"database at revision {migrations.current()}")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message: str) -> None:
    """Autogenerate a migration from the models (for developers)."""
    from alembic import command

    from monitor import migrations

    command.revision(migrations.alembic_config(), message=message, autogenerate=True)


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Print the schema revision of the database."""
    from monitor import migrations

    click.echo(f"current: {migrations.current()}  head: {migrations.head()}")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Move the schema back to REVISION."""
    from monitor import migrations

    _migrate(migrations.downgrade, revision)
    click.echo(f"database at revision {migrations.current()}")


# ---- users ------------------------------------------------------------------------------------
@cli.command("create-user")
@click.argument("name")
@click.option("--role", required=True, help="admin, finance_staff, agency_staff, credit_officer, supervisor, enterprise")
@click.option("--agency", "agency_id", type=click.IntRange(1, MAX_ID), help="agency id (agency_staff)")
@click.option("--enterprise", "enterprise_uscc", help="enterprise USCC (enterprise accounts)")
@click.option("--password", help="password for the web UI (or set MONITOR_PASSWORD)")
@click.option("--token", "with_token", is_flag=True, help="print a new API token")
@click.option("--token-days", type=click.IntRange(1, MAX_TOKEN_DAYS), default=TOKEN_DAYS, show_default=True,
              help="how long the API token is valid (有效天数)")
@with_appcontext
def create_user(name: str, role: str, agency_id: int | None, enterprise_uscc: str | None,
                password: str | None, with_token: bool, token_days: int) -> None:
    """Create a user NAME with a role; with --token, print an API token."""
    from contracts.access import services
    from contracts.organisations.services import enterprise_by_uscc

    enterprise_id = None
    if enterprise_uscc:
        ent = enterprise_by_uscc(db.session, enterprise_uscc)
        if ent is None:
            raise click.UsageError(f"no enterprise with USCC {enterprise_uscc} (未找到该企业)")
        enterprise_id = ent.id
    user = services.create_user(db.session, username=name, role=role, agency_id=agency_id,
                                enterprise_id=enterprise_id,
                                password=password if password is not None else os.environ.get("MONITOR_PASSWORD") or None)
    token = services.issue_token(db.session, user, "cli", days=token_days) if with_token else None
    db.commit()
    click.echo(token if token else f"user {user.username} created (id {user.id}, role {user.role})")


# ---- jobs -------------------------------------------------------------------------------------
@cli.command("worker")
@click.option("--queues", default="high,default,low", show_default=True)
@click.option("--burst", is_flag=True, help="stop when the queues are empty")
@click.option("--no-scheduler", is_flag=True, help="do not run rq's scheduler in this worker")
@with_appcontext
def worker(queues: str, burst: bool, no_scheduler: bool) -> None:
    """Run an rq worker on REDIS_URL (with rq's scheduler for retries and delayed jobs)."""
    from rq import Worker

    from contracts.core import jobs
    from workers import context

    if not jobs.is_async():
        raise click.ClickException(msg("未设置 REDIS_URL：内置默认模式下任务在服务器进程内执行；要运行 worker 进程，"
                                       "请设置 REDIS_URL=redis://…",
                                       "REDIS_URL is not set: in the embedded default jobs run inside the server; "
                                       "set REDIS_URL=redis://… to run worker processes."))
    context.set_app(current_app._get_current_object())  # type: ignore[attr-defined]
    _prepare_checker()
    w = Worker([jobs.queue(q.strip()) for q in queues.split(",") if q.strip()], connection=jobs.connection())
    w.work(burst=burst, with_scheduler=not no_scheduler)


def _prepare_checker() -> None:
    """Compile the daily check's statements once, before the worker forks its work-horses."""
    from sqlalchemy.exc import SQLAlchemyError

    from monitor.checker import engine

    try:
        with db.isolated_scope() as session:
            engine.prepare(session)
    except SQLAlchemyError as exc:  # an optimisation only: the jobs compile what they need
        click.echo(f"检查语句未能预先编译 / the checker's statements were not prepared: {exc}".splitlines()[0],
                   err=True)


@cli.command("cron")
@with_appcontext
def cron() -> None:
    """Run rq's cron scheduler (run exactly one): the daily check and the document and import reconcilers."""
    import time

    from rq.cron import CronScheduler

    from contracts.core import jobs
    from monitor import schedule

    if not jobs.is_async():
        raise click.ClickException(msg("未设置 REDIS_URL：内置默认模式下这些任务在启动时和通过命令行执行。",
                                       "REDIS_URL is not set: the embedded default runs these at start and by CLI."))
    os.environ["TZ"] = current_app.config["TIMEZONE"]  # rq 3 evaluates cron strings in local time
    time.tzset()
    scheduler = CronScheduler(connection=jobs.connection(), name="monitor-cron")
    schedule.register(scheduler)
    scheduler.start()


MAX_STALE_MINUTES = 366 * 24 * 60


def _stale_minutes(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """Minutes from 0 to a year; NaN and infinity pass click's FloatRange (no comparison holds for them)."""
    if value is not None and not 0 <= value <= MAX_STALE_MINUTES:
        raise click.BadParameter(msg(f"应为0到{MAX_STALE_MINUTES}之间的分钟数：{value}",
                                     f"a number of minutes from 0 to {MAX_STALE_MINUTES}: {value}"))
    return value


@cli.command("reconcile")
@click.option("--stale-minutes", type=float, default=None, callback=_stale_minutes,
              help="judge a running parse or import lost after this many minutes without a heartbeat (default 15)")
@with_appcontext
def reconcile(stale_minutes: float | None) -> None:
    """Re-queue contract PDFs and spreadsheet imports whose job was lost (Redis emptied, worker killed)."""
    from datetime import timedelta

    from contracts.documents import services
    from contracts.importer import runs

    stale = None if stale_minutes is None else timedelta(minutes=stale_minutes)
    for reconcile_one in (services.reconcile, runs.reconcile):
        report = reconcile_one(db.session, stale=stale)
        db.commit()
        for row_id in report.requeued:
            click.echo(f"{report.noun} {row_id} re-queued: {report.reasons[row_id]}")
        for row_id in report.failed:
            click.echo(f"{report.noun} {row_id} failed: too many interrupted attempts ({report.reasons[row_id]})")
        click.echo(report.summary())


# ---- parsing ----------------------------------------------------------------------------------
@cli.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def parse(file: Path) -> None:
    """Print the extraction JSON for one contract PDF."""
    import parsers

    try:
        data = file.read_bytes()
    except OSError as exc:
        click.echo(f"monitor parse: {msg(f'无法读取 {file}：{exc.strerror}', f'cannot read {file}: {exc.strerror}')}",
                   err=True)
        sys.exit(2)
    try:
        result = parsers.extract_document(data)
    except parsers.PdfError as exc:
        click.echo(f"monitor parse: {file}: {exc}", err=True)
        sys.exit(2)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


# ---- audit ------------------------------------------------------------------------------------
@cli.group("audit")
def audit_group() -> None:
    """The hash-chained audit trail."""


@audit_group.command("verify")
@with_appcontext
def audit_verify() -> None:
    """Recompute the audit chain; exit 1 and name every edited or removed event."""
    from contracts.audit.trail import verify

    result = verify(db.session)
    if result.ok:
        click.echo(f"audit trail intact: {result.checked} events verified")
        return
    for p in result.problems:
        click.echo(p, err=True)
    click.echo(msg(f"审计链已损坏：{result.checked} 条事件中有 {len(result.problems)} 处问题",
                   f"audit trail BROKEN: {len(result.problems)} problem(s) in {result.checked} events"), err=True)
    sys.exit(1)


# ---- checker ----------------------------------------------------------------------------------
@cli.command("check")
@click.option("--date", "as_of", metavar="YYYY-MM-DD", help="judge as of this date (default today; never later)")
@click.option("--full", is_flag=True, help="recompute every rule's candidates, not only the changed contracts'")
@with_appcontext
def check(as_of: str | None, full: bool) -> None:
    """Run the compliance checker now (合规检查) and print a summary."""
    from monitor.checker import engine

    run = engine.run_check(db.session, as_of=parse_date(as_of), trigger="manual", full=full)
    for line in engine.describe(db.session, run):
        click.echo(line)


# ---- records and alerts -----------------------------------------------------------------------
@cli.command("escalate")
@click.option("--date", "as_of", help="as of this date (YYYY-MM-DD; default today)")
@with_appcontext
def escalate(as_of: str | None) -> None:
    """Propose dishonesty records for findings whose rectification deadline passed uncured (拟记入失信);
    end the publicity of records whose period is over."""
    from contracts.core import clock
    from monitor.records import services

    day = parse_date(as_of) or clock.today()
    created = services.escalate_overdue(db.session, day)
    expired = services.expire_due(db.session, day)
    db.commit()
    for rec in created:
        click.echo(f"record {rec.id} proposed: agency {rec.agency_id}, contract {rec.contract_id}, "
                   f"findings {rec.finding_ids}")
    click.echo(f"{day}: {len(created)} record(s) proposed, {len(expired)} record(s) past their publicity period")


@cli.group("alerts")
def alerts_group() -> None:
    """Alerts by e-mail and webhook (预警通知)."""


@alerts_group.command("scan")
@click.option("--date", "as_of", help="as of this date (YYYY-MM-DD; default today)")
@with_appcontext
def alerts_scan(as_of: str | None) -> None:
    """Create the notifications due as of a date and queue their delivery (repeating it is harmless)."""
    from contracts.core import clock
    from monitor.alerts import services

    day = parse_date(as_of) or clock.today()
    counts = services.scan(db.session, day)
    db.commit()
    click.echo(f"{day}: {sum(counts.values())} notification(s) " + json.dumps(counts, ensure_ascii=False))


@alerts_group.command("dispatch")
@with_appcontext
def alerts_dispatch() -> None:
    """Resubmit deliveries whose retry time has come."""
    from monitor.alerts import services

    ids = services.dispatch_due(db.session)
    db.commit()
    click.echo(f"{len(ids)} delivery job(s) queued")


@alerts_group.command("digest")
@with_appcontext
def alerts_digest() -> None:
    """Send the held notifications as digests (ALERT_EMAIL_DIGEST=daily, digest webhooks)."""
    from monitor.alerts import services

    deliveries = services.send_digests(db.session)
    db.commit()
    click.echo(f"{len(deliveries)} digest(s) queued")


# ---- calendar ---------------------------------------------------------------------------------
@cli.group("calendar")
def calendar_group() -> None:
    """The official working-day calendar."""


@calendar_group.command("load")
@click.argument("year", type=int)
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))  # Windows' Notepad writes a BOM
@click.option("--source", required=True, help="the State Council notice, e.g. 国办发明电〔2026〕x号")
@with_appcontext
def calendar_load(year: int, file, source: str) -> None:  # type: ignore[no-untyped-def]
    """Load YEAR's schedule from a JSON file {"holidays": [...], "workdays": [...]}."""
    from contracts.calendar.service import load_year
    from contracts.obligations.services import rederive_pending

    try:
        data = json.load(file)
    except json.JSONDecodeError as exc:
        raise DomainError.field("file", f"{file.name} 不是有效的JSON（第{exc.lineno}行第{exc.colno}列）",
                                f"{file.name} is not valid JSON: {exc}") from None
    except UnicodeDecodeError:
        raise DomainError.field("file", f"{file.name} 不是UTF-8文本", f"{file.name} is not UTF-8 text") from None
    shape = '{"holidays": [...], "workdays": [...]}'
    if not isinstance(data, dict):
        raise DomainError.field("file", f"{file.name} 应为对象 {shape}", f"{file.name} should hold an object {shape}")
    unknown = sorted(set(data) - {"holidays", "workdays"})
    if unknown:  # a misspelt "workday" would load the year without its working weekends
        raise DomainError.field("file", f"{file.name} 含未知的键 {', '.join(unknown)}（应为 {shape}）",
                                f"{file.name} has unknown keys {', '.join(unknown)}; expected {shape}")
    load_year(db.session, year, data.get("holidays", []), data.get("workdays", []), source)
    # as the API does: the due dates that waited for this year's schedule are derived now
    contracts = rederive_pending(db.session, year)
    db.commit()
    click.echo(f"{year}: {len(data.get('holidays', []))} holidays, {len(data.get('workdays', []))} working weekends; "
               f"due dates of {contracts} contract(s) derived again")


@calendar_group.command("years")
@with_appcontext
def calendar_years() -> None:
    """List the years whose schedule is known."""
    from contracts.calendar.service import known_years

    years = known_years(db.session)
    click.echo(f"{years[0]}–{years[-1]}" if years == list(range(years[0], years[-1] + 1)) else years)


# ---- demo -------------------------------------------------------------------------------------
@cli.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="load the demo data and exit")
@with_appcontext
def demo(host: str, port: int, no_serve: bool) -> None:
    """Create the embedded database, load demo data and serve the UI and API (jobs run in-process)."""
    from monitor import demo as demo_data
    from monitor import migrations

    migrations.upgrade()
    summary = demo_data.load(db.session)
    db.commit()
    for line in summary:
        click.echo(line)
    if no_serve:
        return
    click.echo(f"UI:       http://{host}:{port}/")
    click.echo(f"API docs: http://{host}:{port}/api/v1/docs")
    # app.run() is ignored inside Flask's CLI; serve with werkzeug directly (jobs run in-process).
    from werkzeug.serving import run_simple

    run_simple(host, port, current_app._get_current_object(), threaded=True,  # type: ignore[attr-defined]
               use_reloader=False)


def main() -> None:
    """Console entry point: configuration and validation problems end in one line and exit 2."""
    try:
        cli.main(prog_name="monitor")
    except ConfigError as exc:
        click.echo(f"monitor: {msg('配置错误', 'configuration error')}: {exc}", err=True)
        sys.exit(2)
    except DomainError as exc:
        click.echo(f"monitor: {exc}", err=True)
        sys.exit(2)
    except RedisError as exc:
        click.echo(f"monitor: {msg('无法连接任务队列（Redis）', 'the job queue (Redis) is unreachable')}: {exc}", err=True)
        sys.exit(2)


def parse_date(value: str | None) -> date | None:
    """A --date option value as a date (click converts errors to usage errors)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None
if __name__ == "__main__":
    main()
