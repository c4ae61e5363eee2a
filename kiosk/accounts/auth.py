"""Staff, editor and admin accounts: argon2 password hashes, throttled sign-in, shift tokens.

A staff tablet stays signed in through a signed, expiring token (never the password), signed
with itsdangerous. A token names the account, its `token_generation`, its expiry and a random
token id. Changing the password
or disabling the account bumps the generation, which voids every token issued before; signing
out revokes that one token id. Pages re-check all three on every script run.

Failed sign-ins are counted per (typed name, client address) and per name across all
addresses, in the database and before the password hash is checked: see authenticate(). A right
password forgives only that client's failures; others' failures on the name stay counted.
"""

from __future__ import annotations

import hashlib
import math
import os
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadData, URLSafeSerializer
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import ColumnElement, Connection, Engine, Table, case, delete, exists, false, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.errors import Refused, Unsafe
from kiosk.floor.presence import mark_away
from kiosk.patterns import LANGUAGE_CODE_RE, NTFY_TOPIC_RE
from kiosk.settings import MIN_SECRET_BYTES, Settings
from kiosk.store.schema import RevokedTokenRow, SignInThrottleRow, UserRow
from kiosk.store.transient import unavailable_as_store_error

MIN_PASSWORD_LENGTH = 10
FREE_ATTEMPTS = 5  # failed sign-ins before the account waits
LOCK_BASE_SECONDS = 30
LOCK_MAX_SECONDS = 15 * 60
ACCOUNT_FREE_ATTEMPTS = 20  # failures in a row for a name, from all clients together, before it slows
ACCOUNT_WAIT_SECONDS = 5  # then one try per this many seconds for that name: slowed, not locked
ALL_CLIENTS = "*"  # the throttle bucket that counts a name's failures from every client
FORGET_AFTER_SECONDS = 24 * 3600

_TOKEN_ID = r"^[A-Za-z0-9_-]{16}$"  # secrets.token_urlsafe(12)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password, only for equal timing")


class Role(StrEnum):
    STAFF = "staff"
    EDITOR = "editor"
    LEAD = "lead"  # service lead: the statistics page
    ADMIN = "admin"


class User(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    username: str
    display_name: str
    role: Role
    disabled: bool = False
    # The account's token generation when this was read: a sign-in holds only while it is unchanged.
    generation: int = 0
    spoken_languages: tuple[str, ...] = ()  # language codes; routes help calls to whoever speaks the visitor's
    ui_language: str | None = None  # the staff and editor pages' language; None: the library's default
    ntfy_topic: str | None = None  # a personal topic on the library's ntfy server
    review_languages: tuple[str, ...] = ()  # where this person may mark translations reviewed

    @property
    def works_on_the_floor(self) -> bool:
        """Floor staff come to the floor when they sign in; editors, leads and admins sign in to other pages."""
        return self.role is Role.STAFF

    def may(self, allowed: frozenset[Role] | set[Role]) -> bool:
        return not self.disabled and (self.role in allowed or self.role is Role.ADMIN)


class NewUser(BaseModel):
    username: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")
    display_name: str = Field(min_length=1, max_length=120)
    role: Role
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1024)


