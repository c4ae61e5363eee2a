"""The staff queue's order: what a tablet shows first when it fits only two or three cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.floor.calls import CallStatus, HelpCall
from kiosk.floor.queue_order import newest_waiting, queue_order

START = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
ME, COLLEAGUE = 1, 2


def _call(call_id: int, minute: int, status: CallStatus = CallStatus.OPEN, by: int | None = None) -> HelpCall:
    return HelpCall(
        id=call_id,
        visit_id=f"v{call_id}",
        kiosk_id="demo",
        kiosk_name="Demo",
        location="",
        branch_id="main",
        branch_name="Main",
        language="en",
        guide=None,
        step=None,
        status=status,
        created_at=START + timedelta(minutes=minute),
        accepted_by=by,
    )


def test_my_call_then_the_waiting_oldest_first_then_the_colleagues() -> None:
    theirs = _call(1, 0, CallStatus.ACCEPTED, COLLEAGUE)
    mine = _call(2, 1, CallStatus.ACCEPTED, ME)
    old, new = _call(3, 2), _call(4, 9)
    assert [call.id for call in queue_order([theirs, mine, new, old], ME)] == [2, 3, 4, 1]
    assert newest_waiting([theirs, mine, new, old]) == new
    assert newest_waiting([theirs, mine]) is None
