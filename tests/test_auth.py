"""Accounts: hashed passwords, throttled sign-in, shift tokens that expire and can be voided."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, text

from kiosk.accounts.auth import (
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

pytestmark = pytest.mark.both_databases  # every test here runs on SQLite and on PostgreSQL

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
    assert (refused.value.reason, refused.value.wait_seconds) == ("disabled", 0)  # no wait to show: it will not pass


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
    from kiosk.accounts.auth import User

    staff = User(id=1, username="a", display_name="A", role=Role.STAFF)
    admin = User(id=2, username="b", display_name="B", role=Role.ADMIN)
    assert staff.may({Role.STAFF}) and not staff.may({Role.EDITOR})
    assert admin.may({Role.EDITOR}) and admin.may({Role.STAFF})


# -- the signing key ---------------------------------------------------------------------------


def test_a_new_signing_key_is_random_private_and_kept(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import stat

    from kiosk.accounts.auth import load_or_create_secret

    data_dir = tmp_path / "var"
    key = load_or_create_secret(data_dir)
    assert len(key) >= 32
    assert stat.S_IMODE((data_dir / "secret.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert load_or_create_secret(data_dir) == key
    assert [p.name for p in data_dir.iterdir()] == ["secret.key"]  # no temporary file left behind


def test_racing_servers_agree_on_one_signing_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    from kiosk.accounts.auth import load_or_create_secret

    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: load_or_create_secret(tmp_path), range(16)))
    assert keys == {(tmp_path / "secret.key").read_bytes()}


@pytest.mark.parametrize("content", [b"", b"short key"])
def test_a_weak_signing_key_file_is_refused(tmp_path, content: bytes) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import WeakSecretError, load_or_create_secret

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

    from kiosk.accounts.auth import WeakSecretError

    admin = add_user(engine, "boss", "Boss", Role.ADMIN, PASSWORD)
    message = f"{admin.id}.0.{2**40}"
    digest = hmac.new(b"", message.encode(), hashlib.sha256).digest()
    forged = message + "." + base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert user_from_token(engine, forged, b"") is None
    with pytest.raises(WeakSecretError):
        issue_token(engine, admin, b"", timedelta(hours=1))


# -- throttling under load and from many places ------------------------------------------------


def _count_hash_checks(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    import threading

    import kiosk.accounts.auth

    checked: list[str] = []
    lock = threading.Lock()
    real_verify = kiosk.accounts.auth._verify

    def counting(password_hash: str, password: str) -> bool:
        with lock:
            checked.append(password_hash)
        return real_verify(password_hash, password)

    monkeypatch.setattr(kiosk.accounts.auth, "_verify", counting)
    return checked


def _attempt(engine: Engine, username: str, password: str, client: str | None = None) -> tuple[str, int]:
    try:
        authenticate(engine, username, password, *([client] if client else []))
    except SignInRefused as refused:
        return refused.reason, refused.wait_seconds
    return "ok", 0


def test_fifty_parallel_wrong_passwords_are_all_counted_and_few_are_hashed(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    checked = _count_hash_checks(monkeypatch)
    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(lambda i: _attempt(engine, "kari", f"guess {i}"), range(50)))
    assert all(reason in ("wrong", "locked") for reason, _ in answers)
    assert len(checked) == 5, "once the count reaches five, no more hashes are checked"
    assert sum(reason == "locked" for reason, _ in answers) == 46  # the fifth failure starts the wait
    with engine.connect() as conn:
        failures, locked_until = conn.execute(
            text("SELECT failures, locked_until FROM sign_in_throttle WHERE username = 'kari' AND client = ''")
        ).one()
    assert failures == 5 and locked_until > 0
    assert _attempt(engine, "kari", PASSWORD)[0] == "locked"  # even the right password waits


def test_unknown_and_known_names_answer_alike(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import kiosk.accounts.auth
    from kiosk.accounts.auth import _DUMMY_HASH

    # The clock stands still: the wait a refusal names counts down while the fifth guess's hash is
    # checked, and on a busy machine that takes over a second (29 instead of 30 seconds left).
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: now)
    checked = _count_hash_checks(monkeypatch)
    known = [_attempt(engine, "kari", "guess") for _ in range(7)]
    unknown = [_attempt(engine, "nobody", "guess") for _ in range(7)]
    assert known == unknown == [("wrong", 0)] * 4 + [("locked", 30)] + [("locked", 30)] * 2
    assert checked.count(_DUMMY_HASH) == 5, "an unknown name costs one argon2 check, like a known one"


def test_a_stranger_cannot_lock_staff_out(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    stranger, tablet = "203.0.113.9", "198.51.100.7"
    for _ in range(8):
        _attempt(engine, "kari", "guess", stranger)
    assert _attempt(engine, "kari", PASSWORD, stranger)[0] == "locked"  # the stranger's address waits
    assert _attempt(engine, "kari", PASSWORD, tablet) == ("ok", 0)  # the staff tablet does not


def test_many_addresses_slow_a_name_down_but_do_not_lock_it(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import kiosk.accounts.auth
    from kiosk.accounts.auth import ACCOUNT_FREE_ATTEMPTS, ACCOUNT_WAIT_SECONDS

    assert (ACCOUNT_FREE_ATTEMPTS, ACCOUNT_WAIT_SECONDS) == (20, 5)  # "5 s after 20 failures in a row" (README, Security)
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: now)
    for i in range(ACCOUNT_FREE_ATTEMPTS - 1):
        assert _attempt(engine, "kari", "guess", f"203.0.113.{i}") == ("wrong", 0)
    assert _attempt(engine, "kari", "guess", "203.0.113.200") == ("locked", ACCOUNT_WAIT_SECONDS)
    assert _attempt(engine, "kari", PASSWORD, "198.51.100.7") == ("locked", ACCOUNT_WAIT_SECONDS)
    with engine.connect() as conn:  # the refused try did not count against the tablet's address
        assert not conn.execute(text("SELECT failures FROM sign_in_throttle WHERE client = '198.51.100.7'")).scalar()
    now += timedelta(seconds=ACCOUNT_WAIT_SECONDS)
    assert _attempt(engine, "kari", "guess", "203.0.113.201") == ("locked", ACCOUNT_WAIT_SECONDS)  # the 21st: waits again
    assert _attempt(engine, "kari", "guess", "203.0.113.202") == ("locked", ACCOUNT_WAIT_SECONDS)
    now += timedelta(seconds=ACCOUNT_WAIT_SECONDS)
    assert _attempt(engine, "kari", PASSWORD, "198.51.100.7") == ("ok", 0)


def test_a_new_password_lifts_the_wait(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        _attempt(engine, "kari", "guess")
    set_password(engine, "kari", "another long password")
    assert _attempt(engine, "kari", "another long password") == ("ok", 0)


# -- revoking one token, re-checking a sign-in -------------------------------------------------


def test_a_revoked_token_opens_nothing_but_the_users_other_tablets_stay_in(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import revoke_token

    tablet, phone = (issue_token(engine, kari, SECRET, timedelta(hours=10)) for _ in range(2))
    revoke_token(engine, tablet, SECRET)
    assert user_from_token(engine, tablet, SECRET) is None
    assert user_from_token(engine, phone, SECRET) == kari
    revoke_token(engine, tablet, SECRET)  # twice is harmless
    revoke_token(engine, "garbage", SECRET)


def test_revoked_tokens_are_forgotten_once_expired(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import revoke_token

    revoke_token(engine, issue_token(engine, kari, SECRET, timedelta(seconds=-1)), SECRET)
    revoke_token(engine, issue_token(engine, kari, SECRET, timedelta(hours=1)), SECRET)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM revoked_tokens")).scalar() == 1


def test_tokens_without_an_id_are_refused(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    import base64
    import hashlib
    import hmac

    message = f"{kari.id}.0.{2**40}"  # the format before token ids: it could not be revoked
    digest = hmac.new(SECRET, message.encode(), hashlib.sha256).digest()
    assert user_from_token(engine, message + "." + base64.urlsafe_b64encode(digest).decode().rstrip("="), SECRET) is None


def test_a_token_carries_the_generation_the_user_signed_in_with(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import still_valid

    user = authenticate(engine, "kari", PASSWORD)
    set_password(engine, "kari", "another long password")  # between sign-in and the token
    assert user_from_token(engine, issue_token(engine, user, SECRET, timedelta(hours=1)), SECRET) is None
    assert still_valid(engine, user.id, user.generation) is None
    fresh = authenticate(engine, "kari", "another long password")
    assert still_valid(engine, fresh.id, fresh.generation) == fresh


# -- signed with itsdangerous: what a forged, stale or foreign token gets ---------------------------


def _resigned(token: str, secret: bytes, sign_with: bytes | None = None, **changes: object) -> str:
    """The token's payload with some fields changed, signed again (with `sign_with`, else `secret`)."""
    import kiosk.accounts.auth

    payload = kiosk.accounts.auth._serializer(secret).loads(token)
    return kiosk.accounts.auth._serializer(sign_with or secret).dumps({**payload, **changes})


