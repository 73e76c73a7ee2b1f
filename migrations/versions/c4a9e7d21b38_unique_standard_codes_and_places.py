"""unique standard codes per framework and places per parent

Revision ID: c4a9e7d21b38
Revises: c4e9a7d21b30
Create Date: 2026-11-30 10:20:00.000000

Races could leave two standards of one framework with the same code, or two children of one
parent at the same position. Before the constraints are added, later duplicates of a code get
the code with "~id" appended (visible, and renumbering fixes them), and the children of a
parent with clashing positions are renumbered 0, 1, 2 … in their current order.
"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4a9e7d21b38"
down_revision = "c4e9a7d21b30"
branch_labels = None
depends_on = None

standards = sa.table(
    "standards",
    sa.column("id", sa.Integer),
    sa.column("framework_id", sa.Integer),
    sa.column("parent_id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("position", sa.Integer),
)


def _fix_duplicates(conn):
    rows = conn.execute(
        sa.select(
            standards.c.id,
            standards.c.framework_id,
            standards.c.parent_id,
            standards.c.code,
            standards.c.position,
        ).order_by(standards.c.id)
    ).all()
    seen = set()
    for row in rows:
        key = (row.framework_id, row.code)
        if key in seen:
            code = f"{row.code[: 31 - len(str(row.id))]}~{row.id}"
            conn.execute(standards.update().where(standards.c.id == row.id).values(code=code))
        seen.add(key)
    children = defaultdict(list)
    for row in rows:
        if row.parent_id is not None:
            children[row.parent_id].append(row)
    for siblings in children.values():
        if len({r.position for r in siblings}) == len(siblings):
            continue
        ordered = sorted(siblings, key=lambda r: (r.position, r.id))
        for r in ordered:  # park first, so renumbering never collides
            conn.execute(standards.update().where(standards.c.id == r.id).values(position=-r.id))
        for i, r in enumerate(ordered):
            conn.execute(standards.update().where(standards.c.id == r.id).values(position=i))


def upgrade():
    _fix_duplicates(op.get_bind())
    # Unique indexes: added in place on SQLite too (no table rebuild, so no cascades).
    op.create_index(
        "uq_standards_framework_id_code", "standards", ["framework_id", "code"], unique=True
    )
    op.create_index(
        "uq_standards_parent_id_position", "standards", ["parent_id", "position"], unique=True
    )


def downgrade():
    op.drop_index("uq_standards_parent_id_position", table_name="standards")
    op.drop_index("uq_standards_framework_id_code", table_name="standards")
