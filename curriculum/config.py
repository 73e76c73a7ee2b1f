"""Configuration defaults, read from the environment when the app is created."""

import os
import secrets
from pathlib import Path


def _secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, or one generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def ratelimit_storage_uri(environ) -> str:
    """Where failed sign-ins are counted: RATELIMIT_STORAGE_URI, else the REDIS_URL server
    (so that every worker shares the count), else each process's own memory."""
    return environ.get("RATELIMIT_STORAGE_URI") or environ.get("REDIS_URL") or "memory://"


def load(instance_path: str) -> dict:
    """Build the configuration mapping from the environment (called by create_app)."""
    instance = Path(instance_path)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'curriculum.db'}"
    return {
        "SECRET_KEY": _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE"),
        "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 14,
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 16 * 1024 * 1024)),
        "WTF_CSRF_TIME_LIMIT": None,
        # Rate limits: memory works for one process; several workers need Redis to share them.
        "RATELIMIT_STORAGE_URI": ratelimit_storage_uri(os.environ),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", ""),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_FAILURES_PER_MINUTE": int(os.environ.get("LOGIN_FAILURES_PER_MINUTE", 10)),
        # Behind a load balancer or reverse proxy: how many proxies in front of the app to trust
        # for X-Forwarded-For / X-Forwarded-Proto (0: none; the peer address is the client).
        "PROXY_FIX_X_FOR": int(os.environ.get("PROXY_FIX_X_FOR", 0)),
        # werkzeug's scrypt: salted and cost-factored. Tests lower the cost for speed.
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
        "INVITATION_DAYS": int(os.environ.get("INVITATION_DAYS", 7)),
        "PER_PAGE": 25,
        # Above this many rows the coverage page shows one critical work function at a time.
        "COVERAGE_FIRST_VIEW_ROWS": int(os.environ.get("COVERAGE_FIRST_VIEW_ROWS", 200)),
        # How many answers (a framework's standard rows, a program's alignments) each process
        # keeps in memory while what they read is unchanged (curriculum.stamped; 0: none).
        "STAMPED_ENTRIES": int(os.environ.get("STAMPED_ENTRIES", 16)),
        # PDF exports: where jobs run ("thread", "rq" with REDIS_URL, "sync"), how many render
        # at once in the app's own threads, and how long one may take before it is stopped.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "EXPORT_RUNNER": os.environ.get(
            "EXPORT_RUNNER", "rq" if os.environ.get("REDIS_URL") else "thread"
        ),
        "EXPORT_THREADS": int(os.environ.get("EXPORT_THREADS", 2)),
        "EXPORT_TIMEOUT": float(os.environ.get("EXPORT_TIMEOUT", 300)),
        "EXPORT_PENDING_PER_USER": int(os.environ.get("EXPORT_PENDING_PER_USER", 3)),
        "EXPORT_KEEP_FILES": int(os.environ.get("EXPORT_KEEP_FILES", 20)),  # per program/framework
        # Email over SMTP; without MAIL_SERVER, mails are written to the log (and the outbox).
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 25)),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),  # STARTTLS on a plain connection
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL"),  # TLS from the start (usually port 465)
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Curriculum <no-reply@localhost>"
        ),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", 10)),  # seconds per SMTP conversation
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", 6)),
        # The address people reach the app at (links in emails), e.g. https://curriculum.example.org
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", ""),
        # Password reset links: requests per hour from one client address and for one email.
        "PASSWORD_RESETS_PER_IP": int(os.environ.get("PASSWORD_RESETS_PER_IP", 10)),
        "PASSWORD_RESETS_PER_ADDRESS": int(os.environ.get("PASSWORD_RESETS_PER_ADDRESS", 3)),
    }
