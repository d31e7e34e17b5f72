"""render: Deck → .pptx. Draws exactly what the planner placed.

Every slide uses python-pptx's default template's "Blank" layout; the title and all content
are shapes drawn here at their Box (points → EMU). With a theme naming a `template`, slides
use that file's layouts instead (`slidegen.render.template`) and titles go into the layouts'
title placeholders, moved to their planned boxes. Numbers the planner must agree with
(insets, bullet indent, footer band) live in `slidegen.render.geometry`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from slidegen.deck import (
    ChartShape,
    CodeBlock,
    Deck,
    DeckInfo,
    DeckStyle,
    DiagramShape,
    EquationBox,
    ImageData,
    MissingPicture,
    Picture,
    Rect,
    Shape,
    Slide,
    TableShape,
    TextBox,
)
from slidegen.render.archive import write_package
from slidegen.render.boxes import box_style, draw_text_box
from slidegen.render.canvas import Canvas
from slidegen.render.charts import draw_chart
from slidegen.render.code import draw_code
from slidegen.render.consistency import make_consistent
from slidegen.render.diagrams import draw_diagram
from slidegen.render.equations import draw_equation, wrap_equations
from slidegen.render.footer import draw_background_image, draw_footer, draw_logo
from slidegen.render.geometry import emu, even
from slidegen.render.links import resolve_jumps
from slidegen.render.notes import write_notes
from slidegen.render.opc import RT_NOTES_SLIDE, Part
from slidegen.render.package import apply_theme_part, set_core_properties
from slidegen.render.pictures import draw_missing, draw_picture
from slidegen.render.presentation import Presentation
from slidegen.render.shapes import add_rect, hex_colour, parse_fragment, shape_element_id
from slidegen.render.tables import draw_table
from slidegen.render.template import (
    TemplateDeck,
    add_footers,
    fill_placeholder,
    open_template,
    remove_empty_placeholders,
    slot_of,
)
from slidegen.render.text import set_body, write_paragraphs
from slidegen.render.timing import Target, reveal_targets, write_timing
from slidegen.render.xmlstr import FRAGMENT_NS, qn

__all__ = ["DeckRenderer", "render_deck"]

BLANK_LAYOUT = "Blank"


def render_deck(deck: Deck, out: BinaryIO | Path) -> None:
    """Write `deck` as a .pptx to a path or binary stream; same Deck → same bytes."""
    renderer = DeckRenderer(deck.info, deck.style)
    for planned in deck.slides:
        renderer.add(planned)
    renderer.write(out)


class DeckRenderer:
    """A deck drawn slide by slide, then written.

    Slide by slide so that the render process can draw slides while the rest of the deck is
    still being planned; `render_deck` is this for a whole deck.
    """

    def __init__(self, info: DeckInfo, style: DeckStyle) -> None:
        self._deck = Deck(info, style)  # what drawing reads: the style and the language
        self._template = open_template(style.template) if style.template else None
        prs = self._template.presentation if self._template else _blank_presentation()
        prs.set_size(emu(style.width), emu(style.height))
        apply_theme_part(prs, style)
        self._when = set_core_properties(prs, info)
        self._prs = prs
        self._layout = _blank_layout(prs)
        self._parts: dict[str, Any] = {}  # image digest -> its part; background -> its XML
        self._count = 0
        self._anchors: dict[str, Part] = {}  # Slide.anchor -> its drawn slide's part
        self._jumping: list[Canvas] = []  # drawn slides with links to other slides

    def add(self, planned: Slide) -> None:
        self._count += 1
        template = self._template
        slide = self._prs.add_slide(template.layout_for(planned) if template else self._layout)
        _draw_slide(slide, planned, self._deck, self._count, template, self._prs, self._parts)
        if planned.anchor:
            self._anchors.setdefault(planned.anchor, slide.part)
        if _has_jumps(planned):
            self._jumping.append(slide)  # its links are resolved when the deck is written
        else:  # finished: keep its bytes, not its tree (40 KB of nodes per slide)
            _release(slide.part)

    def replace_images(self, replaced: Mapping[str, ImageData]) -> None:
        """New bytes for pictures already drawn, by their old digest: pictures are sized down
        to what the slides show only once the whole deck is planned (images.fit). The parts,
        their names and their relationships stay, so the deck is the one `render_deck` makes
        from the finished plan."""
        for digest, image in replaced.items():
            part = self._parts.get(digest)
            if part is not None:
                part.blob = image.data

    def write(self, out: BinaryIO | Path) -> None:
        resolve_jumps(self._jumping, self._anchors)
        self._jumping = []
        make_consistent(self._prs)
        if isinstance(out, Path | str):
            with open(out, "wb") as handle:
                write_package(self._prs.package, self._when, handle)
        else:
            write_package(self._prs.package, self._when, out)


def _release(part: Part) -> None:
    """A finished slide's XML and its notes slide's as bytes, their trees let go: a slide's
    40 KB of lxml nodes become its 3.5 KB of bytes, which is what lets a deck of 10,000
    slides be drawn in bounded memory."""
    notes = part.rels.part(RT_NOTES_SLIDE)
    for finished in (part, notes) if notes is not None else (part,):
        finished.blob = finished.blob


def _has_jumps(planned: Slide) -> bool:
    return any(run.jump for shape in planned.shapes if isinstance(shape, TextBox)
               for para in shape.paragraphs for run in para.runs)


_OPENED_AHEAD: list[Presentation] = []


def open_blank_ahead() -> None:
    """Open the next deck's blank presentation now (python-pptx's default template, parsed):
    the render process does it while it waits for the first slides."""
    _OPENED_AHEAD.append(Presentation.read())


def _blank_presentation() -> Presentation:
    return _OPENED_AHEAD.pop() if _OPENED_AHEAD else Presentation.read()


def _blank_layout(prs: Presentation) -> Part:
    layouts = prs.layouts(prs.masters()[0])
    for layout in layouts:
        if layout.element.find(qn("p:cSld")).get("name", "") == BLANK_LAYOUT:
            return layout
    return layouts[-1]


def _draw_slide(slide: Canvas, planned: Slide, deck: Deck, number: int,
                template: TemplateDeck | None, prs: Presentation,
                parts: dict[str, Any]) -> None:
    style = deck.style
    lang = deck.info.lang
    slide.element.find(qn("p:cSld")).set("name", planned.kind)  # tells slide kinds apart
    if style.draw_background:
        _background(slide, style.colors.background, parts)
    draw_background_image(slide, style)
    if planned.backdrop is not None:
        _draw_shape(slide, planned.backdrop, deck, lambda kind: f"Background {kind.lower()}",
                    parts)
    shapes = list(planned.shapes)
    if template is not None:
        planned, shapes = _into_placeholders(slide, planned, shapes, deck)
    if planned.title is not None:
        draw_text_box(slide, planned.title, style, "Title", lang)
    if planned.kicker is not None:
        draw_text_box(slide, planned.kicker, style, "Kicker", lang)
    counts: dict[str, int] = {}

    def name(kind: str) -> str:
        counts[kind] = counts.get(kind, 0) + 1
        return f"{kind} {counts[kind]}"

    targets: list[Target] = []
    for shape in shapes:
        before = set(slide.shapes())
        _draw_shape(slide, shape, deck, name, parts)
        drawn = [shape_element_id(el) for el in slide.shapes() if el not in before]
        targets.extend(reveal_targets(shape, drawn))
    wrap_equations(slide)
    write_timing(slide, targets)
    draw_logo(slide, style)
    if planned.kind != "title" and template is not None:
        add_footers(slide, template, planned, style, deck.info, number)
    elif planned.kind != "title":
        draw_footer(slide, style, number, lang, parts)
    write_notes(slide, planned.notes, style, lang, lambda drawn: prs.notes_body(drawn.part))


def _draw_shape(slide: Canvas, shape: Shape, deck: Deck, name: Callable[[str], str],
                parts: dict[str, Any]) -> None:
    style, lang = deck.style, deck.info.lang
    if isinstance(shape, TextBox):
        kind = "Callout" if shape.fill else shape.role.capitalize()
        draw_text_box(slide, shape, style, name(kind), lang)
    elif isinstance(shape, Picture):
        try:
            draw_picture(slide, shape, name("Picture"), parts)
        except (OSError, ValueError, SyntaxError, KeyError) as exc:
            # bytes that are not the picture they say: a placeholder, not a failed deck
            reason = f"image data could not be embedded ({type(exc).__name__})"
            draw_missing(slide, MissingPicture(shape.box, shape.alt, shape.image.digest[:12],
                                               reason), style, name("Missing picture"), lang)
    elif isinstance(shape, MissingPicture):
        draw_missing(slide, shape, style, name("Missing picture"), lang)
    elif isinstance(shape, TableShape):
        draw_table(slide, shape, style, name("Table"), lang)
    elif isinstance(shape, CodeBlock):
        draw_code(slide, shape, style, name("Code"))
    elif isinstance(shape, EquationBox):
        text_style = box_style(TextBox(shape.box, [], "body", shape.size, shape.color), style)
        draw_equation(slide, shape, name("Equation"), text_style)
    elif isinstance(shape, Rect):
        add_rect(slide, shape.box, name("Decoration"), shape.fill)
    elif isinstance(shape, DiagramShape):
        draw_diagram(slide, shape, style, name("Diagram"), lang)
    elif isinstance(shape, ChartShape):
        draw_chart(slide, shape, style, name("Chart"), lang)


def _background(slide: Canvas, color: str, cache: dict[str, Any]) -> None:
    """A solid slide background (the first slide's, copied to the others)."""
    c_sld = slide.element.find(qn("p:cSld"))
    key = f"background {color}"
    if key not in cache:
        cache[key] = parse_fragment(
            f'<p:bg {FRAGMENT_NS}><p:bgPr><a:solidFill><a:srgbClr val="{hex_colour(color)}"/>'
            "</a:solidFill><a:effectLst/></p:bgPr></p:bg>")
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    c_sld.insert(0, copy.deepcopy(cache[key]))


def _into_placeholders(slide: Canvas, planned: Slide, shapes: list[Any],
                       deck: Deck) -> tuple[Slide, list[Any]]:
    """Text boxes the planner put in a placeholder go into it; the placeholders left empty
    are removed. Returns the slide and shapes still to draw."""
    filled: set[int] = set()
    rest = []
    for tb in [planned.title, *shapes]:
        slot = (slot_of(slide, tb.placeholder) if isinstance(tb, TextBox)
                and tb.placeholder is not None else None)
        if slot is None or shape_element_id(slot) in filled:
            if tb is not None and tb is not planned.title:
                rest.append(tb)
            continue
        _into_placeholder(slot, tb, deck, tb.role.capitalize(), slide)
        filled.add(shape_element_id(slot))
        if tb is planned.title:
            planned = _without_title(planned)
    remove_empty_placeholders(slide, filled)
    return planned, rest


def _into_placeholder(slot: Any, tb: TextBox, deck: Deck, name: str, slide: Canvas) -> None:
    """A template's placeholder, at the planned box, with the planned text and style."""

    def write(tx_body: Any) -> None:
        set_body(tx_body, even(max(0.0, tb.inset)), tb.anchor)
        write_paragraphs(tx_body, tb.paragraphs, box_style(tb, deck.style), slide.part,
                         deck.info.lang)

    fill_placeholder(slot, tb, name, write)


def _without_title(planned: Slide) -> Slide:
    return replace(planned, title=None)
