"""How tall text is in a box of a given width: the numbers every fitting decision rests on.

The indents and insets here are the contract with the renderer: it draws bullets and padding
with exactly these values (see `slidegen.render.geometry`).
"""

from __future__ import annotations

from dataclasses import replace

from slidegen.deck import Run, TextParagraph
from slidegen.indents import text_start
from slidegen.plan.measure import Faces, wrap_runs
from slidegen.records import record
from slidegen.theme import Theme

WIDTH_SAFETY = 0.95  # renderers differ slightly in glyph spacing; plan for narrower boxes
NESTED_SPACING = 0.25  # space before a nested paragraph, in ems (top-level ones use the theme's)


def left_margin(paragraph: TextParagraph, size: float) -> float:
    """Where the paragraph's text starts, from the box's inner left edge."""
    return text_start(paragraph.bullet, paragraph.level, size)


TEXT_LINE_EMS = 1.2  # an equation up to this tall sits in a line of text like a word
INLINE_SHRINK = 0.75  # within a line, fractions and limits are set smaller than on their own


def _taller_equations(paragraph: TextParagraph, size: float) -> float:
    """What a paragraph's tallest equation (a fraction, a sum with limits, a matrix) adds to
    its line; an equation's width is measured as its plain reading, like a word."""
    tallest = max((run.math.height * (1.0 if run.math.display else INLINE_SHRINK)
                   for run in paragraph.runs if run.math), default=0.0)
    return max(0.0, tallest - TEXT_LINE_EMS) * size


@record(frozen=True)
class TextMetrics:
    """Measures paragraphs at a size for one theme's fonts and spacing."""

    fonts: Faces
    line_spacing: float
    paragraph_spacing: float

    @classmethod
    def for_theme(cls, theme: Theme) -> TextMetrics:
        return cls(Faces(theme.fonts.body.latin, theme.fonts.code.latin), theme.line_spacing,
                   theme.paragraph_spacing)

    def line_height(self, size: float, code: bool = False) -> float:
        return self.fonts.face(code=code).line_height * size * self.line_spacing

    def lines(self, paragraph: TextParagraph, size: float, width: float) -> list[float]:
        usable = max(size, (width - left_margin(paragraph, size)) * WIDTH_SAFETY)
        return wrap_runs(paragraph.runs, self.fonts, size, usable)

    def paragraph_height(self, paragraph: TextParagraph, size: float, width: float) -> float:
        lines = len(self.lines(paragraph, size, width)) * self.line_height(size)
        return lines + _taller_equations(paragraph, size)

    def spaced(self, paragraphs: list[TextParagraph], size: float,
               first: bool = True) -> list[TextParagraph]:
        """Paragraphs with their space-before set for this size."""
        out = []
        for n, para in enumerate(paragraphs):
            if n == 0 and first:
                gap = 0.0
            elif para.level > 0 or (para.bullet == "none" and n > 0 and para.level > 0):
                gap = NESTED_SPACING * size
            else:
                gap = self.paragraph_spacing * size
            gap = round(gap, 2)
            out.append(para if para.space_before == gap else replace(para, space_before=gap))
        return out

    def height(self, paragraphs: list[TextParagraph], size: float, width: float) -> float:
        return sum(p.space_before + self.paragraph_height(p, size, width) for p in paragraphs)

    def widest_line(self, runs: list[Run], size: float) -> float:
        return max(wrap_runs(runs, self.fonts, size, float("inf")))
