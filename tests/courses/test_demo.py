"""The demo courses, programs and alignments: believable, with gaps and stale alignments."""

from collections import Counter

from markupsafe import escape

from curriculum import demo
from curriculum.alignment import coverage
from curriculum.alignment import services as alignment
from curriculum.alignment.models import Alignment, AlignmentLevel
from curriculum.audit.models import AuditEvent
from curriculum.courses import services as courses
from curriculum.courses.models import Course, Program, ProgramCourse
from curriculum.organizations.models import Organization
from curriculum.standards.models import StandardKind, StandardVersion
from tests.conftest import login

SINCLAIR = "Sinclair Valley Community College"
CLARK = "Clark Technical College"


def _counts(db):
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (Course, Program, ProgramCourse, Alignment, StandardVersion, AuditEvent)
    )


def _college(db, name):
    return db.session.scalar(db.select(Organization).where(Organization.name == name))


def test_demo_courses_programs_and_alignments(app, db):
    """One load, checked from every side (the loader takes seconds, so the checks share it)."""
    demo.load()
    db.session.commit()
    programs = {
        p.organization.name: courses.get_program(p.id)
        for p in db.session.scalars(db.select(Program))
    }
    _check_programs(db, programs)
    _check_alignments(db, programs)
    _check_gaps(programs)
    _check_stale(app, db)
    first = _counts(db)
    demo.load()
    db.session.commit()
    assert _counts(db) == first


def _check_programs(db, programs):
    assert set(programs) == {SINCLAIR, CLARK}
    aas, certificate = programs[SINCLAIR], programs[CLARK]
    assert aas.award_type == "Associate of Applied Science"
    assert certificate.award_type == "Certificate" and certificate.name == "Production Technician"
    for program in programs.values():
        assert program.partnership.name == "Miami Valley Advanced Manufacturing Partnership"
        assert [f.title for f in program.frameworks] == ["Production Technician"]
    assert {pc.term for pc in aas.courses} == {1, 2, 3, 4}
    assert {pc.term for pc in certificate.courses} == {1, 2}
    assert any(not pc.required for pc in aas.courses)
    assert 40 <= aas.total_credits <= 60 and 28 <= certificate.total_credits <= 32
    all_courses = list(db.session.scalars(db.select(Course)))
    assert 14 <= len(all_courses) <= 18
    assert {"MFG 110", "MFG 120", "EET 111", "FPT 130", "IND 210", "MTH 105"} <= {
        c.code for c in all_courses
    }
    for course in all_courses:
        assert course.title and course.credits > 0 and course.contact_hours, course.code
        assert course.description and 3 <= len(course.learning_outcomes) <= 6, course.code


def _check_alignments(db, programs):
    alignments = list(db.session.scalars(db.select(Alignment)))
    assert 110 <= len(alignments) <= 140
    levels = Counter(a.level for a in alignments)
    assert all(levels[level] >= 20 for level in AlignmentLevel), levels
    assert all(a.note for a in alignments)
    faculty = {a.created_by.email for a in alignments if a.course.organization.name == SINCLAIR}
    assert faculty == {"faculty@example.com"}
    # Pedagogy: on average, early terms introduce and late terms master.
    for program in programs.values():
        term = {pc.course_id: pc.term for pc in program.courses}
        by_level = {
            level: [
                term[a.course_id] for a in alignments if a.level == level and a.course_id in term
            ]
            for level in AlignmentLevel
        }
        mean = {level: sum(t) / len(t) for level, t in by_level.items()}
        assert mean[AlignmentLevel.INTRODUCED] < mean[AlignmentLevel.MASTERED], program.name


def _check_gaps(programs):
    for program in programs.values():
        cov = coverage.coverage(program, program.frameworks[0])
        assert 0.25 * cov.total < cov.covered < 0.8 * cov.total, program.name
        uncovered = {r.standard.kind for r in cov.gaps("uncovered")}
        assert StandardKind.KEY_ACTIVITY in uncovered, program.name  # a whole activity untaught
        assert StandardKind.PERFORMANCE_INDICATOR in uncovered, program.name
        unmastered = cov.gaps("unmastered")
        assert any(r.cells for r in unmastered), program.name  # taught, never to mastery
        thin = [f.row for f in cov.by_function() if f.covered < f.total / 3]
        assert thin, f"{program.name}: some critical work function is thinly covered"


def _check_stale(app, db):
    sinclair, clark = _college(db, SINCLAIR), _college(db, CLARK)
    stale = alignment.stale_for_college(sinclair.id)
    assert len(stale) >= 3
    assert len({a.standard_id for a in stale}) >= 2
    assert alignment.stale_for_college(clark.id)
    confirmed = list(
        db.session.scalars(db.select(Alignment).where(Alignment.confirmed_at.is_not(None)))
    )
    assert confirmed and not any(a.is_stale for a in confirmed)
    assert confirmed[0].confirmed_by.email == "faculty@example.com"
    # The faculty account's home page lists each course with stale alignments and how many,
    # linking to the course's page, which lists them with their diffs.
    client = app.test_client()
    assert login(client, "faculty@example.com", "demo-password").status_code == 302
    home = client.get("/").text
    for course_id, count in Counter(a.course_id for a in stale).items():
        course = db.session.get(Course, course_id)
        words = "stale alignment" if count == 1 else "stale alignments"
        item = f'href="/courses/{course.id}#stale">{escape(course.code)} {escape(course.title)}'
        assert f"{item}: {count} {words}" in home
        page = client.get(f"/courses/{course.id}").text
        assert "Stale alignments" in page
        assert all(a.standard.code in page for a in stale if a.course_id == course_id)
