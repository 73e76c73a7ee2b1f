"""releases (editions of a framework), notifications and their preferences, outgoing mail, password resets

Revision ID: 313dfce916e0
Revises: 9811c65b212b
Create Date: 2026-11-30 19:47:25.347640

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "313dfce916e0"
down_revision = "9811c65b212b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notification_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column(
            "delivery",
            sa.Enum("app", "email", "digest", name="delivery", native_enum=False, length=16),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preferences")),
        sa.UniqueConstraint(
            "user_id", "kind", name=op.f("uq_notification_preferences_user_id_kind")
        ),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("emailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("digested_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_notifications_partnership_id_partnerships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_partnership_id"), ["partnership_id"], unique=False
        )
        batch_op.create_index("ix_notifications_user_read", ["user_id", "read_at"], unique=False)

    op.create_table(
        "outgoing_mails",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("to", sa.String(length=254), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("sender", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("transport", sa.String(length=8), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
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
            ["user_id"],
            ["users.id"],
            name=op.f("fk_outgoing_mails_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_mails")),
    )
    with op.batch_alter_table("outgoing_mails", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outgoing_mails_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outgoing_mails_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outgoing_mails_to"), ["to"], unique=False)
        batch_op.create_index(batch_op.f("ix_outgoing_mails_user_id"), ["user_id"], unique=False)

    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("requested_ip", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_resets_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_resets_user_id"), ["user_id"], unique=False)

    op.create_table(
        "releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "preparing",
                "published",
                "discarded",
                name="releasestatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("prepared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("discarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_releases_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["frameworks.id"],
            name=op.f("fk_releases_framework_id_frameworks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"],
            ["releases.id"],
            name=op.f("fk_releases_previous_id_releases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_releases_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
        sa.UniqueConstraint("framework_id", "number", name=op.f("uq_releases_framework_id_number")),
    )
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_releases_framework_id"), ["framework_id"], unique=False
        )

    op.create_table(
        "release_endorsements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_release_endorsements_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_release_endorsements_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_release_endorsements_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_endorsements")),
        sa.UniqueConstraint(
            "release_id",
            "organization_id",
            name=op.f("uq_release_endorsements_release_id_organization_id"),
        ),
    )
    with op.batch_alter_table("release_endorsements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_release_endorsements_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "release_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("standard_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["standards.id"],
            name=op.f("fk_release_entries_parent_id_standards"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_release_entries_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["standards.id"],
            name=op.f("fk_release_entries_standard_id_standards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["standard_versions.id"],
            name=op.f("fk_release_entries_version_id_standard_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_entries")),
        sa.UniqueConstraint(
            "release_id", "standard_id", name=op.f("uq_release_entries_release_id_standard_id")
        ),
    )
    with op.batch_alter_table("release_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_release_entries_standard_id"), ["standard_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_release_entries_version_id"), ["version_id"], unique=False
        )

    with op.batch_alter_table("export_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("release_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_export_jobs_release_id"), ["release_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_export_jobs_release_id_releases"),
            "releases",
            ["release_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("release_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_endorsements_release_id_releases"),
            "releases",
            ["release_id"],
            ["id"],
            ondelete="SET NULL",
            use_alter=True,
        )

    with op.batch_alter_table("standard_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("release_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_standard_versions_release_id"), ["release_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_standard_versions_release_id_releases"),
            "releases",
            ["release_id"],
            ["id"],
            ondelete="SET NULL",
            use_alter=True,
        )


def downgrade():
    with op.batch_alter_table("export_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_export_jobs_release_id_releases"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_export_jobs_release_id"))
        batch_op.drop_column("release_id")

    with op.batch_alter_table("standard_versions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_standard_versions_release_id_releases"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_standard_versions_release_id"))
        batch_op.drop_column("release_id")

    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_endorsements_release_id_releases"), type_="foreignkey"
        )
        batch_op.drop_column("release_id")

    with op.batch_alter_table("release_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_entries_version_id"))
        batch_op.drop_index(batch_op.f("ix_release_entries_standard_id"))

    op.drop_table("release_entries")
    with op.batch_alter_table("release_endorsements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_endorsements_organization_id"))

    op.drop_table("release_endorsements")
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_releases_framework_id"))

    op.drop_table("releases")
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_resets_user_id"))

    op.drop_table("password_resets")
    with op.batch_alter_table("outgoing_mails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outgoing_mails_user_id"))
        batch_op.drop_index(batch_op.f("ix_outgoing_mails_to"))
        batch_op.drop_index(batch_op.f("ix_outgoing_mails_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_outgoing_mails_created_at"))

    op.drop_table("outgoing_mails")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_read")
        batch_op.drop_index(batch_op.f("ix_notifications_partnership_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_created_at"))

    op.drop_table("notifications")
    op.drop_table("notification_preferences")
