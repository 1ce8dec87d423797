"""Small line charts drawn on the server as SVG: no script, no chart library.

Every chart is shown next to a table with the same numbers, which is the real content for
screen readers and for anyone who prefers numbers; the chart only shows the trend.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: Decimal | int
    day: datetime.date


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[Point]
    polyline: str
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, datetime.date]]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def line_chart(
    data: list[tuple[datetime.date, Decimal | int]],
    *,
    y_min: float | None = None,
    y_max: float | None = None,
) -> Chart | None:
    """Coordinates for a line through the values in date order; None without data."""
    if not data:
        return None
    data = sorted(data, key=lambda pair: pair[0])
    values = [float(value) for _day, value in data]
    low = min(values) if y_min is None else y_min
    high = max(values) if y_max is None else y_max
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    padding = 0 if y_min is not None and y_max is not None else (high - low) * 0.1
    low, high = low - padding, high + padding
    first, last = data[0][0], data[-1][0]
    span = max((last - first).days, 1)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x_of(day: datetime.date) -> float:
        if first == last:
            return LEFT + plot_width / 2
        return round(LEFT + (day - first).days / span * plot_width, 1)

    def y_of(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * plot_height, 1)

    points = [Point(x_of(day), y_of(float(value)), value, day) for day, value in data]
    ticks = []
    for index in range(5):
        tick = low + (high - low) * index / 4
        label = f"{tick:.0f}" if high - low >= 8 else f"{tick:.1f}"
        ticks.append((y_of(tick), label.replace(".", ",")))
    x_labels = [(points[0].x, first)]
    if last != first:
        x_labels.append((points[-1].x, last))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        polyline=" ".join(f"{point.x},{point.y}" for point in points),
        y_ticks=ticks,
        x_labels=x_labels,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
    )
