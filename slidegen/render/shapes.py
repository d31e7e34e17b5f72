"""Small helpers shared by the shape writers: plain rectangles, fills, outlines, names."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn as _qn

from slidegen.deck import Box
from slidegen.render.geometry import emu
from slidegen.render.pptx_compat import (
    FRAGMENT_NS,
    element,
    next_shape_id,
    parse_fragment,
    shape_proxy,
    shape_tree,
)
from slidegen.render.xmlstr import attr

# python-pptx's qn() splits and looks up the prefix on every call; the renderer asks for the
# same few hundred tags hundreds of thousands of times on a large deck.
qn = lru_cache(maxsize=None)(_qn)


def add_textbox(shapes: Any, x: int, y: int, cx: int, cy: int, name: str, body: str,
                fill: str | None = None) -> Any:
    """A text box (`p:sp`) holding `body`, the XML of its `p:txBody` (text.body_xml), filled
    with `fill` or not at all; returns its element.

    Written as one string: python-pptx's `add_textbox` parses a snippet and then looks the new
    shape's kind up with XPath queries, and the text is set element by element after that."""
    return _add_sp(shapes, name, (x, y, cx, cy), '<p:cNvSpPr txBox="1"/>',
                   _RECT + _paint(fill and fill.lstrip("#").upper()), body)


def shape_element_id(sp: Any) -> int:
    """A shape element's id, read where every shape keeps it (`p:nv*Pr/p:cNvPr`);
    python-pptx's `shape_id` runs an XPath query for it on every call."""
    return int(sp[0][0].get("id"))


def add_rect(shapes: Any, box: Box, name: str, fill: str | None,
             rounded: float | None = None) -> Any:
    """An autoshape with no theme style (so no theme shadow, outline or white text).

    Written as one string, as python-pptx writes an autoshape: its `add_shape` then looks the
    new shape up, and the style is removed and the fill and line set one query at a time after
    that, ten times the time of the whole shape."""
    geometry = _RECT
    if rounded:  # the corner as python-pptx writes an adjustment: a share of 100,000
        share = int(min(0.5, rounded / max(1.0, min(box.w, box.h))) * 100000.0)
        geometry = (f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {share}"/>'
                    "</a:avLst></a:prstGeom>")
    sp = _add_sp(shapes, name, (emu(box.x), emu(box.y), emu(box.w), emu(box.h)), "<p:cNvSpPr/>",
                 f"{geometry}{_paint(fill and str(_rgb(fill)))}<a:ln><a:noFill/></a:ln>",
                 '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p>'
                 '<a:pPr algn="ctr"/></a:p></p:txBody>')
    return shape_proxy(shapes, sp)


_RECT = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'


def _paint(colour: str | None) -> str:
    """A solid fill of `colour` (hex, as written), or no fill."""
    return (f'<a:solidFill><a:srgbClr val="{attr(colour)}"/></a:solidFill>' if colour
            else "<a:noFill/>")


def _add_sp(shapes: Any, name: str, frame: tuple[int, int, int, int], kind: str,
            look: str, body: str) -> Any:
    """A `p:sp` appended to the shapes as one parsed string: its id and name, `kind` (the
    `p:cNvSpPr`), its frame in EMU, `look` (geometry, fill, line) and `body` (`p:txBody`)."""
    x, y, cx, cy = frame
    sp = parse_fragment(
        f'<p:sp {FRAGMENT_NS}><p:nvSpPr><p:cNvPr id="{next_shape_id(shapes)}" '
        f'name="{attr(name)}"/>{kind}<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>{look}</p:spPr>'
        f"{body}</p:sp>")
    shape_tree(shapes).insert_element_before(sp, "p:extLst")
    return sp


def set_outline(shape: Any, color: str, width_pt: float, dash: str | None = None) -> None:
    """A solid or dashed outline (`dash` is a preset such as "dash")."""
    shape.line.fill.solid()
    shape.line.fill.fore_color.rgb = _rgb(color)
    shape.line.width = emu(width_pt)
    if dash:
        ln = element(shape).spPr.find(qn("a:ln"))
        for old in ln.findall(qn("a:prstDash")):
            ln.remove(old)
        dash_el = etree.Element(qn("a:prstDash"))
        dash_el.set("val", dash)
        # prstDash follows the fill inside a:ln
        fill = ln.find(qn("a:solidFill"))
        fill.addnext(dash_el)


def set_descr(shape: Any, text: str) -> None:
    """Alt text: the `descr` attribute of the shape's `cNvPr`."""
    c_nv_pr = element(shape).xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.set("descr", text)


def _rgb(color: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())
