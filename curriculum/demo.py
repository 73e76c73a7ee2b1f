"""The demo partnership: a regional advanced-manufacturing partnership with believable members.

`load()` is idempotent: it finds what exists by natural keys and only adds what is missing.
Later features extend it with their own demo data (frameworks, courses, ladders).
"""

from curriculum.auth.models import find_by_email
from curriculum.auth.services import create_user
from curriculum.courses import demo as courses_demo
from curriculum.extensions import db
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.partnerships import services as partnerships
from curriculum.partnerships.models import Partnership, Role
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
    courses, programs and alignments."""
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
            email, name, PASSWORD, organization=orgs.get(org_name), is_site_admin=admin
        )
        if role is not None and partnerships.membership_of(user, partnership) is None:
            partnerships.add_member(partnership, user, role)
        users[email] = user
    standards_demo.load(partnership, users)
    courses_demo.load(partnership, users)
    return partnership


def accounts_text() -> str:
    """The demo accounts as printed by `make run`."""
    lines = [f"Demo accounts (password: {PASSWORD}):"]
    for email, _name, org, role, admin in ACCOUNTS:
        what = "site administrator" if admin else f"{role.value}, {org}"
        lines.append(f"  {email:<24} {what}")
    return "\n".join(lines)


__all__ = ["ACCOUNTS", "PASSWORD", "accounts_text", "load"]
