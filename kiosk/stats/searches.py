"""Recording a kiosk search: whether it found something, and a cleaned term when it found nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.stats.privacy import clean_search_term
from kiosk.store.events import Event, EventKind
from kiosk.store.schema import EventRow, SearchMissRow
from kiosk.store.transient import unavailable_as_store_error


def record_search(engine: Engine, kiosk_id: str, visit_id: str, language: str | None, query: str, found: bool) -> None:
    event = Event(
        kind=EventKind.SEARCHED, kiosk_id=kiosk_id, visit_id=visit_id, language=language, value="hits" if found else "no_hits"
    )
    term = None if found else clean_search_term(query)
    now = datetime.now(UTC)
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        session.add(EventRow(at=now, **event.model_dump(mode="json")))
        if term is not None:
            session.add(SearchMissRow(at=now, kiosk_id=kiosk_id, visit_id=visit_id, language=language, term=term))
