"""Drawing career ladders: ladders, steps (with their job quality), moves and the standards a
step requires. Plain functions that check their input (LadderError, a DomainError, names the
field), flush and record an audit event, never commit. `by`: who acts (checked against the
access module when given; None for the CLI and the demo)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from curriculum import access
from curriculum.audit.services import record
from curriculum.errors import Conflict, DomainError, NotFound
from curriculum.extensions import db
from curriculum.ladders.models import Ladder, LadderStatus
from curriculum.params import whole_number
from curriculum.partnerships.models import Partnership
from curriculum.standards import onet

if TYPE_CHECKING:
    from curriculum.access import Reader

MAX_TITLE = 200
MAX_TEXT = 5000
MAX_WAGE = Decimal("9999.99")  # an hourly wage
MAX_OPENINGS = 100_000
MAX_MONTHS = 600


class LadderError(DomainError):
    """Bad input for a ladder, a step, a move or a requirement."""


# --- Cleaning input ----------------------------------------------------------------------------


def clean_text(
    value: Any, name: str, label: str, *, required: bool = False, limit: int = MAX_TEXT
) -> str:
    """Text of at most `limit` characters, ends trimmed (LadderError naming `name` otherwise)."""
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        raise LadderError(f"{label} must be text.", field=name)
    if required and not text:
        raise LadderError(f"Enter the {label.lower()}.", field=name)
    if len(text) > limit:
        raise LadderError(
            f"{label} has at most {limit:,} characters (this has {len(text):,}).", field=name
        )
    return text


def clean_choice(enum: type[StrEnum], value: Any, name: str) -> Any:
    """A member of `enum` by its value."""
    try:
        return enum(value)
    except ValueError:
        names = ", ".join(m.value for m in enum)
        raise LadderError(f"“{value}” is not one of {names}.", field=name) from None


def clean_count(value: Any, name: str, label: str, limit: int) -> int | None:
    if value in (None, ""):
        return None
    # ASCII digits only (int() would take "١" or "1_0"), and no number beyond the database's.
    number = whole_number(value if isinstance(value, int | str) else str(value))
    if number is None:
        digits = str(value).strip().lstrip("+-")
        if not (digits.isascii() and digits.isdigit()):
            raise LadderError(f"{label} must be a whole number.", field=name)
        number = limit + 1  # a whole number too large for any column
    if not 0 <= number <= limit:
        raise LadderError(f"{label} must be between 0 and {limit:,}.", field=name)
    return number


def clean_wage(value: Any, name: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        wage = Decimal(str(value).strip().lstrip("$"))
    except InvalidOperation:
        raise LadderError(
            "A wage is an hourly amount in dollars, such as 21.50.", field=name
        ) from None
    if not wage.is_finite() or not Decimal(0) <= wage <= MAX_WAGE:
        raise LadderError(f"An hourly wage is between $0 and ${MAX_WAGE}.", field=name)
    return wage.quantize(Decimal("0.01"))


def occupation_code(value: Any) -> str:
    """An O*NET-SOC code from the bundled list ("" for none)."""
    code = clean_text(value, "onet_code", "The O*NET-SOC code", limit=10)
    if code and code not in onet.occupations():
        raise LadderError(
            f"“{code}” is not an O*NET-SOC code of the list (for example 51-4041.00).",
            field="onet_code",
        )
    return code


# --- Ladders -----------------------------------------------------------------------------------


def check_access(by: Reader | None, action: str, obj: Any) -> None:
    if by is not None:
        access.require(by, action, obj)


def _unique_title(partnership_id: int, title: str, ladder: Ladder | None = None) -> None:
    query = db.select(Ladder.id).where(
        Ladder.partnership_id == partnership_id, db.func.lower(Ladder.title) == title.lower()
    )
    if ladder is not None:
        query = query.where(Ladder.id != ladder.id)
    if db.session.scalar(query) is not None:
        raise Conflict(f"The partnership already has a ladder called “{title}”.", field="title")


def create_ladder(
    partnership: Partnership,
    *,
    title: Any,
    description: Any = "",
    status: Any = LadderStatus.DRAFT,
    by: Reader | None = None,
) -> Ladder:
    """A new ladder of the partnership (a draft unless said otherwise)."""
    if by is not None:
        access.require(by, "edit_ladders", partnership)
    title = clean_text(title, "title", "Title", required=True, limit=MAX_TITLE)
    _unique_title(partnership.id, title)
    ladder = Ladder(
        partnership=partnership,
        title=title,
        description=clean_text(description, "description", "Description"),
        status=clean_choice(LadderStatus, status, "status"),
        created_by_id=getattr(by, "id", None),
    )
    db.session.add(ladder)
    db.session.flush()
    record("ladder.create", obj=ladder, partnership=partnership, summary=f"Drew {title}")
    return ladder


def update_ladder(ladder: Ladder, changes: dict, *, by: Reader | None = None) -> Ladder:
    """Change a ladder's title, description or status (publish it: status "published")."""
    check_access(by, "edit", ladder)
    if "title" in changes:
        title = clean_text(changes["title"], "title", "Title", required=True, limit=MAX_TITLE)
        _unique_title(ladder.partnership_id, title, ladder)
        ladder.title = title
    if "description" in changes:
        ladder.description = clean_text(changes["description"], "description", "Description")
    if "status" in changes:
        ladder.status = clean_choice(LadderStatus, changes["status"], "status")
    db.session.flush()
    record(
        "ladder.update",
        obj=ladder,
        partnership=ladder.partnership,
        summary=f"Changed {ladder.title} ({ladder.status.label.lower()})",
    )
    return ladder


def delete_ladder(ladder: Ladder, *, by: Reader | None = None) -> None:
    """Delete a ladder with its steps, moves and requirements."""
    check_access(by, "edit", ladder)
    record("ladder.delete", partnership=ladder.partnership, summary=f"Deleted {ladder.title}")
    db.session.delete(ladder)
    db.session.flush()


def get(model: type, object_id: Any) -> Any:
    """A ladder, step, move or requirement by id, or NotFound (an id beyond the database's
    integers too: it would be an overflow there)."""
    number = whole_number(object_id, 1)
    found = None if number is None else db.session.get(model, number)
    if found is None:
        raise NotFound()
    return found
