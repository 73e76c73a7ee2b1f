"""Imports every feature's models so the metadata (and Alembic) knows all tables."""

from curriculum.alignment.models import Alignment
from curriculum.audit.models import AuditEvent
from curriculum.auth.models import ApiToken, PasswordReset, User, UserSession
from curriculum.courses.models import (
    Course,
    CourseOutcome,
    ElectiveGroup,
    Program,
    ProgramCourse,
    ProgramFramework,
)
from curriculum.exports.models import ExportFile, ExportJob
from curriculum.interop.models import Association, Definition, ImportJob
from curriculum.ladders.models import (
    Ladder,
    LadderMove,
    LadderStep,
    StepBenefit,
    StepEmployer,
    StepRequirement,
)
from curriculum.mail.models import OutgoingMail
from curriculum.measures.models import Cohort, CohortCredential, CohortPlacement
from curriculum.needs.models import NeedsSurvey, SurveyHires, SurveyRating, SurveyResponse
from curriculum.notifications.models import Notification, NotificationPreference
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import (
    Invitation,
    JoinRequest,
    Membership,
    Partnership,
    PartnershipOrganization,
)
from curriculum.releases.models import Release, ReleaseEndorsement, ReleaseEntry
from curriculum.search.models import SearchEntry
from curriculum.standards.models import Comment, Endorsement, Framework, Standard, StandardVersion
from curriculum.standards.tree_state import TreeState

__all__ = [
    "Cohort",
    "CohortCredential",
    "CohortPlacement",
    "NeedsSurvey",
    "SurveyHires",
    "SurveyRating",
    "SurveyResponse",
    "Ladder",
    "LadderMove",
    "LadderStep",
    "StepBenefit",
    "StepEmployer",
    "StepRequirement",
    "CourseOutcome",
    "ElectiveGroup",
    "TreeState",
    "Notification",
    "NotificationPreference",
    "OutgoingMail",
    "PasswordReset",
    "Release",
    "ReleaseEndorsement",
    "ReleaseEntry",
    "SearchEntry",
    "Alignment",
    "Association",
    "Definition",
    "ImportJob",
    "Course",
    "ExportFile",
    "ExportJob",
    "Program",
    "ProgramCourse",
    "ProgramFramework",
    "ApiToken",
    "Comment",
    "Endorsement",
    "Framework",
    "Standard",
    "StandardVersion",
    "AuditEvent",
    "Invitation",
    "JoinRequest",
    "Membership",
    "Organization",
    "Partnership",
    "PartnershipOrganization",
    "User",
    "UserSession",
]
