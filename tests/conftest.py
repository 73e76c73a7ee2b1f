"""Fixtures: the app on SQLite or PostgreSQL (TEST_DATABASE_URL), a client, factories, login_as.

The schema is built once per session by running the Alembic migrations; each test then gets
a fresh app and the tables are emptied after it, so tests are isolated on both databases.
"""

from __future__ import annotations

import contextvars
import os
import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from curriculum import create_app, downloads
from curriculum.extensions import db as _db
from curriculum.testing.world import PASSWORD, Builder

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")

BASE_CONFIG = {
    "TESTING": True,
    "WTF_CSRF_ENABLED": False,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast; production uses scrypt
    "SECRET_KEY": "test-secret",
    "SERVER_NAME": None,
    "EXPORT_RUNNER": "sync",  # exports render inside the request: no thread outlives a test
}


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """An empty database with the migrated schema: PostgreSQL when asked for, else SQLite."""
    if TEST_DATABASE_URL:
        url = TEST_DATABASE_URL
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    return url


def _empty_tables() -> None:
    tables = [t for t in reversed(_db.metadata.sorted_tables)]
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        _db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            _db.session.execute(table.delete())
    _db.session.commit()


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    Tests run inside an app context (for factories and queries); without this, requests would
    share it, and with it `g`, the signed-in user and the database session.
    """

    def open(self, *args, **kwargs):
        # Buffered: a streamed body (downloads.csv_response) is read, and its request context
        # closed, inside the context it was opened in.
        kwargs.setdefault("buffered", True)
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            _db.session.expire_all()  # the test sees what the request wrote
        return response


@pytest.fixture
def make_app(database_url):
    """Build extra apps on the test database with config overrides (emptied afterwards)."""
    apps = []

    def make(**overrides):
        app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **overrides})
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            _db.session.remove()
            if app.config["SQLALCHEMY_DATABASE_URI"] == database_url:
                _empty_tables()
            _db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def factory(app) -> Builder:
    """The world builder (`curriculum.testing.world`): organization, user, partnership,
    member, framework, standard, publish, course, program, align; everything committed."""
    return Builder()


@pytest.fixture
def partnership(factory):
    return factory.partnership(name="Test Valley Manufacturing Partnership")


def login(client, email, password=PASSWORD, **extra):
    """Sign in through the real form; returns the response."""
    return client.post("/login", data={"email": email, "password": password, **extra})


@pytest.fixture
def login_as(client, factory, partnership):
    """login_as("convener") makes a member with that role in `partnership` and signs them in.

    login_as("admin") signs in a site administrator; login_as("outsider") someone in no
    partnership. Returns the user.
    """

    def _login_as(role, in_partnership=None):
        if role == "admin":
            user = factory.user(admin=True, name="Admin")
        elif role == "outsider":
            user = factory.user(organization=factory.organization(), name="Outsider")
        else:
            user = factory.member(in_partnership or partnership, role)
        response = login(client, user.email)
        assert response.status_code == 302, response.text
        return user

    return _login_as


@pytest.fixture
def queries_while_streaming(app, monkeypatch):
    """The SQL statements run while streamed CSV downloads (`downloads.csv_response`) were
    being sent, after their view had returned: there should be none (the database session
    is closed by then)."""
    statements: list[str] = []
    send = downloads.chunks

    def recorded(lines, size=downloads.CHUNK):
        def before(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(_db.engine, "before_cursor_execute", before)
        try:
            yield from send(lines, size)
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", before)

    monkeypatch.setattr(downloads, "chunks", recorded)
    return statements


@pytest.fixture
def count_queries(app):
    """`with count_queries() as queries:` collects the SQL statements run inside the block.

    The block starts with nothing kept in memory (curriculum.stamped), so it counts what a
    first view costs, whatever ran before it; `with count_queries(kept=True)` keeps it."""

    @contextmanager
    def counting(kept: bool = False):
        statements: list[str] = []
        if not kept and "stamped" in app.extensions:
            app.extensions["stamped"].clear()

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(_db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", before)

    return counting


def csrf_token_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Clock:
    """Stands for the time: set `clock.now` and utcnow() answers it, everywhere in the app."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The time, held still at the moment the test starts until the test moves `clock.now`."""
    import curriculum.db

    held = Clock(curriculum.db.utcnow())
    monkeypatch.setattr(curriculum.db, "clock", held)
    return held


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free local port, in a thread of the test process.

    `.messages` lists what arrived (email.message.EmailMessage, parsed), `.port` its port,
    `.config` the settings of an app that mails through it (`make_app(**smtp_server.config)`);
    `.stop()` and `.start()` take it down and bring it back on the same port.
    """

    def __init__(self):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.messages: list = []
        self.config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port}
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def text(self, message) -> str:
        """The plain-text part of a message that arrived (line ends as "\n")."""
        return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


@pytest.fixture
def smtp_server():
    """A running SmtpServer; `make_app(**smtp_server.config)` builds an app that mails to it."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()
