"""Browser fixtures: the app served on a free local port, Debian's Chromium driven by Playwright.

Every page a test opens is watched: a console error or an uncaught page error fails the test.
Screenshots of each journey's steps go to tests/browser/screenshots/<test>/ (git-ignored).
Without Chromium on the PATH the tests skip, unless REQUIRE_BROWSER=1 (CI) makes that a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import WSGIRequestHandler, make_server

from curriculum.extensions import db as _db

CHROMIUM = shutil.which("chromium")
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER", "") == "1"
SCREENSHOTS = Path(__file__).parent / "screenshots"
DEMO_PASSWORD = "demo-password"
# Chromium flags for a machine without outside network (see the design guide, Testing).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the browser tests (closed when they are done)."""
    if not CHROMIUM:
        message = "Debian's chromium is not on the PATH (apt-get install chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Server:
    """The app under test and the address it answers on."""

    app: object
    url: str


class QuietHandler(WSGIRequestHandler):
    """No access log lines in the test output (failures print the browser's own record)."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture
def server_config() -> dict:
    """Config overrides for the served app; a test module overrides this fixture to add some."""
    return {}


@pytest.fixture
def server(make_app, browser, server_config):
    """The app with CSRF on, as in production, served from a thread on a free 127.0.0.1 port.

    The test runs inside the app's context (to build data and check the database); the tables
    are emptied afterwards by `make_app`, after the server has stopped.
    """
    app = make_app(WTF_CSRF_ENABLED=True, **server_config)
    httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        with app.app_context():
            yield Server(app, f"http://127.0.0.1:{httpd.server_port}")
            _db.session.remove()
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        httpd.server_close()


_demo_rows: dict[str, list[dict]] = {}  # the demo as loaded once, table by table


@pytest.fixture
def demo(server):
    """The demo partnership (accounts use DEMO_PASSWORD), committed before the browser looks.

    The first test loads it with `demo.load()`; later ones copy those rows back in bulk, which
    takes a fraction of the time (the loader runs thousands of small statements).
    """
    from curriculum import demo as demo_data
    from curriculum.partnerships.models import Partnership

    if _demo_rows:
        _restore(_demo_rows)
    else:
        demo_data.load()
        _db.session.commit()
        for table in _db.metadata.sorted_tables:
            _demo_rows[table.name] = [
                dict(r) for r in _db.session.execute(table.select()).mappings()
            ]
        _db.session.commit()
    name = demo_data.PARTNERSHIP["name"]
    return _db.session.scalar(sa.select(Partnership).where(Partnership.name == name))


def _restore(rows: dict[str, list[dict]]) -> None:
    """Insert the saved rows, which were consistent when saved. Standards and their versions
    point at each other, so SQLite checks foreign keys at commit and PostgreSQL skips its
    foreign-key triggers for this transaction; its id sequences then move past the copied ids."""
    conn = _db.session.connection()
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
    else:
        conn.execute(sa.text("PRAGMA defer_foreign_keys = ON"))
    for table in _db.metadata.sorted_tables:
        if rows.get(table.name):
            conn.execute(table.insert(), rows[table.name])
    if postgres:
        for table in _db.metadata.sorted_tables:
            for column in table.primary_key.columns:
                if column.autoincrement is True or (
                    column.autoincrement == "auto" and isinstance(column.type, sa.Integer)
                ):
                    conn.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                            f"'{column.name}'), (SELECT COALESCE(MAX({column.name}), 0) + 1 "
                            f"FROM {table.name}), false)"
                        )
                    )
    _db.session.commit()


def fresh() -> None:
    """End the test's transaction so the next query sees what the browser's requests wrote."""
    _db.session.rollback()
    _db.session.expire_all()


@dataclass
class ConsoleWatch:
    """Console errors and uncaught page errors of every page a test opens."""

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Accept console errors matching `pattern` (e.g. the log line of an expected 403)."""
        self.allowed.append(re.compile(pattern))

    def watch(self, page) -> None:
        def on_console(message):
            if message.type == "error" and not any(p.search(message.text) for p in self.allowed):
                self.errors.append(f"{page.url}: console error: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: page error: {error}"))


@pytest.fixture
def console():
    watch = ConsoleWatch()
    yield watch
    if watch.errors:
        pytest.fail("the browser reported errors:\n" + "\n".join(watch.errors), pytrace=False)


@pytest.fixture
def new_page(browser, server, console):
    """new_page() opens a page in a fresh browser context (its own cookies: one person)."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        console.watch(page)
        page.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons ask first
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def shot(request):
    """shot(page, "name") saves a full-page screenshot as screenshots/<test>/<nn>-<name>.png."""
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    count = 0

    def take(page, name: str) -> Path:
        nonlocal count
        count += 1
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form and wait for the home page."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("button", name="Sign out").is_visible()
