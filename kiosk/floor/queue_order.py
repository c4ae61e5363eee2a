"""The order of the staff tablet's queue, and which waiting call is the newest.

A tablet held in one hand shows two or three cards: the calls that need someone must come before those
a colleague already has. Waiting calls stay oldest first (the order the kiosks promise: "2 ahead of you"),
so the newest is the last of them; `newest_waiting` names it for the bar pinned above the cards.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.floor.calls import CallStatus, HelpCall


def queue_order(calls: Sequence[HelpCall], me: int) -> list[HelpCall]:
    """My own accepted calls first (their Done form is what I come back to), then every waiting call
    oldest first, then the calls colleagues have taken."""

    def place(call: HelpCall) -> tuple[int, object, int]:
        if call.status is not CallStatus.ACCEPTED:
            return 1, call.created_at, call.id
        return (0 if call.accepted_by == me else 2), call.created_at, call.id

    return sorted(calls, key=place)


def newest_waiting(calls: Sequence[HelpCall]) -> HelpCall | None:
    """The call that came in last of those nobody has taken yet."""
    waiting = [call for call in calls if call.status is CallStatus.OPEN]
    return max(waiting, key=lambda call: (call.created_at, call.id), default=None)
