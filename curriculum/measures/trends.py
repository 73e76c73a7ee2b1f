"""A program's cohorts as pages and files show them: every count through the suppression rule
(measures/privacy.py), shares of those enrolled, each cohort's earnings against its own "before"
figure, and the trends over time as charts drawn on the server (SVG geometry here, the markup in
templates/measures/_chart.html), each with its numbers as text and the points left out said."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from curriculum.measures import privacy
from curriculum.measures.models import COUNT_FIELDS, Cohort

# Shares of those enrolled that the table and the chart show.
SHARES = {
    "completed": "Completed",
    "employed_q2": "Employed in the sector, Q2",
    "employed_q4": "Employed in the sector, Q4",
    "with_health_insurance": "With health insurance",
    "with_paid_time_off": "With paid time off",
}
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 48, 16, 40


@dataclass
class Change:
    """A cohort's median earnings after exit against its own before entry."""

    before: Decimal | None
    after: Decimal | None

    @property
    def amount(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        if self.amount is None or not self.before:
            return None
        return (self.amount * 100 / self.before).quantize(Decimal("0.1"))


@dataclass
class Row:
    """One cohort as shown: counts as text, shares, medians and their change."""

    cohort: Cohort
    counts: dict[str, str]
    shares: dict[str, Decimal | None]
    change: Change
    credentials: list[tuple[str, str]]
    placements: list[tuple[str, str]]
    suppressed: list[str]


def medians(cohort: Cohort) -> Change:
    """The cohort's medians as they may be shown: before with those enrolled, after with those
    enrolled and employed (a median of one to four people is not shown)."""
    return Change(
        before=privacy.median(cohort.median_earnings_before, cohort.enrolled),
        after=privacy.median(
            cohort.median_earnings_after, cohort.enrolled, cohort.employed_q2, cohort.employed_q4
        ),
    )


def suppressed_fields(cohort: Cohort) -> list[str]:
    """The names of the cohort's figures that the suppression rule hides."""
    names = [n for n in COUNT_FIELDS if privacy.is_suppressed(getattr(cohort, n))]
    shown = medians(cohort)
    if cohort.median_earnings_before is not None and shown.before is None:
        names.append("median_earnings_before")
    if cohort.median_earnings_after is not None and shown.after is None:
        names.append("median_earnings_after")
    return names


def row(cohort: Cohort) -> Row:
    return Row(
        cohort=cohort,
        counts={n: privacy.display(getattr(cohort, n)) for n in COUNT_FIELDS},
        shares={n: privacy.share(getattr(cohort, n), cohort.enrolled) for n in SHARES},
        change=medians(cohort),
        credentials=[(c.credential, privacy.display(c.earned)) for c in cohort.credentials],
        placements=[(p.organization.name, privacy.display(p.placed)) for p in cohort.placements],
        suppressed=suppressed_fields(cohort),
    )


# --- Charts -------------------------------------------------------------------------------


@dataclass
class Point:
    term: str
    value: Decimal
    x: float
    y: float
    text: str


@dataclass
class Series:
    key: str
    label: str
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The SVG path through the points (a gap where one is left out is not bridged: the
        line joins the points shown, and the text says which are missing)."""
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


@dataclass
class Chart:
    id: str
    title: str
    description: str
    unit: str
    terms: list[tuple[str, float]]  # (term, x)
    ticks: list[tuple[str, float]]  # (label, y)
    series: list[Series]
    left_out: list[str]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: float = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def _x(i: int, n: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if n == 1 else span * i / (n - 1))


def _y(value: Decimal, top: Decimal) -> float:
    span = HEIGHT - TOP - BOTTOM
    return float(HEIGHT - BOTTOM - span * float(value / top if top else 0))


def _nice_top(largest: Decimal) -> Decimal:
    step = Decimal(1)
    while step * 10 < largest:
        step *= 10
    top = step
    while top < largest:
        top += step
    return top


def _chart(chart_id, title, description, unit, cohorts, series_values, fmt) -> Chart:
    terms = [c.term for c in cohorts]
    n = len(cohorts)
    values = [v for _, _, vs in series_values for v in vs if v is not None]
    top = Decimal(100) if unit == "%" else _nice_top(max(values, default=Decimal(1)))
    chart = Chart(
        id=chart_id,
        title=title,
        description=description,
        unit=unit,
        terms=[(t, _x(i, n)) for i, t in enumerate(terms)],
        ticks=[(fmt(top * k / 4), _y(top * k / 4, top)) for k in range(5)],
        series=[],
        left_out=[],
    )
    for key, label, vs in series_values:
        series = Series(key, label)
        for i, (term, value) in enumerate(zip(terms, vs, strict=True)):
            if value is None:
                chart.left_out.append(f"{label}, {term}")
                continue
            series.points.append(Point(term, value, _x(i, n), _y(value, top), fmt(value)))
        chart.series.append(series)
    return chart


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%" if value == value.to_integral() else f"{value}%"


def _dollars(value: Decimal) -> str:
    return f"${value:,.0f}"


def charts(cohorts: list[Cohort]) -> list[Chart]:
    """The trends over the cohorts, oldest first: shares of those enrolled, and median
    quarterly earnings before and after. Suppressed or unknown points are left out."""
    if not cohorts:
        return []
    keys = ("completed", "employed_q2", "employed_q4")
    shares = _chart(
        "chart-shares",
        "Completion and employment, share of those enrolled",
        "For each cohort by term of entry, the share of those enrolled who completed, and who "
        "were employed in the sector in the 2nd and 4th quarter after exit.",
        "%",
        cohorts,
        [(k, SHARES[k], [privacy.share(getattr(c, k), c.enrolled) for c in cohorts]) for k in keys],
        _percent,
    )
    changes = [medians(c) for c in cohorts]
    earnings = _chart(
        "chart-earnings",
        "Median quarterly earnings, before entry and after exit",
        "For each cohort by term of entry, the median quarterly earnings of its people before "
        "they entered the program and after they left it, in dollars.",
        "$",
        cohorts,
        [
            ("median_earnings_before", "Before", [ch.before for ch in changes]),
            ("median_earnings_after", "After", [ch.after for ch in changes]),
        ],
        _dollars,
    )
    return [shares, earnings]
