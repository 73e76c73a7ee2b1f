"""Jinja filters and globals shared by every template."""

from datetime import datetime

from curriculum.markdown import render


def format_datetime(value: datetime | None, fmt: str = "%d %b %Y, %H:%M UTC") -> str:
    """A timestamp as people read it (times are kept and shown in UTC)."""
    return value.strftime(fmt) if value else ""


def register(app) -> None:
    app.jinja_env.filters["markdown"] = render
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["date"] = lambda v: format_datetime(v, "%d %b %Y")
