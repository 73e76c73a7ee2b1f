"""Imports every feature's models so the metadata (and Alembic) knows all tables."""

from curriculum.audit.models import AuditEvent
from curriculum.auth.models import User
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import (
    Invitation,
    Membership,
    Partnership,
    PartnershipOrganization,
)

__all__ = [
    "AuditEvent",
    "Invitation",
    "Membership",
    "Organization",
    "Partnership",
    "PartnershipOrganization",
    "User",
]
