"""A small world for course and alignment tests: a partnership with a college, a framework."""

import pytest

from curriculum.courses import services as courses
from curriculum.standards import services as standards
from curriculum.standards import tree


class World:
    pass


@pytest.fixture
def world(partnership, factory, db):
    w = World()
    w.partnership = partnership
    w.college = factory.organization(name="Valley College", kind="college")
    w.other_college = factory.organization(name="Ridge Tech", kind="college")
    from curriculum.partnerships.services import add_organization

    add_organization(partnership, w.college)
    w.framework = tree.create_framework(partnership, {"title": "Production Technician"})
    author = factory.member(partnership, "panelist")
    w.cwf = tree.add_standard(w.framework, None, "critical_work_function", "Safety", author=author)
    w.ka = tree.add_standard(w.framework, w.cwf, "key_activity", "Inspect guarding", author=author)
    w.pi = tree.add_standard(
        w.framework, w.ka, "performance_indicator", "Guards checked", author=author
    )
    w.course = courses.create_course(
        w.college, {"code": "mfg 110", "title": "Safety", "credits": "3"}
    )
    w.course2 = courses.create_course(
        w.college, {"code": "MFG 120", "title": "Machining", "credits": "4.5"}
    )
    w.program = courses.create_program(
        w.college,
        {
            "name": "Production Technician",
            "award_type": "Certificate",
            "catalog_year": "2026-2027",
            "partnership_id": partnership.id,
            "framework_ids": [w.framework.id],
        },
    )
    courses.add_course(w.program, w.course, 1)
    courses.add_course(w.program, w.course2, 2)
    db.session.commit()
    w.factory = factory
    return w


def publish(standard, partnership, factory, db, number=None):
    """Publish a version of a standard with a fresh quorum of employer endorsements."""
    convener = factory.member(partnership, "convener")
    version = (
        standard.current_version if number is None else standards.get_version(standard, number)
    )
    for _ in range(partnership.endorsement_quorum):
        standards.endorse(standard, version, factory.member(partnership, "panelist"))
    standards.publish(standard, version, convener)
    db.session.commit()
    return version
