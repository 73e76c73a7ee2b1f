"""Reading needs surveys: a survey, a framework's surveys, the standards a survey rates (and
those its answer form offers), the ladder steps a firm gives hires for, a firm's response and
the results as a reader may see them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from curriculum import access
from curriculum.auth.models import User
from curriculum.errors import NotFound
from curriculum.extensions import db
from curriculum.ladders.models import Ladder, LadderStep
from curriculum.needs.models import NeedsSurvey, SurveyResponse
from curriculum.needs.results import responses
from curriculum.partnerships.models import Partnership
from curriculum.releases.models import ReleaseEntry
from curriculum.standards.models import Framework, Standard, StandardKind, StandardVersion


@dataclass(frozen=True)
class Rateable:
    """A standard a survey asks about, with the version the reader sees and its depth."""

    standard: Standard
    version: StandardVersion | None
    depth: int

    @property
    def title(self) -> str:
        return self.version.title if self.version is not None else ""


def get_survey(survey_id: int) -> NeedsSurvey:
    """The survey with its framework, partnership and release, or NotFound."""
    found = db.session.scalar(
        db.select(NeedsSurvey)
        .options(
            joinedload(NeedsSurvey.framework).joinedload(Framework.partnership),
            joinedload(NeedsSurvey.release),
            selectinload(NeedsSurvey.responses),
        )
        .where(NeedsSurvey.id == survey_id)
    )
    if found is None:
        raise NotFound()
    return found


def surveys_of(framework: Framework) -> list[NeedsSurvey]:
    """The framework's surveys, open ones first, newest first, with their responses loaded."""
    return list(
        db.session.scalars(
            db.select(NeedsSurvey)
            .options(selectinload(NeedsSurvey.responses), joinedload(NeedsSurvey.release))
            .where(NeedsSurvey.framework_id == framework.id)
            .order_by(NeedsSurvey.status.desc(), NeedsSurvey.opened_at.desc(), NeedsSurvey.id)
        )
    )


def _depths(standards: Sequence[Standard], parents: dict[int, int | None]) -> dict[int, int]:
    depth: dict[int, int] = {}

    def of(sid: int) -> int:
        if sid not in depth:
            parent = parents.get(sid)
            depth[sid] = 0 if parent is None or parent not in parents else of(parent) + 1
        return depth[sid]

    for s in standards:
        of(s.id)
    return depth


def _tree_order(rows: list[Rateable], parents: dict[int, int | None], place) -> list[Rateable]:
    """Rows depth-first: each standard, then its children by place."""
    children: dict[int | None, list[Rateable]] = {}
    ids = {r.standard.id for r in rows}
    for r in rows:
        parent = parents.get(r.standard.id)
        children.setdefault(parent if parent in ids else None, []).append(r)
    ordered: list[Rateable] = []
    stack = sorted(children.get(None, []), key=place, reverse=True)
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack += sorted(children.get(row.standard.id, []), key=place, reverse=True)
    return ordered


def rateable(survey: NeedsSurvey, reader=None) -> list[Rateable]:
    """The standards the survey rates, in tree order: those the release fixes (their fixed
    versions), or the framework's standards not retired (the version the reader sees; None when
    they may see none). Two queries."""
    if survey.release_id is not None:
        entries = list(
            db.session.scalars(
                db.select(ReleaseEntry)
                .options(joinedload(ReleaseEntry.standard), joinedload(ReleaseEntry.version))
                .where(
                    ReleaseEntry.release_id == survey.release_id,
                    ReleaseEntry.absent.is_(False),
                    ReleaseEntry.retired.is_(False),
                )
            )
        )
        parents = {e.standard_id: e.parent_id for e in entries}
        depth = _depths([e.standard for e in entries], parents)
        rows = [Rateable(e.standard, e.version, depth[e.standard_id]) for e in entries]
        codes = {e.standard_id: (e.position, e.standard_id) for e in entries}
        return _tree_order(rows, parents, lambda r: codes[r.standard.id])
    standards = list(
        db.session.scalars(
            db.select(Standard)
            .options(joinedload(Standard.current_version), joinedload(Standard.published_version))
            .where(Standard.framework_id == survey.framework_id, Standard.retired_at.is_(None))
        )
    )
    drafts = access.sees_drafts(reader, survey.framework.partnership_id)
    parents = {s.id: s.parent_id for s in standards}
    depth = _depths(standards, parents)
    rows = [
        Rateable(s, s.current_version if drafts else s.published_version, depth[s.id])
        for s in standards
    ]
    return _tree_order(rows, parents, lambda r: (r.standard.position, r.standard.id))


def offered(rows: Iterable[Rateable]) -> list[Rateable]:
    """What the answer form offers: critical work functions and their key activities (for
    frameworks without them, such as some reference frameworks, the top two levels), each with
    a version the reader may see."""
    rows = [r for r in rows if r.version is not None]
    kinds = {StandardKind.CRITICAL_WORK_FUNCTION, StandardKind.KEY_ACTIVITY}
    if any(r.standard.kind in kinds for r in rows):
        return [r for r in rows if r.standard.kind in kinds]
    return [r for r in rows if r.depth <= 1]


def steps_for(reader, partnership: Partnership | int) -> list[LadderStep]:
    """The steps of the partnership's ladders the reader may see, ladder by ladder."""
    pid = partnership if isinstance(partnership, int) else partnership.id
    ladders = db.session.scalars(
        db.select(Ladder)
        .options(selectinload(Ladder.steps))
        .where(Ladder.partnership_id == pid)
        .order_by(Ladder.title)
    )
    return [s for ladder in ladders if access.can(reader, "view", ladder) for s in ladder.steps]


def response_of(survey: NeedsSurvey, organization_id: int | None) -> SurveyResponse | None:
    """The organization's response to the survey, with its ratings and hires, if any."""
    if organization_id is None:
        return None
    return db.session.scalar(
        db.select(SurveyResponse)
        .options(selectinload(SurveyResponse.ratings), selectinload(SurveyResponse.hires))
        .where(
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.organization_id == organization_id,
        )
    )


def answers_of(survey: NeedsSurvey) -> list[SurveyResponse]:
    """Every firm's response (results.responses) with who sent it loaded too: a fixed number of
    queries however many firms answered."""
    found = responses(survey)
    senders = {r.submitted_by_id for r in found if r.submitted_by_id is not None}
    users = {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(senders)))}
    for response in found:
        set_committed_value(response, "submitted_by", users.get(response.submitted_by_id))
    return found
