"""Curriculum: cross-firm skill standards, versioned, aligned to courses, printed as curricula."""

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, CLI commands and error pages."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    from curriculum import config as defaults

    app.config.update(defaults.load(app.instance_path))
    if config:
        app.config.update(config)
    _trust_proxies(app)
    _bound_ids(app)
    _refuse_nul_characters(app)
    _refuse_bad_json(app)

    _init_extensions(app)
    _register_blueprints(app)
    _register_security_headers(app)

    from curriculum import cli, errors, templating

    errors.register(app)
    cli.register(app)
    templating.register(app)
    return app


MAX_ID = 2**31 - 1  # the largest value of an INTEGER column (PostgreSQL); ids never pass it


def _bound_ids(app: Flask) -> None:
    """Make `<int:…>` in routes take only ids a table can hold: /standards/99999999999999999999
    is a 404 rather than an overflow in the database driver (a 500 on SQLite)."""
    from werkzeug.exceptions import NotFound
    from werkzeug.routing import IntegerConverter

    class IdConverter(IntegerConverter):
        def to_python(self, value: str) -> int:
            number = super().to_python(value)
            if number > MAX_ID:
                # Not ValidationError: Werkzeug would answer 405 when the path has other methods.
                raise NotFound()
            return number

    app.url_map.converters["int"] = IdConverter


def _holds_nul(value) -> bool:
    """True when a string in `value` holds a NUL or a lone surrogate (iterative: JSON bodies
    may be nested up to params.MAX_JSON_DEPTH)."""
    from curriculum.params import UNHOLDABLE

    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and UNHOLDABLE.search(item):
            return True
        if isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list | tuple):
            stack += item
    return False


def _refuse_nul_characters(app: Flask) -> None:
    """PostgreSQL text cannot hold a NUL character, and no UTF-8 text a lone UTF-16 surrogate:
    a query, form or JSON body carrying one is bad input (400) rather than a database or
    encoding error (500) wherever it would have been stored, searched for or shown."""
    from flask import abort, request

    @app.before_request
    def refuse_nul():
        fields = [*request.args.lists()]
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            fields += request.form.lists()
        if any(_holds_nul(key) or _holds_nul(values) for key, values in fields) or (
            request.is_json and _holds_nul(request.get_json(silent=True))
        ):
            abort(
                400,
                "The request contains a NUL character (\\0) or a lone UTF-16 surrogate, "
                "which no text here can hold.",
            )


def _refuse_bad_json(app: Flask) -> None:
    """JSON bodies nested too deeply or holding lone surrogates (`\\ud800`) are refused by the
    app's JSON provider, so request.get_json() fails with a 400 wherever it is called."""
    from curriculum.params import JSONProvider

    app.json = JSONProvider(app)


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_FIX_X_FOR proxies, take the client address and scheme from their headers
    (so the per-address sign-in limit and the audit log see the client, not the balancer)."""
    proxies = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask's documented way of adding WSGI middleware; mypy sees a method being replaced.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies
        )


def _init_extensions(app: Flask) -> None:
    from curriculum import models  # noqa: F401  (every table known to the metadata)
    from curriculum.api import auth as api_auth
    from curriculum.auth import sessions
    from curriculum.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    _tune_sqlite(app, db)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see this page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    sessions.init_app(app)  # server-side sign-in sessions: the user loader
    api_auth.init_app(app)  # personal API tokens (Authorization: Bearer) under /api/


def _tune_sqlite(app: Flask, db) -> None:
    """SQLite: WAL, a busy timeout and foreign keys on every connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


# Every feature's blueprint, as "module path" (each module defines `bp`).
BLUEPRINTS = (
    "curriculum.site.views",
    "curriculum.auth.views",
    "curriculum.organizations.views",
    "curriculum.partnerships.views",
    "curriculum.audit.views",
    "curriculum.standards.views",
    "curriculum.courses.views",
    "curriculum.alignment.views",
    "curriculum.alignment.coverage_views",
    "curriculum.exports.views",
    "curriculum.interop.views",
    "curriculum.interop.views_spreadsheets",
    "curriculum.api.views",
    "curriculum.interop.case_api",
    "curriculum.interop.views_links",
    "curriculum.mail.views",
    "curriculum.notifications.views",
    "curriculum.releases.views",
    "curriculum.courses.views_import",
    "curriculum.alignment.progression_views",
    "curriculum.needs.views",
    "curriculum.ladders.views",
    "curriculum.dashboard.views",
    "curriculum.ladders.views_files",
    "curriculum.ladders.views_gap",
    "curriculum.search.views",
    "curriculum.needs.views_gaps",
    "curriculum.measures.views",
)


# Every feature's background tasks: modules whose `@task(...)` functions register on import (the
# web process enqueues them and `flask worker` runs them, so both must know them).
TASK_MODULES = (
    "curriculum.exports.typesetting",
    "curriculum.interop.importing",
    "curriculum.mail.sending",
)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for module in BLUEPRINTS:
        app.register_blueprint(import_module(module).bp)
    for module in TASK_MODULES:
        import_module(module)


def _register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
