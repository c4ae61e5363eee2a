"""Branches: each kiosk belongs to a library location with its own floor, hours, help phone and queue.

Existing kiosks move into a branch made from their free-text location (an empty one: "main"). The
branch takes the hours most of its kiosks had; a kiosk whose hours differed keeps them as its own
override, the others follow the branch. Inquiries get the branch of their kiosk; walk-ins (no kiosk)
get the only branch when there is just one. Nothing is lost, and every call keeps its kiosk.

Revision ID: 0008_branches
Revises: 0007_stats
Create Date: 2026-11-30
"""

import json
import re
import unicodedata
from collections import Counter
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008_branches"
down_revision = "0007_stats"
branch_labels = None
depends_on = None

MAIN_BRANCH = ("main", "Biblioteket")


def branch_id_for(location: str) -> str:
    """The same rule as kiosk.store.branches.branch_id_for (copied: a migration must not change with the code)."""
    folded = unicodedata.normalize("NFKD", location.replace("ø", "o").replace("Ø", "o").replace("æ", "ae").replace("Æ", "ae"))
    slug = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode().lower()).strip("-")[:64].strip("-")
    return slug or MAIN_BRANCH[0]


def _hours_key(value: object) -> str:
    if isinstance(value, str):  # some drivers hand JSON back as text
        value = json.loads(value)
    return json.dumps(value or {}, sort_keys=True)


def upgrade() -> None:
    op.create_table(
        "branches",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("staffed_hours", sa.JSON(), nullable=False),
        sa.Column("help_phone", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("kiosks") as batch:
        batch.add_column(sa.Column("branch_id", sa.String(64), nullable=True))
        batch.alter_column("staffed_hours", existing_type=sa.JSON(), nullable=True)
    with op.batch_alter_table("inquiries") as batch:
        batch.add_column(sa.Column("branch_id", sa.String(64), nullable=True))
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("target", existing_type=sa.String(16), type_=sa.String(80), existing_nullable=False)

    bind = op.get_bind()
    branches = sa.table(
        "branches",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("staffed_hours", sa.JSON),
        sa.column("help_phone", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    kiosks = sa.table(
        "kiosks",
        sa.column("id", sa.String),
        sa.column("location", sa.String),
        sa.column("staffed_hours", sa.JSON),
        sa.column("branch_id", sa.String),
    )
    inquiries = sa.table("inquiries", sa.column("kiosk_id", sa.String), sa.column("branch_id", sa.String))
    rows = bind.execute(sa.select(kiosks.c.id, kiosks.c.location, kiosks.c.staffed_hours).order_by(kiosks.c.id)).all()
    by_branch: dict[str, list[tuple[str, str, str]]] = {}
    names: dict[str, str] = {}
    for kiosk_id, location, hours in rows:
        branch = branch_id_for(location or "")
        names.setdefault(branch, (location or "").strip() or MAIN_BRANCH[1])
        by_branch.setdefault(branch, []).append((kiosk_id, location, _hours_key(hours)))
    now = datetime.now(UTC)
    for branch, members in by_branch.items():
        # The most common hours become the branch's (the first kiosk's on a tie); the rest stay the kiosk's own.
        common = Counter(key for _id, _loc, key in members).most_common(1)[0][0]
        bind.execute(
            branches.insert().values(
                id=branch, name=names[branch][:200], staffed_hours=json.loads(common), help_phone="", created_at=now
            )
        )
        for kiosk_id, _location, key in members:
            own = None if key == common else json.loads(key)
            bind.execute(kiosks.update().where(kiosks.c.id == kiosk_id).values(branch_id=branch, staffed_hours=own))
    kiosk_branch = sa.select(kiosks.c.branch_id).where(kiosks.c.id == inquiries.c.kiosk_id).scalar_subquery()
    bind.execute(inquiries.update().where(inquiries.c.kiosk_id.is_not(None)).values(branch_id=kiosk_branch))
    if len(by_branch) == 1:  # one location: every walk-in was asked at its desk
        bind.execute(inquiries.update().where(inquiries.c.branch_id.is_(None)).values(branch_id=next(iter(by_branch))))

    with op.batch_alter_table("kiosks") as batch:
        batch.alter_column("branch_id", existing_type=sa.String(64), nullable=False)
        batch.create_foreign_key("fk_kiosks_branch_id_branches", "branches", ["branch_id"], ["id"])
        batch.create_index("ix_kiosks_branch_id", ["branch_id"])
    op.create_index("ix_inquiries_branch_id", "inquiries", ["branch_id"])


def downgrade() -> None:
    bind = op.get_bind()
    kiosks = sa.table(
        "kiosks",
        sa.column("id", sa.String),
        sa.column("location", sa.String),
        sa.column("staffed_hours", sa.JSON),
        sa.column("branch_id", sa.String),
    )
    branches = sa.table("branches", sa.column("id", sa.String), sa.column("name", sa.String), sa.column("staffed_hours", sa.JSON))
    # Back to one free-text location and hours per kiosk: the branch's name and hours where the kiosk had none.
    found = bind.execute(
        sa.select(
            kiosks.c.id, kiosks.c.location, kiosks.c.staffed_hours, branches.c.name, branches.c.staffed_hours.label("bh")
        ).join(branches, branches.c.id == kiosks.c.branch_id)
    ).all()
    for kiosk_id, location, own, name, branch_hours in found:
        bind.execute(
            kiosks.update()
            .where(kiosks.c.id == kiosk_id)
            .values(location=location or name, staffed_hours=own if own is not None else branch_hours)
        )
    op.drop_index("ix_inquiries_branch_id", "inquiries")
    with op.batch_alter_table("kiosks") as batch:
        batch.drop_index("ix_kiosks_branch_id")
        batch.drop_constraint("fk_kiosks_branch_id_branches", type_="foreignkey")
        batch.drop_column("branch_id")
        batch.alter_column("staffed_hours", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("inquiries") as batch:
        batch.drop_column("branch_id")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("target", existing_type=sa.String(80), type_=sa.String(16), existing_nullable=False)
    op.drop_table("branches")
