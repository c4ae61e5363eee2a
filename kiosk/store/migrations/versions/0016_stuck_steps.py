"""Steps where visitors get stuck: when an editor last looked at each.

Revision ID: 0016_stuck_steps
Revises: 0015_booking_branch
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_stuck_steps"
down_revision = "0015_booking_branch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stuck_step_reviews",
        sa.Column("guide", sa.String(80), primary_key=True),
        sa.Column("step", sa.String(80), primary_key=True),
        sa.Column("looked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("looked_by", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("stuck_step_reviews")
