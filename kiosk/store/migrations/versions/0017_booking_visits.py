"""Bookings remember the visit that made them, so a visit (and a kiosk per hour) books only what a person needs.

Revision ID: 0017_booking_visits
Revises: 0016_stuck_steps
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_booking_visits"
down_revision = "0016_stuck_steps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("visit_id", sa.String(32), nullable=True))
    op.create_index("ix_bookings_kiosk_created", "bookings", ["kiosk_id", "created_at"])
    op.create_index("ix_bookings_visit", "bookings", ["visit_id"])


def downgrade() -> None:
    op.drop_index("ix_bookings_visit", table_name="bookings")
    op.drop_index("ix_bookings_kiosk_created", table_name="bookings")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("visit_id")
