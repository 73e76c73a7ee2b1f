"""The ladder drawn as SVG on the server, the same on the page, in the API and in print.

Levels are rows (entry at the bottom, expert at the top; only the levels the ladder uses),
steps are boxes left to right in their order, showing the title, the wage range and how many
employers hire for the step. Moves are arrows: an up move a solid line with a filled head, a
sideways (lattice) move a dashed curve with an open head, so the two differ by more than colour;
a legend says so. Accessible: the drawing has a title and a description naming every step and
move in words, each step is a link (focusable, named by its title) when `links` is on, and all
text stays text. Arrowheads are drawn as polygons (no markers) so every SVG renderer, WeasyPrint
included, draws them alike.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from flask import url_for
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

from curriculum.ladders.models import Ladder, LadderMove, LadderStep, MoveKind, StepLevel
from curriculum.templating import format_money

BOX_W, BOX_H = 210, 84  # a step's box
GAP_X = 56  # between boxes of a row
ROW_H = 170  # from one level's row to the next
LABEL_W = 120  # the level names on the left
TOP = 20
LEGEND_H = 56
LEGEND_W = 470  # the legend's two entries, from LABEL_W: the drawing is never narrower
TITLE_CHARS = 27  # per line of a step's title (two lines at most)
WAGE_CHARS = 31  # the wage line's characters that fit in a box ("… an hour" shortened beyond)


@dataclass
class _Box:
    step: LadderStep
    x: float
    y: float

    @property
    def cx(self) -> float:
        return self.x + BOX_W / 2

    @property
    def cy(self) -> float:
        return self.y + BOX_H / 2


def money(value: Decimal | None) -> str:
    """$18.50, or $18 for a whole number of dollars (the `money` filter's rule)."""
    return format_money(value)


def wage_range(step: LadderStep) -> str:
    """ "$16–$21 an hour (median $18.50)", or what is known of it, or ""."""
    low, median, high = step.wage_low, step.wage_median, step.wage_high
    if low is not None and high is not None:
        text = f"{money(low)}–{money(high)} an hour"
        return text + (f" (median {money(median)})" if median is not None else "")
    if median is not None:
        return f"median {money(median)} an hour"
    known = low if low is not None else high
    return f"{money(known)} an hour" if known is not None else ""


def _hiring(step: LadderStep) -> str:
    n = len(step.employers)
    return f"{n} hiring employer{'s' if n != 1 else ''}" if n else "No hiring employer named"


def _levels(ladder: Ladder) -> list[StepLevel]:
    used = {s.level for s in ladder.steps}
    return [level for level in reversed(list(StepLevel)) if level in used]


def _layout(ladder: Ladder) -> tuple[dict[int, _Box], list[StepLevel], float, float]:
    levels = _levels(ladder)
    rows: dict[StepLevel, list[LadderStep]] = {level: [] for level in levels}
    for step in sorted(ladder.steps, key=lambda s: (s.position, s.id)):
        rows[step.level].append(step)
    widest = max((len(r) for r in rows.values()), default=1)
    width = max(LABEL_W + widest * (BOX_W + GAP_X) + GAP_X / 2, LABEL_W + LEGEND_W)
    boxes: dict[int, _Box] = {}
    for r, level in enumerate(levels):
        steps = rows[level]
        # Centre a shorter row under the widest one.
        start = LABEL_W + (widest - len(steps)) * (BOX_W + GAP_X) / 2 + GAP_X / 2
        for i, step in enumerate(steps):
            boxes[step.id] = _Box(step, start + i * (BOX_W + GAP_X), TOP + r * ROW_H)
    height = TOP + max(len(levels), 1) * ROW_H - (ROW_H - BOX_H) + 40 + LEGEND_H
    return boxes, levels, width, height


def _head(x: float, y: float, dx: float, dy: float, filled: bool) -> str:
    """An arrowhead at (x, y) pointing along (dx, dy)."""
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    size, half = 12.0, 6.0
    bx, by = x - ux * size, y - uy * size
    points = " ".join(
        f"{px:.1f},{py:.1f}"
        for px, py in ((bx - uy * half, by + ux * half), (x, y), (bx + uy * half, by - ux * half))
    )
    if filled:
        return f'<polygon class="head" points="{points}" fill="#1f2933"/>'
    return (
        f'<polyline class="head" points="{points}" fill="none" stroke="#1f2933" stroke-width="2"/>'
    )


def _ports(moves: list[LadderMove], boxes: dict[int, _Box]) -> dict[tuple[int, int], float]:
    """Where each move between rows leaves its box and enters the other (x), spread along the
    edge in the order of the other ends, so arrows sharing a box do not overlap."""
    ends: dict[tuple[int, str], list[tuple[float, int]]] = {}
    for m in moves:
        a, b = boxes.get(m.from_step_id), boxes.get(m.to_step_id)
        if a is None or b is None or a.y == b.y:
            continue
        up = b.y < a.y
        ends.setdefault((a.step.id, "top" if up else "bottom"), []).append((b.cx, m.id))
        ends.setdefault((b.step.id, "bottom" if up else "top"), []).append((a.cx, -m.id))
    found: dict[tuple[int, int], float] = {}
    for (step_id, _edge), others in ends.items():
        others.sort()
        for i, (_x, key) in enumerate(others):
            found[(step_id, key)] = boxes[step_id].x + BOX_W * (i + 1) / (len(others) + 1)
    return found


def _skips(moves: list[LadderMove], boxes: dict[int, _Box]) -> list[int]:
    """The moves spanning more than one row: they go round the right of the drawing, each in
    its own channel, so no line passes behind a box it does not touch."""
    return [
        m.id
        for m in moves
        if m.from_step_id in boxes
        and m.to_step_id in boxes
        and abs(boxes[m.from_step_id].y - boxes[m.to_step_id].y) > ROW_H
    ]


def _detour(move: LadderMove, a: _Box, b: _Box, channel: tuple[float, int], ports: dict) -> str:
    going_up = b.y < a.y
    # Each detour runs its horizontal parts at its own height within the gaps between rows.
    x_channel, nth = channel
    half_gap = (ROW_H - BOX_H) / 2 - 10 * (nth % 4) + 12
    x1, y1 = ports[(a.step.id, move.id)], a.y if going_up else a.y + BOX_H
    x2, y2 = ports[(b.step.id, -move.id)], b.y + BOX_H if going_up else b.y
    ya = y1 - half_gap if going_up else y1 + half_gap
    yb = y2 + half_gap if going_up else y2 - half_gap
    points = (
        f"{x1:.1f},{y1:.1f} {x1:.1f},{ya:.1f} {x_channel:.1f},{ya:.1f} {x_channel:.1f},{yb:.1f}"
    )
    points += f" {x2:.1f},{yb:.1f} {x2:.1f},{y2:.1f}"
    dash = "" if move.kind == MoveKind.UP else ' stroke-dasharray="7 5"'
    line = (
        f'<polyline points="{points}" fill="none" stroke="#1f2933" stroke-width="2" '
        f'stroke-linejoin="round"{dash}/>'
    )
    return line + _head(x2, y2, 0, y2 - yb, move.kind == MoveKind.UP)


def _arrow(
    move: LadderMove,
    boxes: dict[int, _Box],
    ports: dict[tuple[int, int], float],
    channels: dict[int, tuple[float, int]],
) -> str:
    a, b = boxes.get(move.from_step_id), boxes.get(move.to_step_id)
    if a is None or b is None:
        return ""
    label = escape(f"{move.from_step.title} to {move.to_step.title}, {move.kind.value}")
    if move.id in channels:
        drawn = _detour(move, a, b, channels[move.id], ports)
        return f'<g class="move move-{move.kind.value}"><title>{label}</title>{drawn}</g>'
    if a.y != b.y:  # between rows: a straight line from the nearer edges
        going_up = b.y < a.y
        x1, y1 = ports[(a.step.id, move.id)], a.y if going_up else a.y + BOX_H
        x2, y2 = ports[(b.step.id, -move.id)], b.y + BOX_H if going_up else b.y
        dash = "" if move.kind == MoveKind.UP else ' stroke-dasharray="7 5"'
        line = (
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#1f2933" stroke-width="2"{dash}/>'
        )
        head = _head(x2, y2, x2 - x1, y2 - y1, move.kind == MoveKind.UP)
        return f'<g class="move move-{move.kind.value}"><title>{label}</title>{line}{head}</g>'
    # Within a row: a curve below the boxes (left to right) or above them (right to left).
    below = b.x > a.x
    y = a.y + BOX_H if below else a.y
    x1 = a.cx + (BOX_W / 4 if below else -BOX_W / 4)
    x2 = b.cx - (BOX_W / 4 if below else -BOX_W / 4)
    depth = 34 + 6 * abs(b.x - a.x) / (BOX_W + GAP_X)
    cy = y + depth if below else y - depth
    mx = (x1 + x2) / 2
    dash = "" if move.kind == MoveKind.UP else ' stroke-dasharray="7 5"'
    path = (
        f'<path d="M{x1:.1f},{y:.1f} Q{mx:.1f},{cy:.1f} {x2:.1f},{y:.1f}" fill="none" '
        f'stroke="#1f2933" stroke-width="2"{dash}/>'
    )
    head = _head(x2, y, x2 - mx, y - cy, move.kind == MoveKind.UP)
    return f'<g class="move move-{move.kind.value}"><title>{label}</title>{path}{head}</g>'


def _href(step: LadderStep) -> str:
    try:
        return url_for("ladders.step", step_id=step.id)
    except BuildError:
        return f"/steps/{step.id}"


def _box(box: _Box, links: bool) -> str:
    step = box.step
    lines = textwrap.wrap(step.title, TITLE_CHARS)[:2] or [""]
    if len(textwrap.wrap(step.title, TITLE_CHARS)) > 2:
        lines[1] = lines[1][: TITLE_CHARS - 1] + "…"
    x, y = box.x, box.y
    parts = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="6" '
        'fill="#ffffff" stroke="#1f2933" stroke-width="1.5"/>'
    ]
    ty = y + 20
    for line in lines:
        parts.append(
            f'<text x="{x + 10:.1f}" y="{ty:.1f}" font-weight="bold" font-size="13">'
            f"{escape(line)}</text>"
        )
        ty += 16
    wages = wage_range(step) or "Wages not given"
    if len(wages) > WAGE_CHARS:  # "$23.60–$35.80/h (median $29.10)" stays inside the box
        wages = wages.replace(" an hour", "/h")
    parts.append(
        f'<text x="{x + 10:.1f}" y="{y + BOX_H - 26:.1f}" font-size="11">{escape(wages)}</text>'
    )
    parts.append(
        f'<text x="{x + 10:.1f}" y="{y + BOX_H - 10:.1f}" font-size="11">'
        f"{escape(_hiring(step))}</text>"
    )
    inner = "".join(parts)
    name = escape(f"{step.title}: {step.level.value} level. {wages}. {_hiring(step)}.")
    if links:
        return (
            f'<a class="step" href="{escape(_href(step))}" aria-label="{name}">'
            f"<title>{escape(step.title)}</title>{inner}</a>"
        )
    return f'<g class="step" aria-label="{name}"><title>{escape(step.title)}</title>{inner}</g>'


