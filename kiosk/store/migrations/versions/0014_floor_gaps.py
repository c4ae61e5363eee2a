"""Notices by branch: a notice reaches every kiosk, the kiosks of one branch, or one kiosk.

A notice for a free-text location becomes a notice for a branch when the kiosks at that location are
exactly the kiosks of one branch, so it reaches the same kiosks as before. Any other keeps its location
and goes on reaching the kiosks at it (notices last a week at most): none stops showing, none starts
showing elsewhere.

Revision ID: 0014_floor_gaps
Revises: 0011_staff_floor
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_floor_gaps"
down_revision = "0011_staff_floor"
branch_labels = None
depends_on = None


def _notices() -> sa.TableClause:
    return sa.table("notices", sa.column("id", sa.Integer), sa.column("location", sa.String), sa.column("branch_id", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("branch_id", sa.String(64), nullable=True))
    bind = op.get_bind()
    notices = _notices()
    kiosks = sa.table("kiosks", sa.column("id", sa.String), sa.column("location", sa.String), sa.column("branch_id", sa.String))
    all_kiosks = bind.execute(sa.select(kiosks.c.id, kiosks.c.location, kiosks.c.branch_id)).all()
    scoped = bind.execute(sa.select(notices.c.id, notices.c.location).where(notices.c.location.is_not(None))).all()
    for notice_id, location in scoped:
        # The same match as the kiosks made before (notices.Notice.reaches): case-insensitive, ends trimmed.
        reached = {kiosk_id for kiosk_id, at, _ in all_kiosks if (at or "").strip().casefold() == location.casefold()}
        branches = {branch for kiosk_id, _, branch in all_kiosks if kiosk_id in reached}
        if len(branches) != 1 or None in branches:
            continue
        [branch] = branches
        if {kiosk_id for kiosk_id, _, at_branch in all_kiosks if at_branch == branch} == reached:
            bind.execute(sa.update(notices).where(notices.c.id == notice_id).values(branch_id=branch, location=None))


def downgrade() -> None:
    bind = op.get_bind()
    notices = _notices()
    kiosks = sa.table("kiosks", sa.column("location", sa.String), sa.column("branch_id", sa.String))
    scoped = bind.execute(sa.select(notices.c.id, notices.c.branch_id).where(notices.c.branch_id.is_not(None))).all()
    for notice_id, branch in scoped:
        # Back to a location when the branch's kiosks share one; otherwise the notice cannot be kept.
        places = {at for (at,) in bind.execute(sa.select(kiosks.c.location).where(kiosks.c.branch_id == branch)).all()}
        if len(places) == 1 and next(iter(places)):
            bind.execute(sa.update(notices).where(notices.c.id == notice_id).values(location=next(iter(places))))
        else:
            bind.execute(sa.delete(notices).where(notices.c.id == notice_id))
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("branch_id")
