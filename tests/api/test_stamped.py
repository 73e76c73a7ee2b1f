"""Answers kept in memory under change tokens (curriculum.stamped, issue 18): a framework's
standard rows and a program's alignments are read once while nothing they are made of changes,
and never outlive a change: not in another process, not with the clock standing still, not
when the change is the reader's own and is rolled back."""

import threading

import sqlalchemy as sa
from sqlalchemy.orm import Session

from curriculum import stamped
from curriculum.alignment import coverage as coverage_model
from curriculum.alignment import services as alignment
from curriculum.auth.models import User
from curriculum.courses import services as courses
from curriculum.courses.models import Course, Program
from curriculum.extensions import db as _db
from curriculum.standards import rows, services
from curriculum.standards.models import Framework, StandardVersion


def _title(framework_id, code):
    return next(s.current_version.title for s in rows.load([framework_id]) if s.code == code)


def test_rows_are_read_once_while_unchanged(app, framework, ka, count_queries):
    framework_id = framework.id
    with count_queries() as first:
        found = rows.load([framework_id])
    with count_queries(kept=True) as again:
        kept = rows.load([framework_id])
    assert len(first) == 2 and len(again) == 1  # the tokens; then only the tokens
    assert all(a is b for a, b in zip(found, kept, strict=True))
    assert stamped.memory().hits >= 1


def test_a_change_gives_a_new_token_and_new_rows_even_when_the_clock_stands_still(
    app, framework, ka, db, clock
):
    services.save_version(ka, 1, "Inspect guards", "Check guards.", None, "Shorter", None)
    db.session.commit()
    assert _title(framework.id, "A.1") == "Inspect guards"
    before = db.session.get(Framework, framework.id)
    changed_at, token = before.changed_at, before.change_token
    services.save_version(ka, 2, "Inspect all guards", "Check all.", None, "", None)
    db.session.commit()
    now = db.session.get(Framework, framework.id)
    assert now.changed_at == changed_at  # the time did not move ...
    assert now.change_token != token  # ... the token did
    assert _title(framework.id, "A.1") == "Inspect all guards"


def test_a_change_made_by_another_process_is_seen(make_app, app, framework, ka, db):
    """Each gunicorn worker keeps its own answers: another worker's change reaches them
    through the token in the database."""
    assert _title(framework.id, "A.1") == "Inspect guarding"
    other = make_app()
    with other.app_context():
        standard = services.get_standard(ka.id)
        services.save_version(standard, 1, "Inspect guards", "Check.", None, "", None)
        _db.session.commit()
        assert _title(framework.id, "A.1") == "Inspect guards"
    db.session.expire_all()
    assert _title(framework.id, "A.1") == "Inspect guards"


def test_changes_not_committed_are_neither_served_nor_kept(app, framework, ka, db):
    assert _title(framework.id, "A.1") == "Inspect guarding"
    kept = len(stamped.memory())
    # An ORM change, flushed but not committed, then rolled back.
    version = db.session.get(StandardVersion, ka.current_version_id)
    version.title = "Never agreed"
    db.session.flush()
    assert _title(framework.id, "A.1") == "Never agreed"  # the reader's own change ...
    db.session.rollback()
    assert _title(framework.id, "A.1") == "Inspect guarding"  # ... never kept for others
    # A bulk statement the session does not track (its touch() not yet called).
    db.session.execute(
        sa.update(StandardVersion)
        .where(StandardVersion.id == ka.current_version_id)
        .values(title="Bulk, rolled back")
    )
    assert _title(framework.id, "A.1") == "Bulk, rolled back"
    db.session.rollback()
    assert _title(framework.id, "A.1") == "Inspect guarding"
    # The same on the table itself, without the ORM class.
    table = StandardVersion.__table__
    db.session.execute(
        sa.update(table).where(table.c.id == ka.current_version_id).values(title="Core")
    )
    assert _title(framework.id, "A.1") == "Core"
    db.session.rollback()
    assert _title(framework.id, "A.1") == "Inspect guarding"
    # An answer that reads no framework or program has nothing to be keyed by: never kept.
    assert stamped.remember("nothing", (), lambda: "computed") == "computed"
    assert len(stamped.memory()) == kept


