"""Statistics: outcomes and referrals of inquiries, daily roll-up of old events, no-result search terms, indexes.

Revision ID: 0007_stats
Revises: 0006
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_stats"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inquiries") as batch:
        batch.add_column(sa.Column("outcome", sa.String(32), nullable=True))
        batch.add_column(sa.Column("referral", sa.String(32), nullable=True))
    # Both cover every column the statistics read: by group order (long ranges) and by time (short ones).
    op.create_index("ix_events_stats", "events", ["kind", "guide", "step", "value", "at", "visit_id", "kiosk_id", "language"])
    op.create_index("ix_events_kind_at", "events", ["kind", "at", "guide", "step", "value", "visit_id", "kiosk_id", "language"])
    op.create_table(
        "event_days",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("guide", sa.String(80), nullable=True),
        sa.Column("step", sa.String(80), nullable=True),
        sa.Column("value", sa.String(32), nullable=True),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
    )
    op.create_index("ix_event_days_kind_day", "event_days", ["kind", "day"])
    op.create_table(
        "search_misses",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("visit_id", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("term", sa.String(40), nullable=False),
    )
    op.create_index("ix_search_misses_at", "search_misses", ["at"])


def downgrade() -> None:
    op.drop_table("search_misses")
    op.drop_table("event_days")
    op.drop_index("ix_events_kind_at", "events")
    op.drop_index("ix_events_stats", "events")
    with op.batch_alter_table("inquiries") as batch:
        batch.drop_column("referral")
        batch.drop_column("outcome")
