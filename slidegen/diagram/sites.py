"""Connection sites of the DrawingML preset shapes diagrams use, as fractions of the shape's
box, in the order of the presets' `cxnLst` (the index `a:stCxn`/`a:endCxn` name)."""

from __future__ import annotations

import math

_FOUR = ((0.5, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 0.5))  # top, left, bottom, right
_D = 0.5 - 0.5 * math.cos(math.pi / 4)
_ELLIPSE = ((0.5, 0.0), (_D, _D), (0.0, 0.5), (_D, 1 - _D), (0.5, 1.0), (1 - _D, 1 - _D),
            (1.0, 0.5), (1 - _D, _D))

SITES: dict[str, tuple[tuple[float, float], ...]] = {
    "ellipse": _ELLIPSE,
    "flowChartConnector": _ELLIPSE,
}


def sites(geometry: str) -> tuple[tuple[float, float], ...]:
    """The preset's connection sites; the flowchart presets and rectangles have four."""
    return SITES.get(geometry, _FOUR)


def nearest_site(geometry: str, box: tuple[float, float, float, float],
                 point: tuple[float, float]) -> int:
    """Index of the connection site of a shape at `box` (x, y, w, h) nearest to `point`."""
    x, y, w, h = box
    best, index = math.inf, 0
    for i, (fx, fy) in enumerate(sites(geometry)):
        d = math.hypot(x + fx * w - point[0], y + fy * h - point[1])
        if d < best:
            best, index = d, i
    return index
