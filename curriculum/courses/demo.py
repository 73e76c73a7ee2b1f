"""Demo courses, programs and alignments at the partnership's two colleges.

Sinclair Valley Community College (the faculty demo account's college) offers a Mechatronics
Engineering Technology AAS over four terms; Clark Technical College a two-term Production
Technician certificate. Both answer to the Production Technician framework. Their courses are
aligned to its standards at mixed levels, with real gaps (shipping, training co-workers, little
mastery of process improvement). A few standards the colleges had aligned to are then revised
and republished by the panel, so those alignments turn stale; the faculty has already
re-confirmed one of them.

Each course's learning outcomes come with their assessment methods, and most alignments are
made by the outcome that best fits; a few stay course-level (the OSHA 10 card, orientation
week, a lab-wide 5S audit). Sinclair's two electives form the elective group "Technical
elective" (choose 1 of ROB 220, MFG 215). The levels and terms leave a few progression problems
for the progression page to show, on purpose: `PROGRESSION_PROBLEMS` lists each with why
(mastered before introduced, mastered only in an elective, introduced but never reinforced or
mastered, ...).

Everything goes through the services the app uses (create_course, create_program, add_course,
align, save_version, endorse, publish, confirm), so the audit log tells the same story; the
outcome rows (with their assessment methods) and the elective group are added as rows. The
content is data, in curriculum/data/demo/courses.json.
Idempotent: once the demo programs exist, `load()` adds nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import selectinload

from curriculum.alignment import services as alignment
from curriculum.courses import services
from curriculum.courses.models import Course, CourseOutcome, ElectiveGroup, Program
from curriculum.extensions import db
from curriculum.partnerships.models import Partnership
from curriculum.standards import services as standards
from curriculum.standards.models import Framework, Standard

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "courses.json"
_DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))

FRAMEWORK: str = _DATA["framework"]  # the title of the framework the programs answer to
CATALOG_YEAR: str = _DATA["catalog_year"]
CONVENER: str = _DATA["convener"]  # conveners may edit member colleges' courses
PANEL: list[str] = _DATA["panel"]
# Who aligns each college's courses: Sinclair's own faculty; Clark has no demo account, so the
# convener entered its alignments from the college's syllabi.
ALIGNED_BY: dict[str, str] = _DATA["aligned_by"]
# college -> its courses, each with its outcomes: [{text, assessment (methods)}], numbered 1..n
COURSES: dict[str, list[dict]] = _DATA["courses"]
# college -> its program, with courses by term and elective groups [{name, choose, courses}]
PROGRAMS: dict[str, dict] = _DATA["programs"]
# college -> course code -> [{outcome (number, or None: course-level), standards (codes), level,
# note (how it is taught or assessed)}]
ALIGNMENTS: dict[str, dict[str, list[dict]]] = _DATA["alignments"]
# The progression problems the demo's levels and terms make on purpose, each with why:
# [{program (college), standard (code), problem, why}]
PROGRESSION_PROBLEMS: list[dict] = _DATA["progression_problems"]
# Standards the panel revised after the colleges had aligned to them: their alignments pinned
# to the old version turn stale.
REVISIONS: list[dict] = _DATA["revisions"]
# (college, course code, standard code): stale alignments the faculty has already re-confirmed.
CONFIRMED = [(c["college"], c["course"], c["standard"]) for c in _DATA["confirmed"]]


def _revise(standard: Standard, author, title: str, note: str, users: dict) -> None:
    """Save a new version of a published standard and publish it as the panel would."""
    current = standards.current_version_of(standard)
    content = {**current.content(), "title": title}
    version, _ = standards.save_version(
        standard,
        current.number,
        content["title"],
        content["statement"],
        content["level"],
        note,
        author,
    )
    standards.move_to_review(standard, version)
    for email in PANEL:
        standards.endorse(standard, version, users[email], "Reviewed at the panel meeting.")
    standards.publish(standard, version, users[CONVENER])


def _course(college, row: dict) -> Course:
    """A demo course with its numbered outcomes and their assessment methods."""
    details = {key: value for key, value in row.items() if key != "outcomes"}
    course = services.create_course(college, details)
    course.outcomes = [
        CourseOutcome(position=n, text=o["text"], assessment=o["assessment"])
        for n, o in enumerate(row["outcomes"], start=1)
    ]
    db.session.flush()
    return course


def _outcome(course: Course, number: int | None) -> CourseOutcome | None:
    """The course's outcome `number` (1-based), None for a course-level alignment."""
    if number is None:
        return None
    if not 1 <= number <= len(course.outcomes):
        raise ValueError(f"{course.code} has no outcome {number}")
    return course.outcomes[number - 1]


