"""A newcomer starts the service; an operator sees clear messages for bad configuration."""

from __future__ import annotations

import subprocess
import sys

import pytest

from monitor import config, create_app
from monitor.config import ConfigError


def test_health_reports_database_and_queue_without_auth(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.get_json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["queue"] in {"ok", "embedded"}


def test_an_unreachable_database_fails_at_start_with_one_sentence_naming_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="DATABASE_URL cannot be reached"):
        create_app({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "INSTANCE_PATH": str(tmp_path)})


def test_a_malformed_redis_url_fails_at_start(tmp_path):
    with pytest.raises(ConfigError, match="REDIS_URL is malformed"):
        create_app({"REDIS_URL": "redis//oops", "INSTANCE_PATH": str(tmp_path),
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})


@pytest.mark.parametrize(("variable", "url", "says"), [
    ("DATABASE_URL", "postgres//admin:S3cret-pw@db.internal/monitor", "DATABASE_URL is malformed"),
    ("DATABASE_URL", "postgresql://admin:S3cret-pw@db.internal:54x/monitor", "DATABASE_URL is malformed"),
    ("REDIS_URL", "redis//:S3cret-pw@cache.internal/0", "REDIS_URL is malformed"),
    ("REDIS_URL", "redis://:S3cret-pw@cache.internal:63x/0", "REDIS_URL is malformed"),
], ids=["db-no-scheme-separator", "db-port", "redis-no-scheme-separator", "redis-port"])
def test_a_malformed_url_is_named_without_printing_its_password(tmp_path, variable, url, says):
    """An operator's typo in a URL printed the password into the terminal and the service's logs;
    only a reachable-but-refused URL was shown redacted."""
    env = {"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
           variable: url}
    r = subprocess.run([sys.executable, "-m", "monitor.cli", "db", "current"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0, r.stderr
    assert says in r.stderr and "S3cret-pw" not in r.stderr, r.stderr
    assert ("admin" in r.stderr) == (variable == "DATABASE_URL"), "the user name stays: it helps find the typo"


def test_the_cli_prints_one_line_and_exits_2_on_bad_configuration(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
           "INSTANCE_PATH": str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "monitor.cli", "db", "current"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0
    assert "DATABASE_URL cannot be reached" in r.stderr


def test_the_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from monitor import config

    first = config.load({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    second = config.load({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").read_text().strip() == first


def test_an_unexpected_error_is_a_json_500_with_an_id_not_a_traceback(app, client, monkeypatch):
    def _boom():
        raise RuntimeError("kaboom")

    monkeypatch.setitem(app.view_functions, "health.healthz", _boom)
    r = client.get("/healthz", headers={"X-Request-ID": "req-123"})
    assert r.status_code == 500
    body = r.get_json()
    assert body["error_id"] == "req-123"
    assert "kaboom" not in r.get_data(as_text=True)
    assert r.headers["X-Request-ID"] == "req-123"


def test_openapi_and_offline_swagger_ui_are_served(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    assert spec.get_json()["info"]["version"] == "v1"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"/api/v1/swagger-ui/swagger-ui-bundle.js" in docs.data
    assert client.get("/api/v1/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_the_checkers_connections_must_be_a_positive_whole_number(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_CONNECTIONS", "0")
    with pytest.raises(ConfigError, match="CHECKER_CONNECTIONS must be a positive whole number"):
        config.load({"INSTANCE_PATH": str(tmp_path)})
    monkeypatch.setenv("CHECKER_CONNECTIONS", "3")
    assert config.load({"INSTANCE_PATH": str(tmp_path)})["CHECKER_CONNECTIONS"] == 3


def test_embedded_jobs_is_thread_or_inline(tmp_path, monkeypatch):
    monkeypatch.delenv("EMBEDDED_JOBS", raising=False)
    assert config.load({"INSTANCE_PATH": str(tmp_path)})["EMBEDDED_JOBS"] == "thread"
    monkeypatch.setenv("EMBEDDED_JOBS", "celery")
    with pytest.raises(ConfigError, match="EMBEDDED_JOBS must be thread or inline"):
        config.load({"INSTANCE_PATH": str(tmp_path)})


def test_an_embedded_server_starts_its_job_thread_on_its_first_request_and_a_cli_app_never_does():
    from flask import Flask

    from monitor.app import _serve_jobs_on_a_thread

    served = Flask("served")
    served.config.update(REDIS_URL=None, EMBEDDED_JOBS="thread")
    served.add_url_rule("/ping", "ping", lambda: "pong")
    _serve_jobs_on_a_thread(served)
    thread = served.extensions["job_thread"]
    assert not thread.is_alive(), "building the app (as every CLI command does) starts nothing"
    assert {"workers.documents.reconcile_documents", "workers.imports.reconcile_imports"} <= set(thread.every), \
        "a parse or an import left by a stopped server is taken up again"
    try:
        assert served.test_client().get("/ping").data == b"pong"
        assert thread.is_alive()
    finally:
        thread.stop(10)
    for redis_url, mode in (("redis://127.0.0.1:6379/0", "thread"), (None, "inline")):
        other = Flask("other")
        other.config.update(REDIS_URL=redis_url, EMBEDDED_JOBS=mode)
        _serve_jobs_on_a_thread(other)
        assert "job_thread" not in other.extensions


@pytest.mark.parametrize("command", [["worker", "--burst"], ["cron"]])
def test_a_worker_or_scheduler_started_on_the_embedded_default_says_why_it_cannot_run_in_both_languages(
        cli_env, command):
    """The operator who copies the production start lines onto a machine with no REDIS_URL is told,
    in one line, that the embedded default runs jobs inside the server, not shown a traceback."""
    env = {k: v for k, v in cli_env.items() if k != "REDIS_URL"}
    r = subprocess.run([sys.executable, "-m", "monitor.cli", *command], env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "未设置 REDIS_URL" in r.stderr and "REDIS_URL is not set" in r.stderr
