"""alignment revisions: the history of alignments, for exports as of a date

Revision ID: b7e3a1c4d920
Revises: 3200b97f4948
Create Date: 2026-11-27 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e3a1c4d920'
down_revision = '3200b97f4948'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('alignment_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Enum('introduced', 'reinforced', 'mastered', name='alignmentlevel', native_enum=False, length=16), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_to', sa.DateTime(timezone=True), nullable=True),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_alignment_revisions_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_alignment_revisions_course_id_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], name=op.f('fk_alignment_revisions_standard_id_standards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['standard_versions.id'], name=op.f('fk_alignment_revisions_version_id_standard_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alignment_revisions'))
    )
    with op.batch_alter_table('alignment_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_alignment_revisions_course_standard', ['course_id', 'standard_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alignment_revisions_valid_from'), ['valid_from'], unique=False)

    # Every existing alignment gets one open revision: its present state, held since it was
    # made or last confirmed (what it was before that was never recorded).
    op.execute(
        "INSERT INTO alignment_revisions "
        "(course_id, standard_id, version_id, level, note, valid_from, valid_to, changed_by_id) "
        "SELECT course_id, standard_id, version_id, level, note, "
        "COALESCE(confirmed_at, created_at), NULL, COALESCE(confirmed_by_id, created_by_id) "
        "FROM alignments"
    )


def downgrade():
    with op.batch_alter_table('alignment_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alignment_revisions_valid_from'))
        batch_op.drop_index('ix_alignment_revisions_course_standard')

    op.drop_table('alignment_revisions')
