"""The curriculum document's approval page, gathered as plain values (documents.py calls it).

An `Approval` holds what an accreditor asks to see signed: the partnership; each framework
printed with the date its standards are taken at (the "as of" day, or None for the export
date) and its newest publication among them; the organizations whose endorsements count
(employers, labor) that endorsed a printed version, each with the names of the people who
gave those endorsements (by then); and the titles under the two blank signature lines (the
program's `committee_signatory` and `convener_signatory`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from curriculum.auth.models import User
from curriculum.extensions import db
from curriculum.organizations.models import ENDORSING_KINDS, Organization
from curriculum.standards.models import Endorsement, Framework, VersionStatus

if TYPE_CHECKING:
    from curriculum.courses.models import Program
    from curriculum.exports.documents import PrintedVersion
    from curriculum.partnerships.models import Partnership

FORMER_MEMBER = "a former member"  # an endorsement whose person's account is gone


@dataclass
class FrameworkBasis:
    """A framework as the document stands on it: how many of its versions are printed, and
    the newest publication date among them (None: nothing published is printed)."""

    framework: Framework
    versions: int
    newest_publication: date | None


@dataclass
class EndorsingOrganization:
    name: str
    people: list[str]  # who endorsed printed versions for it, sorted


@dataclass
class Approval:
    partnership: Partnership
    college: str
    frameworks: list[FrameworkBasis]
    endorsers: list[EndorsingOrganization]
    as_of: date | None  # the day the standards are taken at; None: the export date
    signatories: list[tuple[str, str]]  # (title under the line, who it signs for)


def approval_page(
    program: Program,
    frameworks: list[Framework],
    printed: Sequence[PrintedVersion],
    at: datetime | None,
) -> Approval:
    """The approval page of a curriculum document printing `printed` (one query)."""
    bases = []
    for framework in frameworks:
        mine = [p for p in printed if p.standard.framework_id == framework.id]
        published = [
            p.version.published_at
            for p in mine
            if p.version is not None
            and p.version.published_at is not None
            and p.status not in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)
        ]
        newest = max(published).date() if published else None
        bases.append(FrameworkBasis(framework, len(mine), newest))
    return Approval(
        partnership=program.partnership,
        college=program.organization.name,
        frameworks=bases,
        endorsers=_endorsers([p.version.id for p in printed if p.version is not None], at),
        as_of=at.date() if at is not None else None,
        signatories=[
            (program.committee_signatory, program.organization.name),
            (program.convener_signatory, program.partnership.name),
        ],
    )


def _endorsers(version_ids: list[int], at: datetime | None) -> list[EndorsingOrganization]:
    """The organizations whose endorsements count that endorsed any of these versions by
    `at`, with the people who gave them (one query)."""
    if not version_ids:
        return []
    query = (
        db.select(Organization.name, User.display_name)
        .select_from(Endorsement)
        .join(Organization, Organization.id == Endorsement.organization_id)
        .outerjoin(User, User.id == Endorsement.user_id)
        .where(
            Endorsement.version_id.in_(version_ids),
            Organization.kind.in_(list(ENDORSING_KINDS)),
        )
        .distinct()
    )
    if at is not None:
        query = query.where(Endorsement.created_at <= at)
    people: dict[str, set[str]] = {}
    for organization, person in db.session.execute(query):
        people.setdefault(organization, set()).add(person or FORMER_MEMBER)
    return [EndorsingOrganization(name, sorted(people[name])) for name in sorted(people)]
