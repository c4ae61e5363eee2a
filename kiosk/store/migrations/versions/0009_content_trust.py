"""Content trust: the languages an account may review translations in.

Revision ID: 0009_content_trust
Revises: 0012_citizen_events
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_content_trust"
down_revision = "0012_citizen_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("review_languages", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("review_languages")
