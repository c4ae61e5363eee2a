"""'The database could not do it now' (busy, locked, unreachable) as kiosk.errors.StoreUnavailable; everything
else stays itself.

A schema or query error (no such table, a wrong column) is a bug or a missed migration, not a busy
database: it must reach the log with its traceback instead of being shown as "try again later".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from kiosk.errors import StoreUnavailable

# SQLite reports schema and query mistakes as OperationalError too; these words say which is which.
_SQLITE_NOT_TRANSIENT = ("no such table", "no such column", "syntax error", "has no column", "no such index")
# PostgreSQL error classes that are about the connection or the server's load, not about our query:
# 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown), 40 rollbacks
# (deadlock, serialization failure), 55P03 lock not available.
_PG_TRANSIENT_CLASSES = ("08", "53", "57", "40")
_PG_TRANSIENT_CODES = ("55P03",)


def is_transient(exc: DBAPIError) -> bool:
    """True when trying again later can succeed: a lock, a dropped connection, a server at its limit."""
    if exc.connection_invalidated:
        return True
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if isinstance(code, str) and code:
        return code[:2] in _PG_TRANSIENT_CLASSES or code in _PG_TRANSIENT_CODES
    if isinstance(exc, OperationalError):
        message = str(exc.orig).lower()
        return not any(words in message for words in _SQLITE_NOT_TRANSIENT)
    return False


@contextmanager
def unavailable_as_store_error() -> Iterator[None]:
    try:
        yield
    except (PoolTimeoutError, DisconnectionError) as exc:
        raise StoreUnavailable(str(exc)) from exc
    except DBAPIError as exc:
        if not is_transient(exc):
            raise  # a broken rule (IntegrityError) or a schema/query bug: the caller or the log decides
        raise StoreUnavailable(str(exc.orig) if getattr(exc, "orig", None) else str(exc)) from exc
