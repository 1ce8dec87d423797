"""Server-rendered SVG charts. Each has a title and a description; the tables next to
them carry the same figures as text, so nothing is only in the picture."""

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from .numbers import dutch_number
from .suppression import threshold

WIDTH = 640
INK = "#1b1b1b"
BAR = "#0a4f7a"
GRID = "#6b6b6b"


def _svg(chart_id: str, height: int, title: str, description: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 14) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{INK}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def _line(x1: float, x2: float, y1: float, y2: float, *, stroke: str, width: int = 1) -> str:
    return (
        f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" '
        f'stroke="{stroke}" stroke-width="{width}"/>'
    )


def attendance_chart(summary) -> str:
    """Bars of the attendance rate per month; months about too few people stay empty."""
    months = summary.months
    title = _("Attendance rate per month")
    if not months:
        return _svg(
            "attendance-chart",
            60,
            title,
            _("No sessions held yet."),
            [_text(10, 35, _("No sessions held yet."))],
        )
    k = threshold()
    height, top, bottom, left = 260, 20, 60, 50
    plot_h = height - top - bottom
    step = (WIDTH - left - 10) / len(months)
    body = []
    for pct in (0, 50, 100):
        y = top + plot_h * (1 - pct / 100)
        body.append(_line(left, WIDTH - 10, y, y, stroke=GRID))
        body.append(_text(left - 6, y + 5, f"{pct}%", anchor="end", size=12))
    described = []
    for index, month in enumerate(months):
        x = left + index * step
        label = date_format(month.month, "M Y")
        if month.rate is None or month.participants < k:
            body.append(_text(x + step / 2, top + plot_h - 6, f"< {k}", anchor="middle", size=12))
            described.append(f"{label}: < {k}")
        else:
            bar_h = plot_h * month.rate
            body.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{top + plot_h - bar_h:.1f}" '
                f'width="{step * 0.7:.1f}" height="{bar_h:.1f}" fill="{BAR}"/>'
            )
            pct = dutch_number(month.rate * 100, 0)
            body.append(
                _text(x + step / 2, top + plot_h - bar_h - 4, f"{pct}%", anchor="middle", size=12)
            )
            described.append(f"{label}: {pct}%")
        body.append(_text(x + step / 2, height - bottom + 18, label, anchor="middle", size=12))
    return _svg("attendance-chart", height, title, "; ".join(described), body)


def outcome_chart(rows: list[dict]) -> str:
    """Mean change per measure as a share of the baseline mean, with its 95% interval."""
    title = _("Change from baseline, with confidence interval (95%), as percent of baseline")
    if not rows:
        return _svg(
            "outcome-chart",
            60,
            title,
            _("Not enough paired measurements yet."),
            [_text(10, 35, _("Not enough paired measurements yet."))],
        )
    points = []
    for row in rows:
        stats = row["stats"]
        base = stats.baseline_mean or 1
        points.append(
            (
                row["label"],
                *(100 * v / abs(base) for v in (stats.mean_change, stats.ci_low, stats.ci_high)),
            )
        )
    span = max(5.0, *(max(abs(lo), abs(hi)) for _label, _m, lo, hi in points)) * 1.1
    label_w, row_h, top = 260, 34, 30
    height = top + row_h * len(points) + 30
    plot_x0, plot_x1 = label_w, WIDTH - 20

    def x_of(value: float) -> float:
        return plot_x0 + (value + span) / (2 * span) * (plot_x1 - plot_x0)

    body = [
        f'<line x1="{x_of(0):.1f}" x2="{x_of(0):.1f}" y1="{top - 10}" y2="{height - 25}" '
        f'stroke="{GRID}" stroke-dasharray="4 3"/>',
        _text(x_of(0), top - 14, "0%", anchor="middle", size=12),
        _text(plot_x0, height - 8, f"-{dutch_number(span, 0)}%", size=12),
        _text(plot_x1, height - 8, f"+{dutch_number(span, 0)}%", anchor="end", size=12),
    ]
    described = []
    for index, (label, mean, low, high) in enumerate(points):
        y = top + index * row_h + row_h / 2
        body.append(_text(4, y + 5, label, size=13))
        body.append(_line(x_of(low), x_of(high), y, y, stroke=INK, width=2))
        body.append(
            f'<rect x="{x_of(mean) - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{BAR}"/>'
        )
        described.append(
            f"{label}: {dutch_number(mean, 1)}% "
            f"({dutch_number(low, 1)}% – {dutch_number(high, 1)}%)"
        )
    return _svg("outcome-chart", height, title, "; ".join(described), body)
