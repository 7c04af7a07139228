"""Staff sign in with a password (repeated failures lock the account for a while); scripts use API
tokens that expire and can be revoked; each role holds only its permissions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from contracts.access import services as access
from contracts.access.permissions import MATRIX, Permission, allowed
from contracts.audit.models import AuditEvent
from contracts.core import clock
from contracts.core.db import db
from contracts.core.enums import Role


def _csrf(client, path="/login"):  # type: ignore[no-untyped-def]
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_a_finance_clerk_signs_in_with_a_password_and_reaches_the_start_page(client, make):
    make.user("finance_staff", username="clerk", password="s3cret-pass")
    r = client.post("/login", data={"username": "clerk", "password": "s3cret-pass", "csrf_token": _csrf(client)})
    assert r.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_and_the_username_kept(client, make):
    make.user("finance_staff", username="clerk", password="s3cret-pass")
    r = client.post("/login", data={"username": "clerk", "password": "nope", "csrf_token": _csrf(client)})
    assert r.status_code == 401
    assert 'value="clerk"' in r.get_data(as_text=True)


def test_a_login_form_without_its_csrf_token_is_refused(client, make):
    make.user("finance_staff", username="clerk", password="s3cret-pass")
    r = client.post("/login", data={"username": "clerk", "password": "s3cret-pass"})
    assert r.status_code == 400


def _sign_in(client, username, password):  # type: ignore[no-untyped-def]
    return client.post("/login", data={"username": username, "password": password, "csrf_token": _csrf(client)})


def _in_minutes(monkeypatch, minutes):  # type: ignore[no-untyped-def]
    later = clock.now() + timedelta(minutes=minutes)
    monkeypatch.setattr(clock, "now", lambda: later)


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_against_the_right_one(
        client, make, session, monkeypatch):
    user, _ = make.user("finance_staff", username="clerk", password="s3cret-pass")
    for _attempt in range(4):
        assert _sign_in(client, "clerk", "guess").status_code == 401
    assert session.query(AuditEvent).filter_by(entity="user", action="lock").count() == 0
    refused = _sign_in(client, "clerk", "guess")
    assert refused.status_code == 401
    assert "连续输错5次，账号将锁定15分钟" in refused.get_data(as_text=True)
    lock = session.query(AuditEvent).filter_by(entity="user", action="lock", entity_id=user.id).one()
    assert "5 failed sign-ins" in lock.note

    assert _sign_in(client, "clerk", "s3cret-pass").status_code == 401  # locked: the right password too
    _in_minutes(monkeypatch, 14)
    assert _sign_in(client, "clerk", "s3cret-pass").status_code == 401
    _in_minutes(monkeypatch, 16)
    assert _sign_in(client, "clerk", "s3cret-pass").status_code == 302


def test_a_successful_sign_in_clears_the_count_of_failures(client, make):
    make.user("finance_staff", username="clerk", password="s3cret-pass")
    for _attempt in range(4):
        _sign_in(client, "clerk", "guess")
    assert _sign_in(client, "clerk", "s3cret-pass").status_code == 302
    client.post("/logout", data={"csrf_token": _csrf(client, "/")})
    for _attempt in range(4):
        _sign_in(client, "clerk", "guess")
    assert _sign_in(client, "clerk", "s3cret-pass").status_code == 302


def test_an_unknown_username_costs_a_password_check_like_a_known_one(session, make, monkeypatch):
    """The response time does not tell which usernames exist."""
    make.user("finance_staff", username="clerk", password="s3cret-pass")
    verified = []

    class Spy:
        def __init__(self, real):  # type: ignore[no-untyped-def]
            self.real = real

        def hash(self, password):  # type: ignore[no-untyped-def]
            return self.real.hash(password)

        def verify(self, password_hash, password):  # type: ignore[no-untyped-def]
            verified.append(password)
            return self.real.verify(password_hash, password)

    monkeypatch.setattr(access, "_hasher", Spy(access._hasher))
    assert access.authenticate(session, "clerk", "guess") is None
    assert access.authenticate(session, "nobody", "guess") is None
    assert access.authenticate(session, "", "guess") is None
    assert verified == ["guess", "guess", "guess"]


def test_passwords_are_stored_as_argon2_hashes(make):
    user, _ = make.user("supervisor", password="s3cret-pass")
    assert user.password_hash.startswith("$argon2")
    assert "s3cret-pass" not in user.password_hash


def test_an_api_token_identifies_its_user_until_it_is_revoked(api, make):
    user, token = make.user("supervisor")
    me = api.as_(token).get("/api/v1/me")
    assert me.status_code == 200 and me.get_json()["username"] == user.username
    token_id = api.as_(token).get("/api/v1/tokens").get_json()[0]["id"]
    assert api.as_(token).delete(f"/api/v1/tokens/{token_id}").status_code == 204
    assert api.as_(token).get("/api/v1/me").status_code == 401


def test_an_api_token_stops_working_when_it_expires(api, make, monkeypatch):
    _, token = make.user("supervisor")
    new = api.as_(token).post("/api/v1/tokens", json={"name": "nightly export", "days": 30})
    assert new.status_code == 201
    script = new.get_json()["token"]
    listed = {t["name"]: t for t in api.as_(token).get("/api/v1/tokens").get_json()}
    assert listed["nightly export"]["expires_at"] == new.get_json()["expires_at"]
    _in_minutes(monkeypatch, 30 * 24 * 60 - 1)
    assert api.as_(script).get("/api/v1/me").status_code == 200
    _in_minutes(monkeypatch, 30 * 24 * 60 + 1)
    assert api.as_(script).get("/api/v1/me").status_code == 401


def test_a_token_is_issued_for_90_days_unless_asked_and_never_for_more_than_a_year(api, make):
    _, token = make.user("supervisor")
    issued = api.as_(token).post("/api/v1/tokens", json={"name": "default"}).get_json()
    record = access.token_record(db.session, issued["token"])
    lasts = record.expires_at - record.created_at
    assert abs(lasts - timedelta(days=90)) < timedelta(minutes=1)
    for bad in (0, 366, "soon"):
        r = api.as_(token).post("/api/v1/tokens", json={"days": bad})
        assert r.status_code == 422 and "days" in str(r.get_json())
    assert len(api.as_(token).get("/api/v1/tokens").get_json()) == 2  # the fixture's and "default"


def test_create_user_prints_a_token_of_the_asked_length_and_refuses_a_bad_one(app):
    from monitor.cli import create_user

    runner = app.test_cli_runner()
    bad = runner.invoke(create_user, ["script", "--role", "supervisor", "--token", "--token-days", "400"])
    assert bad.exit_code == 2 and "--token-days" in bad.output
    good = runner.invoke(create_user, ["script", "--role", "supervisor", "--token", "--token-days", "7"])
    assert good.exit_code == 0
    record = access.token_record(db.session, good.output.strip())
    assert abs(record.expires_at - clock.now() - timedelta(days=7)) < timedelta(minutes=1)


def test_tokens_are_stored_hashed(make, session):
    from contracts.access.models import ApiToken

    _, token = make.user("supervisor")
    stored = session.query(ApiToken).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_no_token_or_a_forged_one_gets_401(api):
    assert api.get("/api/v1/me").status_code == 401
    assert api.as_("ccm_forged").get("/api/v1/me").status_code == 401


def test_a_script_that_forgot_its_token_is_told_to_sign_in_on_a_write_too(client):
    r = client.post("/api/v1/contracts", json={})
    assert r.status_code == 401
    assert r.get_json()["errors"]["json"]["_schema"] == ["需要登录或有效的API令牌 / authentication required"]
    assert client.delete("/api/v1/tokens/1").status_code == 401


def test_a_deactivated_user_loses_api_access(api, make):
    user, token = make.user("finance_staff")
    user.active = False
    db.commit()
    assert api.as_(token).get("/api/v1/me").status_code == 401


EXPECTED = {
    Role.supervisor: {Permission.registry_read, Permission.findings_read, Permission.records_read,
                      Permission.reports_read, Permission.audit_read},
    Role.enterprise: {Permission.registry_read, Permission.records_read, Permission.objections_file,
                      Permission.complaints_file},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("permission", list(Permission))
def test_the_permission_matrix(role, permission):
    if role == Role.admin:
        expected = True
    elif role in EXPECTED:
        expected = permission in EXPECTED[role]
    else:
        expected = permission in MATRIX[role]
    assert allowed(role, permission) is expected
    # nobody but admins manages users; only the credit office and admins decide records
    if permission == Permission.users_manage:
        assert allowed(role, permission) is (role == Role.admin)
    if permission == Permission.records_decide:
        assert allowed(role, permission) is (role in {Role.admin, Role.credit_officer})
    if role in {Role.supervisor, Role.enterprise}:
        assert not allowed(role, Permission.registry_write)


def test_an_account_bound_to_what_its_role_does_not_use_is_refused_not_silently_unbound(make, session):
    """`create-user 张三 --role enterprise --agency 3` used to create an enterprise account and drop the
    agency without a word (and a staff account named with --enterprise lost the enterprise): the
    operator believed the binding held. Each is refused beside the field."""
    from contracts.core.errors import DomainError

    agency = make.agency("某县财政局")
    ent = make.enterprise("某某科技有限公司")
    with pytest.raises(DomainError) as refused:
        access.create_user(session, username="qiye", role="enterprise", enterprise_id=ent.id, agency_id=agency.id)
    assert list(refused.value.errors) == ["agency_id"] and "企业账号" in refused.value.errors["agency_id"][0]
    with pytest.raises(DomainError) as refused:
        access.create_user(session, username="jingban", role="finance_staff", agency_id=agency.id,
                           enterprise_id=ent.id)
    assert list(refused.value.errors) == ["enterprise_id"]
    assert access.create_user(session, username="caiwu", role="finance_staff", agency_id=agency.id).agency_id == agency.id
