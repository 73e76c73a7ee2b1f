"""The one suppression rule for cohort counts, asked by every page, export, file and API answer.

A count under MIN_COUNT (but above zero) could point at individuals, so it is never shown: pages
and files print SUPPRESSED in its place, the API gives null with `"suppressed": true`, and any
figure computed from it (a share, a change) is suppressed too. Zero is shown (nobody is
pointed at). Totals over several cohorts are suppressed by the same rule on the total.
"""

from __future__ import annotations

from decimal import Decimal

MIN_COUNT = 5
SUPPRESSED = "<5"


def is_suppressed(count: int | None) -> bool:
    """Whether a count must not be shown: 1 to MIN_COUNT - 1."""
    return count is not None and 0 < count < MIN_COUNT


def shown(count: int | None) -> int | None:
    """The count as it may be shown (None: unknown or suppressed)."""
    return None if count is None or is_suppressed(count) else count


def display(count: int | None) -> str:
    """The count as text: "12", "<5", or "—" when unknown."""
    if count is None:
        return "—"
    return SUPPRESSED if is_suppressed(count) else f"{count:,}"


def share(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole as a percentage (one decimal), or None when either is unknown, zero-based
    or suppressed (a share of a suppressed count would reveal it)."""
    if part is None or whole is None or whole == 0 or is_suppressed(part) or is_suppressed(whole):
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def median(value: Decimal | None, *counts: int | None) -> Decimal | None:
    """A median of the people counted by `counts` (enrolled, employed…), or None when any of
    those counts is suppressed: the median of one to four people is one person's figure."""
    if value is None or any(is_suppressed(c) for c in counts):
        return None
    return value
