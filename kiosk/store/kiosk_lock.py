"""One writer at a time per kiosk (or for notices), for a count-then-insert that must not race: calls and
bookings per kiosk, notices per account.

Counting a kiosk's recent rows and inserting the next one in one transaction is not enough: two
transactions count the same rows and both insert. PostgreSQL takes a transaction-scoped advisory lock
named by the kiosk; SQLite has one writer at a time, so a write as the transaction's first statement
makes the others wait (busy timeout) and count afterwards.
"""

from __future__ import annotations

from sqlalchemy import text, update
from sqlalchemy.orm import Session

from kiosk.store.schema import KioskRow


def hold_kiosk_lock(session: Session, kiosk_id: str) -> None:
    """Call first in the transaction; held until it ends."""
    _hold(session, f"kiosk:{kiosk_id}", kiosk_id)


def hold_notice_lock(session: Session) -> None:
    """The same for posting notices (their caps count every notice)."""
    _hold(session, "notices", "")


def _hold(session: Session, key: str, kiosk_id: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
    else:
        # Any write takes SQLite's write lock, also one that changes nothing or finds no row.
        session.execute(update(KioskRow).where(KioskRow.id == kiosk_id).values(id=KioskRow.id))
