"""The partnership's figures, gathered in a fixed number of queries whatever its size: firms
engaged, standards by status, releases, endorsements this quarter, programs and their coverage
of each framework, stale alignments, open comments, exports, the latest needs survey and the
performance measures of its programs' cohorts (counts through measures/privacy, always)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy.orm import aliased, joinedload, selectinload

from curriculum.alignment.coverage import coverage_many
from curriculum.alignment.models import Alignment
from curriculum.courses.models import ElectiveGroup, Program, ProgramCourse
from curriculum.exports.models import ExportJob, JobState
from curriculum.extensions import db
from curriculum.measures import privacy, trends
from curriculum.measures.models import Cohort
from curriculum.needs.models import NeedsSurvey, SurveyResponse, SurveyStatus
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.partnerships.models import Partnership, PartnershipOrganization
from curriculum.releases.models import Release, ReleaseEndorsement, ReleaseStatus
from curriculum.standards.models import (
    Comment,
    Endorsement,
    Framework,
    Standard,
    StandardVersion,
    VersionStatus,
)


def quarter_start(now: datetime | None = None) -> datetime:
    """The first moment (UTC) of the calendar quarter `now` falls in."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return datetime(now.year, 3 * ((now.month - 1) // 3) + 1, 1, tzinfo=UTC)


@dataclass
class Firms:
    """Employers taking part, and how many of them endorsed anything or answered a survey."""

    employers: int
    by_kind: dict[OrganizationKind, int]  # every organization taking part, by kind
    endorsing: int  # organizations that ever endorsed a version or a release
    answering: int  # employers that answered the latest survey


@dataclass
class ProgramCoverage:
    program: Program
    framework: Framework
    covered_percent: int
    mastered_percent: int
    total: int


@dataclass
class CohortRow:
    """One cohort's figures as they may be shown (privacy applied)."""

    cohort: Cohort

    def count(self, name: str) -> str:
        return privacy.display(getattr(self.cohort, name))

    def value(self, name: str) -> int | None:
        return privacy.shown(getattr(self.cohort, name))

    @property
    def completion_rate(self) -> Decimal | None:
        return privacy.share(self.cohort.completed, self.cohort.enrolled)

    @property
    def medians(self) -> trends.Change:
        """Median earnings before and after as they may be shown (measures/trends.py)."""
        return trends.medians(self.cohort)

    @property
    def earnings_change(self) -> Decimal | None:
        """Median quarterly earnings after less before (None when either is not shown)."""
        return self.medians.amount


@dataclass
class Dashboard:
    partnership: Partnership
    firms: Firms
    frameworks: list[Framework]
    standards_by_status: dict[VersionStatus, int]
    releases: dict[ReleaseStatus, int]
    endorsements_this_quarter: int
    quarter: datetime
    coverage: list[ProgramCoverage]
    stale_alignments: int
    open_comments: int
    exports: int
    exports_this_quarter: int
    survey: NeedsSurvey | None
    cohorts: dict[int, list[CohortRow]] = field(default_factory=dict)  # by program id
    programs: list[Program] = field(default_factory=list)

    @property
    def standards(self) -> int:
        return sum(self.standards_by_status.values())

    @property
    def published_releases(self) -> int:
        return self.releases.get(ReleaseStatus.PUBLISHED, 0)


def _firms(pid: int, survey: NeedsSurvey | None) -> Firms:
    by_kind = {
        OrganizationKind(kind): n
        for kind, n in db.session.execute(
            db.select(Organization.kind, func.count())
            .join(
                PartnershipOrganization, PartnershipOrganization.organization_id == Organization.id
            )
            .where(PartnershipOrganization.partnership_id == pid)
            .group_by(Organization.kind)
        )
    }
    versions = (
        db.select(Endorsement.organization_id)
        .join(StandardVersion, StandardVersion.id == Endorsement.version_id)
        .join(Standard, Standard.id == StandardVersion.standard_id)
        .join(Framework, Framework.id == Standard.framework_id)
        .where(Framework.partnership_id == pid)
    )
    releases = (
        db.select(ReleaseEndorsement.organization_id)
        .join(Release, Release.id == ReleaseEndorsement.release_id)
        .join(Framework, Framework.id == Release.framework_id)
        .where(Framework.partnership_id == pid)
    )
    endorsing = db.session.scalar(
        db.select(func.count()).select_from(versions.union(releases).subquery())
    )
    answering = 0
    if survey is not None:
        answering = db.session.scalar(
            db.select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id)
        )
    return Firms(by_kind.get(OrganizationKind.EMPLOYER, 0), by_kind, endorsing or 0, answering or 0)


