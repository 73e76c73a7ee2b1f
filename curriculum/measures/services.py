"""Recording a program's cohorts: the counts of one term of entry, the credentials earned and
the placements by employer; changing and deleting them. Plain functions that flush and leave the
commit to the caller (pages, API, import alike).

Only what cannot be true is refused: a negative count, more completers (or people employed,
insured, credentialed or placed) than were enrolled, a negative median. Other figures may look
odd and still be right (people employed in the sector without completing; health insurance
from a job outside the sector), so they are taken as given.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import joinedload, selectinload

from curriculum.audit.services import record
from curriculum.concurrency import unique_or_conflict
from curriculum.courses.models import Program
from curriculum.errors import DomainError, NotFound
from curriculum.extensions import db
from curriculum.measures.models import (
    COUNT_FIELDS,
    EARNINGS_FIELDS,
    Cohort,
    CohortCredential,
    CohortPlacement,
    Season,
)
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.params import MAX_INTEGER
from curriculum.partnerships.models import PartnershipOrganization

if TYPE_CHECKING:
    from curriculum.auth.models import User

FIRST_YEAR, LAST_YEAR = 1950, 2100
MAX_SOURCE, MAX_NOTES, MAX_CREDENTIAL = 200, 5000, 200
MAX_EARNINGS = Decimal("99999999.99")  # what Numeric(10, 2) holds
# Counts that count people of the cohort, so none can exceed those enrolled.
OF_ENROLLED = ("completed", "employed_q2", "employed_q4", "with_health_insurance",
               "with_paid_time_off")  # fmt: skip
FIELDS = ("entry_year", "entry_season", *COUNT_FIELDS, *EARNINGS_FIELDS, "source", "notes")


class CohortError(DomainError):
    """Figures that cannot be true, or a term the program has a cohort of already (409)."""


def get_cohort(cohort_id: int) -> Cohort:
    """The cohort with its program, credentials and placements loaded, or NotFound."""
    cohort = db.session.scalar(
        db.select(Cohort)
        .where(Cohort.id == cohort_id)
        .options(
            joinedload(Cohort.program).joinedload(Program.partnership),
            selectinload(Cohort.credentials),
            selectinload(Cohort.placements).joinedload(CohortPlacement.organization),
        )
    )
    if cohort is None:
        raise NotFound()
    return cohort


def cohorts_of(program: Program) -> list[Cohort]:
    """The program's cohorts, oldest term first, with credentials and placements loaded."""
    found = db.session.scalars(
        db.select(Cohort)
        .where(Cohort.program_id == program.id)
        .options(
            selectinload(Cohort.credentials),
            selectinload(Cohort.placements).joinedload(CohortPlacement.organization),
        )
    ).all()
    return sorted(found, key=lambda c: c.order)


def employers_of(program: Program) -> list[Organization]:
    """The employers a cohort of the program may be placed with: the partnership's."""
    return list(
        db.session.scalars(
            db.select(Organization)
            .where(
                Organization.kind == OrganizationKind.EMPLOYER,
                Organization.id.in_(
                    db.select(PartnershipOrganization.organization_id).where(
                        PartnershipOrganization.partnership_id == program.partnership_id
                    )
                ),
            )
            .order_by(Organization.name)
        )
    )


# --- Reading and checking what was given ---------------------------------------------------


def season(value: Any) -> Season:
    """A Season from "fall", "Fall" or Season.FALL; CohortError naming entry_season else."""
    if isinstance(value, Season):
        return value
    text = str(value or "").strip().lower()
    try:
        return Season(text)
    except ValueError:
        raise CohortError(
            f"Season: “{text[:20]}” is not a season: use winter, spring, summer or fall.",
            field="entry_season",
        ) from None


