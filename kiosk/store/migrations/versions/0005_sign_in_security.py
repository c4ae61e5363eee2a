"""Sign-in security: failed sign-ins per user name and client address, revoked shift tokens.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.Float(), nullable=False, server_default="0"),
        sa.Column("last_at", sa.Float(), nullable=False, index=True),
    )
    op.create_table(
        "revoked_tokens",
        sa.Column("token_id", sa.String(32), primary_key=True),
        sa.Column("expires_at", sa.Float(), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("revoked_tokens")
    op.drop_table("sign_in_throttle")
