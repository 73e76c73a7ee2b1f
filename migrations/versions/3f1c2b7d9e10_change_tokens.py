"""change_token on frameworks and programs: what answers kept in memory are keyed by

A new token is set with each change stamp (curriculum.api.stamps). Existing rows get
"initial": a key also names the row's id, so they differ from each other and from any token
made later.

Revision ID: 3f1c2b7d9e10
Revises: 6cd7a67754a8
Create Date: 2026-12-01 18:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f1c2b7d9e10'
down_revision = '6cd7a67754a8'
branch_labels = None
depends_on = None

TABLES = ("frameworks", "programs")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    'change_token',
                    sa.String(length=32),
                    server_default='initial',
                    nullable=False,
                )
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('change_token')