def test_the_memory_is_bounded_and_can_be_turned_off(make_app, factory, partnership):
    frameworks = [factory.framework(partnership, f"Trade {n}").id for n in range(3)]
    small = make_app(STAMPED_ENTRIES=2)
    with small.app_context():
        for framework_id in frameworks:
            rows.load([framework_id])
        assert len(stamped.memory()) == 2  # the least recently used one dropped
    off = make_app(STAMPED_ENTRIES=0)
    with off.app_context():
        assert stamped.memory() is None
        assert rows.load(frameworks) == []


def test_coverage_sees_alignment_changes(app, factory, partnership, framework, ka, db, publish):
    """The alignments kept for a program change with each alignment of its courses."""
    publish(ka)
    college = factory.organization("College", "college")
    faculty = factory.member(partnership, "faculty", organization=college)
    course = factory.course(college, "MFG 110")
    program = factory.program(college, partnership, [framework], courses_by_term=[(course, 1)])

    def level():
        found = coverage_model.coverage(program, framework)
        (row,) = [r for r in found.rows if r.standard.id == ka.id]
        return [c.level.value for c in row.cells.values()]

    assert level() == []
    alignment.align(course, ka, "introduced", "", faculty)
    db.session.commit()
    assert level() == ["introduced"]
    alignment.align(course, ka, "mastered", "", faculty)
    db.session.commit()
    assert level() == ["mastered"]
    assert level() == ["mastered"]  # kept now: the same answer


def test_an_alignment_saved_while_its_course_joins_a_program_reaches_the_program(
    make_app, app, factory, partnership, framework, ka, db, publish
):
    """A faculty member aligns a course while a colleague adds it to a program. The alignment's
    commit asks which programs the course is in; had it asked before the program's commit and
    stamped nothing, a reader between the two commits would keep the program's alignments
    without it, under a token that never changes again. It waits instead (PostgreSQL: the
    course's row lock; SQLite: one writer)."""
    publish(ka)
    college = factory.organization("College", "college")
    faculty = factory.member(partnership, "faculty", organization=college)
    course = factory.course(college, "MFG 110")  # not yet in the program
    program = factory.program(
        college, partnership, [framework], courses_by_term=[(factory.course(college), 1)]
    )
    ids = {"course": course.id, "program": program.id, "ka": ka.id, "faculty": faculty.id}

    def levels():
        found = coverage_model.coverage(db.session.get(Program, ids["program"]), framework)
        (row,) = [r for r in found.rows if r.standard.id == ids["ka"]]
        return {course_id: cell.level.value for course_id, cell in row.cells.items()}

    assert levels() == {}
    asked, go = threading.Event(), threading.Event()
    aligning, errors = [], []

    def pause(session):  # after stamps' own before_commit: the programs have been asked
        if threading.current_thread() in aligning and not session.in_nested_transaction():
            asked.set()
            go.wait(20)

    def run(other, work):
        try:
            with other.app_context():
                work()
                _db.session.commit()
        except Exception as exc:  # the test fails below, naming it
            errors.append(exc)

    def align():
        found = _db.session.get(Course, ids["course"])
        standard = services.get_standard(ids["ka"])
        alignment.align(found, standard, "introduced", "", _db.session.get(User, ids["faculty"]))

    def join():
        found = _db.session.get(Program, ids["program"])
        courses.add_course(found, _db.session.get(Course, ids["course"]), 1)

    sa.event.listen(Session, "before_commit", pause)
    try:
        aligner = threading.Thread(target=run, args=(make_app(), align))
        aligning.append(aligner)
        aligner.start()
        assert asked.wait(20)
        joiner = threading.Thread(target=run, args=(make_app(), join))
        joiner.start()
        joiner.join(1.5)  # the join waits for the alignment's commit (it would not, unlocked)
        db.session.expire_all()
        levels()  # a reader now keeps what it sees under the program's token
        go.set()
        aligner.join(20)
        joiner.join(20)
    finally:
        go.set()
        sa.event.remove(Session, "before_commit", pause)
    assert not errors, errors
    db.session.expire_all()
    assert levels() == {ids["course"]: "introduced"}
