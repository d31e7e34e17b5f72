"""The rectangle a slide's content may use."""

from __future__ import annotations

from slidegen.records import record
from slidegen.theme import Theme


@record(frozen=True)
class Region:
    """The rectangle a slide's content may use, in points."""

    x: float
    y: float
    w: float
    h: float

    @classmethod
    def inside_margins(cls, theme: Theme) -> Region:
        """The slide less the theme's margins: where titles and content may go."""
        m = theme.margins
        return cls(m.left, m.top, theme.width - m.left - m.right,
                   theme.height - m.top - m.bottom)
