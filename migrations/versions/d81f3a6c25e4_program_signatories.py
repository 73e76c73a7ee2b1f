"""programs: the titles that sign the curriculum document's approval page

Revision ID: d81f3a6c25e4
Revises: d5b1f0a7c3e2
Create Date: 2026-11-30 13:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd81f3a6c25e4'
down_revision = 'd5b1f0a7c3e2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee_signatory', sa.String(length=120), server_default='Chair, College Curriculum Committee', nullable=False))
        batch_op.add_column(sa.Column('convener_signatory', sa.String(length=120), server_default='Convener, Sector Partnership', nullable=False))


def downgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_column('convener_signatory')
        batch_op.drop_column('committee_signatory')
