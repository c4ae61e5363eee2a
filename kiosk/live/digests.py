"""What a live screen shows, reduced to a short digest per channel: equal digests, nothing to redraw.

A digest is computed from the data, not counted per change, so every server process that reads the same
database gives the same digest. A screen whose websocket is on one process and whose live stream is on
another, or that reconnects after a restart, compares like with like and redraws only when something it
shows really changed.

Channels: ``floor:<branch id>`` (the open calls there and who is on the floor for it), ``floor:*`` (every
branch, for a tablet on all branches), ``kiosk:<kiosk id>`` (what a kiosk's waiting visitor is shown: its own
call, how many wait ahead of it, whether anybody is on its floor) and ``notices`` (the notices showing now).
A kiosk hears only its own channel, not its branch's floor: a call made or taken behind it, or at another
kiosk, changes nothing it shows and wakes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from kiosk.floor.calls import HelpCall, waiting_ahead
from kiosk.floor.presence import OnShift
from kiosk.notices.board import Notice

ALL_BRANCHES = "*"
NOTICES = "notices"


def floor_channel(branch_id: str | None) -> str:
    return f"floor:{branch_id or ALL_BRANCHES}"


def kiosk_channel(kiosk_id: str) -> str:
    return f"kiosk:{kiosk_id}"


NO_CALL = "none"  # a kiosk channel's digest when the kiosk has no active call


def _digest(parts: object) -> str:
    return hashlib.blake2s(json.dumps(parts, default=str, sort_keys=True).encode(), digest_size=8).hexdigest()


def _call_parts(call: HelpCall) -> list[object]:
    # Everything a card or the waiting kiosk shows, except the clock (the browser counts it).
    return [
        call.id,
        call.status.value,
        call.accepted_by,
        call.accepted_by_name,
        call.escalated_at is not None,
        call.language,
        call.guide,
        call.step,
        call.problem,
    ]


def floor_digest(calls: Iterable[HelpCall], on_shift: Iterable[OnShift], branch_id: str | None) -> str:
    """The digest of one branch's floor (None: every branch): its active calls and the staff covering it."""
    shown = sorted(_call_parts(call) for call in calls if branch_id is None or call.branch_id == branch_id)
    staff = sorted(
        [person.user_id, person.branch_id or "", sorted(person.languages)] for person in on_shift if person.covers(branch_id)
    )
    return _digest([shown, staff])


def notices_digest(notices: Sequence[Notice], now: datetime) -> str:
    """The notices showing now (started, not ended): one that starts or ends changes the digest on its minute."""
    return _digest(sorted([notice.id, notice.ends_at.isoformat()] for notice in notices if notice.is_shown_at(now)))


def floor_digests(calls: Sequence[HelpCall], on_shift: Sequence[OnShift], branch_ids: Iterable[str]) -> dict[str, str]:
    """Every branch's floor digest and the all-branches one, from one read of the calls and the staff."""
    digests = {floor_channel(branch): floor_digest(calls, on_shift, branch) for branch in branch_ids}
    digests[floor_channel(None)] = floor_digest(calls, on_shift, None)
    return digests


def kiosk_digests(calls: Sequence[HelpCall], on_shift: Sequence[OnShift]) -> dict[str, str]:
    """The digest of each kiosk with an active call: what its help status shows (the call, its place in the
    queue, anybody on that floor or not). Kiosks without one are not in it (their channel reads NO_CALL)."""
    shown: dict[str, list[list[object]]] = {}
    for call in calls:
        if call.is_active:
            anybody = any(person.covers(call.branch_id) for person in on_shift)
            shown.setdefault(call.kiosk_id, []).append([_call_parts(call), waiting_ahead(call, calls), anybody])
    # Ordered by call id (the first part), as the calls come from the database.
    return {kiosk_channel(kiosk): _digest(parts) for kiosk, parts in shown.items()}
