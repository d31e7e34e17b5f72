"""Footnotes under the slide that cites them: a small numbered area at the bottom of the
content region, or the speaker notes when the slide has no room left for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from slidegen.deck import Box, Rect, Run, Slide, TableShape, TextBox, TextParagraph
from slidegen.document import Footnote, Span
from slidegen.plan.region import Region
from slidegen.plan.textfit import TextMetrics
from slidegen.theme import Theme

__all__ = ["FootnoteArea"]

RULE_WIDTH = 0.25  # of the content width: the short line above the footnotes
GAP = 8.0
MAX_SIZE = 12.0


class FootnoteArea:
    """Places the footnotes a slide cites; built once per deck."""

    def __init__(self, footnotes: list[Footnote], theme: Theme, metrics: TextMetrics,
                 runs: Callable[[list[Span]], list[Run]]) -> None:
        self.theme = theme
        self.metrics = metrics
        self.notes = {note.label: note for note in footnotes}
        self.runs = runs

    def add(self, slide: Slide, region: Region) -> Slide:
        """The slide with the footnotes it cites, under its content or in its notes."""
        cited = self._cited(slide)
        if not cited:
            return slide
        size = min(self.theme.sizes.caption, MAX_SIZE)
        paragraphs = [TextParagraph([Run(f"{note.number}. ", lang="en-US"),
                                     *self.runs(note.spans)]) for note in cited]
        height = self.metrics.height(paragraphs, size, region.w)
        used = max((shape.box.bottom for shape in slide.shapes), default=region.y)
        bottom = region.y + region.h
        if used + GAP * 2 + height > bottom:  # no room: the speaker notes say them
            lines = [f"{note.number}. " + "".join(s.text for s in note.spans) for note in cited]
            notes = "\n\n".join(part for part in (slide.notes, "\n".join(lines)) if part)
            return replace(slide, notes=notes)
        top = bottom - height
        rule = Rect(Box(region.x, top - GAP / 2, region.w * RULE_WIDTH, 0.75),
                    self.theme.colors.muted)
        area = TextBox(Box(region.x, top, region.w, height), paragraphs, "caption", size,
                       color=self.theme.colors.muted)
        return replace(slide, shapes=[*slide.shapes, rule, area])

    def _cited(self, slide: Slide) -> list[Footnote]:
        labels: list[str] = []
        for shape in slide.shapes:
            if isinstance(shape, TextBox):
                rows = [p.runs for p in shape.paragraphs]
            elif isinstance(shape, TableShape):
                rows = [cell for row in [shape.header, *shape.rows] for cell in row]
            else:
                continue
            labels.extend(run.footnote for runs in rows for run in runs if run.footnote)
        return [self.notes[label] for label in dict.fromkeys(labels) if label in self.notes]