def _count(name: str, value: Any) -> int | None:
    label = COUNT_FIELDS.get(name, name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise CohortError(f"{label}: enter a whole number.", field=name)
    if value < 0:
        raise CohortError(f"{label}: a count cannot be negative (you gave {value}).", field=name)
    if value > MAX_INTEGER:
        raise CohortError(f"{label}: enter at most {MAX_INTEGER:,}.", field=name)
    return value


def _earnings(name: str, value: Any) -> Decimal | None:
    label = EARNINGS_FIELDS[name]
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = value.replace(",", "").replace("$", "").strip()
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise CohortError(
            f"{label}: enter an amount in dollars, such as 9500.", field=name
        ) from None
    if not amount.is_finite() or amount < 0:
        raise CohortError(f"{label}: an amount cannot be negative.", field=name)
    if amount > MAX_EARNINGS:
        raise CohortError(f"{label}: enter at most {MAX_EARNINGS:,}.", field=name)
    return amount


def _text(name: str, value: Any, limit: int) -> str:
    text = "" if value is None else str(value).replace("\x00", "").strip()
    if len(text) > limit:
        raise CohortError(f"{name.capitalize()}: use at most {limit} characters.", field=name)
    return text


def _values(data: dict) -> dict:
    """The cohort's own fields among `data`, checked one by one."""
    values: dict[str, Any] = {}
    if "entry_year" in data:
        year = data["entry_year"]
        if (
            isinstance(year, bool)
            or not isinstance(year, int)
            or not (FIRST_YEAR <= year <= LAST_YEAR)
        ):
            raise CohortError(
                f"Year of entry: enter a year from {FIRST_YEAR} to {LAST_YEAR}.",
                field="entry_year",
            )
        values["entry_year"] = year
    if "entry_season" in data:
        values["entry_season"] = season(data["entry_season"])
    for name in COUNT_FIELDS:
        if name in data:
            values[name] = _count(name, data[name])
    for name in EARNINGS_FIELDS:
        if name in data:
            values[name] = _earnings(name, data[name])
    if "source" in data:
        values["source"] = _text("source", data["source"], MAX_SOURCE)
    if "notes" in data:
        values["notes"] = _text("notes", data["notes"], MAX_NOTES)
    return values


def _credentials(items: list, enrolled: int | None) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        field = f"credentials[{i}]"
        name = " ".join(str(item.get("credential") or "").split())
        if not name:
            raise CohortError("Credential: name the credential earned.", field=field)
        if len(name) > MAX_CREDENTIAL:
            raise CohortError(f"Credential: use at most {MAX_CREDENTIAL} characters.", field=field)
        if name.lower() in seen:
            raise CohortError(f"Credential: {name} is listed twice.", field=field)
        seen.add(name.lower())
        earned = _count(field, item.get("earned"))
        if earned is None:
            raise CohortError(f"Credential {name}: say how many earned it.", field=field)
        if enrolled is not None and earned > enrolled:
            raise CohortError(
                f"Credential {name}: more earned it ({earned}) than were enrolled ({enrolled}).",
                field=field,
            )
        found.append((name, earned))
    return found


def _placements(items: list, program: Program, enrolled: int | None) -> list[tuple[int, int]]:
    employers = {o.id: o for o in employers_of(program)}
    found: list[tuple[int, int]] = []
    for i, item in enumerate(items):
        field = f"placements[{i}]"
        org_id = item.get("organization_id")
        if org_id not in employers:
            raise CohortError("Placements: choose an employer of the partnership.", field=field)
        if any(org_id == o for o, _ in found):
            raise CohortError(f"Placements: {employers[org_id].name} is listed twice.", field=field)
        placed = _count(field, item.get("placed"))
        if placed is None:
            raise CohortError(
                f"Placements: say how many {employers[org_id].name} hired.", field=field
            )
        found.append((org_id, placed))
    total = sum(p for _, p in found)
    if enrolled is not None and total > enrolled:
        raise CohortError(
            f"Placements: {total} placed in all, more than were enrolled ({enrolled}).",
            field="placements",
        )
    return found


def _check_whole(cohort: Cohort) -> None:
    """What cannot be true of the cohort as a whole."""
    enrolled = cohort.enrolled
    if enrolled is None:
        return
    for name in OF_ENROLLED:
        value = getattr(cohort, name)
        if value is not None and value > enrolled:
            raise CohortError(
                f"{COUNT_FIELDS[name]}: {value} is more than were enrolled ({enrolled}).",
                field=name,
            )


def _check_term(cohort: Cohort) -> None:
    with db.session.no_autoflush:  # the clash is told here, not raised by the flush
        clash = db.session.scalar(
            db.select(Cohort.id).where(
                Cohort.program_id == cohort.program_id,
                Cohort.entry_year == cohort.entry_year,
                Cohort.entry_season == cohort.entry_season,
                Cohort.id != (cohort.id or 0),
            )
        )
    if clash is not None:
        raise CohortError(
            f"The program has a {cohort.term} cohort already: change its figures instead.",
            field="entry_season",
            status=409,
        )


def _apply(cohort: Cohort, data: dict, by: User | None) -> None:
    for name, value in _values(data).items():
        setattr(cohort, name, value)
    _check_whole(cohort)
    if "credentials" in data:
        wanted = _credentials(list(data["credentials"] or []), cohort.enrolled)
        by_name = {c.credential.lower(): c for c in cohort.credentials}
        kept = []
        for name, earned in wanted:
            row = by_name.pop(name.lower(), None) or CohortCredential(credential=name)
            row.credential, row.earned = name, earned
            kept.append(row)
        cohort.credentials = kept
    else:
        _credentials(
            [{"credential": c.credential, "earned": c.earned} for c in cohort.credentials],
            cohort.enrolled,
        )
    if "placements" in data:
        wanted_p = _placements(list(data["placements"] or []), cohort.program, cohort.enrolled)
        by_org = {p.organization_id: p for p in cohort.placements}
        placed = []
        for org_id, count in wanted_p:
            row_p = by_org.pop(org_id, None) or CohortPlacement(organization_id=org_id)
            row_p.placed = count
            placed.append(row_p)
        cohort.placements = placed
    elif cohort.enrolled is not None:
        total = sum(p.placed for p in cohort.placements)
        if total > cohort.enrolled:
            raise CohortError(
                f"Placements: {total} placed in all, more than were enrolled ({cohort.enrolled}).",
                field="enrolled",
            )
    cohort.updated_by_id = by.id if by is not None else None


def record_cohort(program: Program, data: dict, by: User | None = None) -> Cohort:
    """A new cohort of the program from `data` (entry_year and entry_season required)."""
    for name in ("entry_year", "entry_season"):
        if data.get(name) in (None, ""):
            what = "Year of entry" if name == "entry_year" else "Season"
            raise CohortError(f"{what}: fill this in.", field=name)
    cohort = Cohort(program=program, program_id=program.id, source="", notes="")
    cohort.credentials, cohort.placements = [], []
    _apply(cohort, {"credentials": [], "placements": [], **data}, by)
    _check_term(cohort)
    with unique_or_conflict(
        f"The program has a {cohort.term} cohort already.", field="entry_season"
    ):
        db.session.add(cohort)
    record(
        "cohort.recorded",
        obj=cohort,
        partnership=program.partnership,
        summary=f"{program.name} ({program.catalog_year}): recorded the {cohort.term} cohort",
        actor=by,
    )
    return cohort


def update_cohort(cohort: Cohort, data: dict, by: User | None = None) -> None:
    """Change the fields of the cohort that `data` holds (credentials and placements, when
    given, replace the lists)."""
    _apply(cohort, data, by)
    _check_term(cohort)
    with unique_or_conflict(
        f"The program has a {cohort.term} cohort already.", field="entry_season"
    ):
        db.session.flush()
    program = cohort.program
    record(
        "cohort.updated",
        obj=cohort,
        partnership=program.partnership,
        summary=f"{program.name} ({program.catalog_year}): changed the {cohort.term} cohort",
        actor=by,
    )


def delete_cohort(cohort: Cohort, by: User | None = None) -> None:
    """Delete the cohort with its credentials and placements."""
    program = cohort.program
    record(
        "cohort.deleted",
        obj=cohort,
        partnership=program.partnership,
        summary=f"{program.name} ({program.catalog_year}): deleted the {cohort.term} cohort",
        actor=by,
    )
    db.session.delete(cohort)
    db.session.flush()