def description(ladder: Ladder) -> str:
    """The drawing in words: its steps by level and its moves (the SVG's <desc>)."""
    by_level = []
    for level in _levels(ladder):
        titles = [s.title for s in ladder.steps if s.level == level]
        by_level.append(f"{level.label}: {', '.join(titles)}.")
    moves = [f"{m.from_step.title} to {m.to_step.title} ({m.kind.value})" for m in ladder.moves]
    text = f"{len(ladder.steps)} steps. " + " ".join(by_level)
    return text + (f" Moves: {'; '.join(moves)}." if moves else " No moves yet.")


def _legend(y: float) -> str:
    return (
        f'<g class="legend" font-size="12">'
        f'<line x1="{LABEL_W:.1f}" y1="{y:.1f}" x2="{LABEL_W + 50:.1f}" y2="{y:.1f}" '
        'stroke="#1f2933" stroke-width="2"/>'
        + _head(LABEL_W + 50, y, 1, 0, True)
        + f'<text x="{LABEL_W + 60:.1f}" y="{y + 4:.1f}">Up: a promotion</text>'
        f'<line x1="{LABEL_W + 230:.1f}" y1="{y:.1f}" x2="{LABEL_W + 280:.1f}" y2="{y:.1f}" '
        'stroke="#1f2933" stroke-width="2" stroke-dasharray="7 5"/>'
        + _head(LABEL_W + 280, y, 1, 0, False)
        + f'<text x="{LABEL_W + 290:.1f}" y="{y + 4:.1f}">Sideways: a lattice move</text></g>'
    )


