"""One error for 'the database could not do it now', whatever the driver said."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError


class StoreUnavailable(RuntimeError):
    """The database is busy, locked or unreachable. The caller shows a message and keeps the input."""


@contextmanager
def unavailable_as_store_error() -> Iterator[None]:
    try:
        yield
    except IntegrityError:
        raise  # a broken rule (a duplicate), not an unavailable database: the caller decides
    except (OperationalError, DBAPIError) as exc:
        raise StoreUnavailable(str(exc.orig) if getattr(exc, "orig", None) else str(exc)) from exc
