"""The demo partnership: a regional advanced-manufacturing partnership with believable members.

`load()` is idempotent: it finds what exists by natural keys and only adds what is missing.
Later features extend it with their own demo data (frameworks, courses, ladders).
"""

from datetime import datetime, timedelta

from curriculum.auth.models import find_by_email
from curriculum.auth.services import create_user
from curriculum.courses import demo as courses_demo
from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.ladders import demo as ladders_demo
from curriculum.measures import demo as measures_demo
from curriculum.needs import demo as needs_demo
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.partnerships import services as partnerships
from curriculum.partnerships.models import Partnership, Role
from curriculum.releases import demo as releases_demo
from curriculum.standards import demo as standards_demo

PASSWORD = "demo-password"

E, C, L, W, A = (
    OrganizationKind.EMPLOYER,
    OrganizationKind.COLLEGE,
    OrganizationKind.LABOR,
    OrganizationKind.WORKFORCE_BOARD,
    OrganizationKind.AGENCY,
)

# (name, kind, city, description)
ORGANIZATIONS = [
    (
        "Kestrel Precision Machining",
        E,
        "Dayton, OH",
        "CNC machining of aerospace and medical parts; 240 employees.",
    ),
    (
        "Miami Valley Automation",
        E,
        "Troy, OH",
        "Builds and integrates robotic work cells for automotive suppliers.",
    ),
    (
        "Great Miami Plastics",
        E,
        "Hamilton, OH",
        "Injection molding and tooling; three plants in the valley.",
    ),
    (
        "Buckeye Fluid Power",
        E,
        "Springfield, OH",
        "Hydraulic and pneumatic components; union shop.",
    ),
    (
        "Stillwater Aerospace Components",
        E,
        "Vandalia, OH",
        "Turbine engine components, AS9100 certified.",
    ),
    (
        "Sinclair Valley Community College",
        C,
        "Dayton, OH",
        "Associate degrees and certificates in mechatronics and machining.",
    ),
    (
        "Clark Technical College",
        C,
        "Springfield, OH",
        "Technical certificates, apprenticeship related instruction.",
    ),
    (
        "IAM District Lodge 54",
        L,
        "Dayton, OH",
        "International Association of Machinists and Aerospace Workers.",
    ),
    (
        "Miami Valley Workforce Board",
        W,
        "Dayton, OH",
        "Area 7 workforce development board; funds training through WIOA.",
    ),
    (
        "Ohio Manufacturing Extension Partnership",
        A,
        "Columbus, OH",
        "State technical assistance for small and mid-sized manufacturers.",
    ),
]

# (email, name, organization, role or None, site admin)
ACCOUNTS = [
    (
        "convener@example.com",
        "Dana Whitfield",
        "Miami Valley Workforce Board",
        Role.CONVENER,
        False,
    ),
    ("panelist@example.com", "Marcus Reyes", "Kestrel Precision Machining", Role.PANELIST, False),
    ("panelist2@example.com", "Priya Natarajan", "Miami Valley Automation", Role.PANELIST, False),
    ("panelist3@example.com", "Tom Kowalski", "Buckeye Fluid Power", Role.PANELIST, False),
    (
        "faculty@example.com",
        "Dr. Alicia Moore",
        "Sinclair Valley Community College",
        Role.FACULTY,
        False,
    ),
    (
        "viewer@example.com",
        "Jordan Lee",
        "Ohio Manufacturing Extension Partnership",
        Role.VIEWER,
        False,
    ),
    ("admin@example.com", "Site Administrator", None, None, True),
]

PARTNERSHIP = {
    "name": "Miami Valley Advanced Manufacturing Partnership",
    "industry": "Advanced manufacturing",
    "naics_code": "33",
    "region": "Miami Valley, Ohio (Dayton–Springfield)",
    "endorsement_quorum": 3,
    "description": (
        "Employers, colleges, labor and the workforce board of the Miami Valley agree on what "
        "machinists, mechatronics technicians and maintenance workers must be able to do, and "
        "align college programs to it.\n\n"
        "- **Employers** write and endorse the skill standards.\n"
        "- **Colleges** align their courses and keep them current.\n"
        "- **Labor and the workforce board** make sure the standards open real career paths."
    ),
}


def _organization(name, kind, city, description) -> Organization:
    org = db.session.scalar(db.select(Organization).where(Organization.name == name))
    if org is None:
        org = Organization(name=name, kind=kind, city=city, description=description)
        db.session.add(org)
        db.session.flush()
    return org


