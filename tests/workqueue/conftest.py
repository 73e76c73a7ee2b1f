"""A scene for the work queue: a partnership needing two endorsements, three firms' panelists, a
convener, faculty of a college, a viewer; a framework with one version in review and a release
in preparation (rows made with the release models: the releases services live on another
branch); and a second partnership with its own work, which the first one's people never see."""

from types import SimpleNamespace

import pytest

from curriculum.extensions import db
from curriculum.releases.models import Release, ReleaseEndorsement, ReleaseEntry
from curriculum.standards import services as standards
from curriculum.workqueue import services as workqueue


def make_release(framework, name="2027 edition", number=1) -> Release:
    """A release in preparation fixing the current version of each of the framework's standards."""
    release = Release(framework_id=framework.id, number=number, name=name)
    for standard in framework.standards:
        release.entries.append(
            ReleaseEntry(
                standard_id=standard.id,
                version_id=standard.current_version_id,
                code=standard.code,
                parent_id=standard.parent_id,
                position=standard.position,
            )
        )
    db.session.add(release)
    db.session.commit()
    return release


def endorse_release(release, user) -> ReleaseEndorsement:
    endorsement = ReleaseEndorsement(
        release_id=release.id, organization_id=user.organization_id, user_id=user.id
    )
    db.session.add(endorsement)
    db.session.commit()
    db.session.expire(release, ["endorsements"])
    return endorsement


def in_review(standard):
    standards.move_to_review(standard, standard.current_version)
    db.session.commit()
    return standard.current_version


def stale_world(scene):
    """The faculty's course MFG 110 in a program on the framework, aligned to two standards
    that each got a newer published version since: two stale alignments."""
    here, factory = scene.here, scene.factory
    college = here.faculty.organization
    course = factory.course(college, "MFG 110", "Safety")
    factory.program(college, here.partnership, [here.framework], courses_by_term=[(course, 1)])
    for standard in (here.cwf, here.ka):
        factory.publish(standard)
        factory.align(course, standard, by=here.faculty)
        standards.save_version(
            standard, 1, standard.current_version.title + "!", "", None, "", here.convener
        )
        db.session.commit()
        factory.publish(standard, number=2)
    return course


def kinds(user) -> list[str]:
    return sorted(i.kind for i in workqueue.items_for(user))


def build(factory, name=None, quorum=2, standards_count=2):
    """One partnership's people and work (see the module's docstring)."""
    p = factory.partnership(name=name, quorum=quorum)
    panelists = [factory.member(p, "panelist") for _ in range(3)]
    convener = factory.member(p, "convener")
    faculty = factory.member(p, "faculty")
    viewer = factory.member(p, "viewer")
    framework = factory.framework(p, title=f"Framework of {p.name}")
    cwf = factory.standard(framework, None, "critical_work_function", "Safety")
    reviewed = [
        factory.standard(framework, cwf, "key_activity", f"Inspect guarding {i}")
        for i in range(standards_count)
    ]
    for standard in reviewed:
        in_review(standard)
    release = make_release(framework)
    return SimpleNamespace(
        partnership=p,
        panelists=panelists,
        panelist=panelists[0],
        convener=convener,
        faculty=faculty,
        viewer=viewer,
        framework=framework,
        cwf=cwf,
        reviewed=reviewed,
        ka=reviewed[0],
        release=release,
    )


@pytest.fixture
def scene(factory, db):
    here = build(factory, name="Valley Manufacturing", standards_count=1)
    there = build(factory, name="Ridge Logistics", standards_count=1)
    return SimpleNamespace(here=here, there=there, factory=factory)
