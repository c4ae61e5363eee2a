"""Accounts: hashed passwords, throttled sign-in, shift tokens that expire and can be voided."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, text

from kiosk.auth import (
    AccountError,
    Role,
    SignInRefused,
    add_user,
    authenticate,
    issue_token,
    lock_seconds,
    set_disabled,
    set_password,
    user_from_token,
)

PASSWORD = "correct horse battery"
SECRET = b"k" * 32


@pytest.fixture
def kari(engine: Engine):  # type: ignore[no-untyped-def]
    return add_user(engine, "kari", "Kari Nordmann", Role.STAFF, PASSWORD)


def test_passwords_are_stored_as_argon2_hashes(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_sign_in(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    assert authenticate(engine, "kari", PASSWORD) == kari
    assert authenticate(engine, " Kari ", PASSWORD) == kari
    with pytest.raises(SignInRefused) as refused:
        authenticate(engine, "kari", "wrong password")
    assert refused.value.reason == "wrong"
    with pytest.raises(SignInRefused):
        authenticate(engine, "nobody", PASSWORD)


def test_repeated_failures_are_throttled(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        with pytest.raises(SignInRefused) as refused:
            authenticate(engine, "kari", "guess")
        assert refused.value.reason == "wrong"
    with pytest.raises(SignInRefused) as refused:
        authenticate(engine, "kari", "guess")
    assert refused.value.reason == "locked" and refused.value.wait_seconds == 30
    with pytest.raises(SignInRefused) as refused:
        authenticate(engine, "kari", PASSWORD)  # even the right password waits
    assert refused.value.reason == "locked"
    assert [lock_seconds(n) for n in (4, 5, 6, 7, 20)] == [0, 30, 60, 120, 900]


def test_disabled_accounts_cannot_sign_in(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    set_disabled(engine, "kari")
    with pytest.raises(SignInRefused) as refused:
        authenticate(engine, "kari", PASSWORD)
    assert refused.value.reason == "disabled"


def test_accounts_are_validated(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AccountError, match="taken"):
        add_user(engine, "kari", "Another Kari", Role.EDITOR, PASSWORD)
    with pytest.raises(ValidationError):
        add_user(engine, "ola", "Ola", Role.STAFF, "short")
    with pytest.raises(ValueError):
        add_user(engine, "ola", "Ola", "janitor", PASSWORD)


def test_shift_token_round_trip_and_expiry(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    token = issue_token(engine, kari, SECRET, timedelta(hours=10))
    assert PASSWORD not in token
    assert user_from_token(engine, token, SECRET) == kari
    assert user_from_token(engine, token, b"another secret") is None
    assert user_from_token(engine, token[:-2] + "xx", SECRET) is None
    assert user_from_token(engine, "garbage", SECRET) is None
    expired = issue_token(engine, kari, SECRET, timedelta(seconds=-1))
    assert user_from_token(engine, expired, SECRET) is None


def test_password_change_and_disable_void_tokens(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    token = issue_token(engine, kari, SECRET, timedelta(hours=10))
    set_password(engine, "kari", "another long password")
    assert user_from_token(engine, token, SECRET) is None
    fresh = issue_token(engine, kari, SECRET, timedelta(hours=10))
    set_disabled(engine, "kari")
    assert user_from_token(engine, fresh, SECRET) is None


def test_roles() -> None:
    from kiosk.auth import User

    staff = User(id=1, username="a", display_name="A", role=Role.STAFF)
    admin = User(id=2, username="b", display_name="B", role=Role.ADMIN)
    assert staff.may({Role.STAFF}) and not staff.may({Role.EDITOR})
    assert admin.may({Role.EDITOR}) and admin.may({Role.STAFF})
