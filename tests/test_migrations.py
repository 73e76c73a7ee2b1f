"""The migrations build the whole schema on an empty database, matching the models exactly."""

import uuid

import pytest
import sqlalchemy as sa

from tests.conftest import TEST_DATABASE_URL, is_postgres


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new empty database: SQLite, or a fresh PostgreSQL database beside the test one."""
    if not is_postgres(TEST_DATABASE_URL):
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"curriculum_migrations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_then_check_finds_no_difference(make_app, empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from curriculum.extensions import db

        tables = set(sa.inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        db.engine.dispose()
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from curriculum.extensions import db

        db.engine.dispose()


def test_downgrade_to_base_and_up_again(make_app, empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        from curriculum.extensions import db

        db.engine.dispose()
