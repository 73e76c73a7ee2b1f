"""`flask users create-admin`."""

from curriculum.auth.models import User
from tests.conftest import login


def test_create_admin_reads_the_password_from_stdin(runner, app, db):
    result = runner.invoke(
        args=["users", "create-admin", "Root@Example.org", "--password-stdin"],
        input="a-long-admin-password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "root@example.org"))
    assert user.is_site_admin
    assert login(app.test_client(), "root@example.org", "a-long-admin-password").status_code == 302


def test_create_admin_prompts_for_the_password(runner, db):
    result = runner.invoke(
        args=["users", "create-admin", "ops@example.org"],
        input="a-long-admin-password\na-long-admin-password\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(User).where(User.email == "ops@example.org")).is_site_admin


def test_create_admin_refuses_a_short_password_or_a_taken_email(runner, factory, db):
    result = runner.invoke(
        args=["users", "create-admin", "x@example.org", "--password-stdin"], input="short\n"
    )
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    factory.user(email="taken@example.org")
    result = runner.invoke(
        args=["users", "create-admin", "TAKEN@example.org", "--password-stdin"],
        input="a-long-admin-password\n",
    )
    assert result.exit_code != 0 and "already exists" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
