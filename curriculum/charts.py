"""Small charts drawn as SVG on the server, the same on a page and in print: a horizontal bar
chart and a line chart for trends. Every chart has a title and a description in words (its
text alternative), prints its numbers as text beside the marks, and tells series apart by dash
pattern and marker shape, not colour alone. A missing value (unknown, or suppressed by
measures/privacy) is left out of the marks and named in the description and the labels.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

Value = float | int | Decimal | None
_ids = itertools.count(1)

# Per series: stroke dash pattern and marker (drawn as a small shape at each point).
_STYLES = (("", "circle"), ("8 4", "square"), ("3 3", "triangle"), ("12 4 3 4", "diamond"))
_INK = "#1f2933"


def _fmt(value: Value, unit: str) -> str:
    if value is None:
        return "not shown"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"${text}" if unit == "$" else f"{text}{unit}"


def _open(title: str, desc: str, width: float, height: float) -> list[str]:
    uid = f"chart-{next(_ids)}"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-labelledby="{uid}-t {uid}-d" font-family="sans-serif" font-size="12" '
        f'fill="{_INK}">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(desc)}</desc>',
    ]


def bar_chart(
    title: str,
    bars: Sequence[tuple[str, Value]],
    *,
    unit: str = "",
    width: int = 560,
    label_width: int = 220,
    missing: str = "not shown",
) -> Markup:
    """Horizontal bars, one per (label, value), the value printed after each bar."""
    top, bar_h, gap = 10, 18, 8
    height = top * 2 + len(bars) * (bar_h + gap)
    known = [v for _label, v in bars if v is not None]
    most = max(known, default=0) or 1
    span = width - label_width - 70
    words = "; ".join(
        f"{label}: {_fmt(v, unit) if v is not None else missing}" for label, v in bars
    )
    out = _open(title, f"{title}. {words}.", width, max(height, 30))
    for i, (label, value) in enumerate(bars):
        y = top + i * (bar_h + gap)
        short = label if len(label) <= 30 else label[:29] + "…"
        out.append(
            f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end">{escape(short)}</text>'
        )
        if value is None:
            out.append(f'<text x="{label_width}" y="{y + 13}" font-style="italic">{missing}</text>')
            continue
        w = max(float(value) / float(most) * span, 1.0)
        out.append(
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#486581"/>'
        )
        out.append(f'<text x="{label_width + w + 6:.1f}" y="{y + 13}">{_fmt(value, unit)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _marker(shape: str, x: float, y: float) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
    if shape == "triangle":
        corners: tuple[tuple[float, float], ...] = ((x, y - 5), (x + 5, y + 4), (x - 5, y + 4))
    else:
        corners = ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
    return '<polygon points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in corners) + '"/>'


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Value]]],
    *,
    unit: str = "",
    width: int = 560,
    height: int = 240,
    missing: str = "not shown",
) -> Markup:
    """One line per series over the x labels (terms, years); gaps where a value is missing."""
    left, right, top, bottom = 56, 20, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for _n, vs in series for v in vs if v is not None]
    high = max(values, default=1.0) or 1.0
    low = min(0.0, min(values, default=0.0))
    n = max(len(x_labels), 1)

    def x_of(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y_of(v: float) -> float:
        return top + plot_h - (v - low) / (high - low or 1) * plot_h

    parts = []
    for name, vs in series:
        said = ", ".join(
            f"{label} {_fmt(v, unit) if v is not None else missing}"
            for label, v in zip(x_labels, vs, strict=False)
        )
        parts.append(f"{name}: {said}")
    out = _open(title, f"{title}. " + "; ".join(parts) + ".", width, height)
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{_INK}"/>'
    )
    out.append(
        f'<text x="{left - 6}" y="{y_of(high) + 4:.1f}" text-anchor="end">{_fmt(high, unit)}</text>'
    )
    out.append(
        f'<text x="{left - 6}" y="{y_of(low) + 4:.1f}" text-anchor="end">{_fmt(low, unit)}</text>'
    )
    for i, label in enumerate(x_labels):
        out.append(
            f'<text x="{x_of(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for k, (name, vs) in enumerate(series):
        dash, shape = _STYLES[k % len(_STYLES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(vs):
            if v is None:
                if run:
                    segments.append(run)
                run = []
                continue
            run.append(f"{x_of(i):.1f},{y_of(float(v)):.1f}")
        if run:
            segments.append(run)
        group = [f'<g class="series" aria-label="{escape(name)}">']
        for seg in segments:
            group.append(
                f'<polyline points="{" ".join(seg)}" fill="none" stroke="{_INK}" '
                f'stroke-width="2"{dashed}/>'
            )
        for i, v in enumerate(vs):
            if v is not None:
                x, y = x_of(i), y_of(float(v))
                group.append(_marker(shape, x, y))
                group.append(
                    f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="11">'
                    f"{_fmt(v, unit)}</text>"
                )
        group.append("</g>")
        out.extend(group)
        # The legend: the line's dash and marker beside its name.
        ly = height - 30 + 16 * (k // 2)
        lx = left + (k % 2) * (plot_w / 2)
        out.append(
            f'<line x1="{lx:.1f}" y1="{ly}" x2="{lx + 30:.1f}" y2="{ly}" stroke="{_INK}" '
            f'stroke-width="2"{dashed}/>'
            + _marker(shape, lx + 15, ly)
            + f'<text x="{lx + 38:.1f}" y="{ly + 4}">{escape(name)}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
