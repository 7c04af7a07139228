"""WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""

from __future__ import annotations

import sys

from monitor import create_app
from monitor.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    sys.stderr.write(f"monitor: configuration error: {exc}\n")
    sys.exit(2)
