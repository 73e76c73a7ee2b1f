"""Imports every feature's models so the metadata (and Alembic) knows all tables."""

from curriculum.audit.models import AuditEvent
from curriculum.auth.models import ApiToken, User
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import (
    Invitation,
    Membership,
    Partnership,
    PartnershipOrganization,
)
from curriculum.standards.models import Comment, Endorsement, Framework, Standard, StandardVersion

__all__ = [
    "ApiToken",
    "Comment",
    "Endorsement",
    "Framework",
    "Standard",
    "StandardVersion",
    "AuditEvent",
    "Invitation",
    "Membership",
    "Organization",
    "Partnership",
    "PartnershipOrganization",
    "User",
]