def ladder_svg(ladder: Ladder, *, links: bool = True) -> Markup:
    """The ladder's diagram as an SVG element (steps as links to their pages when `links`).
    The ladder needs its steps (with employers) and moves loaded."""
    boxes, levels, width, height = _layout(ladder)
    skips = _skips(ladder.moves, boxes)
    channels = {move_id: (width + 4 + 14 * i, i) for i, move_id in enumerate(skips)}
    width += 14 * len(skips) + (10 if skips else 0)
    uid = f"ladder-{ladder.id}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ladder-diagram" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="sans-serif" fill="#1f2933">',
        f'<title id="{uid}-title">{escape(ladder.title)}: career ladder</title>',
        f'<desc id="{uid}-desc">{escape(description(ladder))}</desc>',
    ]
    for r, level in enumerate(levels):
        y = TOP + r * ROW_H
        out.append(
            f'<text class="level" x="8" y="{y + BOX_H / 2 + 5:.1f}" font-size="13" '
            f'font-weight="bold">{escape(level.label)}</text>'
        )
        if r:
            out.append(
                f'<line x1="0" y1="{y - (ROW_H - BOX_H) / 2:.1f}" x2="{width:.0f}" '
                f'y2="{y - (ROW_H - BOX_H) / 2:.1f}" stroke="#cbd2d9" stroke-width="1"/>'
            )
    if not ladder.steps:
        out.append(f'<text x="{LABEL_W}" y="{TOP + 30}" font-size="13">No steps yet.</text>')
    ports = _ports(ladder.moves, boxes)
    out.extend(_arrow(m, boxes, ports, channels) for m in ladder.moves)
    out.extend(_box(b, links) for b in boxes.values())
    out.append(_legend(height - LEGEND_H / 2))
    out.append("</svg>")
    return Markup("".join(out))
