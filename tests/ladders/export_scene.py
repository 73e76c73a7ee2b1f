"""A small ladder for the export and CSV tests: a framework A > A.1 > A.1.1 and a college's
program of two courses in the partnership, and "Plant careers", published, with an
operator (entry) and a technician (advanced) step, an up move between them, wages, benefits,
a hiring employer, and requirements: A.1 (published twice, pinned to v2) for the operator,
which the program reaches; A.1.1 and an unpublished standard for the technician."""

from __future__ import annotations

from types import SimpleNamespace

from curriculum.extensions import db
from curriculum.ladders import moves, requirements, services, steps
from curriculum.partnerships.services import add_organization
from curriculum.standards import services as standards

UNPUBLISHED_TITLE = "Tune the secret robot cell"


def world(factory, partnership) -> SimpleNamespace:
    """The alignment tests' small world: a college in the partnership, a framework
    A > A.1 > A.1.1 (drafts), two courses of the college in a program on it."""
    college = factory.organization(name="Valley College", kind="college")
    add_organization(partnership, college)
    framework = factory.framework(partnership)
    author = factory.member(partnership, "panelist")
    cwf = factory.standard(framework, None, "critical_work_function", "Safety", author=author)
    ka = factory.standard(framework, cwf, "key_activity", "Inspect guarding", author=author)
    pi = factory.standard(framework, ka, "performance_indicator", "Guards checked", author=author)
    course = factory.course(college, "MFG 110", "Safety", "3")
    course2 = factory.course(college, "MFG 120", "Machining", "4.5")
    program = factory.program(
        college, partnership, [framework], courses_by_term=[(course, 1), (course2, 2)]
    )
    return SimpleNamespace(
        partnership=partnership,
        college=college,
        framework=framework,
        cwf=cwf,
        ka=ka,
        pi=pi,
        course=course,
        program=program,
        factory=factory,
    )


def build(factory, partnership, *, status: str = "published") -> SimpleNamespace:
    w = world(factory, partnership)
    f = factory
    convener = f.member(w.partnership, "convener")
    employer = f.organization("Acme Molding", "employer")
    add_organization(w.partnership, employer)
    for standard in (w.cwf, w.ka, w.pi):
        f.publish(standard)
    current = standards.current_version_of(w.ka)
    standards.save_version(
        w.ka,
        current.number,
        "Inspect guarding and interlocks",
        "",
        None,
        "Interlocks too",
        convener,
    )
    f.publish(w.ka)  # A.1 v2
    hidden = f.standard(w.framework, w.cwf, "key_activity", UNPUBLISHED_TITLE, author=convener)
    f.align(
        w.course, w.ka, "reinforced", by=f.member(w.partnership, "faculty", organization=w.college)
    )
    ladder = services.create_ladder(
        w.partnership,
        title="Plant careers",
        description="From the floor **up**.",
        status=status,
    )
    operator = steps.add_step(
        ladder,
        steps.StepData(
            title="Machine operator",
            onet_code="51-9161.00",
            level="entry",
            wage_low="16.40",
            wage_median="18.90",
            wage_high="22.60",
            wage_source="Ohio Department of Job and Family Services, OES",
            wage_year=2025,
            schedule="Second shift, 10-hour days",
            conditions="Noise and coolant",
            benefits={"health_insurance": 1, "paid_time_off": 1},
            employers=[(employer.id, 4)],
        ),
    )
    technician = steps.add_step(
        ladder,
        steps.StepData(
            title="Maintenance technician",
            onet_code="49-9041.00",
            level="advanced",
            wage_median="29.10",
        ),
    )
    requirements.require_standard(operator, w.ka.id, "intermediate")
    requirements.require_standard(technician, w.pi.id, "mastery")
    requirements.require_standard(technician, hidden.id, "baseline")
    moves.add_move(
        ladder,
        {
            "from_step_id": operator.id,
            "to_step_id": technician.id,
            "kind": "up",
            "typical_months": 24,
            "support": "Industrial maintenance apprenticeship",
        },
    )
    db.session.commit()
    return SimpleNamespace(
        world=w,
        ladder=ladder,
        operator=operator,
        technician=technician,
        hidden=hidden,
        employer=employer,
        convener=convener,
    )
