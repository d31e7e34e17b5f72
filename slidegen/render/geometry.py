"""Numbers the renderer uses that the planner must agree with (all in points).

Kept free of python-pptx so the planner can read them without pulling in the writer.

- Plain text boxes have no insets: text starts exactly at the box edge, so the planner can
  measure against `box.w` directly.
- Filled text boxes (callouts) are padded: a `CALLOUT_BAR` wide accent bar sits inside the
  left edge, text starts `CALLOUT_INSETS.left` from the box's left and wraps
  `CALLOUT_INSETS.right` before its right edge, `top`/`bottom` pad vertically.
- Bulleted paragraphs hang: at level L (0-based) the text starts at `BULLET_INDENT * (L + 1)`
  and the bullet glyph at `BULLET_INDENT * L`. Paragraphs without a bullet start at
  `BULLET_INDENT * L`.
- Code blocks pad text by `CODE_INSETS` and use single line spacing (`CODE_LINE_SPACING`).
- Table cells pad text by `CELL_INSETS`.
- Slide number and footer sit in the bottom margin band described by `footer_band`.
"""

from __future__ import annotations

from typing import NamedTuple

EMU_PER_PT = 12700


class Insets(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float


TEXT_INSETS = Insets(0.0, 0.0, 0.0, 0.0)
CALLOUT_BAR = 4.0
CALLOUT_INSETS = Insets(CALLOUT_BAR + 10.0, 6.0, 10.0, 6.0)
CODE_INSETS = Insets(10.0, 8.0, 10.0, 8.0)
CELL_INSETS = Insets(6.0, 3.0, 6.0, 3.0)
MISSING_INSETS = Insets(8.0, 6.0, 8.0, 6.0)
BULLET_INDENT = 22.0
CODE_LINE_SPACING = 1.0
CODE_CORNER = 6.0
FOOTER_GAP = 8.0


def emu(points: float) -> int:
    """Points to EMU, rounded so the same Deck always gives the same integers."""
    return round(points * EMU_PER_PT)


def footer_band(width: float, height: float, margin_left: float, margin_right: float,
                margin_bottom: float) -> tuple[float, float, float, float]:
    """The (x, y, w, h) band for footer and slide number: inside the bottom margin."""
    y = height - margin_bottom + FOOTER_GAP
    h = max(12.0, margin_bottom - FOOTER_GAP - 6.0)
    return margin_left, y, width - margin_left - margin_right, h
