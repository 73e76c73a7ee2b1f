"""Jinja filters and globals shared by every template."""

from datetime import datetime
from decimal import Decimal

from flask_login import current_user

from curriculum.markdown import render


def can(action: str, obj=None) -> bool:
    """`can('edit', course)` in templates: the access module's answer for the signed-in user."""
    from curriculum import access

    return access.can(current_user, action, obj)


def format_datetime(value: datetime | None, fmt: str = "%d %b %Y, %H:%M UTC") -> str:
    """A timestamp as people read it (times are kept and shown in UTC)."""
    return value.strftime(fmt) if value else ""


def format_number(value) -> str:
    """A decimal without trailing zeros: 3.00 -> 3, 4.50 -> 4.5."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_money(value, signed: bool = False) -> str:
    """Dollars as people read them: $18.50, $2,850 (whole dollars without cents), −$120 for a
    loss; `signed` puts + before a gain. "" for None."""
    if value is None:
        return ""
    amount = abs(Decimal(value))
    text = f"${amount:,.0f}" if amount == amount.to_integral_value() else f"${amount:,.2f}"
    if value < 0:
        return "−" + text
    return ("+" if signed else "") + text


def register(app) -> None:
    from curriculum.alignment.models import AlignmentLevel
    from curriculum.standards.models import Level

    app.jinja_env.globals["can"] = can
    # The two level scales, for the legend that tells them apart (_macros.html level_legend).
    app.jinja_env.globals["standard_levels"] = list(Level)
    app.jinja_env.globals["alignment_levels"] = list(AlignmentLevel)
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["markdown"] = render
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["date"] = lambda v: format_datetime(v, "%d %b %Y")
