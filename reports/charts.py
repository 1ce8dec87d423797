"""Server-rendered SVG charts. Each has a title and a description; the tables next to
them carry the same figures as text, so nothing is only in the picture."""

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from .numbers import dutch_number

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


def attendance_chart(table) -> str:
    """Bars of the attendance rate per month, from the released figures of the table;
    months whose rate is withheld have no bar and say so."""
    rows = table.rows
    title = _("Attendance rate per month, as percent of the register")
    if not rows:
        return _svg(
            "attendance-chart",
            60,
            title,
            _("No sessions held in this period."),
            [_text(10, 35, _("No sessions held in this period."))],
        )
    height, top, bottom, left = 260, 20, 60, 50
    plot_h = height - top - bottom
    step = (WIDTH - left - 10) / len(rows)
    body = []
    for pct in (0, 50, 100):
        y = top + plot_h * (1 - pct / 100)
        body.append(_line(left, WIDTH - 10, y, y, stroke=GRID))
        body.append(_text(left - 6, y + 5, f"{pct}%", anchor="end", size=12))
    described = []
    for index, (month, _sessions, rate) in enumerate(rows):
        x = left + index * step
        label = date_format(month.number, "M Y")
        body.append(_text(x + step / 2, height - bottom + 18, label, anchor="middle", size=12))
        if rate.number is None:
            body.append(_text(x + step / 2, top + plot_h - 6, rate.text, anchor="middle", size=12))
            described.append(f"{label}: {_('not shown')}")
            continue
        bar_h = plot_h * rate.number
        body.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{top + plot_h - bar_h:.1f}" '
            f'width="{step * 0.7:.1f}" height="{bar_h:.1f}" fill="{BAR}"/>'
        )
        body.append(
            _text(x + step / 2, top + plot_h - bar_h - 4, rate.text, anchor="middle", size=12)
        )
        described.append(f"{label}: {rate.text}")
    return _svg("attendance-chart", height, title, "; ".join(described), body)


def outcome_chart(rows) -> str:
    """Per measure and moment: the mean change in the measure's own unit, with its 95%
    confidence interval. Each row has its own scale, with 0 (no change) in the middle."""
    title = _(
        "Mean change from the start per measure and moment, in the measure's own unit, "
        "with the confidence interval (95%)"
    )
    if not rows:
        return _svg(
            "outcome-chart",
            60,
            title,
            _("Not enough paired measurements in this period."),
            [_text(10, 35, _("Not enough paired measurements in this period."))],
        )
    label_w, row_h, top = 300, 40, 20
    height = top + row_h * len(rows) + 10
    plot_x0, plot_x1 = label_w, WIDTH - 20
    body = []
    described = []
    for index, row in enumerate(rows):
        span = max(abs(row.low), abs(row.high), abs(row.mean), 1e-9) * 1.2

        def x_of(value: float, span: float = span) -> float:
            return plot_x0 + (value + span) / (2 * span) * (plot_x1 - plot_x0)

        y = top + index * row_h + row_h / 2
        unit = f" {row.unit}" if row.unit else ""
        body.append(_text(4, y + 5, f"{row.label}, {row.moment}", size=13))
        body.append(
            f'<line x1="{x_of(0):.1f}" x2="{x_of(0):.1f}" y1="{y - 14:.1f}" y2="{y + 14:.1f}" '
            f'stroke="{GRID}" stroke-dasharray="4 3"/>'
        )
        body.append(_line(x_of(row.low), x_of(row.high), y, y, stroke=INK, width=2))
        body.append(
            f'<rect x="{x_of(row.mean) - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" '
            f'fill="{BAR}"/>'
        )
        body.append(
            _text(plot_x1, y - 8, f"{dutch_number(row.mean, 1)}{unit}", anchor="end", size=11)
        )
        described.append(
            f"{row.label}, {row.moment}: {dutch_number(row.mean, 1)}{unit} "
            f"({dutch_number(row.low, 1)} – {dutch_number(row.high, 1)})"
        )
    return _svg("outcome-chart", height, title, "; ".join(described), body)