def _latest_survey(pid: int) -> NeedsSurvey | None:
    """The newest closed survey of the partnership's frameworks, else the newest open one."""
    return db.session.scalar(
        db.select(NeedsSurvey)
        .join(Framework, Framework.id == NeedsSurvey.framework_id)
        .where(Framework.partnership_id == pid)
        .order_by((NeedsSurvey.status == SurveyStatus.CLOSED).desc(), NeedsSurvey.opened_at.desc())
        .limit(1)
    )


def _programs(pid: int) -> list[Program]:
    return list(
        db.session.scalars(
            db.select(Program)
            .where(Program.partnership_id == pid)
            .options(
                joinedload(Program.organization),
                selectinload(Program.frameworks),
                selectinload(Program.courses).joinedload(ProgramCourse.course),
                selectinload(Program.elective_groups).selectinload(ElectiveGroup.courses),
            )
            .order_by(Program.name, Program.catalog_year.desc())
        )
    )


def _stale(pid: int) -> int:
    published = aliased(StandardVersion)
    pinned = aliased(StandardVersion)
    return (
        db.session.scalar(
            db.select(func.count(Alignment.id))
            .join(Standard, Standard.id == Alignment.standard_id)
            .join(Framework, Framework.id == Standard.framework_id)
            .join(published, published.id == Standard.published_version_id)
            .join(pinned, pinned.id == Alignment.version_id)
            .where(Framework.partnership_id == pid, published.number > pinned.number)
        )
        or 0
    )


def dashboard(partnership: Partnership, now: datetime | None = None) -> Dashboard:
    """Every figure of the partnership's dashboard (fixed queries: a test pins the count)."""
    pid = partnership.id
    quarter = quarter_start(now)
    frameworks = list(
        db.session.scalars(
            db.select(Framework).where(Framework.partnership_id == pid).order_by(Framework.title)
        )
    )
    by_status = {
        VersionStatus(status): n
        for status, n in db.session.execute(
            db.select(StandardVersion.status, func.count())
            .join(Standard, Standard.current_version_id == StandardVersion.id)
            .join(Framework, Framework.id == Standard.framework_id)
            .where(Framework.partnership_id == pid, Standard.retired_at.is_(None))
            .group_by(StandardVersion.status)
        )
    }
    releases = {
        ReleaseStatus(status): n
        for status, n in db.session.execute(
            db.select(Release.status, func.count())
            .join(Framework, Framework.id == Release.framework_id)
            .where(Framework.partnership_id == pid)
            .group_by(Release.status)
        )
    }
    recent = (
        db.session.scalar(
            db.select(func.count(Endorsement.id))
            .join(StandardVersion, StandardVersion.id == Endorsement.version_id)
            .join(Standard, Standard.id == StandardVersion.standard_id)
            .join(Framework, Framework.id == Standard.framework_id)
            .where(Framework.partnership_id == pid, Endorsement.created_at >= quarter)
        )
        or 0
    ) + (
        db.session.scalar(
            db.select(func.count(ReleaseEndorsement.id))
            .join(Release, Release.id == ReleaseEndorsement.release_id)
            .join(Framework, Framework.id == Release.framework_id)
            .where(Framework.partnership_id == pid, ReleaseEndorsement.created_at >= quarter)
        )
        or 0
    )
    open_comments = db.session.scalar(
        db.select(func.count(Comment.id))
        .join(Standard, Standard.id == Comment.standard_id)
        .join(Framework, Framework.id == Standard.framework_id)
        .where(
            Framework.partnership_id == pid,
            Comment.resolved_at.is_(None),
            Comment.parent_id.is_(None),
        )
    )
    exports, exports_recent = db.session.execute(
        db.select(
            func.count(ExportJob.id),
            func.count(ExportJob.id).filter(ExportJob.created_at >= quarter),
        ).where(ExportJob.partnership_id == pid, ExportJob.state == JobState.DONE)
    ).one()
    survey = _latest_survey(pid)
    programs = _programs(pid)
    coverage = [
        ProgramCoverage(c.program, c.framework, c.covered_percent, c.mastered_percent, c.total)
        for c in coverage_many(programs).values()
    ]
    cohorts: dict[int, list[CohortRow]] = defaultdict(list)
    for cohort in db.session.scalars(
        db.select(Cohort)
        .where(Cohort.program_id.in_([p.id for p in programs]))
        .order_by(Cohort.program_id, Cohort.entry_year)
    ):
        cohorts[cohort.program_id].append(CohortRow(cohort))
    for rows in cohorts.values():
        rows.sort(key=lambda r: r.cohort.order)
    return Dashboard(
        partnership=partnership,
        firms=_firms(pid, survey),
        frameworks=frameworks,
        standards_by_status=by_status,
        releases=releases,
        endorsements_this_quarter=recent,
        quarter=quarter,
        coverage=coverage,
        stale_alignments=_stale(pid),
        open_comments=open_comments or 0,
        exports=exports or 0,
        exports_this_quarter=exports_recent or 0,
        survey=survey,
        cohorts=dict(cohorts),
        programs=programs,
    )
