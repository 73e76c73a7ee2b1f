"""change_token on frameworks and programs: what answers kept in memory are keyed by

A new token is set with each change stamp (curriculum.api.stamps). Existing rows get a
random one each (the server default "initial" only stands in while the column is added), so a
process still holding answers from before a downgrade and upgrade cannot find them again.

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
    random = (
        "lower(hex(randomblob(16)))"
        if op.get_bind().dialect.name == "sqlite"
        else "md5(random()::text || clock_timestamp()::text)"
    )
    for table in TABLES:
        op.execute(f"UPDATE {table} SET change_token = {random}")


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('change_token')
