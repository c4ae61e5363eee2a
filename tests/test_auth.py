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


# -- the signing key ---------------------------------------------------------------------------


def test_a_new_signing_key_is_random_private_and_kept(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import stat

    from kiosk.auth import load_or_create_secret

    data_dir = tmp_path / "var"
    key = load_or_create_secret(data_dir)
    assert len(key) >= 32
    assert stat.S_IMODE((data_dir / "secret.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert load_or_create_secret(data_dir) == key
    assert [p.name for p in data_dir.iterdir()] == ["secret.key"]  # no temporary file left behind


def test_racing_servers_agree_on_one_signing_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    from kiosk.auth import load_or_create_secret

    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: load_or_create_secret(tmp_path), range(16)))
    assert keys == {(tmp_path / "secret.key").read_bytes()}


@pytest.mark.parametrize("content", [b"", b"short key"])
def test_a_weak_signing_key_file_is_refused(tmp_path, content: bytes) -> None:  # type: ignore[no-untyped-def]
    from kiosk.auth import WeakSecretError, load_or_create_secret

    (tmp_path / "secret.key").write_bytes(content)
    with pytest.raises(WeakSecretError, match="at least 32"):
        load_or_create_secret(tmp_path)


def test_a_short_secret_key_setting_is_refused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.settings import Settings

    monkeypatch.setenv("KIOSK_SECRET_KEY", "changeme")
    with pytest.raises(ValidationError, match="KIOSK_SECRET_KEY is too short"):
        Settings()
    monkeypatch.setenv("KIOSK_SECRET_KEY", "")
    assert Settings().secret_key is None  # empty: a random key file instead
    monkeypatch.setenv("KIOSK_SECRET_KEY", "x" * 32)
    assert Settings().secret_key == "x" * 32


def test_tokens_signed_with_an_empty_key_open_nothing(engine: Engine) -> None:
    import base64
    import hashlib
    import hmac

    from kiosk.auth import WeakSecretError

    admin = add_user(engine, "boss", "Boss", Role.ADMIN, PASSWORD)
    message = f"{admin.id}.0.{2**40}"
    digest = hmac.new(b"", message.encode(), hashlib.sha256).digest()
    forged = message + "." + base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert user_from_token(engine, forged, b"") is None
    with pytest.raises(WeakSecretError):
        issue_token(engine, admin, b"", timedelta(hours=1))
