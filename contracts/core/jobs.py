"""The one way work is handed to background jobs (后台任务).

``enqueue(session, "workers.documents.parse_document", doc_id)`` queues a job by dotted name;
it is sent only after the session's transaction commits (``db.commit()``), so a job never runs
before its row exists. With ``REDIS_URL`` set, jobs go to rq on Redis and run in ``monitor
worker`` processes; with it unset they run in this process through the same rq queue calls (an rq
queue with ``is_async=False`` on an in-memory Redis): inside the caller (CLI commands, tests), or,
once a server has started its ``JobThread``, one at a time on that thread, so the request that
queued them answers at once and its page shows their progress.
"""

from __future__ import annotations

import logging
import queue as _queue
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.job import Job
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "default"
QUEUE_NAMES = ("high", DEFAULT_QUEUE, "low")
RESULT_TTL, FAILURE_TTL = 86400, 7 * 86400  # seconds Redis keeps a finished and a failed job


@dataclass
class _Backend:
    url: str | None = None
    connection: Redis | None = None
    queues: dict[str, Queue] = field(default_factory=dict)
    thread: JobThread | None = None

    @property
    def is_async(self) -> bool:
        return self.url is not None


_backend = _Backend()


@dataclass(frozen=True)
class PendingJob:
    func: str
    args: tuple[Any, ...]
    queue: str
    timeout: int | None
    retries: int
    job_id: str | None


def configure(redis_url: str | None, *, key_prefix: str | None = None) -> None:
    """Point the queues at ``redis_url``, or at an in-process queue when it is None."""
    if redis_url:
        connection = Redis.from_url(redis_url)
    else:
        import fakeredis

        connection = fakeredis.FakeRedis()
    _backend.url = redis_url
    _backend.connection = connection
    _backend.queues = {
        name: Queue(name, connection=connection, is_async=bool(redis_url)) for name in QUEUE_NAMES
    }


def connection() -> Redis:
    """The Redis connection jobs use (an in-memory one in the embedded default)."""
    if _backend.connection is None:
        configure(None)
    assert _backend.connection is not None
    return _backend.connection


def is_async() -> bool:
    """True when jobs run in separate rq worker processes."""
    return _backend.is_async


def queue(name: str = DEFAULT_QUEUE) -> Queue:
    if not _backend.queues:
        configure(None)
    return _backend.queues[name]


def enqueue(
    session: Session,
    func: str,
    *args: Any,
    queue: str = DEFAULT_QUEUE,
    timeout: int | None = 600,
    retries: int = 3,
    job_id: str | None = None,
) -> None:
    """Queue ``func`` (a dotted name) to run after ``session`` commits."""
    pending = session.info.setdefault("pending_jobs", [])
    pending.append(PendingJob(func, args, queue, timeout, retries, job_id))


def dispatch_pending(session: Session) -> list[Job]:
    """Send the jobs queued on ``session``; called right after a successful commit.

    The rows they work on are committed by then, so Redis being unreachable loses nothing and is
    not the caller's failure: the job is logged as not sent and left to the reconciler, which
    re-queues the work whose job Redis does not know (``monitor reconcile``, and its cron entry)."""
    pending: list[PendingJob] = session.info.pop("pending_jobs", [])
    sent = []
    for p in pending:
        try:
            sent.append(submit(p.func, *p.args, queue_name=p.queue, timeout=p.timeout, retries=p.retries,
                               job_id=p.job_id))
        except RedisError:
            log.warning("job %s%r not sent: Redis is unreachable; the reconciler will queue it again",
                        p.func, p.args, exc_info=True)
    return sent


def discard_pending(session: Session) -> None:
    session.info.pop("pending_jobs", None)


