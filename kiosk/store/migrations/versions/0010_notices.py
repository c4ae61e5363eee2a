"""Notices from the staff to the kiosks, with an end time and a scope.

Revision ID: 0010_notices
Revises: 0008_branches
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_notices"
down_revision = "0008_branches"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("text_nb", sa.String(200), nullable=False),
        sa.Column("text_en", sa.String(200), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(200), nullable=True),
        sa.Column("kiosk_id", sa.String(64), nullable=True),
        sa.Column("guide", sa.String(80), nullable=True),
        sa.Column("category", sa.String(80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("ended_by", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    )
    op.create_index("ix_notices_ends_at", "notices", ["ends_at"])


def downgrade() -> None:
    op.drop_index("ix_notices_ends_at", table_name="notices")
    op.drop_table("notices")
