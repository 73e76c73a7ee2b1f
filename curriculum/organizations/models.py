"""The organization a user belongs to and that endorsements count for."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from curriculum.db import UTCDateTime, utcnow, value_enum
from curriculum.extensions import Model

if TYPE_CHECKING:
    from curriculum.auth.models import User
    from curriculum.partnerships.models import Partnership


class OrganizationKind(StrEnum):
    """What sort of organization this is; employers and labor count toward endorsement quorums."""

    EMPLOYER = "employer"
    COLLEGE = "college"
    TRAINING_PROVIDER = "training_provider"
    LABOR = "labor"
    WORKFORCE_BOARD = "workforce_board"
    AGENCY = "agency"
    OTHER = "other"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    OrganizationKind.EMPLOYER: "Employer",
    OrganizationKind.COLLEGE: "College",
    OrganizationKind.TRAINING_PROVIDER: "Training provider",
    OrganizationKind.LABOR: "Labor organization",
    OrganizationKind.WORKFORCE_BOARD: "Workforce board",
    OrganizationKind.AGENCY: "Agency",
    OrganizationKind.OTHER: "Other",
}

# Only these count toward a partnership's endorsement quorum.
ENDORSING_KINDS = frozenset({OrganizationKind.EMPLOYER, OrganizationKind.LABOR})


class Organization(Model):
    """A firm, college, training provider, labor group, workforce board or agency."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganizationKind] = mapped_column(value_enum(OrganizationKind, 32))
    city: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="organization")
    partnerships: Mapped[list[Partnership]] = relationship(
        secondary="partnership_organizations", back_populates="organizations", viewonly=True
    )

    @property
    def counts_for_quorum(self) -> bool:
        return self.kind in ENDORSING_KINDS

    def __repr__(self) -> str:
        return f"<Organization {self.name}>"
