"""export formats: a job's format (pdf or docx), and files without a page count

Revision ID: d5b1f0a7c3e2
Revises: c4a9e7d21b38
Create Date: 2026-11-30 13:00:00.000000

Existing jobs are PDFs. A Word document has no page count (Word lays it out when it opens
it), so export_files.pages becomes nullable.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d5b1f0a7c3e2"
down_revision = "c4a9e7d21b38"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("export_jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("format", sa.String(length=8), server_default="pdf", nullable=False)
        )
    with op.batch_alter_table("export_files", schema=None) as batch_op:
        batch_op.alter_column("pages", existing_type=sa.Integer(), nullable=True)


def downgrade():
    export_jobs = sa.table("export_jobs", sa.column("format", sa.String), sa.column("file_id"))
    export_files = sa.table("export_files", sa.column("id"), sa.column("pages", sa.Integer))
    # Word files have no page count and no place among PDFs: the jobs lose their files.
    op.execute(export_jobs.update().where(export_jobs.c.format != "pdf").values(file_id=None))
    op.execute(export_files.delete().where(export_files.c.pages.is_(None)))
    with op.batch_alter_table("export_files", schema=None) as batch_op:
        batch_op.alter_column("pages", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("export_jobs", schema=None) as batch_op:
        batch_op.drop_column("format")
