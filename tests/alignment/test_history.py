"""Alignments as of a date: every change is kept, and the migration backfills the present."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from curriculum.alignment import services
from curriculum.alignment.history import AlignmentState, alignments_as_of
from curriculum.alignment.models import AlignmentLevel, AlignmentRevision
from curriculum.standards import services as standards
from tests.test_migrations import empty_database_url  # noqa: F401 (a fixture)

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


@pytest.fixture
def clock(clock):
    """The app's clock (tests/conftest.py), starting at T0."""
    clock.now = T0
    return clock


def _states(world, at):
    return alignments_as_of([world.course.id, world.course2.id], world.framework.id, at)


def test_each_moment_shows_the_alignment_as_it_then_was(world, db, clock):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    v1 = world.factory.publish(world.pi)
    t_made, t_level, t_confirm, t_removed = (T0 + timedelta(days=d) for d in (0, 5, 40, 90))

    clock.now = t_made
    alignment, _ = services.align(world.course, world.pi, "introduced", "Lab 2", user)
    db.session.commit()
    clock.now = t_level
    services.align(world.course, world.pi, "reinforced", "Project", user)
    db.session.commit()
    standards.save_version(world.pi, 1, "Guards checked every shift", "", None, "", user)
    v2 = world.factory.publish(world.pi, number=2)
    clock.now = t_confirm
    services.confirm(alignment, user)
    db.session.commit()
    assert _states(world, None) == [
        AlignmentState(world.course.id, world.pi.id, v2.id, AlignmentLevel.REINFORCED, "Project")
    ]
    clock.now = t_removed
    services.remove(alignment)
    db.session.commit()

    def state(version, level, note):
        return [AlignmentState(world.course.id, world.pi.id, version.id, level, note)]

    assert _states(world, t_made - SECOND) == []
    assert _states(world, t_made) == state(v1, AlignmentLevel.INTRODUCED, "Lab 2")
    assert _states(world, t_level - SECOND) == state(v1, AlignmentLevel.INTRODUCED, "Lab 2")
    assert _states(world, t_level) == state(v1, AlignmentLevel.REINFORCED, "Project")
    assert _states(world, t_confirm - SECOND) == state(v1, AlignmentLevel.REINFORCED, "Project")
    assert _states(world, t_confirm) == state(v2, AlignmentLevel.REINFORCED, "Project")
    assert _states(world, t_removed - SECOND) == state(v2, AlignmentLevel.REINFORCED, "Project")
    assert _states(world, t_removed) == []
    assert _states(world, None) == []
    # The history is a chain: each revision ends where the next begins, none left open.
    spans = db.session.execute(
        db.select(AlignmentRevision.valid_from, AlignmentRevision.valid_to).order_by(
            AlignmentRevision.valid_from
        )
    ).all()
    assert spans == [(t_made, t_level), (t_level, t_confirm), (t_confirm, t_removed)]


def test_realigning_with_the_same_level_and_note_adds_no_revision(world, db, clock):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    services.align(world.course, world.ka, "introduced", "Lab", user)
    clock.now = T0 + timedelta(days=1)
    services.align(world.course, world.ka, "introduced", "Lab", user)
    db.session.commit()
    revisions = db.session.scalars(db.select(AlignmentRevision)).all()
    assert [(r.valid_from, r.valid_to, r.changed_by_id) for r in revisions] == [(T0, None, user.id)]


def test_only_the_given_courses_and_the_framework_count(world, db, clock, factory):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    from curriculum.standards import tree

    other = tree.create_framework(world.partnership, {"title": "Maintenance"})
    elsewhere = tree.add_standard(other, None, "critical_work_function", "Lubricate")
    services.align(world.course, world.ka, "introduced", "", user)
    services.align(world.course2, world.pi, "mastered", "", user)
    services.align(world.course, elsewhere, "mastered", "", user)
    db.session.commit()
    later = T0 + SECOND
    for at in (None, later):
        got = alignments_as_of([world.course.id], world.framework.id, at)
        assert [(s.course_id, s.standard_id) for s in got] == [(world.course.id, world.ka.id)]
        both = _states(world, at)
        assert [(s.course_id, s.standard_id) for s in both] == [
            (world.course.id, world.ka.id),
            (world.course2.id, world.pi.id),
        ]
    assert alignments_as_of([], world.framework.id, later) == []


