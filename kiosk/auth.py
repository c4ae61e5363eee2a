"""Staff, editor and admin accounts: argon2 password hashes, throttled sign-in, shift tokens.

A staff tablet stays signed in through a signed, expiring token (never the password). A
token names the account and its `token_generation`; changing the password or disabling the
account bumps the generation, which voids every token issued before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.settings import MIN_SECRET_BYTES, Settings
from kiosk.store.errors import unavailable_as_store_error
from kiosk.store.schema import UserRow

MIN_PASSWORD_LENGTH = 10
FREE_ATTEMPTS = 5  # failed sign-ins before the account waits
LOCK_BASE_SECONDS = 30
LOCK_MAX_SECONDS = 15 * 60

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password, only for equal timing")


class Role(StrEnum):
    STAFF = "staff"
    EDITOR = "editor"
    ADMIN = "admin"


class User(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    username: str
    display_name: str
    role: Role
    disabled: bool = False

    def may(self, allowed: frozenset[Role] | set[Role]) -> bool:
        return not self.disabled and (self.role in allowed or self.role is Role.ADMIN)


class NewUser(BaseModel):
    username: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")
    display_name: str = Field(min_length=1, max_length=120)
    role: Role
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1024)


class SignInRefused(Exception):
    def __init__(self, reason: str, wait_seconds: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason  # "wrong" | "locked" | "disabled"
        self.wait_seconds = wait_seconds


class AccountError(ValueError):
    pass


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _to_model(row: UserRow) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name, role=Role(row.role), disabled=row.disabled)


def add_user(engine: Engine, username: str, display_name: str, role: Role | str, password: str) -> User:
    new = NewUser(username=username, display_name=display_name, role=Role(role), password=password)
    try:
        with unavailable_as_store_error(), Session(engine) as session, session.begin():
            row = UserRow(
                username=new.username,
                display_name=new.display_name,
                role=new.role,
                password_hash=_hasher.hash(new.password),
                disabled=False,
                failed_logins=0,
                token_generation=0,
                created_at=_now(),
            )
            session.add(row)
            session.flush()
            return _to_model(row)
    except IntegrityError as exc:
        raise AccountError(f"the user name '{username}' is taken") from exc


def _get_row(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise AccountError(f"there is no user '{username}'")
    return row


def set_password(engine: Engine, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = _get_row(session, username)
        row.password_hash = _hasher.hash(password)
        row.failed_logins = 0
        row.locked_until = None
        row.token_generation += 1


def set_disabled(engine: Engine, username: str, disabled: bool = True) -> None:
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = _get_row(session, username)
        row.disabled = disabled
        row.token_generation += 1


def list_users(engine: Engine) -> list[User]:
    with unavailable_as_store_error(), Session(engine) as session:
        return [_to_model(row) for row in session.scalars(select(UserRow).order_by(UserRow.username))]


def get_user(engine: Engine, user_id: int) -> User | None:
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.get(UserRow, user_id)
        return _to_model(row) if row else None


def lock_seconds(failed_logins: int) -> int:
    """How long an account waits after this many failures in a row: nothing, then doubling."""
    if failed_logins < FREE_ATTEMPTS:
        return 0
    return min(LOCK_MAX_SECONDS, LOCK_BASE_SECONDS * 2 ** (failed_logins - FREE_ATTEMPTS))


def authenticate(engine: Engine, username: str, password: str) -> User:
    now = _now()
    refused: SignInRefused | None = None
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = session.scalar(select(UserRow).where(UserRow.username == username.strip().lower()))
        locked_until = _utc(row.locked_until) if row else None
        if row is None:
            _verify(_DUMMY_HASH, password)  # same work as for a real account: no user-name probing by timing
            refused = SignInRefused("wrong")
        elif locked_until and locked_until > now:
            refused = SignInRefused("locked", int((locked_until - now).total_seconds()) + 1)
        elif not _verify(row.password_hash, password):
            row.failed_logins += 1  # committed with the transaction, then refused below
            wait = lock_seconds(row.failed_logins)
            row.locked_until = now + timedelta(seconds=wait) if wait else None
            refused = SignInRefused("locked" if wait else "wrong", wait)
        elif row.disabled:
            refused = SignInRefused("disabled")
        else:
            row.failed_logins = 0
            row.locked_until = None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = _hasher.hash(password)
            user = _to_model(row)
    if refused is not None:
        raise refused
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# -- shift tokens ------------------------------------------------------------------------------


class WeakSecretError(RuntimeError):
    """The signing key is missing or too short: anyone could forge a shift token. The server must not start."""


def check_secret(key: bytes, source: str) -> bytes:
    if len(key) < MIN_SECRET_BYTES:
        raise WeakSecretError(
            f"the signing key from {source} has {len(key)} bytes; it needs at least {MIN_SECRET_BYTES}. "
            "Delete the file to have a new random key made (every tablet then signs in again), "
            f"or set KIOSK_SECRET_KEY to {MIN_SECRET_BYTES} or more random characters."
        )
    return key


def load_or_create_secret(data_dir: Path) -> bytes:
    """The server's signing key, kept in the data dir: made once at random, refused if weak."""
    path = data_dir / "secret.key"
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = _create_secret(path)
    else:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:  # made by an older version with the default umask
            path.chmod(0o600)
    return check_secret(key, str(path))


def _create_secret(path: Path) -> bytes:
    # Written whole under a temporary name, 0600 from the first byte, then put in place in one step:
    # a crash or a second process starting at the same moment never leaves an empty or half key.
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(MIN_SECRET_BYTES)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(key)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(tmp, path)  # fails if another process made the key first: then use that one
        except FileExistsError:
            return path.read_bytes()
        except OSError:
            os.replace(tmp, path)  # a file system without hard links
    finally:
        tmp.unlink(missing_ok=True)
    return key


def signing_key(settings: Settings) -> bytes:
    """KIOSK_SECRET_KEY if set (Settings refuses a short one), else the key file in the data dir."""
    if settings.secret_key:
        return check_secret(settings.secret_key.encode(), "KIOSK_SECRET_KEY")
    return load_or_create_secret(settings.data_dir)


def _sign(secret: bytes, message: str) -> str:
    check_secret(secret, "the server")  # never sign or accept with an empty or short key
    digest = hmac.new(secret, message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def issue_token(engine: Engine, user: User, secret: bytes, lifetime: timedelta) -> str:
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.get(UserRow, user.id)
        generation = row.token_generation if row else 0
    expires = int((_now() + lifetime).timestamp())
    message = f"{user.id}.{generation}.{expires}"
    return f"{message}.{_sign(secret, message)}"


def user_from_token(engine: Engine, token: str, secret: bytes) -> User | None:
    try:
        user_id, generation, expires, signature = token.split(".")
        message = f"{int(user_id)}.{int(generation)}.{int(expires)}"
    except ValueError:
        return None
    try:
        expected = _sign(secret, message)
    except WeakSecretError:
        return None
    if not hmac.compare_digest(expected, signature):
        return None
    if int(expires) < _now().timestamp():
        return None
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.get(UserRow, int(user_id))
        if row is None or row.disabled or row.token_generation != int(generation):
            return None
        return _to_model(row)