def submit(
    func: str,
    *args: Any,
    queue_name: str = DEFAULT_QUEUE,
    timeout: int | None = 600,
    retries: int = 3,
    job_id: str | None = None,
) -> Job:
    """Enqueue now (no transaction to wait for): CLI commands, the reconciler, cron."""
    q = queue(queue_name)
    opts: dict[str, Any] = {"job_timeout": timeout, "result_ttl": RESULT_TTL, "failure_ttl": FAILURE_TTL}
    if job_id:
        opts["job_id"] = job_id
    if retries and q.is_async:
        # Back-off for transient faults; intervals need `rq worker --with-scheduler`.
        opts["retry"] = Retry(max=retries, interval=[10, 60, 300][:retries])
    thread = _backend.thread
    if not q.is_async and thread is not None and thread.is_alive():
        job = q.create_job(func, args=args, timeout=timeout, result_ttl=RESULT_TTL, failure_ttl=FAILURE_TTL,
                           job_id=job_id)
        job.save()
        thread.put(q, job)
        log.info("job %s queued: %s%r on %s (for the in-process worker thread)", job.id, func, args, queue_name)
        return job
    job = q.enqueue(func, *args, **opts)
    log.info("job %s queued: %s%r on %s%s", job.id, func, args, queue_name,
             "" if q.is_async else " (ran in-process)")
    return job


class JobThread:
    """The embedded default's worker (进程内工作线程): a thread of the server that runs the jobs its
    requests queue, one at a time, each inside ``scope()`` (the app's context), and the periodic
    jobs ``every`` names (dotted name → seconds) when they fall due, first at its start.

    Only a serving process starts one (on its first request); CLI commands and tests, which start
    none, run their jobs inside the call. A job that stops with the process leaves its row queued or
    running, as a killed rq worker would, and the reconciler (one of the periodic jobs) takes it up
    again."""

    def __init__(self, scope: Callable[[], AbstractContextManager[object]],
                 every: dict[str, float] | None = None) -> None:
        self._scope = scope
        self.every = dict(every or {})
        self._work: _queue.SimpleQueue[tuple[Queue, Job] | threading.Event | None] = _queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    def start(self) -> None:
        """Start the thread (once) and send this process's in-process jobs to it."""
        with self._guard:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="jobs", daemon=True)
                self._thread.start()
                _backend.thread = self

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def put(self, q: Queue, job: Job) -> None:
        self._work.put((q, job))

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every job handed over so far has run; False if ``timeout`` seconds pass first."""
        reached = threading.Event()
        self._work.put(reached)
        return reached.wait(timeout)

    def stop(self, timeout: float | None = None) -> None:
        """Let the jobs already handed over run, then end the thread (waiting up to ``timeout``);
        jobs queued after this run inside their caller again."""
        if _backend.thread is self:
            _backend.thread = None
        self._work.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        due = dict.fromkeys(self.every, time.monotonic())
        while True:
            now = time.monotonic()
            for name in [name for name, at in due.items() if at <= now]:
                due[name] = now + self.every[name]
                q = queue()
                self._run(q, q.create_job(name, result_ttl=3600, failure_ttl=FAILURE_TTL))
            wait = max(0.0, min(due.values()) - time.monotonic()) if due else None
            try:
                item = self._work.get(timeout=wait)
            except _queue.Empty:
                continue
            if item is None:
                return
            if isinstance(item, threading.Event):
                item.set()
            else:
                self._run(*item)

    def _run(self, q: Queue, job: Job) -> None:
        try:
            with self._scope():
                q.enqueue_job(job)  # a synchronous queue: runs the job here
        except Exception:  # rq records a job's own failure; this is a fault around it
            log.exception("in-process job %s (%s) could not be run", job.id, job.func_name)


def fetch(job_id: str) -> Job | None:
    """The rq job with this id, or None when Redis no longer knows it."""
    from rq.exceptions import NoSuchJobError

    try:
        return Job.fetch(job_id, connection=connection())
    except NoSuchJobError:
        return None


def ping() -> str:
    """'embedded' for the in-process queue, 'ok' when Redis answers; raises when it does not."""
    if not _backend.is_async:
        return "embedded"
    connection().ping()
    return "ok"


STALE_AFTER = timedelta(minutes=15)
