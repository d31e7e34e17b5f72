"""Slides on a template's layouts: text in the layout's placeholders, at their boxes, in their
own look (no theme chosen) or the theme's; slidegen's own shapes in the content area only."""

from __future__ import annotations

from dataclasses import field, replace

from slidegen.deck import Box, Run, Slide, TextBox, TextParagraph
from slidegen.document import Meta
from slidegen.plan.frames import Frame, frame_for
from slidegen.plan.region import Region
from slidegen.plan.textfit import TextMetrics
from slidegen.records import record
from slidegen.templates import Placeholder, Template
from slidegen.theme import Theme

INSET = 3.6  # points of padding inside a filled placeholder
MIN_TITLE = 18.0


@record
class TemplateSlides:
    """The fixed slide kinds and content titles of one deck on one template."""

    theme: Theme
    metrics: TextMetrics
    template: Template
    runs: object  # SlideMaker.runs: (text, bold) -> list[Run]
    _frames: dict[str, Frame] = field(default_factory=dict)

    def frame(self, kind: str) -> Frame:
        if kind not in self._frames:
            self._frames[kind] = frame_for(self.template, kind, self.theme)
        return self._frames[kind]

    def content_region(self) -> Region:
        return self.frame("content").content

    def layout_of(self, kind: str) -> str:
        return self.frame(kind).layout.part

    # -- text in a placeholder -----------------------------------------------------------------

    @property
    def title_metrics(self) -> TextMetrics:
        """Titles are measured in the title face (a template's may be far wider than its body
        face)."""
        return replace(self.metrics, fonts=replace(self.metrics.fonts,
                                                   body=self.theme.fonts.title.latin))

    def _fit(self, paragraphs: list[TextParagraph], box: Box, start: float, minimum: float,
             caps: bool, metrics: TextMetrics) -> float:
        if caps:
            paragraphs = [replace(p, runs=[replace(r, text=r.text.upper()) for r in p.runs])
                          for p in paragraphs]
        width, height = box.w - 2 * INSET, box.h - 2 * INSET
        size = start
        while size > minimum:
            if self._height(metrics.spaced(paragraphs, size), size, width, metrics) <= height:
                break
            size = max(minimum, size - (2 if size > 24 else 1))
        return size

    def _height(self, paragraphs: list[TextParagraph], size: float, width: float,
                metrics: TextMetrics) -> float:
        """Lines wrapped in `metrics`' face and in the body face, whichever makes more, each
        as tall as the taller face's: a Latin title face falls back to a CJK face for Hangul,
        whose glyphs are wider and lines taller."""
        line = max(metrics.line_height(size), self.metrics.line_height(size))
        return sum(p.space_before + line * max(len(metrics.lines(p, size, width)),
                                               len(self.metrics.lines(p, size, width)))
                   for p in paragraphs)

    def placed(self, frame: Frame, slot: Placeholder, paragraphs: list[TextParagraph],
               role: str, size: float, minimum: float, color: str) -> TextBox:
        """Paragraphs in a placeholder: its look where no theme was chosen, fitted to its box,
        in a colour that reads on what is under it."""
        look = frame.look(slot)
        align = look.align if frame.use_looks and look.align else None
        if align:
            paragraphs = [replace(p, align=align) for p in paragraphs]  # type: ignore[arg-type]
        if frame.use_looks:
            paragraphs = [replace(p, runs=[replace(r, bold=False) for r in p.runs])
                          for p in paragraphs]
        start = look.size or size
        metrics = self.title_metrics if role == "title" else self.metrics
        fitted = self._fit(paragraphs, slot.box, start, min(minimum, start), look.caps, metrics)
        spaced = self.metrics.spaced(paragraphs, fitted)
        wanted = look.color if frame.use_looks else color
        return TextBox(slot.box, spaced, role, fitted,  # type: ignore[arg-type]
                       color=frame.color(wanted, slot.box, color, self.theme.colors.text),
                       bold=look.bold, anchor=slot.look.anchor or "top",  # type: ignore[arg-type]
                       inset=INSET, placeholder=slot.idx)

    def _free(self, frame: Frame, paragraphs: list[TextParagraph], role: str, size: float,
              color: str, y: float | None = None) -> TextBox:
        """Paragraphs in the content area (the layout has no placeholder for them)."""
        area = frame.content
        top = area.y if y is None else y
        h = self.metrics.height(self.metrics.spaced(paragraphs, size), size, area.w)
        box = Box(area.x, top, area.w, h)
        return TextBox(box, self.metrics.spaced(paragraphs, size), role,  # type: ignore[arg-type]
                       size, color=frame.color(color, box, self.theme.colors.text))

    # -- the slide kinds -------------------------------------------------------------------

    def title_slide(self, title_runs: list[Run], meta: Meta, notes: list[str]) -> Slide:
        t = self.theme
        frame = self.frame("title")
        title = None
        if frame.title is not None:
            title = self.placed(frame, frame.title, [TextParagraph(title_runs)], "title",
                                t.sizes.title_slide, 24, t.colors.title)
        paragraphs = []
        if meta.subtitle:
            paragraphs.append(TextParagraph(self.runs(meta.subtitle)))  # type: ignore[operator]
        byline = " · ".join(v for v in (meta.author, meta.date) if v)
        if byline:
            paragraphs.append(TextParagraph(self.runs(byline)))  # type: ignore[operator]
        labels = [*meta.categories, *meta.tags]
        if labels:
            text = "   ".join(f"#{label}" for label in dict.fromkeys(labels))
            paragraphs.append(TextParagraph(self.runs(text)))  # type: ignore[operator]
        shapes: list = []
        if paragraphs and frame.body is not None and frame.body is not frame.title:
            shapes.append(self.placed(frame, frame.body, paragraphs, "subtitle",
                                      t.sizes.subtitle, 12, t.colors.text))
        elif paragraphs:
            below = title.box.bottom + t.margins.gap if title is not None else None
            shapes.append(self._free(frame, paragraphs, "subtitle", t.sizes.meta,
                                     t.colors.text, below))
        if title is None:
            title = self._free(frame, [TextParagraph(title_runs)], "title",
                               t.sizes.title_slide, t.colors.title)
        return Slide("title", title, shapes, notes="\n\n".join(notes), layout=frame.layout.part)

    def section_slide(self, number: int, runs: list[Run], line: int, notes: list[str]) -> Slide:
        t = self.theme
        frame = self.frame("section")
        if frame.title is not None:
            title = self.placed(frame, frame.title, [TextParagraph(runs)], "title",
                                t.sizes.section, 22, t.colors.title)
        else:
            title = self._free(frame, [TextParagraph(runs)], "title", t.sizes.section,
                               t.colors.title)
        shapes: list = []
        if frame.body is not None and frame.body is not frame.title and number > 0:
            label = [TextParagraph(self.runs(f"{number:02d}", True))]  # type: ignore[operator]
            shapes.append(self.placed(frame, frame.body, label, "kicker", t.sizes.section,
                                      12, t.colors.accent))
        return Slide("section", title, shapes, notes="\n\n".join(notes), source_line=line,
                     layout=frame.layout.part)

    def agenda_slide(self, title_runs: list[Run], items: list[TextParagraph]) -> Slide:
        t = self.theme
        frame = self.frame("agenda")
        title, _, top = self.title_area(title_runs, "", "agenda")
        body = frame.layout.body
        if body is not None and body.kind in ("obj", "body"):
            box = self.placed(frame, body, items, "agenda", t.sizes.body, t.sizes.min_body,
                              t.colors.text)
            # the planner's numbered list, not the placeholder's bullets: keep ours
            box = replace(box, paragraphs=self.metrics.spaced(items, box.size))
        else:
            box = self._free(frame, items, "agenda", t.sizes.body, t.colors.text, top)
        return Slide("agenda", title, [box], layout=frame.layout.part)

    def title_area(self, runs: list[Run], kicker: str,
                   kind: str = "content") -> tuple[TextBox, TextBox | None, float]:
        """The title in the layout's title placeholder, the section's name at the top of the
        content area (not above the title, where a band or artwork may be); returns both and
        where content may start."""
        t = self.theme
        frame = self.frame(kind)
        area = frame.content
        if frame.title is not None:
            title = self.placed(frame, frame.title, [TextParagraph(runs)], "title",
                                t.sizes.title, MIN_TITLE, t.colors.title)
        else:
            title = self._free(frame, [TextParagraph(runs)], "title", t.sizes.title,
                               t.colors.title)
        top = max(area.y, title.box.bottom + 4) if frame.title is None else area.y
        kicker_box = None
        if kicker:
            kicker_box = self._free(frame, [TextParagraph(self.runs(kicker))],  # type: ignore[operator]
                                    "kicker", t.sizes.kicker, t.colors.accent, top)
            top = kicker_box.box.bottom + 4
        return title, kicker_box, top
