"""Numbers the renderer uses that the planner must agree with (all in points).

Kept apart from the renderer so the planner can read them without pulling in the writer.

- Text boxes pad their text by `TextBox.inset` on all four sides (0 by default), code blocks by
  `CodeBlock.inset`; the planner chooses both. Decoration such as a callout's accent bar is a
  separate `Rect` the planner places.
- Paragraph text starts where `slidegen.indents.text_start` says; its bullet or number hangs
  `slidegen.indents.hang` to the left of it.
- Code lines use single line spacing (`CODE_LINE_SPACING`); other text the theme's.
- Table cells pad text by `CELL_INSETS`.
"""

from __future__ import annotations

from typing import NamedTuple

EMU_PER_PT = 12700


class Insets(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float


def even(inset: float) -> Insets:
    """The same padding on all four sides."""
    return Insets(inset, inset, inset, inset)


TEXT_INSETS = even(0.0)
CELL_INSETS = Insets(6.0, 4.0, 6.0, 4.0)
MISSING_INSETS = Insets(8.0, 6.0, 8.0, 6.0)
CODE_LINE_SPACING = 1.0
CODE_CORNER = 6.0


def emu(points: float) -> int:
    """Points to EMU, rounded so the same Deck always gives the same integers."""
    return round(points * EMU_PER_PT)
