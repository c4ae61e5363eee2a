"""One family for the errors the product raises on purpose; anything else is a bug and reaches the log with its traceback.

KioskError
├── Refused        the product says no to this input or this move; the UI shows why, in the user's language
├── Unavailable    something the product leans on is not there now (database, voice); trying later can work
│   └── StoreUnavailable   the database is busy, locked or unreachable (kiosk.store.transient says which errors)
└── Unsafe         the server's settings are not safe to run with; it refuses to start

The classes that existed before this family keep their old bases too (ValueError, RuntimeError,
yaml.YAMLError), so code that catches those still catches them. This module imports nothing from the
product: every layer, the store included, may raise these.
"""

from __future__ import annotations


class KioskError(Exception):
    """Root of the product's own errors."""


class Refused(KioskError):
    """A refusal to show: the message is for the person who asked, no traceback is needed."""


class Unavailable(KioskError):
    """A dependency is down or busy right now; the caller keeps the input and says "try again"."""


class StoreUnavailable(Unavailable, RuntimeError):
    """The database is busy, locked or unreachable. The caller shows a message and keeps the input."""


class Unsafe(KioskError):
    """The settings are unsafe (a weak signing key …); the process must not serve with them."""