def test_a_tampered_token_is_refused(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    import base64
    import json

    token = issue_token(engine, kari, SECRET, timedelta(hours=10))
    payload, signature = token.rsplit(".", 1)
    admin = add_user(engine, "boss", "Boss", Role.ADMIN, PASSWORD)
    fields = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps({**fields, "u": admin.id}).encode()).decode().rstrip("=")
    assert user_from_token(engine, f"{forged}.{signature}", SECRET) is None, "someone else's account"
    assert user_from_token(engine, f"{payload}.{signature[::-1]}", SECRET) is None
    assert user_from_token(engine, payload, SECRET) is None, "no signature"
    assert user_from_token(engine, token + "x", SECRET) is None
    assert user_from_token(engine, token, SECRET) == kari


def test_a_token_past_its_expiry_is_refused_and_one_just_before_holds(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import kiosk.accounts.auth

    issued_at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: issued_at)
    token = issue_token(engine, kari, SECRET, timedelta(hours=10))
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: issued_at + timedelta(hours=10))
    assert user_from_token(engine, token, SECRET) == kari
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: issued_at + timedelta(hours=10, seconds=1))
    assert user_from_token(engine, token, SECRET) is None
    # A later expiry written in by hand does not hold without our key.
    assert user_from_token(engine, _resigned(token, SECRET, sign_with=b"x" * 32, e=2**40), SECRET) is None


