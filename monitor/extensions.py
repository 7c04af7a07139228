"""Flask extensions, created unbound and initialised by the app factory (扩展)."""

from __future__ import annotations

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from contracts.core.api import Api

api = Api()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