class SignInRefused(Refused):
    def __init__(self, reason: str, wait_seconds: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason  # "wrong" | "locked" | "disabled"
        self.wait_seconds = wait_seconds


class AccountError(Refused, ValueError):
    pass


def _now() -> datetime:
    return datetime.now(UTC)


def _to_model(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        disabled=row.disabled,
        generation=row.token_generation,
        spoken_languages=tuple(row.spoken_languages or ()),
        ui_language=row.ui_language,
        ntfy_topic=row.ntfy_topic,
        review_languages=tuple(row.review_languages or ()),
    )


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
        row.token_generation += 1
        mark_away(session, row.id, datetime.now(UTC))  # their tablets are signed out: so is their presence
        _clear_failures(session, username)  # a new password from an admin also lifts any wait


def set_disabled(engine: Engine, username: str, disabled: bool = True) -> None:
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = _get_row(session, username)
        row.disabled = disabled
        row.token_generation += 1
        mark_away(session, row.id, datetime.now(UTC))  # signed out everywhere: off the floor too


MAX_SPOKEN_LANGUAGES = 20


def set_spoken_languages(engine: Engine, username: str, languages: list[str]) -> User:
    """The languages the holder speaks (codes like "ar"), in their order; duplicates dropped."""
    codes = list(dict.fromkeys(code.strip().lower() for code in languages if code.strip()))
    bad = [code for code in codes if not LANGUAGE_CODE_RE.fullmatch(code)]
    if bad:
        raise AccountError(f"not a language code: {', '.join(bad)[:100]}")
    if len(codes) > MAX_SPOKEN_LANGUAGES:
        raise AccountError(f"at most {MAX_SPOKEN_LANGUAGES} languages")
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = _get_row(session, username)
        row.spoken_languages = codes
        session.flush()
        return _to_model(row)


def set_review_languages(engine: Engine, username: str, languages: list[str]) -> User:
    """The languages this person reads fluently enough to mark a translation reviewed (replaces the old list)."""
    codes = sorted(set(languages))
    bad = [code for code in codes if not LANGUAGE_CODE_RE.fullmatch(code)]
    if bad:
        raise AccountError(f"not a language code: {', '.join(bad)}")
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = _get_row(session, username)
        row.review_languages = codes
        session.flush()
        return _to_model(row)


def set_ui_language(engine: Engine, user_id: int, language: str | None) -> None:
    """The language of the staff and editor pages for this account (None: the library's default)."""
    if language is not None and not LANGUAGE_CODE_RE.fullmatch(language):
        raise AccountError(f"not a language code: {language[:20]}")
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        session.execute(update(UserRow).where(UserRow.id == user_id).values(ui_language=language))


def set_ntfy_topic(engine: Engine, username: str, topic: str | None) -> None:
    """A personal ntfy topic (a name on the library's ntfy server, not an address); None removes it."""
    if topic is not None and not NTFY_TOPIC_RE.fullmatch(topic):
        raise AccountError("an ntfy topic is 1 to 64 letters, digits, - or _")
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        _get_row(session, username).ntfy_topic = topic


def list_users(engine: Engine) -> list[User]:
    with unavailable_as_store_error(), Session(engine) as session:
        return [_to_model(row) for row in session.scalars(select(UserRow).order_by(UserRow.username))]


def get_user(engine: Engine, user_id: int) -> User | None:
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.get(UserRow, user_id)
        return _to_model(row) if row else None


def lock_seconds(failed_logins: int) -> int:
    """How long one client waits after this many failures in a row for a name: nothing, then doubling."""
    if failed_logins < FREE_ATTEMPTS:
        return 0
    return min(LOCK_MAX_SECONDS, LOCK_BASE_SECONDS * 2 ** (failed_logins - FREE_ATTEMPTS))


def _client_wait(failures: ColumnElement[int]) -> ColumnElement[int]:
    """lock_seconds() as SQL, so counting and locking are one statement."""
    steps = []
    count = FREE_ATTEMPTS
    while lock_seconds(count) < LOCK_MAX_SECONDS:
        steps.append((failures == count, lock_seconds(count)))
        count += 1
    return case((failures < FREE_ATTEMPTS, 0), *steps, else_=LOCK_MAX_SECONDS)


def _account_wait(failures: ColumnElement[int]) -> ColumnElement[int]:
    # Across all clients a name only slows down, never locks for long: strangers elsewhere
    # cannot keep staff out, yet a guesser with many addresses gets one try per few seconds.
    return case((failures < ACCOUNT_FREE_ATTEMPTS, 0), else_=ACCOUNT_WAIT_SECONDS)


class _Throttled(Exception):
    def __init__(self, wait_seconds: int) -> None:
        self.wait_seconds = wait_seconds


def _insert_missing(conn: Connection, rows: list[dict[str, object]]) -> int:
    """Insert the throttle rows that are not there yet; how many were new."""
    table = cast(Table, SignInThrottleRow.__table__)
    if conn.dialect.name in ("sqlite", "postgresql"):
        dialect_insert = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
        return conn.execute(dialect_insert(table).values(rows).on_conflict_do_nothing()).rowcount
    added = 0
    for row in rows:
        try:
            with conn.begin_nested():
                conn.execute(insert(table).values(row))
            added += 1
        except IntegrityError:
            pass
    return added


def _claim_attempt(engine: Engine, username: str, client: str, now: float) -> int:
    """Count this attempt as a failure *before* the password is checked, or raise _Throttled.

    Each bucket is one guarded UPDATE ... RETURNING: it only counts while the bucket is not locked,
    and the same statement sets the lock. Both buckets change in one transaction (the account's
    refusal undoes the client's count), so parallel guesses cannot slip past the count. A right
    password clears the buckets afterwards. Returns the wait this failure would start (0: none).
    """
    throttle = SignInThrottleRow
    with engine.begin() as conn:
        fresh = {"failures": 0, "locked_until": 0.0, "last_at": now}
        if _insert_missing(conn, [{"username": username, "client": bucket, **fresh} for bucket in (client, ALL_CLIENTS)]):
            # Names nobody has typed for a day are forgotten: guessed names do not pile up.
            conn.execute(delete(throttle).where(throttle.last_at < now - FORGET_AFTER_SECONDS, throttle.locked_until <= now))
        wait = 0
        for bucket, wait_after in ((client, _client_wait), (ALL_CLIENTS, _account_wait)):
            where = (throttle.username == username, throttle.client == bucket)
            failures = throttle.failures + 1
            counted = conn.execute(
                update(throttle)
                .where(*where, throttle.locked_until <= now)
                .values(failures=failures, locked_until=now + wait_after(failures), last_at=now)
                .returning(throttle.locked_until)
            ).first()
            if counted is None:
                locked_until = conn.scalar(select(throttle.locked_until).where(*where)) or now
                raise _Throttled(max(1, math.ceil(locked_until - now)))
            wait = max(wait, math.ceil(counted.locked_until - now))
        return wait


def _clear_failures(session: Session, username: str) -> None:
    session.execute(delete(SignInThrottleRow).where(SignInThrottleRow.username == username))


def _forgive_own_failures(session: Session, username: str, client: str) -> None:
    """A right password forgives this client's failures on the name: its own bucket, and its share of the
    name's count from all clients. Failures others made on the name stay counted, so a staff member signing
    in does not hand a guesser elsewhere a fresh budget."""
    throttle = SignInThrottleRow
    own_bucket = (throttle.username == username, throttle.client == client)
    own = session.scalar(select(throttle.failures).where(*own_bucket)) or 0
    session.execute(delete(throttle).where(*own_bucket))
    left = throttle.failures - own
    session.execute(
        update(throttle)
        .where(throttle.username == username, throttle.client == ALL_CLIENTS)
        .values(
            failures=case((left > 0, left), else_=0),
            # the wait this sign-in's own try started goes with it; one the others' failures earned stays
            locked_until=case((left < ACCOUNT_FREE_ATTEMPTS, 0.0), else_=throttle.locked_until),
        )
    )


def authenticate(engine: Engine, username: str, password: str, client: str | None = None) -> User:
    """The account if the password is right; else SignInRefused, the same for unknown and known names.

    `client` is the address the attempt came from (None: unknown; all unknown clients share one count).
    """
    name = username.strip().lower()[:64]
    client_key = (client or "")[:64]
    try:
        with unavailable_as_store_error():
            wait = _claim_attempt(engine, name, client_key, _now().timestamp())
    except _Throttled as throttled:
        raise SignInRefused("locked", throttled.wait_seconds) from None
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.scalar(select(UserRow).where(UserRow.username == name))
        user = _to_model(row) if row else None
        password_hash = row.password_hash if row else _DUMMY_HASH
    # Outside any transaction: the slow hash holds no lock. An unknown name checks a dummy hash,
    # so it costs the same and answers the same as a wrong password.
    if not _verify(password_hash, password) or user is None:
        raise SignInRefused("locked" if wait else "wrong", wait)
    if user.disabled:
        raise SignInRefused("disabled")
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        _forgive_own_failures(session, name, client_key)
        if _hasher.check_needs_rehash(password_hash):
            session.execute(update(UserRow).where(UserRow.id == user.id).values(password_hash=_hasher.hash(password)))
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# -- shift tokens ------------------------------------------------------------------------------


class WeakSecretError(Unsafe, RuntimeError):
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


_TOKEN_SALT = "kiosk.shift-token.v2"  # a token signed for anything else (or by the old format) never opens a shift


def _serializer(secret: bytes) -> URLSafeSerializer:
    check_secret(secret, "the server")  # never sign or accept with an empty or short key
    return URLSafeSerializer(secret, salt=_TOKEN_SALT, signer_kwargs={"digest_method": hashlib.sha256})


class _Payload(BaseModel):
    """What a shift token says, signed by itsdangerous (HMAC-SHA256 over the JSON, key derived with the salt)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    u: int  # user id
    g: int  # the account's token generation at sign-in
    e: int  # expires, Unix seconds
    t: str = Field(pattern=_TOKEN_ID)  # random: lets sign-out revoke this one token and no other


@dataclass(frozen=True)
class ShiftToken:
    user_id: int
    generation: int
    expires: int
    token_id: str


def _read_token(token: str, secret: bytes) -> ShiftToken | None:
    """The token's fields if its signature is ours (expired or not), else None.

    Tokens from before itsdangerous (`user.generation.expiry.id.hmac`) fail the signature here,
    so those tablets are simply signed out and sign in once more.
    """
    try:
        payload = _Payload.model_validate(_serializer(secret).loads(token))
    except (BadData, ValidationError, WeakSecretError, UnicodeError):
        return None
    return ShiftToken(payload.u, payload.g, payload.e, payload.t)


def issue_token(engine: Engine, user: User, secret: bytes, lifetime: timedelta) -> str:
    # The generation the user signed in with, not today's: a password changed in between voids it.
    del engine  # kept in the signature for callers
    expires = int((_now() + lifetime).timestamp())
    payload = _Payload(u=user.id, g=user.generation, e=expires, t=secrets.token_urlsafe(12))
    return _serializer(secret).dumps(payload.model_dump())


def token_id(token: str | None, secret: bytes) -> str | None:
    shift = _read_token(token, secret) if token else None
    return shift.token_id if shift else None


def user_from_token(engine: Engine, token: str, secret: bytes) -> User | None:
    shift = _read_token(token, secret)
    if shift is None or shift.expires < _now().timestamp():
        return None
    return still_valid(engine, shift.user_id, shift.generation, shift.token_id)


def still_valid(engine: Engine, user_id: int, generation: int, token_id: str | None = None) -> User | None:
    """The account, fresh from the database, if a sign-in with this generation (and token) still holds.

    One indexed query: cheap enough for every script run, the staff page's every-second refresh included.
    """
    revoked = exists().where(RevokedTokenRow.token_id == token_id) if token_id else false()
    with unavailable_as_store_error(), Session(engine) as session:
        found = session.execute(select(UserRow, revoked).where(UserRow.id == user_id)).first()
        if found is None:
            return None
        row, is_revoked = found
        if row.disabled or row.token_generation != generation or is_revoked:
            return None
        return _to_model(row)


def revoke_token(engine: Engine, token: str, secret: bytes) -> None:
    """Sign-out: this token opens nothing any more, even as a copy. The user's other tablets stay in."""
    shift = _read_token(token, secret)
    if shift is None:
        return  # not ours: nothing it could open
    now = _now().timestamp()
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        session.execute(delete(RevokedTokenRow).where(RevokedTokenRow.expires_at < now))  # stays small
        if shift.expires >= now and session.get(RevokedTokenRow, shift.token_id) is None:
            session.add(RevokedTokenRow(token_id=shift.token_id, expires_at=shift.expires))
