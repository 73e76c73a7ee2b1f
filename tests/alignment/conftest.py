"""A small world for course and alignment tests, made by the world builder: a partnership with
a college (and a second college outside it), a framework A > A.1 > A.1.1 (drafts), two
courses in a program. `world.factory.publish(standard)` publishes with a fresh quorum."""

from types import SimpleNamespace

import pytest

from curriculum.partnerships.services import add_organization


@pytest.fixture
def world(partnership, factory, db):
    college = factory.organization(name="Valley College", kind="college")
    other_college = factory.organization(name="Ridge Tech", kind="college")
    add_organization(partnership, college)
    framework = factory.framework(partnership)
    author = factory.member(partnership, "panelist")
    cwf = factory.standard(framework, None, "critical_work_function", "Safety", author=author)
    ka = factory.standard(framework, cwf, "key_activity", "Inspect guarding", author=author)
    pi = factory.standard(framework, ka, "performance_indicator", "Guards checked", author=author)
    course = factory.course(college, "mfg 110", "Safety", "3")
    course2 = factory.course(college, "MFG 120", "Machining", "4.5")
    program = factory.program(
        college, partnership, [framework], courses_by_term=[(course, 1), (course2, 2)]
    )
    return SimpleNamespace(
        partnership=partnership,
        college=college,
        other_college=other_college,
        framework=framework,
        cwf=cwf,
        ka=ka,
        pi=pi,
        course=course,
        course2=course2,
        program=program,
        factory=factory,
    )
