"""A ladder's step list as CSV: one row per step with its job quality, the standards it requires
and the programs that lead there (`reach`, the one rule), named by the file-naming rule."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal

from curriculum.exports.filenames import download_name
from curriculum.exports.kinds.ladder import PrintedRequirement, in_order, requirements_of
from curriculum.interop.spreadsheet_cells import guard
from curriculum.ladders import reach
from curriculum.ladders.models import Benefit, Ladder, LadderStep
from curriculum.standards import onet

HEADER = [
    "Ladder",
    "Level",
    "Step",
    "O*NET-SOC code",
    "O*NET-SOC title",
    "Wage low",
    "Wage median",
    "Wage high",
    "Wage source",
    "Wage year",
    *[f"{b.label} (employers)" for b in Benefit],
    "Hiring employers (openings)",
    "Total openings",
    "Required standards",
    "Programs that lead there",
]


def filename(ladder: Ladder) -> str:
    """production-and-maintenance-steps.csv (…-steps-draft.csv for a draft ladder)."""
    words = [ladder.title, "steps"] + ([] if ladder.is_published else ["draft"])
    return download_name(words, "csv")


def _wage(value: Decimal | None) -> str:
    return f"{value:.2f}" if value is not None else ""


def _row(ladder: Ladder, step: LadderStep, programs: list[reach.ProgramReach]) -> list[str]:
    occupation = onet.occupations().get(step.onet_code) if step.onet_code else None
    benefits = {b.benefit: b.employers for b in step.benefits}
    hiring = sorted(step.employers, key=lambda e: (-(e.openings or 0), e.organization.name))
    # "A.1 (intermediate, v2)": codes, levels and version numbers only, never a draft's text.
    required = [PrintedRequirement(r, True).label for r in requirements_of(step)]
    leading = [
        f"{p.program.name} ({p.program.catalog_year}, {p.program.organization.name}): {p.summary}"
        for p in programs
    ]
    return [
        ladder.title,
        step.level.label,
        step.title,
        step.onet_code,
        occupation.title if occupation else "",
        _wage(step.wage_low),
        _wage(step.wage_median),
        _wage(step.wage_high),
        step.wage_source,
        str(step.wage_year or ""),
        *[str(benefits[b]) if b in benefits else "" for b in Benefit],
        "; ".join(
            f"{e.organization.name} ({e.openings if e.openings is not None else 'not given'})"
            for e in hiring
        ),
        str(step.openings),
        "; ".join(required),
        "; ".join(leading),
    ]


def csv_rows(ladder: Ladder) -> Iterator[list[str]]:
    """The step list, from entry level up, as CSV rows (`downloads.csv_response` writes them);
    every cell guarded against being run as a formula. The ladder needs its steps loaded
    (`exports.kinds.ladder.load_ladder`). Which programs lead where is read now, before the
    first row is sent."""
    programs = reach.ladder_reach(ladder)
    rows = (
        [guard(cell) for cell in _row(ladder, step, programs.get(step.id, []))]
        for step in in_order(ladder)
    )
    return itertools.chain([HEADER], rows)
