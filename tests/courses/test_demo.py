"""The demo courses, programs and alignments: believable, with gaps and stale alignments,
outcomes with assessments aligned to standards, an elective group and progression problems."""

from collections import Counter, defaultdict

from markupsafe import escape

from curriculum import demo
from curriculum.alignment import coverage
from curriculum.alignment import services as alignment
from curriculum.alignment.models import LEVEL_RANK, Alignment, AlignmentLevel
from curriculum.audit.models import AuditEvent
from curriculum.courses import demo as courses_demo
from curriculum.courses import paths
from curriculum.courses import services as courses
from curriculum.courses.models import Course, CourseOutcome, ElectiveGroup, Program, ProgramCourse
from curriculum.organizations.models import Organization
from curriculum.standards.models import StandardKind, StandardVersion
from tests.conftest import login

SINCLAIR = "Sinclair Valley Community College"
CLARK = "Clark Technical College"


def _counts(db):
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (
            Course,
            CourseOutcome,
            Program,
            ProgramCourse,
            ElectiveGroup,
            Alignment,
            StandardVersion,
            AuditEvent,
        )
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
    _check_outcomes(db)
    _check_elective_group(programs)
    _check_alignments(db, programs)
    _check_outcome_alignments(db)
    _check_progression(db, programs)
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
        assert course.description and 3 <= len(course.outcomes) <= 6, course.code


def _check_outcomes(db):
    """Every demo course has numbered outcomes, each with its assessment methods."""
    for course in db.session.scalars(db.select(Course)):
        assert [o.position for o in course.outcomes] == list(range(1, len(course.outcomes) + 1)), (
            course.code
        )
        for outcome in course.outcomes:
            assert outcome.text and len(outcome.assessment) > 15, outcome.label
    texts = {
        (o.course.code, o.position): (o.text, o.assessment)
        for o in db.session.scalars(db.select(CourseOutcome))
    }
    text, assessment = texts["IND 210", 1]
    assert text == "Write and perform a machine-specific lockout procedure"
    assert "lockout on the lab press" in assessment


def _check_elective_group(programs):
    """Sinclair's technical elective: a student takes one of ROB 220 and MFG 215."""
    aas, certificate = programs[SINCLAIR], programs[CLARK]
    assert certificate.elective_groups == []
    (group,) = aas.elective_groups
    assert (group.name, group.choose) == ("Technical elective", 1)
    assert group.label == "Choose 1 of ROB 220, MFG 215"
    assert {pc.program_id for pc in group.courses} == {aas.id}
    required = {pc.course.code for pc in paths.courses_in_scope(aas, "required")}
    assert not required & {"ROB 220", "MFG 215"} and "IND 250" in required
    chosen = paths.courses_in_scope(aas, "chosen", [group.courses[0].course_id])
    assert len(chosen) == len(required) + 1


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


def _check_outcome_alignments(db):
    """Most alignments are made by an outcome (of their own course); a few stay course-level."""
    alignments = list(db.session.scalars(db.select(Alignment)))
    by_outcome = [a for a in alignments if a.outcome_id is not None]
    assert len(by_outcome) >= 0.8 * len(alignments)
    course_level = [a for a in alignments if a.outcome_id is None]
    assert len(course_level) >= 3
    assert len({a.course_id for a in course_level}) >= 3
    assert all(a.outcome.course_id == a.course_id for a in by_outcome)
    # Most outcomes serve a standard, each with a note of how it is taught or assessed.
    outcomes = list(db.session.scalars(db.select(CourseOutcome)))
    serving = {a.outcome_id for a in by_outcome}
    assert len(serving) >= 0.8 * len(outcomes)
    lockout = next(
        a
        for a in by_outcome
        if (a.course.code, a.outcome.position, a.standard.code) == ("IND 210", 1, "A.3.S1")
    )
    assert lockout.level == AlignmentLevel.MASTERED and "lab press" in lockout.note


# --- Progression: computed here from the alignments and the program's terms, on purpose
# without the progression module, so the demo's problems are checked on their own.

PROBLEMS = (
    "mastered before introduced",
    "mastered only in an elective",
    "introduced but never reinforced or mastered",
    "mastered in the first term only",
    "not on the required path",
)


