"""A survey's top priorities as a horizontal bar chart, drawn as SVG on the server.

One bar per standard (highest priority first) on a 0-25 scale (importance × difficulty), each
labelled with its code and title on the left and its priority as text at the bar's end; the
high-priority threshold is a dashed line, named in the legend. The drawing has a title and a
description giving every figure in words, so it reads without seeing it; all text stays text.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from curriculum.needs.results import HIGH_PRIORITY, StandardResult

TOP = 10  # bars drawn
SCALE_MAX = 25  # the largest priority: importance 5 × difficulty 5
LABEL_W = 300  # codes and titles, left of the bars
BAR_W = 360  # the bars' area (priority 25)
BAR_H = 22
GAP = 10
HEAD = 34  # the scale above the bars
TITLE_CHARS = 40


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(result: StandardResult, titles: dict[int, str]) -> str:
    title = titles.get(result.standard.id, "")
    return f"{result.standard.code} {title}".strip()


def describe(results: Sequence[StandardResult], titles: dict[int, str]) -> str:
    """The chart in words: each standard's priority, importance, difficulty and respondents."""
    if not results:
        return "No standard has been rated yet."
    parts = [
        f"{_label(r, titles)}: priority {r.priority} of 25 (importance {r.importance}, "
        f"difficulty {r.difficulty}, {r.respondents} firms"
        + (", high priority" if r.high else "")
        + ")"
        for r in results
    ]
    return f"The {len(results)} highest priorities: " + "; ".join(parts) + "."


def bar_chart(
    results: Sequence[StandardResult], titles: dict[int, str], title: str = "Top priorities"
) -> Markup:
    """The SVG of the first TOP results (give them highest first)."""
    shown = list(results)[:TOP]
    width = LABEL_W + BAR_W + 60
    height = HEAD + len(shown) * (BAR_H + GAP) + 30
    scale = BAR_W / SCALE_MAX
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="needs-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="needs-chart-title needs-chart-desc">',
        f'<title id="needs-chart-title">{escape(title)}</title>',
        f'<desc id="needs-chart-desc">{escape(describe(shown, titles))}</desc>',
    ]
    for tick in range(0, SCALE_MAX + 1, 5):
        x = LABEL_W + tick * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{HEAD - 8}" x2="{x:.1f}" y2="{height - 30}" '
            'stroke="#d0d4da" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{HEAD - 14}" text-anchor="middle" font-size="11" '
            f'fill="#444">{tick}</text>'
        )
    for i, result in enumerate(shown):
        y = HEAD + i * (BAR_H + GAP)
        bar = float(result.priority) * scale
        fill = "#b3261e" if result.high else "#2f5d8a"
        label = escape(_short(_label(result, titles)))
        out.append(
            f'<g class="bar"><text x="{LABEL_W - 8}" y="{y + BAR_H * 0.7:.1f}" '
            f'text-anchor="end" font-size="12" fill="#222">{label}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{bar:.1f}" height="{BAR_H}" fill="{fill}"/>'
            f'<text x="{LABEL_W + bar + 6:.1f}" y="{y + BAR_H * 0.7:.1f}" font-size="12" '
            f'fill="#222">{result.priority}</text></g>'
        )
    threshold = LABEL_W + float(HIGH_PRIORITY) * scale
    out.append(
        f'<line x1="{threshold:.1f}" y1="{HEAD - 8}" x2="{threshold:.1f}" y2="{height - 30}" '
        'stroke="#b3261e" stroke-width="1.5" stroke-dasharray="5 4"/>'
        f'<text x="{LABEL_W}" y="{height - 10}" font-size="11" fill="#444">'
        f"Priority = importance × difficulty, weighted by expected hires (0-25). Dashed line: "
        f"high priority ({HIGH_PRIORITY} or more), drawn in red.</text>"
    )
    out.append("</svg>")
    return Markup("".join(out))
