"""Staff sign in with a password; scripts use revocable API tokens; each role holds only its permissions."""

from __future__ import annotations

import re

import pytest

from contracts.access.permissions import MATRIX, Permission, allowed
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


def test_tokens_are_stored_hashed(make, session):
    from contracts.access.models import ApiToken

    _, token = make.user("supervisor")
    stored = session.query(ApiToken).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_no_token_or_a_forged_one_gets_401(api):
    assert api.get("/api/v1/me").status_code == 401
    assert api.as_("ccm_forged").get("/api/v1/me").status_code == 401


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
