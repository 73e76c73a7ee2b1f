"""release entries: held (a standard's changes kept out of the edition) and absent (a held
standard never published, recorded but not in the edition)

Revision ID: a7c3e5f19b42
Revises: 313dfce916e0
Create Date: 2026-11-30 20:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a7c3e5f19b42"
down_revision = "313dfce916e0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("release_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("absent", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("release_entries", schema=None) as batch_op:
        batch_op.drop_column("absent")
        batch_op.drop_column("held")
