"""Whom a release's events concern, and what they are told (through notifications.notify)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy.orm import joinedload

from curriculum import access
from curriculum.alignment.models import Alignment
from curriculum.auth.models import User
from curriculum.courses.models import Program, ProgramCourse, ProgramFramework
from curriculum.extensions import db
from curriculum.notifications import kinds
from curriculum.notifications.events import members_of
from curriculum.notifications.services import notify, settle
from curriculum.releases.models import Release, ReleaseStatus
from curriculum.standards.review import counting_organizations


def release_path(release: Release) -> str:
    """Where the release's page is (notifications carry paths, not full addresses)."""
    return f"/releases/{release.id}"


def _may(users: Iterable[User], action: str, obj: object) -> list[User]:
    """Those of `users` whom the access rules allow `action` on `obj` (never a role compared
    here: the rules say who endorses, publishes or keeps courses)."""
    return [u for u in users if access.can(u, action, obj)]


def _faculty_of(college_ids: Iterable[int]) -> list[User]:
    """The active people of these colleges who may keep their college's courses."""
    ids = set(college_ids)
    if not ids:
        return []
    people = db.session.scalars(
        db.select(User)
        .where(User.organization_id.in_(ids), User.active.is_(True))
        .options(joinedload(User.organization))
        .order_by(User.id)
    )
    return [u for u in people if access.can(u, "keep_courses", u.organization)]


def ask_for_endorsements(release: Release, actor: User | None) -> None:
    """Panelists of the organizations whose endorsement counts and who have not endorsed."""
    partnership = release.framework.partnership
    done = {e.organization_id for e in release.endorsements}
    waiting = {o.id for o in counting_organizations(partnership)} - done
    panelists = _may(members_of(partnership, waiting), "endorse", partnership)
    notify(
        panelists,
        kinds.RELEASE_ENDORSEMENT.name,
        f"{release.framework.title}: {release.title} awaits your organization's endorsement",
        url=release_path(release),
        partnership=partnership,
        actor=actor,
    )


def endorsements_withdrawn(release: Release, endorsers: list[User], actor: User | None) -> None:
    """Those whose organization's endorsement a refresh withdrew (the others were asked to endorse
    when the release was prepared, and are not asked again)."""
    notify(
        endorsers,
        kinds.ENDORSEMENT_WITHDRAWN.name,
        f"{release.framework.title}: {release.title} changed, so your organization's "
        "endorsement was withdrawn",
        url=release_path(release),
        body="Standards changed since the release was prepared; read the new diff and "
        "endorse it again.",
        partnership=release.framework.partnership,
        actor=actor,
    )


def ready_to_publish(release: Release, actor: User | None) -> None:
    partnership = release.framework.partnership
    notify(
        _may(members_of(partnership), "publish", partnership),
        kinds.READY_TO_PUBLISH.name,
        f"{release.framework.title}: {release.title} has its endorsements and can be published",
        url=release_path(release),
        partnership=partnership,
        actor=actor,
    )


def _programs_using(framework_id: int) -> list[Program]:
    return list(
        db.session.scalars(
            db.select(Program)
            .join(ProgramFramework, ProgramFramework.program_id == Program.id)
            .where(ProgramFramework.framework_id == framework_id)
            .order_by(Program.id)
        )
    )


def uncovered(programs: list[Program], standard_ids: set[int]) -> dict[int, set[int]]:
    """{program id: ids of `standard_ids` that no course of the program is aligned to}."""
    if not programs or not standard_ids:
        return {}
    covered: dict[int, set[int]] = defaultdict(set)
    rows = db.session.execute(
        db.select(ProgramCourse.program_id, Alignment.standard_id)
        .join(Alignment, Alignment.course_id == ProgramCourse.course_id)
        .where(
            ProgramCourse.program_id.in_([p.id for p in programs]),
            Alignment.standard_id.in_(standard_ids),
        )
    )
    for program_id, standard_id in rows:
        covered[program_id].add(standard_id)
    return {p.id: standard_ids - covered[p.id] for p in programs}


def closed(release: Release) -> None:
    """The release was published or discarded: asking for its endorsements, telling of their
    withdrawal and that it can be published are moot (marked read for everyone)."""
    for kind in (kinds.RELEASE_ENDORSEMENT, kinds.ENDORSEMENT_WITHDRAWN, kinds.READY_TO_PUBLISH):
        settle(kind.name, release_path(release))


def published(release: Release, added: set[int], actor: User | None) -> None:
    """The partnership's members and the faculty of colleges whose programs use the framework;
    and each such program's faculty when standards the release added are not covered."""
    closed(release)
    framework = release.framework
    partnership = framework.partnership
    # The news of the framework's earlier editions is superseded by this one's.
    for older in db.session.scalars(
        db.select(Release).where(
            Release.framework_id == framework.id,
            Release.id != release.id,
            Release.status == ReleaseStatus.PUBLISHED,
        )
    ):
        settle(kinds.RELEASE_PUBLISHED.name, release_path(older))
    programs = _programs_using(framework.id)
    faculty = _faculty_of(p.organization_id for p in programs)
    notify(
        [*members_of(partnership), *faculty],
        kinds.RELEASE_PUBLISHED.name,
        f"{framework.title}: {release.title} was published",
        url=release_path(release),
        partnership=partnership,
        actor=actor,
    )
    by_college: dict[int, list[User]] = defaultdict(list)
    for user in faculty:
        if user.organization_id is not None:
            by_college[user.organization_id].append(user)
    for program in programs:
        missing = uncovered([program], added).get(program.id)
        if not missing:
            continue
        notify(
            by_college[program.organization_id],
            kinds.GAPS_REQUIRED.name,
            f"{program.name}: {len(missing)} standard{'s' if len(missing) != 1 else ''} added "
            f"by {release.title} of {framework.title} {'are' if len(missing) != 1 else 'is'} "
            "not covered by its courses",
            url=f"/programs/{program.id}/coverage?framework={framework.id}&gaps=uncovered",
            partnership=program.partnership,
            actor=actor,
        )
