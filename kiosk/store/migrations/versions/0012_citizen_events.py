"""Help calls carry the step's problem the visitor was stuck on ("The code did not arrive").

Revision ID: 0012_citizen_events
Revises: 0010_notices
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_citizen_events"
down_revision = "0010_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("help_calls") as batch:
        batch.add_column(sa.Column("problem", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("help_calls") as batch:
        batch.drop_column("problem")