def test_a_token_signed_out_in_its_last_second_opens_nothing_in_that_second(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import kiosk.accounts.auth
    from kiosk.accounts.auth import revoke_token

    issued_at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: issued_at)
    token = issue_token(engine, kari, SECRET, timedelta(hours=10))
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: issued_at + timedelta(hours=10))  # it still holds
    revoke_token(engine, token, SECRET)
    assert user_from_token(engine, token, SECRET) is None


def test_a_revoked_token_stays_refused_even_re_signed_with_a_new_expiry(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import revoke_token

    token = issue_token(engine, kari, SECRET, timedelta(hours=10))
    revoke_token(engine, token, SECRET)
    assert user_from_token(engine, token, SECRET) is None
    # Even with the key, the revoked id opens nothing: revocation is by id, not by the whole string.
    assert user_from_token(engine, _resigned(token, SECRET, e=2**40), SECRET) is None


def test_a_changed_generation_is_refused(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    token = issue_token(engine, kari, SECRET, timedelta(hours=10))
    assert user_from_token(engine, _resigned(token, SECRET, g=kari.generation + 1), SECRET) is None
    set_password(engine, "kari", "another long password")
    assert user_from_token(engine, token, SECRET) is None


def test_a_token_signed_with_another_strong_key_is_refused(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    other_key = b"o" * 64
    token = issue_token(engine, kari, other_key, timedelta(hours=10))
    assert user_from_token(engine, token, other_key) == kari
    assert user_from_token(engine, token, SECRET) is None


def test_a_token_for_another_purpose_is_refused(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    from itsdangerous import URLSafeSerializer

    import kiosk.accounts.auth

    payload = {"u": kari.id, "g": kari.generation, "e": 2**40, "t": "A" * 16}
    sha256 = {"digest_method": hashlib.sha256}
    assert user_from_token(engine, URLSafeSerializer(SECRET, signer_kwargs=sha256).dumps(payload), SECRET) is None, "no salt"
    assert user_from_token(engine, URLSafeSerializer(SECRET, salt="other", signer_kwargs=sha256).dumps(payload), SECRET) is None
    sha1 = URLSafeSerializer(SECRET, salt=kiosk.accounts.auth._TOKEN_SALT)
    assert user_from_token(engine, sha1.dumps(payload), SECRET) is None, "SHA-1"
    assert user_from_token(engine, kiosk.accounts.auth._serializer(SECRET).dumps(payload), SECRET) == kari


@pytest.mark.parametrize(
    "payload",
    [
        ["not", "a", "dict"],
        {"u": "1", "g": 0, "e": 2**40, "t": "A" * 16},  # a string id
        {"u": True, "g": 0, "e": 2**40, "t": "A" * 16},  # a boolean is not an id
        {"u": 1, "g": 0, "e": 2**40},  # no token id: could not be revoked
        {"u": 1, "g": 0, "e": 2**40, "t": "short"},
        {"u": 1, "g": 0, "e": 2**40, "t": "A" * 16, "role": "admin"},  # nothing extra is trusted
    ],
)
def test_a_well_signed_token_of_the_wrong_shape_opens_nothing(engine: Engine, kari, payload: object) -> None:  # type: ignore[no-untyped-def]
    import kiosk.accounts.auth
    from kiosk.accounts.auth import revoke_token, token_id

    forged = kiosk.accounts.auth._serializer(SECRET).dumps(payload)
    assert user_from_token(engine, forged, SECRET) is None
    assert token_id(forged, SECRET) is None
    revoke_token(engine, forged, SECRET)  # harmless


def test_a_token_from_before_itsdangerous_signs_the_tablet_out_cleanly(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    import base64
    import hashlib
    import hmac

    from kiosk.accounts.auth import revoke_token, token_id

    message = f"{kari.id}.{kari.generation}.{2**40}.AAAAAAAAAAAAAAAA"  # user.generation.expiry.id.hmac
    digest = hmac.new(SECRET, message.encode(), hashlib.sha256).digest()
    old = message + "." + base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert user_from_token(engine, old, SECRET) is None
    assert token_id(old, SECRET) is None
    revoke_token(engine, old, SECRET)  # signing out with it does not fail either
    for junk in ("", ".", "....", "é.é", "a" * 10_000, "\x00"):
        assert user_from_token(engine, junk, SECRET) is None


def test_roles_are_named_only_by_the_role_enum() -> None:
    """The staff role has one home (Role, and User.works_on_the_floor for who comes to the floor): no other module
    compares a role with its text or keeps a copy of it in a constant, which once drifted from the enum."""
    import ast

    from kiosk.settings import PROJECT_ROOT

    values = {role.value for role in Role}
    home = PROJECT_ROOT / "kiosk" / "accounts" / "auth.py"
    copies = []
    for path in sorted((PROJECT_ROOT / "kiosk").rglob("*.py")):
        if path == home:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
            elif isinstance(node, ast.Assign) and any("role" in ast.unparse(t).lower() for t in node.targets):
                operands = [node.value]
            else:
                continue
            named = [o.value for o in operands if isinstance(o, ast.Constant) and o.value in values]
            copies += [f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {value!r}" for value in named]
    assert copies == []


def test_a_staff_sign_in_does_not_reset_the_guessers_count_on_that_name(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The rightful user signs in between a guesser's tries: only their own failures are forgiven."""
    from datetime import UTC, datetime

    import kiosk.accounts.auth
    from kiosk.accounts.auth import ACCOUNT_WAIT_SECONDS

    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: now)
    monkeypatch.setattr(kiosk.accounts.auth, "ACCOUNT_FREE_ATTEMPTS", 6)  # a smaller budget, the same rule
    tablet = "198.51.100.7"
    for i in range(4):
        assert _attempt(engine, "kari", "guess", f"203.0.113.{i}") == ("wrong", 0)
    assert _attempt(engine, "kari", "a typo", tablet) == ("wrong", 0)
    assert _attempt(engine, "kari", PASSWORD, tablet) == ("ok", 0)
    with engine.connect() as conn:
        buckets: dict[str, int] = dict(
            conn.execute(text("SELECT client, failures FROM sign_in_throttle WHERE username = 'kari'")).all()
        )
    assert buckets == {"*": 4, **{f"203.0.113.{i}": 1 for i in range(4)}}  # the tablet's typo and sign-in are forgiven
    assert _attempt(engine, "kari", "guess", "203.0.113.50") == ("wrong", 0)
    assert _attempt(engine, "kari", "guess", "203.0.113.51") == ("locked", ACCOUNT_WAIT_SECONDS)


def test_a_staff_sign_in_forgives_nothing_on_any_other_name(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Kari's typo and sign-in from her tablet take nothing off a guesser's count on names before or after hers."""
    from datetime import UTC, datetime

    import kiosk.accounts.auth

    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: now)
    tablet = "198.51.100.7"
    for name in ("anna", "tor"):  # one sorts before "kari", one after
        for i in range(3):
            assert _attempt(engine, name, "guess", f"203.0.113.{i}") == ("wrong", 0)
    for _ in range(2):
        assert _attempt(engine, "kari", "a typo", tablet) == ("wrong", 0)
    assert _attempt(engine, "kari", PASSWORD, tablet) == ("ok", 0)
    with engine.connect() as conn:
        counts = set(conn.execute(text("SELECT username, client, failures FROM sign_in_throttle WHERE client = '*'")).all())
    assert counts == {("anna", "*", 3), ("kari", "*", 0), ("tor", "*", 3)}  # only kari's own share is forgiven


def test_a_sign_in_forgives_its_own_failure_and_leaves_a_strangers_single_one(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import kiosk.accounts.auth

    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: now)
    assert _attempt(engine, "kari", "guess", "203.0.113.9") == ("wrong", 0)
    assert _attempt(engine, "kari", "a typo", "198.51.100.7") == ("wrong", 0)
    assert _attempt(engine, "kari", PASSWORD, "198.51.100.7") == ("ok", 0)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT failures FROM sign_in_throttle WHERE username = 'kari' AND client = '*'")).scalar() == 1


def _stopped_clock_and_a_budget_of(budget: int, monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The sign-in rules' clock, stopped (move it with clock[0] += ...), and a smaller budget for a name: the same rule."""
    import kiosk.accounts.auth

    clock = [datetime(2026, 11, 24, 12, tzinfo=UTC)]
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: clock[0])
    monkeypatch.setattr(kiosk.accounts.auth, "ACCOUNT_FREE_ATTEMPTS", budget)
    return clock


def test_a_sign_in_keeps_the_wait_that_more_than_the_strangers_budget_earned(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Past the budget, each failure from anywhere slows the name again; kari's own try does not lift that."""
    from kiosk.accounts.auth import ACCOUNT_WAIT_SECONDS

    clock = _stopped_clock_and_a_budget_of(3, monkeypatch)
    for i in range(3):
        _attempt(engine, "kari", "guess", f"203.0.113.{i}")
    clock[0] += timedelta(seconds=ACCOUNT_WAIT_SECONDS)
    assert _attempt(engine, "kari", "guess", "203.0.113.3") == ("locked", ACCOUNT_WAIT_SECONDS)  # the stranger's 4th
    clock[0] += timedelta(seconds=ACCOUNT_WAIT_SECONDS)
    assert _attempt(engine, "kari", PASSWORD, "198.51.100.7") == ("ok", 0)  # the name's 5th try; 4 are the stranger's
    assert _attempt(engine, "kari", PASSWORD, "198.51.100.8") == ("locked", ACCOUNT_WAIT_SECONDS)  # the wait stays


def test_a_sign_in_after_the_name_slowed_down_lifts_the_wait_it_started_itself(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _stopped_clock_and_a_budget_of(3, monkeypatch)
    for i in range(2):
        _attempt(engine, "kari", "guess", f"203.0.113.{i}")
    assert _attempt(engine, "kari", PASSWORD, "198.51.100.7") == ("ok", 0)  # the third try: it would start the wait
    assert _attempt(engine, "kari", PASSWORD, "198.51.100.8") == ("ok", 0)  # another tablet is not slowed by it


# -- account settings: each change reaches its own account only ----------------------------------


@pytest.fixture
def ola_then_kari(engine: Engine):  # type: ignore[no-untyped-def]
    """Two accounts, made so that their ids and their names sort differently."""
    ola = add_user(engine, "ola", "Ola Nordmann", Role.EDITOR, PASSWORD)
    kari = add_user(engine, "kari", "Kari Nordmann", Role.STAFF, PASSWORD)
    return ola, kari


def test_spoken_languages_are_cleaned_bounded_and_kept_on_their_own_account(engine: Engine, ola_then_kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import MAX_SPOKEN_LANGUAGES, get_user, set_spoken_languages

    ola, kari = ola_then_kari
    user = set_spoken_languages(engine, "kari", [" AR ", "so", "", "ar", "ti"])
    assert user.spoken_languages == ("ar", "so", "ti")  # in the holder's order, once each
    assert get_user(engine, ola.id).spoken_languages == ()  # type: ignore[union-attr]
    assert MAX_SPOKEN_LANGUAGES == 20  # more than anyone speaks; the refusal names the number
    many = [f"x{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(MAX_SPOKEN_LANGUAGES + 1)]
    assert len(set_spoken_languages(engine, "kari", many[:MAX_SPOKEN_LANGUAGES]).spoken_languages) == MAX_SPOKEN_LANGUAGES
    with pytest.raises(AccountError, match="at most"):
        set_spoken_languages(engine, "kari", many)
    with pytest.raises(AccountError, match="not a language code: <b>"):
        set_spoken_languages(engine, "kari", ["ar", "<b>"])
    assert get_user(engine, kari.id).spoken_languages == tuple(many[:MAX_SPOKEN_LANGUAGES])  # type: ignore[union-attr]
    with pytest.raises(AccountError, match="no user 'nobody'"):
        set_spoken_languages(engine, "nobody", ["ar"])


def test_review_languages_replace_the_old_list_sorted(engine: Engine, ola_then_kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import get_user, set_review_languages

    ola, kari = ola_then_kari
    set_review_languages(engine, "ola", ["ur", "ar"])
    assert set_review_languages(engine, "ola", ["so", "ar", "so"]).review_languages == ("ar", "so")
    assert get_user(engine, kari.id).review_languages == ()  # type: ignore[union-attr]
    with pytest.raises(AccountError, match="not a language code"):
        set_review_languages(engine, "ola", ["AR"])
    assert get_user(engine, ola.id).review_languages == ("ar", "so")  # type: ignore[union-attr]


def test_the_page_language_and_the_ntfy_topic_change_one_account(engine: Engine, ola_then_kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import get_user, list_users, set_ntfy_topic, set_ui_language

    ola, kari = ola_then_kari
    set_ui_language(engine, kari.id, "sv")
    set_ntfy_topic(engine, "kari", "kari-floor_2")
    assert [(u.username, u.ui_language, u.ntfy_topic) for u in list_users(engine)] == [
        ("kari", "sv", "kari-floor_2"),
        ("ola", None, None),
    ]
    set_ui_language(engine, ola.id, "ar")  # the account with the lower id: kari's stays
    assert [(u.username, u.ui_language) for u in list_users(engine)] == [("kari", "sv"), ("ola", "ar")]
    set_ui_language(engine, ola.id, None)
    with pytest.raises(AccountError) as refused:
        set_ui_language(engine, kari.id, "x" * 50)
    assert str(refused.value) == "not a language code: " + "x" * 20  # a hostile value is shown cut short
    with pytest.raises(AccountError):
        set_ui_language(engine, kari.id, "sv; drop")
    with pytest.raises(AccountError, match="ntfy topic"):
        set_ntfy_topic(engine, "kari", "https://ntfy.sh/x")
    set_ui_language(engine, kari.id, None)
    set_ntfy_topic(engine, "kari", None)
    assert (get_user(engine, kari.id).ui_language, get_user(engine, kari.id).ntfy_topic) == (None, None)  # type: ignore[union-attr]
    assert get_user(engine, ola.id + kari.id + 100) is None


def test_an_account_enabled_again_signs_in_with_a_new_generation(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import get_user

    set_disabled(engine, "kari")
    assert get_user(engine, kari.id).disabled  # type: ignore[union-attr]
    set_disabled(engine, "kari", False)
    user = authenticate(engine, "kari", PASSWORD)
    assert (user.disabled, user.generation) == (False, kari.generation + 2)
    assert user.may({Role.STAFF}) and not user.may({Role.EDITOR})


def test_a_name_nobody_typed_for_a_day_is_forgotten_and_not_a_second_sooner(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import kiosk.accounts.auth
    from kiosk.accounts.auth import FORGET_AFTER_SECONDS

    assert timedelta(seconds=FORGET_AFTER_SECONDS) == timedelta(days=1)

    start = datetime(2026, 11, 24, 12, tzinfo=UTC)
    clock = [start]
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: clock[0])

    def names() -> set[str]:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT DISTINCT username FROM sign_in_throttle")).scalars())

    _attempt(engine, "kari", "guess", "203.0.113.1")
    clock[0] = start + timedelta(seconds=FORGET_AFTER_SECONDS)
    _attempt(engine, "ola", "guess", "203.0.113.2")  # a new name's rows are what sweeps the old ones
    assert names() == {"kari", "ola"}
    clock[0] = start + timedelta(seconds=FORGET_AFTER_SECONDS + 1)
    _attempt(engine, "nils", "guess", "203.0.113.3")
    assert names() == {"ola", "nils"}


def test_a_hash_made_with_older_settings_is_renewed_at_sign_in(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with engine.begin() as conn:
        conn.execute(text("UPDATE users SET password_hash = :h WHERE username = 'kari'"), {"h": old})
    assert authenticate(engine, "kari", PASSWORD) == kari
    with engine.connect() as conn:
        renewed = conn.execute(text("SELECT password_hash FROM users WHERE username = 'kari'")).scalar_one()
    assert renewed != old and not PasswordHasher().check_needs_rehash(renewed)
    assert authenticate(engine, "kari", PASSWORD) == kari


def test_a_key_file_of_exactly_the_minimum_is_kept_and_an_old_open_one_is_made_private(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import stat

    from kiosk.accounts.auth import WeakSecretError, load_or_create_secret
    from kiosk.settings import MIN_SECRET_BYTES

    path = tmp_path / "secret.key"
    path.write_bytes(b"k" * MIN_SECRET_BYTES)
    path.chmod(0o644)  # as an older version left it
    assert load_or_create_secret(tmp_path) == b"k" * MIN_SECRET_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for reachable in (0o610, 0o601):  # any way in for the group or for others, however odd
        path.chmod(reachable)
        load_or_create_secret(tmp_path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_bytes(b"k" * (MIN_SECRET_BYTES - 1))
    with pytest.raises(WeakSecretError, match=f"has {MIN_SECRET_BYTES - 1} bytes"):
        load_or_create_secret(tmp_path)


def test_the_wait_doubles_with_each_failure_after_the_last_one_ran_out(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import kiosk.accounts.auth

    clock = [datetime(2026, 11, 24, 12, tzinfo=UTC)]
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: clock[0])
    answers = []
    for _ in range(5):
        answers.append(_attempt(engine, "kari", "guess", "203.0.113.1"))
    for wait in (30, 60):
        clock[0] += timedelta(seconds=wait - 1)
        answers.append(_attempt(engine, "kari", PASSWORD, "203.0.113.1"))  # a second early: still waiting
        clock[0] += timedelta(seconds=1)
        answers.append(_attempt(engine, "kari", "guess", "203.0.113.1"))
    assert answers == [("wrong", 0)] * 4 + [("locked", 30), ("locked", 1), ("locked", 60), ("locked", 1), ("locked", 120)]


def test_a_revoked_token_is_remembered_until_it_expires_and_forgotten_after(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import kiosk.accounts.auth
    from kiosk.accounts.auth import revoke_token

    clock = [datetime(2026, 11, 24, 12, tzinfo=UTC)]
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: clock[0])
    token = issue_token(engine, kari, SECRET, timedelta(hours=1))
    revoke_token(engine, token, SECRET)

    def remembered() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM revoked_tokens")).scalar_one())

    clock[0] += timedelta(hours=1)  # the last second the token itself would open a shift
    revoke_token(engine, issue_token(engine, kari, SECRET, timedelta(hours=1)), SECRET)
    assert remembered() == 2 and user_from_token(engine, token, SECRET) is None
    clock[0] += timedelta(seconds=1)
    revoke_token(engine, issue_token(engine, kari, SECRET, timedelta(hours=1)), SECRET)
    assert remembered() == 2  # the first is past its expiry: nothing to remember it for


# -- boundaries and guards the mutation run found untested ------------------------------------------------


def test_revoking_tokens_leaves_every_other_in_whatever_their_ids(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import revoke_token, token_id

    tablets = [issue_token(engine, kari, SECRET, timedelta(hours=10)) for _ in range(6)]
    by_id = sorted(tablets, key=lambda tablet: token_id(tablet, SECRET) or "")
    signed_out = {by_id[0], by_id[-1]}  # the lowest and the highest id: a comparison other than "equal" shows
    for tablet in signed_out:
        revoke_token(engine, tablet, SECRET)
    assert {tablet: user_from_token(engine, tablet, SECRET) for tablet in tablets} == {
        tablet: None if tablet in signed_out else kari for tablet in tablets
    }


def test_only_floor_staff_come_to_the_floor_when_they_sign_in() -> None:
    from kiosk.accounts.auth import User

    assert {role: User(id=1, username="a", display_name="A", role=role).works_on_the_floor for role in Role} == {
        role: role is Role.STAFF for role in Role
    }


def test_a_password_of_exactly_the_minimum_length_is_enough(engine: Engine) -> None:
    from kiosk.accounts.auth import MIN_PASSWORD_LENGTH

    assert MIN_PASSWORD_LENGTH == 10
    add_user(engine, "ola", "Ola", Role.STAFF, "x" * MIN_PASSWORD_LENGTH)
    with pytest.raises(AccountError):
        set_password(engine, "ola", "x" * (MIN_PASSWORD_LENGTH - 1))
    assert authenticate(engine, "ola", "x" * MIN_PASSWORD_LENGTH).username == "ola"


@pytest.mark.parametrize("varied", ["name", "client"])
def test_a_guesser_gets_no_fresh_count_by_changing_what_comes_after_the_64th_character(engine: Engine, kari, varied: str) -> None:  # type: ignore[no-untyped-def]
    stem = "g" * 64
    for n in range(5):
        name, client = (stem + str(n), "203.0.113.9") if varied == "name" else ("kari", stem + str(n))
        with pytest.raises(SignInRefused) as refused:
            authenticate(engine, name, "guess", client)
    assert refused.value.reason == "locked", f"five {varied}s alike in their first 64 characters are one guesser"


def test_a_key_file_the_operator_made_read_only_is_left_as_it_is(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import stat

    from kiosk.accounts.auth import load_or_create_secret

    path = tmp_path / "secret.key"
    path.write_bytes(b"k" * 32)
    path.chmod(0o400)  # private already: only "open to others" is changed
    assert load_or_create_secret(tmp_path) == b"k" * 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o400


def test_guesses_on_one_name_count_against_no_other_name_from_the_same_tablet(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    tablet = "203.0.113.5"
    assert _attempt(engine, "kari", "mistyped", tablet) == ("wrong", 0)
    add_user(engine, "ola", "Ola", Role.STAFF, PASSWORD)  # a name sorted after the guessed one, as "kari" is
    for name in ("anne", "anne", "anne", "anne", "anne"):
        _attempt(engine, name, "guess", tablet)
    assert _attempt(engine, "kari", PASSWORD, tablet) == ("ok", 0)
    assert _attempt(engine, "ola", PASSWORD, tablet) == ("ok", 0)


def test_two_addresses_that_differ_only_in_their_64th_character_are_two_guessers(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    first, second = "a" * 63 + "1", "a" * 63 + "2"
    for _ in range(5):
        _attempt(engine, "kari", "guess", first)
    assert _attempt(engine, "kari", "guess", first)[0] == "locked"
    assert _attempt(engine, "kari", PASSWORD, second) == ("ok", 0), "the other address has its own count"


def test_a_names_failures_are_forgotten_a_day_after_the_last_one(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import kiosk.accounts.auth

    clock = [datetime(2026, 11, 24, 12, tzinfo=UTC)]
    monkeypatch.setattr(kiosk.accounts.auth, "_now", lambda: clock[0])
    for _ in range(4):
        _attempt(engine, "kari", "guess", "203.0.113.1")
    clock[0] += timedelta(hours=24, minutes=1)
    _attempt(engine, "somebody-new", "guess", "203.0.113.1")  # a name typed for the first time tidies up
    assert _attempt(engine, "kari", "guess", "203.0.113.1") == ("wrong", 0), "a day later the count starts again"


def test_an_account_form_is_refused_past_its_limits_and_says_which_codes_are_wrong(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import NewUser, set_spoken_languages

    def form(display_name: str = "Ola", password: str = PASSWORD) -> NewUser:
        return NewUser(username="ola", display_name=display_name, role=Role.STAFF, password=password)

    assert form("O" * 120).display_name == "O" * 120 and form(password="p" * 1024).password == "p" * 1024
    for refused in ({"display_name": ""}, {"display_name": "O" * 121}, {"password": "p" * 1025}):
        with pytest.raises(ValidationError):
            form(**refused)
    with pytest.raises(AccountError) as bad:
        set_spoken_languages(engine, "kari", [f"bad code {n}" for n in range(40)])
    listed = str(bad.value).removeprefix("not a language code: ")
    assert listed.startswith("bad code 0, bad code 1") and len(listed) == 100, "a hostile list is cut, not echoed whole"


# -- several accounts: each sign-in, token and change reaches its own account only --------------------


@pytest.fixture
def three_accounts(engine: Engine):  # type: ignore[no-untyped-def]
    """Made so that ids and names sort differently, each with its own password."""
    return {name: add_user(engine, name, name.title(), Role.STAFF, f"{name}'s own password") for name in ("ola", "kari", "nils")}


def test_each_name_signs_in_with_its_own_password_only(engine: Engine, three_accounts) -> None:  # type: ignore[no-untyped-def]
    for name, user in three_accounts.items():
        assert authenticate(engine, name, f"{name}'s own password") == user
        for other in three_accounts.keys() - {name}:
            assert _attempt(engine, name, f"{other}'s own password", "198.51.100.7") == ("wrong", 0)
    # A name nobody has, just before or after one that exists, opens nothing with that account's password.
    for near, account in (("kar", "kari"), ("karia", "kari"), ("nil", "nils"), ("oka", "ola"), ("olaf", "ola")):
        assert _attempt(engine, near, f"{account}'s own password") == ("wrong", 0)


def test_a_token_opens_its_own_account_among_several(engine: Engine, three_accounts) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import token_id

    tokens = {name: issue_token(engine, user, SECRET, timedelta(hours=1)) for name, user in three_accounts.items()}
    for name, token in tokens.items():
        assert user_from_token(engine, token, SECRET) == three_accounts[name]
    ids = {token_id(token, SECRET) for token in tokens.values()}
    assert None not in ids and len(ids) == 3 and token_id(None, SECRET) is None


def test_a_hash_renewed_at_sign_in_changes_only_that_account(engine: Engine, three_accounts) -> None:  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("kari's own password")
    with engine.begin() as conn:  # kari's id is between ola's and nils's
        conn.execute(text("UPDATE users SET password_hash = :h WHERE username = 'kari'"), {"h": old})
    assert authenticate(engine, "kari", "kari's own password") == three_accounts["kari"]  # renewed
    for name in ("ola", "kari", "nils"):
        assert authenticate(engine, name, f"{name}'s own password") == three_accounts[name]


def test_a_new_password_clears_the_failures_on_that_name_only(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    for name in ("anna", "kari", "tor"):  # names before and after
        _attempt(engine, name, "guess", "203.0.113.1")
    set_password(engine, "kari", "a brand new password")
    with engine.connect() as conn:
        left = set(conn.execute(text("SELECT DISTINCT username FROM sign_in_throttle")).scalars())
    assert left == {"anna", "tor"}


def test_a_signing_key_is_made_in_a_data_dir_that_does_not_exist_yet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import load_or_create_secret

    key = load_or_create_secret(tmp_path / "new" / "data")
    assert (tmp_path / "new" / "data" / "secret.key").read_bytes() == key


def test_a_file_system_without_hard_links_still_gets_its_key_and_no_leftovers(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    import kiosk.accounts.auth
    from kiosk.accounts.auth import load_or_create_secret

    def no_links(_source: object, _target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # as on some network and FAT file systems

    monkeypatch.setattr(kiosk.accounts.auth.os, "link", no_links)
    key = load_or_create_secret(tmp_path)
    assert (tmp_path / "secret.key").read_bytes() == key
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]  # the temporary file is gone


def test_a_new_password_of_exactly_the_minimum_length_is_enough(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import MIN_PASSWORD_LENGTH

    set_password(engine, "kari", "p" * MIN_PASSWORD_LENGTH)
    assert authenticate(engine, "kari", "p" * MIN_PASSWORD_LENGTH) == kari.model_copy(update={"generation": 1})
    with pytest.raises(AccountError, match="at least"):
        set_password(engine, "kari", "p" * (MIN_PASSWORD_LENGTH - 1))


def test_two_names_that_differ_only_in_their_64th_character_are_counted_apart(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    first, second = "g" * 63 + "a", "g" * 63 + "b"
    for _ in range(4):
        assert _attempt(engine, first, "guess", "203.0.113.9") == ("wrong", 0)
    assert _attempt(engine, second, "guess", "203.0.113.9") == ("wrong", 0)  # its own first failure, not the fifth


def test_a_one_letter_display_name_is_a_name(engine: Engine) -> None:
    assert add_user(engine, "kk", "K", Role.STAFF, PASSWORD).display_name == "K"
    with pytest.raises(ValidationError):
        add_user(engine, "ll", "", Role.STAFF, PASSWORD)


def test_a_sign_in_from_a_tablet_forgives_nothing_on_other_names_or_from_unknown_addresses(engine: Engine, kari) -> None:  # type: ignore[no-untyped-def]
    tablet = "198.51.100.7"
    for other in ("anna", "tor"):  # the same tablet, names that sort before and after
        assert _attempt(engine, other, "guess", tablet) == ("wrong", 0)
    for _ in range(2):
        assert _attempt(engine, "kari", "guess") == ("wrong", 0)  # no address known: the shared bucket "" sorts before "*"
    assert _attempt(engine, "kari", "a typo", tablet) == ("wrong", 0)
    assert _attempt(engine, "kari", PASSWORD, tablet) == ("ok", 0)
    with engine.connect() as conn:
        rows = set(conn.execute(text("SELECT username, client, failures FROM sign_in_throttle")).all())
    assert rows == {("anna", tablet, 1), ("anna", "*", 1), ("tor", tablet, 1), ("tor", "*", 1), ("kari", "", 2), ("kari", "*", 2)}


def test_a_sign_in_keeps_the_wait_that_exactly_the_strangers_budget_earned(engine: Engine, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import ACCOUNT_WAIT_SECONDS

    clock = _stopped_clock_and_a_budget_of(3, monkeypatch)
    for i in range(3):
        _attempt(engine, "kari", "guess", f"203.0.113.{i}")
    clock[0] += timedelta(seconds=ACCOUNT_WAIT_SECONDS)
    assert _attempt(engine, "kari", PASSWORD, "198.51.100.7") == ("ok", 0)  # the name's 4th try; 3 are the stranger's
    assert _attempt(engine, "kari", PASSWORD, "198.51.100.8") == ("locked", ACCOUNT_WAIT_SECONDS)


def test_the_key_setting_signs_when_set_and_the_key_file_when_not(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kiosk.accounts.auth import signing_key
    from kiosk.settings import Settings

    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KIOSK_SECRET_KEY", "s" * 40)
    assert signing_key(Settings()) == b"s" * 40
    assert not (tmp_path / "secret.key").exists()
    monkeypatch.setenv("KIOSK_SECRET_KEY", "")
    assert signing_key(Settings()) == (tmp_path / "secret.key").read_bytes()
