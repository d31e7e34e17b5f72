"""Characters drawn in a PDF grouped into lines, and lines drawn over each other."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from slidegen.check.boxes import SCRIPT_SCALE
from slidegen.records import record

LINE_OVERLAP = 0.3  # lines overlapping by this share of the shorter line's height collide


@record
class Line:
    """Characters drawn on one baseline, one after another in the PDF's content stream."""

    chars: list[dict[str, Any]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def size(self) -> float:
        return max(float(c.get("size") or 0.0) for c in self.chars)


def lines_of(chars: list[dict[str, Any]]) -> list[Line]:
    """Group characters into lines: same baseline, moving right, in content-stream order."""
    lines: list[Line] = []
    current = Line()
    for ch in chars:
        if current.chars:
            last = current.chars[-1]
            same = (abs(ch["bottom"] - last["bottom"]) < 0.5 and ch["x0"] >= last["x0"] - 0.5
                    and ch["x0"] - last["x1"] < 3 * float(ch.get("size") or 10))
            if not same:
                lines.append(current)
                current = Line()
        current.chars.append(ch)
    if current.chars:
        lines.append(current)
    return lines


def _scripted(a: Line, b: Line) -> bool:
    """One line is a run of sub/superscripts: drawn well smaller than the other."""
    small, large = sorted((a.size, b.size))
    return large > 0 and small <= large * (SCRIPT_SCALE + 0.17)


ACCENTS = frozenset("^ˆ˜~¯‾˙¨´`ˇ˘→⃗")


def _accent(line: Line) -> bool:
    """A line of accent marks alone: what a formula draws over a letter."""
    return bool(line.text.strip()) and set(line.text.strip()) <= ACCENTS


def colliding(lines: list[Line]) -> list[tuple[Line, Line]]:
    """Pairs of lines whose glyph boxes overlap: text drawn over text."""
    found: list[tuple[Line, Line]] = []
    boxes = [(ln, ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines]
    for i, (a, ax0, atop, ax1, abot) in enumerate(boxes):
        for b, bx0, btop, bx1, bbot in boxes[i + 1:]:
            wide = min(ax1, bx1) - max(ax0, bx0)
            tall = min(abot, bbot) - max(atop, btop)
            shorter = min(abot - atop, bbot - btop)
            if _scripted(a, b):
                continue  # a sub- or superscript drawn against its base line
            if _accent(a) or _accent(b):
                continue  # a formula's hat or bar over its letter (x̂, v̄)
            if abs(abot - bbot) < 0.5 and wide < 0.5 * a.size:
                continue  # one line broken by a script: an italic letter's overhang
            if wide > 1.0 and tall > LINE_OVERLAP * shorter:
                found.append((a, b))
    return found


def char_colour(ch: dict[str, Any]) -> str | None:
    """The fill colour a character is drawn in, as RRGGBB (gray and RGB; CMYK converted)."""
    value = ch.get("non_stroking_color")
    if isinstance(value, int | float):
        value = (value,)
    if not isinstance(value, tuple | list) or not value:
        return None
    if not all(isinstance(v, int | float) for v in value):
        return None  # a pattern or a named colour space
    if len(value) == 1:
        value = (value[0],) * 3
    elif len(value) == 4:
        c, m, y, k = value
        value = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    elif len(value) != 3:
        return None
    return "".join(f"{round(max(0.0, min(1.0, float(v))) * 255):02X}" for v in value[:3])
