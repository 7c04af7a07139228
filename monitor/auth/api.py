"""API: who am I, and API token management (令牌)."""

from __future__ import annotations

from flask.views import MethodView

from contracts.access import services
from contracts.access.models import ApiToken
from contracts.core.api import Blueprint
from contracts.core.db import db
from contracts.core.errors import NotFound
from contracts.core.schemas import BaseSchema, DateTime, Int, Str, int_range, length
from monitor.auth.current import authenticated

blp = Blueprint("auth_api", __name__, url_prefix="/api/v1", description="Identity and API tokens (身份与令牌)")


class MeSchema(BaseSchema):
    id = Int()
    username = Str()
    display_name = Str()
    role = Str()
    agency_id = Int(allow_none=True)
    enterprise_id = Int(allow_none=True)


class TokenRequestSchema(BaseSchema):
    name = Str(load_default="", validate=length(hi=80))
    days = Int(load_default=services.TOKEN_DAYS, validate=int_range(1, services.MAX_TOKEN_DAYS),
                      metadata={"description": f"how long the token is valid (有效天数), default {services.TOKEN_DAYS}"})


class TokenSchema(BaseSchema):
    id = Int()
    name = Str()
    prefix = Str()
    created_at = DateTime()
    expires_at = DateTime()
    revoked_at = DateTime(allow_none=True)
    last_used_at = DateTime(allow_none=True)


class NewTokenSchema(BaseSchema):
    token = Str(metadata={"description": "shown once; store it safely"})
    expires_at = DateTime()


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeSchema)
    def get(self):  # type: ignore[no-untyped-def]
        """The signed-in user (当前用户)."""
        return authenticated()


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.response(200, TokenSchema(many=True))
    def get(self):  # type: ignore[no-untyped-def]
        """My API tokens."""
        return authenticated().tokens

    @blp.arguments(TokenRequestSchema)
    @blp.response(201, NewTokenSchema)
    def post(self, data):  # type: ignore[no-untyped-def]
        """Issue a new API token for myself."""
        token = services.issue_token(db.session, authenticated(), data["name"], days=data["days"])
        db.commit()
        return {"token": token, "expires_at": services.token_record(db.session, token).expires_at}


@blp.route("/tokens/<int:token_id>")
class TokenItem(MethodView):
    @blp.response(204)
    def delete(self, token_id: int):  # type: ignore[no-untyped-def]
        """Revoke one of my tokens."""
        user = authenticated()
        row = db.session.get(ApiToken, token_id)
        if row is None or row.user_id != user.id:
            raise NotFound("token")
        services.revoke_token(db.session, token_id)
        db.commit()
