"""Kiosks: the screens in the library, which branch they stand in, and when staff are on their floor."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, Select, select
from sqlalchemy.orm import Session

from kiosk.store.branches import MAIN_BRANCH_NAME, Branch, branch_id_for, write_branch
from kiosk.store.hours import WEEKDAYS, Spans, StaffedHours
from kiosk.store.schema import BranchRow, KioskRow
from kiosk.store.transient import unavailable_as_store_error

__all__ = ["WEEKDAYS", "Kiosk", "Spans", "StaffedHours"]  # the hours' names stay importable from here


# A kiosk's id: also what a stranger's /?kiosk= must look like before it is looked up at all (PostgreSQL
# refuses a NUL in a query's text with an error, and no kiosk can have another id).
KIOSK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
_KIOSK_ID = re.compile(KIOSK_ID_PATTERN)


class Kiosk(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=KIOSK_ID_PATTERN)
    display_name: str = Field(min_length=1, max_length=200)
    location: str = Field(default="", max_length=200)  # where in the branch ("1. etasje"), free text
    # None when saved: the branch made from `location` (created if there is none), as the upgrade did.
    branch_id: str | None = None
    # The kiosk's own hours, overriding the branch's (kept for kiosks whose hours differed before branches).
    staffed_hours: StaffedHours | None = None
    has_key: bool = False  # False: an open kiosk that any browser may be (the demo)
    branch: Branch | None = Field(default=None, exclude=True)  # filled when read; saving ignores it

    @property
    def hours(self) -> StaffedHours:
        """When staff are on this kiosk's floor: its own hours if it has them, else its branch's."""
        if self.staffed_hours is not None:
            return self.staffed_hours
        return self.branch.staffed_hours if self.branch else StaffedHours()

    @property
    def branch_name(self) -> str:
        return self.branch.name if self.branch else (self.branch_id or "")


DEMO_BRANCHES = [
    Branch(
        id="hovedbiblioteket",
        name="Hovedbiblioteket",
        staffed_hours=StaffedHours(
            weekly={day: [("10:00", "15:00")] for day in ("mon", "tue", "wed", "thu", "fri")} | {"sat": [("11:00", "14:00")]}
        ),
    ),
    Branch(
        id="filial-nord",
        name="Filial nord",
        staffed_hours=StaffedHours(weekly={day: [("12:00", "18:00")] for day in ("mon", "tue", "wed", "thu", "fri")}),
    ),
]
DEMO_KIOSK = Kiosk(id="demo", display_name="Demo kiosk", location="Hovedbiblioteket, 1. etasje", branch_id="hovedbiblioteket")
DEMO_KIOSKS = [
    DEMO_KIOSK,
    Kiosk(id="demo-nord", display_name="Demokiosk nord", location="Ved utlånet", branch_id="filial-nord"),
]


def _to_model(row: KioskRow, branch: BranchRow | None) -> Kiosk:
    return Kiosk(
        id=row.id,
        display_name=row.display_name,
        location=row.location,
        branch_id=row.branch_id,
        staffed_hours=None if row.staffed_hours is None else StaffedHours.model_validate(row.staffed_hours),
        has_key=row.key_hash is not None,
        branch=None
        if branch is None
        else Branch(
            id=branch.id,
            name=branch.name,
            staffed_hours=StaffedHours.model_validate(branch.staffed_hours or {}),
            help_phone=branch.help_phone,
        ),
    )


def _select_kiosks() -> Select[KioskRow, BranchRow]:
    return select(KioskRow, BranchRow).outerjoin(BranchRow, BranchRow.id == KioskRow.branch_id)


def get_kiosk(engine: Engine, kiosk_id: str) -> Kiosk | None:
    if not _KIOSK_ID.match(kiosk_id):
        return None
    with unavailable_as_store_error(), Session(engine) as session:
        found = session.execute(_select_kiosks().where(KioskRow.id == kiosk_id)).first()
        return _to_model(*found) if found else None


def list_kiosks(engine: Engine, branch_id: str | None = None) -> list[Kiosk]:
    """All kiosks (or one branch's), by branch and name."""
    query = _select_kiosks().order_by(BranchRow.name, KioskRow.display_name, KioskRow.id)
    if branch_id is not None:
        query = query.where(KioskRow.branch_id == branch_id)
    with unavailable_as_store_error(), Session(engine) as session:
        return [_to_model(*found) for found in session.execute(query)]


def save_kiosk(engine: Engine, kiosk: Kiosk) -> None:
    """Create the kiosk, or update its name, location, branch and own hours.

    A named branch must exist (LookupError); without one the kiosk goes to the branch made from its
    location, created when missing (with no staffed hours until `branches add` gives it some).
    """
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        branch_id = kiosk.branch_id or branch_id_for(kiosk.location)
        if session.get(BranchRow, branch_id) is None:
            if kiosk.branch_id is not None:
                raise LookupError(f"there is no branch '{branch_id}' (python -m kiosk branches add)")
            write_branch(session, Branch(id=branch_id, name=kiosk.location.strip()[:200] or MAIN_BRANCH_NAME))
            session.flush()
        row = session.get(KioskRow, kiosk.id)
        if row is None:
            row = KioskRow(id=kiosk.id, created_at=datetime.now(UTC))
            session.add(row)
        row.display_name = kiosk.display_name
        row.location = kiosk.location
        row.branch_id = branch_id
        row.staffed_hours = None if kiosk.staffed_hours is None else kiosk.staffed_hours.model_dump(mode="json")


def seed_demo(engine: Engine) -> bool:
    """Add the demo's two branches and a kiosk in each, unless the demo kiosk exists. Returns whether they were added."""
    if get_kiosk(engine, DEMO_KIOSK.id) is not None:
        return False
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        for branch in DEMO_BRANCHES:
            if session.get(BranchRow, branch.id) is None:
                write_branch(session, branch)
    for kiosk in DEMO_KIOSKS:
        if get_kiosk(engine, kiosk.id) is None:
            save_kiosk(engine, kiosk)
    return True


class KeyCheck(StrEnum):
    OPEN = "open"  # the kiosk has no key: any browser may be it
    VALID = "valid"
    REFUSED = "refused"  # wrong or no key for a kiosk that has one
    UNKNOWN = "unknown"  # there is no such kiosk


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_key(engine: Engine, kiosk_id: str) -> str:
    """A new key for the kiosk (the old one stops working). Only its hash is kept: show it once."""
    key = secrets.token_urlsafe(24)
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = session.get(KioskRow, kiosk_id)
        if row is None:
            raise LookupError(f"there is no kiosk '{kiosk_id}'")
        row.key_hash = _digest(key)
    return key


def check_key(engine: Engine, kiosk_id: str, key: str | None) -> KeyCheck:
    if not _KIOSK_ID.match(kiosk_id):
        return KeyCheck.UNKNOWN
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.execute(select(KioskRow.key_hash).where(KioskRow.id == kiosk_id)).first()
    if row is None:
        return KeyCheck.UNKNOWN
    stored = row[0]
    if stored is None:
        return KeyCheck.OPEN
    if key and hmac.compare_digest(stored, _digest(key)):
        return KeyCheck.VALID
    return KeyCheck.REFUSED
