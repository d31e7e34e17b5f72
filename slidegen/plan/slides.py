"""The fixed slide kinds (title, agenda, section divider) and the title area of content slides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from slidegen.deck import Box, Rect, Run, Slide, TextBox, TextParagraph
from slidegen.document import Meta, Span
from slidegen.math.tex import Macros
from slidegen.plan.content import language_of, spans_to_runs
from slidegen.plan.region import Region
from slidegen.plan.textfit import TextMetrics
from slidegen.records import record
from slidegen.theme import Theme

if TYPE_CHECKING:
    from slidegen.plan.on_template import TemplateSlides
    from slidegen.templates import Template

AGENDA_TITLES = {"ko": "목차", "ja": "目次", "zh": "目录"}


@record
class SlideMaker:
    """Makes the slides of one deck: its theme, text metrics and language."""

    theme: Theme
    metrics: TextMetrics
    lang: str
    template: Template | None = None
    macros: Macros = field(default_factory=dict)

    @cached_property
    def lang_of(self) -> Callable[[str], str]:
        return language_of(self.lang)

    @cached_property
    def on_template(self) -> TemplateSlides | None:
        if self.template is None:
            return None
        from slidegen.plan.on_template import TemplateSlides  # and the template reader

        return TemplateSlides(self.theme, self.metrics, self.template, self.runs)

    def content_region(self) -> Region:
        """Where content slides' shapes may go: inside the margins, or on a template the
        content area of its layout."""
        if self.on_template is not None:
            return self.on_template.content_region()
        return Region.inside_margins(self.theme)

    def layout_of(self, kind: str) -> str:
        return self.on_template.layout_of(kind) if self.on_template is not None else ""

    def runs(self, text: str, bold: bool = False) -> list[Run]:
        return [Run(text, lang=self.lang_of(text), bold=bold)]

    def span_runs(self, spans: list[Span], bold: bool = True) -> list[Run]:
        """A heading's spans as title runs: no links (a title is not a link target)."""
        return (spans_to_runs(spans, self.lang_of, bold=bold, links=False, macros=self.macros)
                or [Run(" ", lang=self.lang)])

    @property
    def content_width(self) -> float:
        m = self.theme.margins
        return self.theme.width - m.left - m.right

    def _fit(self, runs: list[Run], size: float, minimum: float, width: float,
             max_lines: int) -> tuple[float, int]:
        """The largest size (down to `minimum`) at which the text takes at most `max_lines`."""
        para = TextParagraph(runs)
        while True:
            lines = len(self.metrics.lines(para, size, width))
            if lines <= max_lines or size <= minimum:
                return size, lines
            size = max(minimum, size - 2)

    def _text(self, runs: list[Run], box: Box, role: str, size: float, color: str,
              align: str = "left", anchor: str = "top") -> TextBox:
        para = TextParagraph(runs, align=align)  # type: ignore[arg-type]
        return TextBox(box, [para], role, size, color=color, anchor=anchor)  # type: ignore[arg-type]

    def _height(self, runs: list[Run], size: float, width: float) -> float:
        return self.metrics.paragraph_height(TextParagraph(runs), size, width)

    # -- title slide --------------------------------------------------------------------------

    def title_slide(self, title: str, meta: Meta, notes: list[str],
                    runs: list[Run] | None = None) -> Slide:
        title_runs = runs or self.runs(title, bold=True)
        if self.on_template is not None:
            return self.on_template.title_slide(title_runs, meta, notes)
        t, m = self.theme, self.theme.margins
        width = self.content_width - 40
        x = m.left + 20
        size, _ = self._fit(title_runs, t.sizes.title_slide, 26, width, 3)
        blocks: list[tuple[list[Run], float, str, str]] = [(title_runs, size, "title",
                                                            t.colors.title)]
        if meta.subtitle:
            blocks.append((self.runs(meta.subtitle), t.sizes.subtitle, "subtitle", t.colors.text))
        byline = " · ".join(v for v in (meta.author, meta.date) if v)
        if byline:
            blocks.append((self.runs(byline), t.sizes.meta, "meta", t.colors.muted))
        labels = [*meta.categories, *meta.tags]
        if labels:
            text = "   ".join(f"#{label}" for label in dict.fromkeys(labels))
            blocks.append((self.runs(text), t.sizes.meta, "meta", t.colors.accent))
        heights = [self._height(runs, s, width) for runs, s, _, _ in blocks]
        gaps = [0.0] + [18.0 if n == 1 else 8.0 for n in range(1, len(blocks))]
        total = sum(heights) + sum(gaps)
        y = max(m.top, (t.height - total) / 2 - 10)
        shapes: list = [Rect(Box(x, y - 22, 64, 6), t.colors.accent)]
        title_box = None
        for (runs, s, role, color), h, gap in zip(blocks, heights, gaps, strict=True):
            y += gap
            box = self._text(runs, Box(x, y, width, h), role, s, color)
            if role == "title":
                title_box = box
            else:
                shapes.append(box)
            y += h
        return Slide("title", title_box, shapes, notes="\n\n".join(notes))

    # -- agenda -------------------------------------------------------------------------------

    def agenda_slide(self, sections: list[list[Span]], region: Region,
                     numbers: list[int] | None = None,
                     anchors: list[str] | None = None) -> Slide:
        """Numbered section names; `numbers` are the sections' own when the note numbers them;
        with `anchors`, each item links to the slide so named (`Slide.anchor`)."""
        heading = AGENDA_TITLES.get(self.lang.split("-")[0], "Agenda")
        numbers = numbers or list(range(1, len(sections) + 1))
        targets: list[str | None] = [*(anchors or []), *[None] * len(sections)]
        paragraphs = [TextParagraph([replace(r, jump=target)
                                     for r in self.span_runs(s, bold=False)],
                                    bullet="number", number=n)
                      for n, s, target in zip(numbers, sections, targets, strict=False)]
        if self.on_template is not None:
            return self.on_template.agenda_slide(self.runs(heading, bold=True), paragraphs)
        title, _, top = self.title_area(self.runs(heading, bold=True), "")
        size = self.theme.sizes.body
        while size > self.theme.sizes.min_body:
            spaced = self.metrics.spaced(paragraphs, size)
            if self.metrics.height(spaced, size, region.w) <= region.h - (top - region.y):
                break
            size -= 1
        spaced = self.metrics.spaced(paragraphs, size)
        h = self.metrics.height(spaced, size, region.w)
        box = TextBox(Box(region.x, top, region.w, h), spaced, "agenda", size,
                      color=self.theme.colors.text)
        return Slide("agenda", title, [box])

    # -- section divider ----------------------------------------------------------------------

    def section_slide(self, number: int, spans: list[Span], line: int, notes: list[str],
                      anchor: str | None = None) -> Slide:
        """The divider of a section; `anchor` names it for links to it (the agenda's)."""
        if self.on_template is not None:
            return replace(self.on_template.section_slide(number, self.span_runs(spans), line,
                                                          notes), anchor=anchor)
        t, m = self.theme, self.theme.margins
        x = m.left + 20
        width = self.content_width - 40
        runs = self.span_runs(spans)
        size, _ = self._fit(runs, t.sizes.section, 24, width, 3)
        h = self._height(runs, size, width)
        number_size = t.sizes.section * 1.4
        number_h = self._height(self.runs("00"), number_size, width)
        total = number_h + 8 + h
        y = (t.height - total) / 2
        label = self._text(self.runs(f"{number:02d}", bold=True), Box(x, y, width, number_h),
                           "kicker", number_size, t.colors.accent)
        bar = Rect(Box(x, y + number_h + 2, 64, 4), t.colors.accent)
        if number <= 0:  # a divider the note asked for (`layout: section`): no number
            label = replace(label, paragraphs=[replace(label.paragraphs[0], runs=[])])
        title = self._text(runs, Box(x, y + number_h + 8, width, h), "title", size,
                           t.colors.title)
        return Slide("section", title, [label, bar], notes="\n\n".join(notes), source_line=line,
                     anchor=anchor)

    # -- content slide title area -------------------------------------------------------------

    def title_area(self, runs: list[Run], kicker: str) -> tuple[TextBox, TextBox | None, float]:
        """The title (and the section name above it); returns it and where content may start."""
        if self.on_template is not None:
            return self.on_template.title_area(runs, kicker)
        t, m = self.theme, self.theme.margins
        y = m.top
        kicker_box = None
        if kicker:
            kr = self.runs(kicker)
            kh = self._height(kr, t.sizes.kicker, self.content_width)
            kicker_box = self._text(kr, Box(m.left, y, self.content_width, kh), "kicker",
                                    t.sizes.kicker, t.colors.accent)
            y += kh + 2
        size, _ = self._fit(runs, t.sizes.title, 22, self.content_width, 2)
        h = self._height(runs, size, self.content_width)
        title = self._text(runs, Box(m.left, y, self.content_width, h), "title", size,
                           t.colors.title)
        return title, kicker_box, y + h + t.margins.gap
