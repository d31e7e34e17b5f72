"""Where a paragraph's text starts in its box: the planner wraps text in the width left after
it, the renderer writes it as the paragraph's margin, so both read it from here (in points).

A bullet hangs in a fixed room left of the text; a number needs room for "10." at the text's
size, or LibreOffice and PowerPoint set the text right against it ("1.Client").
"""

from __future__ import annotations

INDENT_PER_LEVEL = 24.0  # left margin added per list level
BULLET_HANG = 18.0  # room for a bullet glyph before the text
NUMBER_HANG_EMS = 1.6  # room for a number ("10.") and a space, in ems of the text


def hang(bullet: str, level: int, size: float) -> float:
    """The room left of the text for its bullet or number (a nested paragraph without either
    lines up with its level's text)."""
    if bullet == "number":
        return max(BULLET_HANG, NUMBER_HANG_EMS * size)
    return BULLET_HANG if bullet != "none" or level > 0 else 0.0


def text_start(bullet: str, level: int, size: float) -> float:
    """Where the text of a paragraph at `level` starts, right of the box's inner edge."""
    return level * INDENT_PER_LEVEL + hang(bullet, level, size)
