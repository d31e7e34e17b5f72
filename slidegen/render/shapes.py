"""Small helpers shared by the shape writers: plain rectangles, fills, outlines, names."""

from __future__ import annotations

import re

from lxml import etree

from slidegen.deck import Box
from slidegen.render.canvas import Canvas
from slidegen.render.geometry import emu
from slidegen.render.xmlstr import FRAGMENT_NS, attr, qn

_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def parse_fragment(xml: str) -> etree._Element:
    """Slide XML written as a string, parsed (text that is only spaces kept: a run may be
    one space)."""
    return etree.fromstring(xml, _FRAGMENT_PARSER)


def add_textbox(canvas: Canvas, x: int, y: int, cx: int, cy: int, name: str, body: str,
                fill: str | None = None) -> etree._Element:
    """A text box (`p:sp`) holding `body`, the XML of its `p:txBody` (text.body_xml), filled
    with `fill` or not at all; returns its element."""
    return _add_sp(canvas, name, (x, y, cx, cy), '<p:cNvSpPr txBox="1"/>',
                   _RECT + _paint(fill and fill.lstrip("#").upper()), body)


def shape_element_id(sp: etree._Element) -> int:
    """A shape element's id, read where every shape keeps it (`p:nv*Pr/p:cNvPr`)."""
    return int(sp[0][0].get("id"))


def add_rect(canvas: Canvas, box: Box, name: str, fill: str | None,
             rounded: float | None = None) -> etree._Element:
    """An autoshape with no theme style (so no theme shadow, outline or white text)."""
    geometry = _RECT
    if rounded:  # the corner as an adjustment: a share of 100,000
        share = int(min(0.5, rounded / max(1.0, min(box.w, box.h))) * 100000.0)
        geometry = (f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {share}"/>'
                    "</a:avLst></a:prstGeom>")
    return _add_sp(canvas, name, (emu(box.x), emu(box.y), emu(box.w), emu(box.h)),
                   "<p:cNvSpPr/>",
                   f"{geometry}{_paint(fill and hex_colour(fill))}<a:ln><a:noFill/></a:ln>",
                   '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p>'
                   '<a:pPr algn="ctr"/></a:p></p:txBody>')


_RECT = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
_HEX = re.compile(r"[0-9A-F]{6}")


def hex_colour(color: str) -> str:
    """A colour as DrawingML writes it: six upper-case hex digits."""
    value = color.lstrip("#").upper()
    if not _HEX.fullmatch(value):
        raise ValueError(f"{color!r} is not a colour written as six hex digits")
    return value


def _paint(colour: str | None) -> str:
    """A solid fill of `colour` (hex, as written), or no fill."""
    return (f'<a:solidFill><a:srgbClr val="{attr(colour)}"/></a:solidFill>' if colour
            else "<a:noFill/>")


def _add_sp(canvas: Canvas, name: str, frame: tuple[int, int, int, int], kind: str,
            look: str, body: str) -> etree._Element:
    """A `p:sp` appended to the slide as one parsed string: its id and name, `kind` (the
    `p:cNvSpPr`), its frame in EMU, `look` (geometry, fill, line) and `body` (`p:txBody`)."""
    x, y, cx, cy = frame
    return canvas.add(parse_fragment(
        f'<p:sp {FRAGMENT_NS}><p:nvSpPr><p:cNvPr id="{canvas.next_id()}" '
        f'name="{attr(name)}"/>{kind}<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>{look}</p:spPr>'
        f"{body}</p:sp>"))


def set_outline(shape: etree._Element, color: str, width_pt: float,
                dash: str | None = None) -> None:
    """A solid or dashed outline (`dash` is a preset such as "dash")."""
    sp_pr = shape.find(qn("p:spPr"))
    old = sp_pr.find(qn("a:ln"))
    dashed = f'<a:prstDash val="{attr(dash)}"/>' if dash else ""
    line = parse_fragment(
        f'<a:ln {FRAGMENT_NS} w="{emu(width_pt)}"><a:solidFill><a:srgbClr '
        f'val="{hex_colour(color)}"/></a:solidFill>{dashed}</a:ln>')
    if old is not None:
        old.addprevious(line)
        sp_pr.remove(old)
    else:
        sp_pr.append(line)


def set_name(shape: etree._Element, name: str) -> None:
    shape[0][0].set("name", name)


def set_descr(shape: etree._Element, text: str) -> None:
    """Alt text: the `descr` attribute of the shape's `cNvPr`."""
    shape[0][0].set("descr", text)
