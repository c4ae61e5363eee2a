"""A live stream's ticket: which screen may listen to which channels, signed by the server.

The page gets its ticket in the run that drew it, after the kiosk's key was checked or the staff member
signed in, so the stream needs no cookie of its own: a kiosk hears its own channel and the notices,
a staff tablet the branch it shows (or all). A ticket tells only that something changed, never what.
A staff ticket names the account and its sign-in generation: the stream checks the account again while
it is open, so a disabled account's tablet is sent back to the sign-in form.
"""

from __future__ import annotations

import hashlib

from itsdangerous import BadData, URLSafeSerializer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.live.digests import NOTICES, floor_channel, kiosk_channel

_SALT = "kiosk.live-ticket.v1"
_ID = r"^[a-z0-9][a-z0-9-]{0,63}$"  # kiosk and branch ids


class Ticket(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    k: str | None = Field(default=None, pattern=_ID)  # a kiosk's id
    u: int | None = None  # a staff account's id
    g: int = 0  # that account's sign-in generation
    b: str | None = Field(default=None, pattern=_ID)  # the branch a tablet shows (None: all)

    def channels(self) -> frozenset[str]:
        if self.k is not None:
            return frozenset({NOTICES, kiosk_channel(self.k)})
        return frozenset({floor_channel(self.b)})


def _serializer(secret: bytes) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=_SALT, signer_kwargs={"digest_method": hashlib.sha256})


def kiosk_ticket(secret: bytes, kiosk_id: str) -> str:
    return _serializer(secret).dumps(Ticket(k=kiosk_id).model_dump(exclude_none=True))


def staff_ticket(secret: bytes, user_id: int, generation: int, branch_id: str | None) -> str:
    return _serializer(secret).dumps(Ticket(u=user_id, g=generation, b=branch_id).model_dump(exclude_none=True))


def read_ticket(secret: bytes, ticket: str) -> Ticket | None:
    """The ticket's fields if we signed it for a kiosk or an account, else None."""
    if not ticket or len(ticket) > 512:
        return None
    try:
        read = Ticket.model_validate(_serializer(secret).loads(ticket))
    except (BadData, ValidationError, UnicodeError, TypeError):
        return None
    return read if (read.k is None) != (read.u is None) else None
