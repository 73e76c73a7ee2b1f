"""The one builder of worlds for the tests and the benchmarks, through the real services.

Every builder goes through the service a person's request would (partnerships, members,
frameworks, standards, endorsements and publication with the quorum, courses, programs,
alignments), so a world stays valid when a rule changes, and commits, so a request made next
sees what was built. The one exception is `organization`: it inserts the row, as a site
administrator's page would after its checks, without the audit event the service records.

Scenes differ between suites (the security suite's World, the alignment tests' small world,
each benchmark's shape) and are written with these builders; where a benchmark needs
thousands of rows, `curriculum.testing.bulk` inserts them without the services.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment
from curriculum.auth.models import User
from curriculum.auth.services import create_user
from curriculum.courses import services as courses
from curriculum.courses.models import Course, Program, ProgramCourse
from curriculum.extensions import db
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.partnerships.models import Partnership, Role
from curriculum.partnerships.services import add_member, add_organization, create_partnership
from curriculum.standards import services as standards
from curriculum.standards import tree
from curriculum.standards.models import Framework, Standard, StandardKind, StandardVersion

PASSWORD = "correct-horse-battery"

_seq = itertools.count(1)


def unique(prefix: str = "x") -> str:
    """A string no other call returns in this process (names, codes and emails that must not
    clash)."""
    return f"{prefix}{next(_seq)}"


class Builder:
    """Builds and commits the rows of a world; each method returns what it made.

    `password`: every user's password (the tests sign in with it); `commit`: False leaves
    the rows flushed only, for a caller that commits once at the end.
    """

    def __init__(self, password: str = PASSWORD, commit: bool = True) -> None:
        self.password = password
        self.commit = commit

    def _done(self) -> None:
        if self.commit:
            db.session.commit()
        else:
            db.session.flush()

    # --- People and partnerships --------------------------------------------------------------

    def organization(
        self, name: str | None = None, kind: OrganizationKind | str = "employer"
    ) -> Organization:
        org = Organization(name=name or unique("Org "), kind=OrganizationKind(kind))
        db.session.add(org)
        self._done()
        return org

    def user(
        self,
        email: str | None = None,
        name: str = "Test User",
        organization: Organization | None = None,
        admin: bool = False,
        password: str | None = None,
    ) -> User:
        user = create_user(
            email or f"{unique('user')}@example.org",
            name,
            password or self.password,
            organization=organization,
            is_site_admin=admin,
        )
        self._done()
        return user

    def partnership(
        self,
        name: str | None = None,
        quorum: int = 3,
        organizations: Iterable[Organization] = (),
        region: str = "Test Valley",
    ) -> Partnership:
        """A partnership needing `quorum` endorsements, with `organizations` taking part."""
        partnership = create_partnership(
            {
                "name": name or unique("Partnership "),
                "industry": "Advanced manufacturing",
                "region": region,
                "endorsement_quorum": quorum,
            }
        )
        for org in organizations:
            add_organization(partnership, org)
        self._done()
        return partnership

    def member(
        self,
        partnership: Partnership,
        role: Role | str,
        email: str | None = None,
        kind: OrganizationKind | str | None = None,
        organization: Organization | None = None,
        name: str | None = None,
    ) -> User:
        """A new user with `role` in `partnership`, in `organization` or a new one of a fitting
        kind (a college for faculty, else an employer)."""
        kind = kind or {"faculty": "college"}.get(str(role), "employer")
        org = organization or self.organization(kind=kind)
        user = self.user(
            email=email, name=name or f"{str(role).title()} {next(_seq)}", organization=org
        )
        add_member(partnership, user, Role(role))
        self._done()
        return user

    # --- Standards ------------------------------------------------------------------------------

    def framework(
        self, partnership: Partnership, title: str = "Production Technician", **fields: object
    ) -> Framework:
        """A framework of the partnership (`fields`: description, occupation_codes,
        coding_prefix)."""
        framework = tree.create_framework(partnership, {"title": title, **fields})
        self._done()
        return framework

    def standard(
        self,
        framework: Framework,
        parent: Standard | None,
        kind: StandardKind | str,
        title: str,
        statement: str = "",
        author: User | None = None,
    ) -> Standard:
        """A standard last under `parent` (None: a critical work function) at version 1."""
        standard = tree.add_standard(framework, parent, kind, title, statement, author=author)
        self._done()
        return standard

    def publish(
        self,
        standard: Standard,
        number: int | None = None,
        *,
        endorsers: Sequence[User] | None = None,
        by: User | None = None,
    ) -> StandardVersion:
        """Publish a version (the current one, or `number`): endorsed by `endorsers`, else by
        panelists of as many new employers as the quorum asks, then published by `by`, else
        by a new convener. Returns the version."""
        partnership = standard.framework.partnership
        version = (
            standard.current_version if number is None else standards.get_version(standard, number)
        )
        if endorsers is None:
            endorsers = [
                self.member(partnership, "panelist") for _ in range(partnership.endorsement_quorum)
            ]
        for endorser in endorsers:
            standards.endorse(standard, version, endorser)
        standards.publish(standard, version, by or self.member(partnership, "convener"))
        self._done()
        return version

    # --- Courses, programs, alignments ----------------------------------------------------------

    def course(
        self,
        college: Organization,
        code: str | None = None,
        title: str = "A course",
        credits: str = "3",
        **fields: object,
    ) -> Course:
        course = courses.create_course(
            college,
            {"code": code or unique("MFG "), "title": title, "credits": credits, **fields},
        )
        self._done()
        return course

    def program(
        self,
        college: Organization,
        partnership: Partnership,
        frameworks: Iterable[Framework],
        name: str = "Production Technician",
        courses_by_term: Iterable[tuple[Course, int]] = (),
        catalog_year: str = "2026-2027",
        **fields: object,
    ) -> Program:
        """A certificate program of the college in the partnership, on `frameworks`, with
        each (course, term) of `courses_by_term` added in order."""
        program = courses.create_program(
            college,
            {
                "name": name,
                "award_type": "Certificate",
                "catalog_year": catalog_year,
                "partnership_id": partnership.id,
                "framework_ids": [f.id for f in frameworks],
                **fields,
            },
        )
        for course, term in courses_by_term:
            courses.add_course(program, course, term)
        self._done()
        return program

    def entry(self, program: Program, course: Course, term: int = 1) -> ProgramCourse:
        entry = courses.add_course(program, course, term)
        self._done()
        return entry

    def align(
        self,
        course: Course,
        standard: Standard,
        level: str = "introduced",
        note: str = "",
        *,
        by: User,
    ) -> Alignment:
        """Align the course to the standard, as `by` (who must see it), pinned as the service
        pins."""
        found, _created = alignment.align(course, standard, level, note, by)
        self._done()
        return found
