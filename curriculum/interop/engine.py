"""The one import engine: what every reader's `Package` does to a partnership's frameworks.

`apply(package, partnership, mode=…, dry_run=…, user=…, filename=…)` first makes a plan (reads
only: which framework, which standards are created, updated, left or retired, which links and
definitions are added, changed or removed), then, unless it is a dry run, carries it out in bulk
(`engine_write`), and returns the summary a job page shows. It flushes, never commits: the job
commits once, so a failure writes nothing.

Modes: "reference" (someone else's framework, read-only here: versions are published as they
arrive, no endorsements) and "draft" (a partnership framework whose items arrive as draft
versions for the panel). Standards are matched by identifier (`Standard.source_identifier`, or
the `uuid` of one authored here) and, for a file imported into a given framework, by code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from curriculum.interop.engine_plan import MODES, Plan, make_plan
from curriculum.interop.models import DefinitionKind
from curriculum.interop.package import (
    CODE_LENGTH,
    TITLE_LENGTH,
    ImportRejected,
    Package,
    Problem,
    title_from,
)

if TYPE_CHECKING:
    from curriculum.auth.models import User
    from curriculum.partnerships.models import Partnership
    from curriculum.standards.models import Framework

__all__ = ["MODES", "Progress", "apply", "check", "summarize"]

Progress = Callable[[int, str], None]  # (percent, what it is doing)
DETAIL_CAP = 200  # codes listed per kind of change in the summary's details
FIX_CAP = 500  # fixes listed in the summary (the total is in details)
IDENTIFIER_LENGTH = 255  # Standard.source_identifier, Association.identifier
MAX_STATEMENT = 20000  # as the standard editor allows (standards.services.MAX_STATEMENT)


# --- Checking the package --------------------------------------------------------------------


def check(package: Package) -> None:
    """Refuse a package the engine cannot write faithfully (readers catch most of this first);
    mends empty titles from the statement or code."""
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    seen_codes: set[str] = set()
    for n, item in enumerate(package.items):
        where = f"items[{n}] ({item.identifier or item.code or '?'})"
        if item.identifier:
            if len(item.identifier) > IDENTIFIER_LENGTH:
                problems.append(Problem(where, "identifier is over 255 characters."))
            if item.identifier in seen_ids:
                problems.append(Problem(where, "identifier is used by an earlier item."))
            seen_ids.add(item.identifier)
        if not item.code or len(item.code) > CODE_LENGTH:
            problems.append(Problem(f"{where}.code", f"a code is 1 to {CODE_LENGTH} characters."))
        elif item.code in seen_codes:
            problems.append(Problem(f"{where}.code", f"code {item.code} is used twice."))
        seen_codes.add(item.code)
        if not item.title.strip():
            item.title = title_from(item.statement) or item.code
        if len(item.title) > TITLE_LENGTH:
            problems.append(Problem(f"{where}.title", "a title has at most 300 characters."))
        if len(item.statement) > MAX_STATEMENT:
            problems.append(
                Problem(f"{where}.statement", f"at most {MAX_STATEMENT} characters, please.")
            )
        if item.parent is not None and item.parent not in seen_ids:
            problems.append(
                Problem(f"{where}.parent", f"parent {item.parent} is not an earlier item.")
            )
        item.item_type = item.item_type[:200]
    kinds = {k.value for k in DefinitionKind}
    for n, definition in enumerate(package.definitions):
        if definition.kind not in kinds:
            problems.append(Problem(f"definitions[{n}].kind", f"unknown kind {definition.kind}."))
    for n, link in enumerate(package.links):
        if not link.identifier or len(link.identifier) > IDENTIFIER_LENGTH:
            problems.append(Problem(f"links[{n}].identifier", "1 to 255 characters."))
    if problems:
        raise ImportRejected(problems)


# --- The summary -----------------------------------------------------------------------------


def summarize(plan: Plan, *, dry_run: bool, framework_id: int | None) -> dict:
    """The JSON-able account of the import (or of what a dry run would do)."""
    items = plan.items
    links = plan.links
    definitions = plan.definitions
    return {
        "created": len(plan.created),
        "updated": len(plan.updated),
        "unchanged": plan.unchanged,
        "retired": len(plan.retire),
        "associations": links.total,
        "fixes": plan.fixes[:FIX_CAP],
        "errors": [],
        "framework_id": framework_id,
        "framework_title": plan.framework.title if plan.framework else plan.new_title,
        "new_framework": plan.framework is None,
        "mode": plan.mode,
        "dry_run": dry_run,
        "new_versions": len(plan.content) + len(plan.created),
        "details": {
            "created": {
                "total": len(plan.created),
                "codes": [items[i].code for i in plan.created[:DETAIL_CAP]],
            },
            "updated": {
                "total": len(plan.updated),
                "items": [
                    {"code": items[i].code, "fields": what} for i, what in plan.updated[:DETAIL_CAP]
                ],
            },
            "retired": {
                "total": len(plan.retire),
                "codes": [row.code for row in plan.retire[:DETAIL_CAP]],
            },
            "associations": links.counts(),
            "definitions": definitions.counts(),
            "fixes_total": len(plan.fixes),
        },
    }


def apply(
    package: Package,
    partnership: Partnership,
    *,
    mode: str,
    dry_run: bool,
    user: User | None,
    filename: str,
    framework: Framework | None = None,
    progress: Progress | None = None,
) -> dict:
    """Import the package into the partnership (or, on a dry run, say what that would do).

    `framework`: import into this one (a spreadsheet into an existing framework; items then
    also match by code). `progress(percent, message)`, when given, hears how far it has got (a
    job commits it for its page). Raises ImportRejected (nothing written) for a package it
    cannot take. Flushes, never commits. Returns the summary (see `summarize`)."""
    from curriculum.interop import engine_write

    say = progress or (lambda percent, message: None)
    say(10, "Checking the package")
    check(package)
    say(20, "Comparing with what is here")
    plan = make_plan(
        package,
        partnership,
        mode=mode,
        filename=filename,
        framework=framework,
        lock_target=not dry_run,
    )
    if dry_run:
        return summarize(
            plan,
            dry_run=True,
            framework_id=plan.framework.id if plan.framework is not None else None,
        )
    written = engine_write.execute(plan, package, partnership, user, say)
    return summarize(plan, dry_run=False, framework_id=written.id)
