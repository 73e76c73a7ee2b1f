"""changed_at on frameworks and programs: when the API's answers made of them last changed

The stamp behind Last-Modified (curriculum.api.stamps sets it). Existing rows get the time of
the migration: their answers may have changed at any earlier time, so "now" is the only date
that never claims "not modified" wrongly.

Revision ID: 6cd7a67754a8
Revises: 085755177de0
Create Date: 2026-12-01 14:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6cd7a67754a8'
down_revision = '085755177de0'
branch_labels = None
depends_on = None

TABLES = ("frameworks", "programs")


def upgrade():
    # SQLite cannot add a column whose default is not a constant: batch mode copies the table.
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    'changed_at',
                    sa.DateTime(timezone=True),
                    server_default=sa.text('CURRENT_TIMESTAMP'),
                    nullable=False,
                )
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('changed_at')
