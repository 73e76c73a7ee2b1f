"""The dashboard's charts and its figures as plain values (the page, the one-page summary and
the API read these)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from curriculum import charts as draw
from curriculum.dashboard.services import CohortRow, Dashboard
from curriculum.standards.models import VersionStatus


@dataclass
class Charts:
    standards: Markup | None
    coverage: Markup | None
    trends: dict[int, Markup]  # by program id: completions and employment over cohorts
    earnings: dict[int, Markup]  # by program id: median earnings before and after


def _terms(rows: list[CohortRow]) -> list[str]:
    return [r.cohort.term for r in rows]


def charts_for_program(name: str, rows: list[CohortRow]) -> tuple[Markup, Markup]:
    """The trend of a program's cohorts: counts, and earnings before and after."""
    counts = draw.line_chart(
        f"{name}: cohorts over time",
        _terms(rows),
        [
            ("Enrolled", [r.value("enrolled") for r in rows]),
            ("Completed", [r.value("completed") for r in rows]),
            ("Employed, 2nd quarter", [r.value("employed_q2") for r in rows]),
        ],
    )
    earnings = draw.line_chart(
        f"{name}: median quarterly earnings",
        _terms(rows),
        [
            (
                "Before",
                [r.medians.before for r in rows],
            ),
            (
                "After",
                [r.medians.after for r in rows],
            ),
        ],
        unit="$",
    )
    return counts, earnings


def charts(board: Dashboard) -> Charts:
    """Every chart of the dashboard."""
    statuses = [
        (status.label.capitalize(), board.standards_by_status.get(status, 0))
        for status in VersionStatus
        if board.standards_by_status.get(status)
    ]
    coverage = [
        (f"{c.program.name} · {c.framework.title}", c.covered_percent) for c in board.coverage
    ]
    trends, earnings = {}, {}
    for program in board.programs:
        rows = board.cohorts.get(program.id)
        if rows:
            trends[program.id], earnings[program.id] = charts_for_program(program.name, rows)
    return Charts(
        draw.bar_chart("Standards by status of their current version", statuses)
        if statuses
        else None,
        draw.bar_chart("Coverage of each framework (required courses)", coverage, unit="%")
        if coverage
        else None,
        trends,
        earnings,
    )