def test_one_query_however_many_alignments(world, db, clock, count_queries):
    user = world.factory.member(world.partnership, "faculty", organization=world.college)
    for course in (world.course, world.course2):
        for standard in (world.cwf, world.ka, world.pi):
            services.align(course, standard, "reinforced", "", user)
    db.session.commit()
    course_ids, framework_id = [world.course.id, world.course2.id], world.framework.id
    for at in (None, T0 + SECOND):
        with count_queries() as queries:
            assert len(alignments_as_of(course_ids, framework_id, at)) == 6
        assert len(queries) == 1


def test_migration_gives_existing_alignments_an_open_revision(
    make_app,
    empty_database_url,  # noqa: F811
):
    """Alignments made before the history existed are kept from when they were made or
    last confirmed (the state before a confirmation was never recorded)."""
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    made, confirmed = T0, T0 + timedelta(days=30)
    # The commands run in this app's context: the test's own context holds the test database.
    with app.app_context():
        result = runner.invoke(args=["db", "upgrade", "3200b97f4948"])
        assert result.exit_code == 0, result.output
        from curriculum.extensions import db

        tables = sa.inspect(db.engine).get_table_names()
        assert "alignments" in tables and "alignment_revisions" not in tables
        # Rows written with the schema of that revision (the models describe today's schema).
        old = sa.MetaData()
        old.reflect(db.engine)

        def insert(table: str, **values) -> int:
            return db.session.execute(
                sa.insert(old.tables[table]).values(**values)
            ).inserted_primary_key[0]

        partnership = insert(
            "partnerships",
            name="P",
            industry="I",
            naics_code="",
            region="R",
            description="",
            endorsement_quorum=1,
            created_at=made,
        )
        user_id = insert(
            "users",
            email="u@example.org",
            display_name="U",
            password_hash="x",
            is_site_admin=False,
            active=True,
            created_at=made,
            session_token="t",
        )
        framework_id = insert(
            "frameworks",
            uuid="f",
            partnership_id=partnership,
            title="Technician",
            description="",
            occupation_codes=[],
            coding_prefix="",
            created_at=made,
            updated_at=made,
        )
        standard_id = insert(
            "standards",
            uuid="s",
            framework_id=framework_id,
            kind="critical_work_function",
            code="A",
            position=0,
            created_at=made,
        )
        version_id = insert(
            "standard_versions",
            standard_id=standard_id,
            number=1,
            title="Safety",
            statement="",
            change_note="",
            status="draft",
            created_at=made,
        )
        college = insert(
            "organizations",
            name="C",
            kind="college",
            city="",
            website="",
            description="",
            created_at=made,
        )
        course_ids = [
            insert(
                "courses",
                organization_id=college,
                code=code,
                title=code,
                credits=3,
                description="",
                learning_outcomes="",
                created_at=made,
                updated_at=made,
            )
            for code in ("A 1", "B 1")
        ]
        common = {"standard_id": standard_id, "version_id": version_id, "created_at": made}
        insert(
            "alignments",
            course_id=course_ids[0],
            level="mastered",
            note="Capstone",
            created_by_id=user_id,
            **common,
        )
        insert(
            "alignments",
            course_id=course_ids[1],
            level="introduced",
            note="",
            confirmed_at=confirmed,
            **common,
        )
        db.session.commit()
        ids = (*course_ids, framework_id, standard_id, user_id)
        db.session.remove()
        db.engine.dispose()
        result = runner.invoke(args=["db", "upgrade", "head"])
        assert result.exit_code == 0, result.output
    a_id, b_id, framework_id, standard_id, user_id = ids
    with app.app_context():
        from curriculum.extensions import db

        rows = db.session.execute(
            db.select(
                AlignmentRevision.course_id,
                AlignmentRevision.valid_from,
                AlignmentRevision.valid_to,
                AlignmentRevision.changed_by_id,
            ).order_by(AlignmentRevision.course_id)
        ).all()
        assert rows == [(a_id, made, None, user_id), (b_id, confirmed, None, None)]
        between = alignments_as_of([a_id, b_id], framework_id, made + timedelta(days=1))
        assert [(s.course_id, s.level, s.note) for s in between] == [
            (a_id, AlignmentLevel.MASTERED, "Capstone")
        ]
        assert alignments_as_of([a_id, b_id], framework_id, confirmed) == alignments_as_of(
            [a_id, b_id], framework_id, None
        )
        assert {s.standard_id for s in between} == {standard_id}
        db.session.remove()
        db.engine.dispose()