def load() -> Partnership:
    """Create (or complete) the demo partnership, its organizations, accounts, framework,
    courses, programs and alignments, its career ladder, the closed employer survey and the
    programs' cohorts."""
    orgs = {row[0]: _organization(*row) for row in ORGANIZATIONS}
    partnership = db.session.scalar(
        db.select(Partnership).where(Partnership.name == PARTNERSHIP["name"])
    )
    if partnership is None:
        partnership = partnerships.create_partnership(PARTNERSHIP)
    for org in orgs.values():
        partnerships.add_organization(partnership, org)
    users = {}
    for email, name, org_name, role, admin in ACCOUNTS:
        user = find_by_email(email) or create_user(
            email, name, PASSWORD, organization=orgs.get(org_name or ""), is_site_admin=admin
        )
        if role is not None and partnerships.membership_of(user, partnership) is None:
            partnerships.add_member(partnership, user, role)
        users[email] = user
    standards_demo.load(partnership, users)
    courses_demo.load(partnership, users)
    releases_demo.prepare_next(partnership, users)
    spread_history(partnership)
    releases_demo.spread(partnership)
    ladders_demo.load(partnership, users)
    needs_demo.load(partnership)
    measures_demo.load(partnership)
    return partnership


def spread_history(partnership: Partnership, now: datetime | None = None) -> None:
    """Give the demo a past: everything is loaded in one go, so move each version back in time
    by its number (v1 about six months ago, each later version 40 days after the one before),
    with its review, endorsements and publication a few days after it, and each alignment to
    just after the version it is pinned to. Exports "as of" an earlier date then show earlier
    versions and alignments. Times are relative to `now`."""
    from curriculum.alignment.models import Alignment, AlignmentRevision
    from curriculum.standards.models import Framework, Standard

    now = now or utcnow()
    start = now - timedelta(days=180)
    frameworks = db.select(Framework.id).where(Framework.partnership_id == partnership.id)
    standards = db.session.scalars(
        db.select(Standard).where(Standard.framework_id.in_(frameworks))
    ).all()
    when: dict[int, datetime] = {}  # version id -> the moment it counts from
    for standard in standards:
        standard.created_at = start
        for version in standard.versions:
            made = start + timedelta(days=40 * (version.number - 1))
            version.created_at = made
            if version.reviewed_at is not None:
                version.reviewed_at = made + timedelta(days=2)
            if version.published_at is not None:
                version.published_at = made + timedelta(days=5)
            if version.retired_at is not None:
                version.retired_at = made + timedelta(days=10)
            for endorsement in version.endorsements:
                endorsement.created_at = made + timedelta(days=3)
            when[version.id] = version.published_at or made
    standard_ids = [s.id for s in standards]
    for alignment in db.session.scalars(
        db.select(Alignment).where(Alignment.standard_id.in_(standard_ids))
    ):
        alignment.created_at = when[alignment.version_id] + timedelta(days=1)
        if alignment.confirmed_at is not None:
            alignment.confirmed_at = alignment.created_at
    revisions = db.session.scalars(
        db.select(AlignmentRevision)
        .where(AlignmentRevision.standard_id.in_(standard_ids))
        .order_by(
            AlignmentRevision.course_id,
            AlignmentRevision.standard_id,
            AlignmentRevision.outcome_id,
            AlignmentRevision.id,
        )
    ).all()

    def holder(revision: AlignmentRevision) -> tuple[int, int, int | None]:
        # One history per alignment: the course's own (outcome None) or one outcome's.
        return revision.course_id, revision.standard_id, revision.outcome_id

    previous: AlignmentRevision | None = None
    for revision in revisions:
        revision.valid_from = when[revision.version_id] + timedelta(days=1)
        if (
            previous is not None
            and holder(previous) == holder(revision)
            and previous.valid_to is not None
        ):
            previous.valid_to = revision.valid_from
        previous = revision
    db.session.flush()


def accounts_text() -> str:
    """The demo accounts as printed by `make run`."""
    lines = [f"Demo accounts (password: {PASSWORD}):"]
    for email, _name, org, role, admin in ACCOUNTS:
        what = "site administrator" if admin or role is None else f"{role.value}, {org}"
        lines.append(f"  {email:<24} {what}")
    return "\n".join(lines)


__all__ = ["ACCOUNTS", "PASSWORD", "accounts_text", "load"]
