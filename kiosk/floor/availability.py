"""Whether a kiosk's visitor can expect a person now: outside the staffed hours, within them with nobody
on the floor (everyone on a break, or every tablet silent), or staffed. The kiosk's button says which."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from kiosk.store.kiosks import Kiosk


class Floor(StrEnum):
    CLOSED = "closed"  # outside staffed hours: no call is made
    NOBODY = "nobody"  # within the hours, nobody on the floor: the call waits for the first one back
    STAFFED = "staffed"


def floor_now(kiosk: Kiosk | None, local_now: datetime, on_shift: int) -> Floor:
    if kiosk is not None and not kiosk.hours.is_staffed(local_now):
        return Floor.CLOSED
    return Floor.STAFFED if on_shift else Floor.NOBODY