def problems(entries: dict[str, tuple[int, bool]], levels: dict[str, dict[str, int]]):
    """{standard code: set of problems}. `entries`: course code -> (term, on the required
    path); `levels`: standard code -> course code -> the course's level rank (1 I, 2 R, 3 M),
    the highest of its alignments (course-level and outcomes)."""
    found = {}
    for code, by_course in levels.items():
        required = defaultdict(list)  # rank -> terms, along the required path
        anywhere = set(by_course.values())
        for course, rank in by_course.items():
            term, on_path = entries[course]
            if on_path:
                required[rank].append(term)
        flags = set()
        if required[3] and required[1] and min(required[3]) < min(required[1]):
            flags.add("mastered before introduced")
        if not required[3] and 3 in anywhere:
            flags.add("mastered only in an elective")
        if anywhere == {1}:
            flags.add("introduced but never reinforced or mastered")
        if 3 in anywhere and {entries[c][0] for c in by_course} == {1}:
            flags.add("mastered in the first term only")
        if not any(required.values()):
            flags.add("not on the required path")
        found[code] = flags
    return found


def _program_problems(program):
    entries = {pc.course.code: (pc.term, paths.is_required(pc)) for pc in program.courses}
    levels: dict[str, dict[str, int]] = defaultdict(dict)
    for pc in program.courses:
        for a in alignment.alignments_of_course(pc.course):
            held = levels[a.standard.code].get(pc.course.code, 0)
            levels[a.standard.code][pc.course.code] = max(held, LEVEL_RANK[a.level])
    return problems(entries, levels)


def _check_progression(db, programs):
    """The problems the demo makes on purpose are there, as PROGRESSION_PROBLEMS says."""
    found = {college: _program_problems(program) for college, program in programs.items()}
    documented = courses_demo.PROGRESSION_PROBLEMS
    assert {p["problem"] for p in documented} >= set(PROBLEMS[:4])
    for p in documented:
        assert p["problem"] in PROBLEMS and p["why"], p
        assert p["problem"] in found[p["program"]][p["standard"]], p
    # Each program shows the page something, and most standards progress without a problem.
    for college, by_standard in found.items():
        flagged = [code for code, flags in by_standard.items() if flags]
        assert flagged, college
    aas = found[SINCLAIR]
    assert sum(1 for flags in aas.values() if not flags) >= len(aas) / 2
    # The elective group: a standard met only in one option depends on the elective chosen.
    assert "not on the required path" in aas["E.2.K1"]


def test_the_problem_rules_of_this_test():
    """The small rules above say what they mean (the demo check relies on them)."""
    entries = {"A": (1, True), "B": (2, True), "C": (3, False)}
    assert problems(entries, {"x": {"A": 3, "B": 1}})["x"] == {"mastered before introduced"}
    assert problems(entries, {"x": {"A": 1, "C": 3}})["x"] == {"mastered only in an elective"}
    assert problems(entries, {"x": {"B": 1}})["x"] == {
        "introduced but never reinforced or mastered"
    }
    assert problems(entries, {"x": {"A": 3}})["x"] == {"mastered in the first term only"}
    assert problems(entries, {"x": {"C": 2}})["x"] == {"not on the required path"}
    assert problems(entries, {"x": {"A": 1, "B": 3, "C": 2}})["x"] == set()


def test_the_demo_data_makes_its_progression_problems():
    """Straight from the data file (no database): the documented problems hold, every outcome
    number of an alignment exists, and most rows are an outcome's."""
    rows = 0
    by_outcome = 0
    for college, program in courses_demo.PROGRAMS.items():
        outcomes = {c["code"]: len(c["outcomes"]) for c in courses_demo.COURSES[college]}
        entries = {e["code"]: (e["term"], e["required"]) for e in program["courses"]}
        for group in program.get("elective_groups", []):
            for code in group["courses"]:
                entries[code] = (entries[code][0], False)
        levels: dict[str, dict[str, int]] = defaultdict(dict)
        for course, aligned in courses_demo.ALIGNMENTS[college].items():
            for row in aligned:
                number = row["outcome"]
                assert number is None or 1 <= number <= outcomes[course], (course, number)
                rows += len(row["standards"])
                by_outcome += len(row["standards"]) if number is not None else 0
                rank = LEVEL_RANK[AlignmentLevel(row["level"])]
                for code in row["standards"]:
                    levels[code][course] = max(levels[code].get(course, 0), rank)
        found = problems(entries, levels)
        for p in courses_demo.PROGRESSION_PROBLEMS:
            if p["program"] == college:
                assert p["problem"] in found[p["standard"]], p
    assert by_outcome >= 0.8 * rows


def _check_gaps(programs):
    for program in programs.values():
        cov = coverage.coverage(program, program.frameworks[0], scope="all", count="all")
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