def _elective_groups(program: Program, groups: list[dict]) -> None:
    """Either/or electives: each group's courses (already in the program) join the group."""
    entries = {pc.course.code: pc for pc in program.courses}
    for data in groups:
        group = ElectiveGroup(program=program, name=data["name"], choose=data["choose"])
        for code in data["courses"]:
            entries[code].group = group
    db.session.flush()


def load(partnership: Partnership, users_by_email: dict) -> list[Program]:
    """Create the demo courses, programs and alignments, unless the programs already exist."""
    colleges = {o.name: o for o in partnership.organizations if o.name in COURSES}
    existing = list(
        db.session.scalars(
            db.select(Program).where(
                Program.organization_id.in_([o.id for o in colleges.values()]),
                Program.catalog_year == CATALOG_YEAR,
                Program.name.in_([p["name"] for p in PROGRAMS.values()]),
            )
        )
    )
    framework = db.session.scalar(
        db.select(Framework).where(
            Framework.partnership_id == partnership.id, Framework.title == FRAMEWORK
        )
    )
    if existing or framework is None:
        return existing
    by_code = {
        s.code: s
        for s in db.session.scalars(
            db.select(Standard)
            .options(
                selectinload(Standard.current_version), selectinload(Standard.published_version)
            )
            .where(Standard.framework_id == framework.id)
        )
    }
    users = users_by_email
    programs, courses = [], {}
    for college_name, rows in COURSES.items():
        college = colleges[college_name]
        for row in rows:
            courses[college_name, row["code"]] = _course(college, row)
        data = PROGRAMS[college_name]
        program = services.create_program(
            college,
            {
                "name": data["name"],
                "award_type": data["award_type"],
                "catalog_year": CATALOG_YEAR,
                "description": data["description"],
                "partnership_id": partnership.id,
                "framework_ids": [framework.id],
            },
        )
        for entry in data["courses"]:
            course = courses[college_name, entry["code"]]
            services.add_course(program, course, entry["term"], entry["required"])
        _elective_groups(program, data.get("elective_groups", []))
        programs.append(program)
    made: dict[tuple[str, str, str], list] = {}  # (college, course, standard) -> alignments
    for college_name, by_course in ALIGNMENTS.items():
        user = users[ALIGNED_BY[college_name]]
        for course_code, rows in by_course.items():
            course = courses[college_name, course_code]
            for row in rows:
                outcome = _outcome(course, row["outcome"])
                for code in row["standards"]:
                    standard = by_code.get(code)
                    if standard is None or standard.retired_at is not None:
                        continue  # the framework was changed since its demo was loaded
                    made.setdefault((college_name, course_code, code), []).append(
                        alignment.align(
                            course, standard, row["level"], row["note"], user, outcome=outcome
                        )[0]
                    )
    for revision in REVISIONS:
        standard = by_code.get(revision["standard"])
        # Only a standard whose newest version is the published one (no edit in progress).
        if standard is not None and standard.current_version_id == standard.published_version_id:
            _revise(
                standard,
                users[revision["author"]],
                revision["title"],
                revision["change_note"],
                users,
            )
    for key in CONFIRMED:
        for made_alignment in made.get(key, []):
            if made_alignment.is_stale:
                alignment.confirm(made_alignment, users[ALIGNED_BY[key[0]]])
    return programs


__all__ = ["ALIGNMENTS", "COURSES", "PROGRAMS", "PROGRESSION_PROBLEMS", "REVISIONS", "load"]
