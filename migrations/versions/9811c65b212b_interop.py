"""interop: reference frameworks, source identities, associations, definitions, import jobs

Revision ID: 9811c65b212b
Revises: d81f3a6c25e4
Create Date: 2026-11-30 16:20:18.230481

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9811c65b212b"
down_revision = "d81f3a6c25e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "CFItemTypes",
                "CFConcepts",
                "CFSubjects",
                "CFLicenses",
                "CFAssociationGroupings",
                "CFRubrics",
                name="definitionkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("identifier", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["frameworks.id"],
            name=op.f("fk_definitions_framework_id_frameworks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_definitions")),
        sa.UniqueConstraint(
            "framework_id",
            "kind",
            "identifier",
            name=op.f("uq_definitions_framework_id_kind_identifier"),
        ),
    )
    with op.batch_alter_table("definitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_definitions_framework_id"), ["framework_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_definitions_identifier"), ["identifier"], unique=False)

    op.create_table(
        "import_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=True),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "queued",
                "rendering",
                "done",
                "failed",
                name="jobstate",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["frameworks.id"],
            name=op.f("fk_import_jobs_framework_id_frameworks"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_import_jobs_partnership_id_partnerships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_import_jobs_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
    )
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_jobs_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_import_jobs_framework_id"), ["framework_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_import_jobs_partnership_id"), ["partnership_id"], unique=False
        )

    op.create_table(
        "associations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=255), nullable=False),
        sa.Column("association_type", sa.String(length=100), nullable=False),
        sa.Column("origin_id", sa.Integer(), nullable=True),
        sa.Column("origin_identifier", sa.String(length=255), nullable=False),
        sa.Column("origin_uri", sa.String(length=1000), nullable=False),
        sa.Column("origin_title", sa.String(length=1000), nullable=False),
        sa.Column("destination_id", sa.Integer(), nullable=True),
        sa.Column("destination_identifier", sa.String(length=255), nullable=False),
        sa.Column("destination_uri", sa.String(length=1000), nullable=False),
        sa.Column("destination_title", sa.String(length=1000), nullable=False),
        sa.Column("sequence_number", sa.Integer(), nullable=True),
        sa.Column("source_fields", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_associations_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["destination_id"],
            ["standards.id"],
            name=op.f("fk_associations_destination_id_standards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["frameworks.id"],
            name=op.f("fk_associations_framework_id_frameworks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["origin_id"],
            ["standards.id"],
            name=op.f("fk_associations_origin_id_standards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_associations")),
        sa.UniqueConstraint(
            "framework_id", "identifier", name=op.f("uq_associations_framework_id_identifier")
        ),
    )
    with op.batch_alter_table("associations", schema=None) as batch_op:
        batch_op.create_index("ix_associations_destination_id", ["destination_id"], unique=False)
        batch_op.create_index("ix_associations_origin_id", ["origin_id"], unique=False)

    with op.batch_alter_table("frameworks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "origin",
                sa.Enum(
                    "partnership", "reference", name="frameworkorigin", native_enum=False, length=16
                ),
                server_default="partnership",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("source_identifier", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("source_fields", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("source_name", sa.String(length=255), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_frameworks_source_identifier"), ["source_identifier"], unique=False
        )

    with op.batch_alter_table("standard_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_fields", sa.JSON(), nullable=True))

    with op.batch_alter_table("standards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_identifier", sa.String(length=255), nullable=True))
        batch_op.add_column(
            sa.Column("item_type", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.create_index(
            "uq_standards_framework_id_source_identifier",
            ["framework_id", "source_identifier"],
            unique=True,
        )


def downgrade():
    with op.batch_alter_table("standards", schema=None) as batch_op:
        batch_op.drop_index("uq_standards_framework_id_source_identifier")
        batch_op.drop_column("item_type")
        batch_op.drop_column("source_identifier")

    with op.batch_alter_table("standard_versions", schema=None) as batch_op:
        batch_op.drop_column("source_fields")

    with op.batch_alter_table("frameworks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frameworks_source_identifier"))
        batch_op.drop_column("imported_at")
        batch_op.drop_column("source_name")
        batch_op.drop_column("source_fields")
        batch_op.drop_column("source_identifier")
        batch_op.drop_column("origin")

    with op.batch_alter_table("associations", schema=None) as batch_op:
        batch_op.drop_index("ix_associations_origin_id")
        batch_op.drop_index("ix_associations_destination_id")

    op.drop_table("associations")
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_jobs_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_import_jobs_framework_id"))
        batch_op.drop_index(batch_op.f("ix_import_jobs_created_at"))

    op.drop_table("import_jobs")
    with op.batch_alter_table("definitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_definitions_identifier"))
        batch_op.drop_index(batch_op.f("ix_definitions_framework_id"))

    op.drop_table("definitions")
