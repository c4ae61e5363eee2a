"""Floor staff: the languages they speak, their page language and ntfy topic, presence on the floor,
booked visits, and the steps a visitor got stuck on (with a random reference for their printable page).

Revision ID: 0011_staff_floor
Revises: 0009_content_trust
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_staff_floor"
down_revision = "0009_content_trust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("spoken_languages", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("ui_language", sa.String(8), nullable=True))
        batch.add_column(sa.Column("ntfy_topic", sa.String(64), nullable=True))
    with op.batch_alter_table("help_calls") as batch:
        batch.add_column(sa.Column("visitor_ref", sa.String(32), nullable=True))
        batch.add_column(sa.Column("stuck_steps", sa.JSON(), nullable=True))
        batch.create_index("ux_help_calls_visitor_ref", ["visitor_ref"], unique=True)
    op.create_table(
        "staff_presence",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heard_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("branch_id", sa.String(64), nullable=True),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(8), nullable=False, unique=True),
        sa.Column("kiosk_id", sa.String(64), sa.ForeignKey("kiosks.id"), nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("slot_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("guide", sa.String(80), nullable=True),
        sa.Column("step", sa.String(80), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("call_id", sa.Integer(), sa.ForeignKey("help_calls.id"), nullable=True),
        sa.UniqueConstraint("location", "slot_start", "seat", name="uq_bookings_seat"),
    )
    op.create_index("ix_bookings_slot_start", "bookings", ["slot_start"])


def downgrade() -> None:
    op.drop_index("ix_bookings_slot_start", table_name="bookings")
    op.drop_table("bookings")
    op.drop_table("staff_presence")
    with op.batch_alter_table("help_calls") as batch:
        batch.drop_index("ux_help_calls_visitor_ref")
        batch.drop_column("stuck_steps")
        batch.drop_column("visitor_ref")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("ntfy_topic")
        batch.drop_column("ui_language")
        batch.drop_column("spoken_languages")
