"""A booking's `location` column is named for what it holds: the id of the branch whose helpers it was booked with.

Bookings came after branches (0008) and every kiosk has a branch, so every row already holds a branch id.
A renamed column keeps its rows and its constraints: one seat per slot is now unique on
(branch_id, slot_start, seat), under the same name.

Revision ID: 0015_booking_branch
Revises: 0014_floor_gaps
Create Date: 2026-12-05
"""

from alembic import op

revision = "0015_booking_branch"
down_revision = "0014_floor_gaps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.alter_column("location", new_column_name="branch_id")


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.alter_column("branch_id", new_column_name="location")
