"""Decks built on a template (.pptx, .potx, .pptm, .potm): its masters, layouts and size.

The planner read the template (`slidegen.templates`) and chose each slide's layout and which
text goes into which placeholder; here the template is opened as the reader's
clean package (no example slides, no macros, a plain presentation), the planned text is
written into the placeholders, the unused ones are removed, and the footer, date and
slide-number placeholders are filled the way PowerPoint fills them when a user turns them on.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from slidegen.deck import DeckInfo, DeckStyle, Slide, TextBox
from slidegen.records import record
from slidegen.render.canvas import Canvas, insert_before
from slidegen.render.geometry import emu
from slidegen.render.opc import Part
from slidegen.render.presentation import Presentation, placeholders
from slidegen.render.shapes import parse_fragment, set_name, shape_element_id
from slidegen.render.xmlstr import FRAGMENT_NS, qn

if TYPE_CHECKING:  # the template reader (and the theme's YAML) only for decks on a template
    from slidegen.templates import Layout, Template

__all__ = ["TemplateDeck", "add_footers", "fill_placeholder", "open_template",
           "remove_empty_placeholders", "slot_of"]

SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
FOOTER_NAMES = {"dt": "Date Placeholder", "ftr": "Footer Placeholder",
                "sldNum": "Slide Number Placeholder"}


@lru_cache(maxsize=4)
def _clean(path: str, size: int, mtime: int) -> bytes:
    from slidegen.templates import clean_package

    return clean_package(path)


@record
class TemplateDeck:
    """A template opened for building on, and its layouts by part name."""

    presentation: Presentation
    model: Template
    layouts: dict[str, Part]

    def layout_for(self, planned: Slide) -> Part:
        part = planned.layout or self.model.chosen.get(planned.kind) or self.model.chosen[
            "content"]
        return self.layouts[part]


def open_template(path: str | Path) -> TemplateDeck:
    """The template as a presentation with no slides."""
    from slidegen.templates import read_template

    path = Path(path)
    model = read_template(path)
    stat = path.stat()
    prs = Presentation.read(_clean(str(path), stat.st_size, stat.st_mtime_ns))
    layouts = {layout.name.lstrip("/"): layout
               for master in prs.masters() for layout in prs.layouts(master)}
    return TemplateDeck(prs, model, layouts)


def _ph(shape_element: Any) -> Any:
    return shape_element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")


def slot_of(slide: Canvas, idx: int) -> etree._Element | None:
    """The slide's placeholder with this idx (the title's is 0)."""
    for shape in placeholders(slide.element):
        ph = _ph(shape)
        if ph is not None and int(ph.get("idx", "0")) == idx:
            return shape
    return None


def fill_placeholder(shape: etree._Element, tb: TextBox, name: str, write: Any) -> Any:
    """Write the planned text into a placeholder, at the planned box (its own, as the
    planner read it); `write(tx_body)` writes the paragraphs as the renderer does for text
    boxes."""
    b = tb.box
    sp_pr = shape.find(qn("p:spPr"))
    old = sp_pr.find(qn("a:xfrm"))
    if old is not None:
        sp_pr.remove(old)
    sp_pr.insert(0, parse_fragment(
        f'<a:xfrm {FRAGMENT_NS}><a:off x="{emu(b.x)}" y="{emu(b.y)}"/><a:ext cx="{emu(b.w)}" '
        f'cy="{emu(b.h)}"/></a:xfrm>'))
    set_name(shape, name)
    body = shape.find(qn("p:txBody"))
    if body is None:
        body = parse_fragment(f"<p:txBody {FRAGMENT_NS}><a:bodyPr/><a:p/></p:txBody>")
        insert_before(shape, body, ("p:extLst",))
    write(body)
    return shape


def remove_empty_placeholders(slide: Canvas, keep: set[int]) -> None:
    """Placeholders we did not fill would show 'Click to add text' in PowerPoint: drop them."""
    for shape in placeholders(slide.element):
        if shape_element_id(shape) not in keep:
            shape.getparent().remove(shape)


def add_footers(slide: Canvas, template: TemplateDeck, planned: Slide, style: DeckStyle,
                info: DeckInfo, number: int) -> None:
    """The layout's footer, date and slide-number placeholders on the slide, as PowerPoint
    adds them when a user turns them on: the footer text, the deck's date, a live number.
    Their position and look stay the layout's, and their colour too where it reads on what
    is under them."""
    layout = template.layout_for(planned)
    model = template.model.layout(planned.layout or template.model.chosen["content"])
    background = None if style.draw_background else model.background
    texts = {"ftr": style.footer, "dt": info.date or "",
             "sldNum": str(number) if style.slide_numbers else ""}
    tree = slide.tree
    next_id = max([int(el.get("id", "0")) for el in tree.iter(qn("p:cNvPr"))] + [1]) + 1
    for shape in placeholders(layout.element):
        ph = _ph(shape)
        kind = ph.get("type") if ph is not None else None
        if kind not in texts or not texts[kind]:
            continue
        color = _footer_color(model, kind, background or style.colors.background)
        if color is False:
            continue
        tree.append(_footer_shape(next_id, kind, ph, texts[kind], info.lang, color or None))
        next_id += 1


def _footer_color(model: Layout, kind: str, background: str) -> str | bool | None:
    """None where the placeholder's own colour reads on what is under it, else a colour that
    does; False where the placeholder lies partly on artwork its text would not read on (the
    footer is left off, as an unreadable one would be worse)."""
    from slidegen.contrast import contrast_ratio
    from slidegen.templates.look import READABLE, ink_on, readable

    slot = model.placeholder(kind)
    if slot is None:
        return None
    under = replace(model, background=background).under(slot.box, background)
    color = slot.look.color
    if not color or contrast_ratio(color, under) < READABLE:
        color = readable([color], under, ink_on(under))
    for art in model.artwork:
        b = art.box
        if (b.x < slot.box.right and slot.box.x < b.right and b.y < slot.box.bottom
                and slot.box.y < b.bottom) and (
                art.fill is None or contrast_ratio(color, art.fill) < READABLE):
            return False
    return None if color == slot.look.color else color


def _footer_shape(shape_id: int, kind: str, layout_ph: Any, text: str, lang: str,
                  color: str | None) -> Any:
    sp = etree.Element(qn("p:sp"))
    nv = etree.SubElement(sp, qn("p:nvSpPr"))
    c_nv = etree.SubElement(nv, qn("p:cNvPr"))
    c_nv.set("id", str(shape_id))
    c_nv.set("name", f"{FOOTER_NAMES[kind]} {shape_id - 1}")
    etree.SubElement(etree.SubElement(nv, qn("p:cNvSpPr")), qn("a:spLocks")).set("noGrp", "1")
    ph = etree.SubElement(etree.SubElement(nv, qn("p:nvPr")), qn("p:ph"))
    for key in ("type", "sz", "idx"):
        if layout_ph.get(key) is not None:
            ph.set(key, layout_ph.get(key))
    etree.SubElement(sp, qn("p:spPr"))
    body = etree.SubElement(sp, qn("p:txBody"))
    etree.SubElement(body, qn("a:bodyPr"))
    etree.SubElement(body, qn("a:lstStyle"))
    p = etree.SubElement(body, qn("a:p"))
    if kind == "sldNum":
        run = etree.SubElement(p, qn("a:fld"))
        run.set("id", SLIDENUM_FIELD_ID)
        run.set("type", "slidenum")
    else:
        run = etree.SubElement(p, qn("a:r"))
    props = etree.SubElement(run, qn("a:rPr"))
    props.set("lang", lang)
    if color:
        fill = etree.SubElement(props, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", color)
    etree.SubElement(run, qn("a:t")).text = text
    return sp
