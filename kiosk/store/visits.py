"""Anonymous visits: a random id per visitor at a kiosk, wiped from the screen on Start over."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.store.schema import VisitRow
from kiosk.store.transient import unavailable_as_store_error


def record_visit_start(engine: Engine, visit_id: str, kiosk_id: str, language: str) -> None:
    """Record that a visit began in a language. Repeating it for the same visit changes only the language."""
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = session.get(VisitRow, visit_id)
        if row is None:
            session.add(VisitRow(id=visit_id, kiosk_id=kiosk_id, language=language, started_at=datetime.now(UTC)))
        else:
            row.language = language


def record_visit_end(engine: Engine, visit_id: str, reason: str) -> None:
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = session.get(VisitRow, visit_id)
        if row is not None and row.ended_at is None:
            row.ended_at = datetime.now(UTC)
            row.end_reason = reason
