"""Branches: the library's locations, each with its own floor (staffed hours, help phone, queue)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.store.hours import StaffedHours
from kiosk.store.schema import BranchRow
from kiosk.store.transient import unavailable_as_store_error

BRANCH_ID = r"^[a-z0-9][a-z0-9-]{0,63}$"
MAIN_BRANCH_ID, MAIN_BRANCH_NAME = "main", "Biblioteket"


class Branch(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=BRANCH_ID)
    name: str = Field(min_length=1, max_length=200)
    staffed_hours: StaffedHours = Field(default_factory=StaffedHours)
    help_phone: str = Field(default="", max_length=40)  # empty: KIOSK_HELP_PHONE


def branch_id_for(location: str) -> str:
    """The id of the branch a free-text location becomes ("Tøyen filial" -> "toyen-filial"; "" -> "main").

    Migration 0008 holds a copy of this rule: it made the branches of kiosks from before branches.
    """
    folded = unicodedata.normalize("NFKD", location.replace("ø", "o").replace("Ø", "o").replace("æ", "ae").replace("Æ", "ae"))
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode().lower()).strip("-")[:64].strip("-")
    return slug or MAIN_BRANCH_ID


def _to_model(row: BranchRow) -> Branch:
    return Branch(
        id=row.id, name=row.name, staffed_hours=StaffedHours.model_validate(row.staffed_hours or {}), help_phone=row.help_phone
    )


def get_branch(engine: Engine, branch_id: str) -> Branch | None:
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.get(BranchRow, branch_id)
        return _to_model(row) if row else None


def list_branches(engine: Engine) -> list[Branch]:
    with unavailable_as_store_error(), Session(engine) as session:
        return [_to_model(row) for row in session.scalars(select(BranchRow).order_by(BranchRow.name, BranchRow.id))]


def write_branch(session: Session, branch: Branch) -> None:
    """Create or update the branch inside the caller's transaction."""
    row = session.get(BranchRow, branch.id)
    if row is None:
        row = BranchRow(id=branch.id, created_at=datetime.now(UTC))
        session.add(row)
    row.name = branch.name
    row.staffed_hours = branch.staffed_hours.model_dump(mode="json")
    row.help_phone = branch.help_phone


def save_branch(engine: Engine, branch: Branch) -> None:
    """Create the branch, or update its name, hours and help phone."""
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        write_branch(session, branch)
