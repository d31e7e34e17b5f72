"""Plan: a parsed note becomes a deck of placed shapes. The heart of slidegen.

It decides slide kinds, titles, what goes on each slide, font sizes and splits, measuring text
with real font metrics. It never imports python-pptx: the renderer draws what is planned here.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from slidegen.deck import Deck, DeckInfo, DeckStyle, Run, Slide
from slidegen.diagnostics import Diagnostics
from slidegen.document import Div, Document, Image, SlideOption
from slidegen.images import ResolvedImage
from slidegen.plan.choices import built_in_on, resolve_choice
from slidegen.plan.chosen import ChosenSlides
from slidegen.plan.content import UnitBuilder, callout_labels, language_of
from slidegen.plan.diagrams import DiagramMaker
from slidegen.plan.footnotes import FootnoteArea
from slidegen.plan.layout import Layout
from slidegen.plan.outline import Part, build_outline
from slidegen.plan.pages import PagePlanner
from slidegen.plan.slides import SlideMaker
from slidegen.plan.style import deck_style
from slidegen.plan.textfit import TextMetrics
from slidegen.plan.units import PictureUnit
from slidegen.plan.visuals import MAX_UPSCALE_PT_PER_PX
from slidegen.theme import Theme

if TYPE_CHECKING:
    from slidegen.templates import Template

__all__ = ["plan_deck"]

MIN_SECTIONS_FOR_AGENDA = 3
PT_PER_CSS_PX = 0.75  # a width="300" in a note is 300 CSS pixels: 225 pt


def plan_deck(doc: Document, images: Mapping[str, ResolvedImage], theme: Theme,
              diagnostics: Diagnostics,
              on_slides: Callable[[DeckInfo, DeckStyle, list[Slide]], None] | None = None,
              template: Template | None = None) -> Deck:
    """The deck; `on_slides` is given each group of slides as soon as it is planned (the
    title slide, then each section's), so that they can be drawn while the rest is planned.
    On a `template`, slides follow its layouts (`plan.on_template`)."""
    lang = doc.meta.lang or "en-US"
    lang_of = language_of(lang)
    metrics = TextMetrics.for_theme(theme)
    maker = SlideMaker(theme, metrics, lang, template, doc.macros)
    layout = Layout(theme, metrics, lang_of)
    builder = _unit_builder(doc, images, theme, diagnostics, metrics)
    footnotes = FootnoteArea(doc.footnotes, theme, metrics, builder.runs) if doc.footnotes else None
    outline = build_outline(doc)
    meta = replace(doc.meta, subtitle=doc.meta.subtitle or outline.subtitle or None)
    info = DeckInfo(title=outline.title, author=meta.author or "", subject=meta.subtitle or "",
                    keywords=list(dict.fromkeys([*meta.categories, *meta.tags])), lang=lang,
                    date=meta.date)
    style = deck_style(theme)
    slides: list[Slide] = []

    def planned(group: list[Slide]) -> None:
        slides.extend(group)
        if on_slides is not None and group:
            on_slides(info, style, group)

    title_runs = (maker.span_runs(outline.title_spans) if outline.title_spans
                  else maker.runs(outline.title, bold=True))
    planned([maker.title_slide(outline.title, meta, outline.intro_notes, title_runs)])
    pages = PagePlanner(maker, layout, builder, diagnostics)
    template_layouts = {t.name: t.part for t in template.layouts} if template else {}
    chosen = ChosenSlides(pages, built_in_on(template_layouts))

    def footnoted(group: list[Slide]) -> list[Slide]:
        if footnotes is None:
            return group
        return [footnotes.add(slide, maker.content_region()) for slide in group]

    if outline.intro_blocks:  # a note without headings is all opening: cut at its bold leads
        planned(footnoted(pages.content_slides(list(title_runs), "",
                                               outline.intro_blocks, [], None,
                                               cut_at_leads=not outline.parts)))
    if len(outline.sections) >= MIN_SECTIONS_FOR_AGENDA:
        planned([_agenda(maker, outline.sections)])
    for part in outline.parts:
        if part.kind == "section":
            planned([maker.section_slide(part.section_number, part.title, part.line,
                                         part.notes, section_anchor(part.section_number))])
        else:
            _columns_on_two_content(part, chosen.template_parts)
            if part.options:
                choice = resolve_choice(part.options, template_layouts, diagnostics.warn)
                planned(footnoted(chosen.slides(part, choice)))
                continue
            planned(footnoted(pages.content_slides(maker.span_runs(part.title), part.kicker,
                                                   part.blocks, part.notes, part.line)))
    return Deck(info, style, slides)


def _columns_on_two_content(part: Part, template_parts: Container[str]) -> None:
    """A slide of columns takes the template's two-content layout unless it chose one."""
    if not part.options and "two-content" in template_parts and any(
            isinstance(b, Div) and "columns" in b.classes for b in part.blocks):
        part.options = [SlideOption("layout", "two-content", part.line)]


def _unit_builder(doc: Document, images: Mapping[str, ResolvedImage], theme: Theme,
                  diagnostics: Diagnostics, metrics: TextMetrics) -> UnitBuilder:
    """What turns the note's blocks into units, in its language, theme and macros."""
    lang = doc.meta.lang or "en-US"
    lang_of = language_of(lang)
    builder = UnitBuilder(
        lang=lang_of,
        highlight=partial(_highlight, theme=theme, lang_of=lang_of),
        pictures=partial(_picture_unit, images=images, theme=theme, diagnostics=diagnostics),
        labels=callout_labels(lang),
        incremental=doc.meta.incremental,
        macros=doc.macros,
    )
    builder.diagrams = DiagramMaker(
        theme, lambda text, size: metrics.fonts.face().width(text, size),
        diagnostics.warn, builder.diagram_code).unit
    return builder


def _agenda(maker: SlideMaker, sections: list[Part]) -> Slide:
    """The agenda: each section's title, linked to its divider."""
    return maker.agenda_slide([s.title for s in sections], maker.content_region(),
                              [s.section_number for s in sections],
                              [section_anchor(s.section_number) for s in sections])


def section_anchor(number: int) -> str:
    """The name agenda items link to their section divider by."""
    return f"section-{number}"


def _highlight(code: str, language: str, *, theme: Theme,
               lang_of: Callable[[str], str]) -> list[list[Run]]:
    from slidegen.plan.highlight import highlight  # Pygments only for notes with code

    return highlight(code, language, theme.code_style, theme.colors.code_text, lang_of)


def _picture_unit(image: Image, *, images: Mapping[str, ResolvedImage], theme: Theme,
                  diagnostics: Diagnostics) -> PictureUnit | None:
    """The picture to place; None for an icon or badge within a line of text, which would
    stand alone on the slide, far larger than drawn, with the text cut around it."""
    resolved = images.get(image.src)
    if image.inline and resolved is not None and resolved.image is not None and resolved.small:
        diagnostics.warn(image.line, f"image {image.src} is an icon within a line of text: "
                         "left off the slide; put it on a line of its own to show it")
        return None
    # an icon or a badge (an SVG is rasterised large) is capped by its size as drawn, as any
    # picture is by its pixels
    drawn = resolved.drawn_width if resolved is not None and resolved.small else 0.0
    size = {"max_w": image.width * PT_PER_CSS_PX if image.width else (
                drawn * MAX_UPSCALE_PT_PER_PX if drawn else None),
            "max_h": image.height * PT_PER_CSS_PX if image.height else None,
            "caption": image.caption or image.title}  # a title is the caption a reader sees
    if resolved is None or resolved.image is None:
        reason = resolved.reason if resolved else "not resolved"
        return PictureUnit(image.src, image.alt, image.title, image.line, None, reason, **size)
    plate = theme.dark and resolved.transparent
    return PictureUnit(image.src, image.alt, image.title, image.line, resolved.image, "", plate,
                       **size)

