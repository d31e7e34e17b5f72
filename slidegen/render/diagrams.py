"""DiagramShape → one group (`p:grpSp`) of preset shapes (`p:sp`) and connectors (`p:cxnSp`)
glued to them (`a:stCxn`/`a:endCxn`), every label editable text in the theme's fonts.

The XML is built element by element in schema order (CT_GroupShape, CT_Connector,
CT_ShapeProperties, CT_LineProperties): python-pptx has no API for groups of connectors with
glue, custom paths or line ends.
"""

from __future__ import annotations

import math
from typing import Any

from lxml import etree

from slidegen.deck import Box, DeckStyle, DiagramEdge, DiagramNode, DiagramShape, Run, TextParagraph
from slidegen.hangul import lang_of
from slidegen.render.canvas import Canvas
from slidegen.render.geometry import emu
from slidegen.render.text import TextStyle, clean_text, write_paragraphs
from slidegen.render.xmlstr import qn

LABEL_INSET = 0.08  # of the label size, on every side of a node's text
STRAIGHT = 0.6  # points: a path whose control points stray less than this is a straight line


def draw_diagram(slide: Canvas, diagram: DiagramShape, style: DeckStyle, name: str,
                 lang: str) -> Any:
    """The diagram as a group at its box, its source in the group's alt text."""
    next_id = slide.next_id()
    group = etree.Element(qn("p:grpSp"))
    nv = etree.SubElement(group, qn("p:nvGrpSpPr"))
    _c_nv_pr(nv, next_id, name, descr=diagram.source)
    etree.SubElement(nv, qn("p:cNvGrpSpPr"))
    etree.SubElement(nv, qn("p:nvPr"))
    gp = etree.SubElement(group, qn("p:grpSpPr"))
    xfrm = etree.SubElement(gp, qn("a:xfrm"))
    b = diagram.box
    for tag, (x, y) in (("a:off", (b.x, b.y)), ("a:ext", (b.w, b.h)),
                        ("a:chOff", (b.x, b.y)), ("a:chExt", (b.w, b.h))):
        el = etree.SubElement(xfrm, qn(tag))
        el.set("x" if tag.lower().endswith("off") else "cx", str(emu(x)))
        el.set("y" if tag.lower().endswith("off") else "cy", str(emu(y)))
    ids: dict[str, int] = {}
    for node in diagram.nodes:
        next_id += 1
        ids[node.key] = next_id
    for node in diagram.nodes:
        group.append(_node(node, ids[node.key], diagram.size, style, slide.part, lang))
    for n, edge in enumerate(diagram.edges, start=1):
        next_id += 1
        group.append(_connector(edge, next_id, f"Connector {n}", ids))
    slide.add(group)
    slide.ids_used_up_to(next_id)
    return group


def _c_nv_pr(parent: Any, shape_id: int, name: str, descr: str | None = None) -> Any:
    c_nv_pr = etree.SubElement(parent, qn("p:cNvPr"))
    c_nv_pr.set("id", str(shape_id))
    c_nv_pr.set("name", name)
    if descr:
        c_nv_pr.set("descr", clean_text(descr))
    return c_nv_pr


def _xfrm(parent: Any, box: Box, flip_h: bool = False, flip_v: bool = False) -> None:
    xfrm = etree.SubElement(parent, qn("a:xfrm"))
    if flip_h:
        xfrm.set("flipH", "1")
    if flip_v:
        xfrm.set("flipV", "1")
    off = etree.SubElement(xfrm, qn("a:off"))
    off.set("x", str(emu(box.x)))
    off.set("y", str(emu(box.y)))
    ext = etree.SubElement(xfrm, qn("a:ext"))
    ext.set("cx", str(max(0, emu(box.w))))
    ext.set("cy", str(max(0, emu(box.h))))


def _fill(parent: Any, color: str | None) -> None:
    if color is None:
        etree.SubElement(parent, qn("a:noFill"))
    else:
        etree.SubElement(etree.SubElement(parent, qn("a:solidFill")),
                         qn("a:srgbClr")).set("val", color)


def _line(parent: Any, color: str | None, width: float, dashed: bool,
          head: str = "none", tail: str = "none") -> None:
    """`a:ln`: fill, dash, then the ends; DrawingML's headEnd is the path's start."""
    ln = etree.SubElement(parent, qn("a:ln"))
    ln.set("w", str(emu(width)))
    _fill(ln, color)
    if color is not None and dashed:
        etree.SubElement(ln, qn("a:prstDash")).set("val", "dash")
    if color is not None and (head != "none" or tail != "none"):
        etree.SubElement(ln, qn("a:round"))
        for tag, kind in (("a:headEnd", tail), ("a:tailEnd", head)):
            end = etree.SubElement(ln, qn(tag))
            end.set("type", kind)
            if kind != "none":
                end.set("w", "med")
                end.set("len", "med")


def _node(node: DiagramNode, shape_id: int, size: float, style: DeckStyle, part: Any,
          lang: str) -> Any:
    sp = etree.Element(qn("p:sp"))
    nv = etree.SubElement(sp, qn("p:nvSpPr"))
    label = node.text.replace("\n", " ").strip()
    _c_nv_pr(nv, shape_id, f"{node.geometry} {shape_id}: {label}"[:120] if label
             else f"{node.geometry} {shape_id}")
    etree.SubElement(nv, qn("p:cNvSpPr"))
    etree.SubElement(nv, qn("p:nvPr"))
    sp_pr = etree.SubElement(sp, qn("p:spPr"))
    _xfrm(sp_pr, node.box)
    geom = etree.SubElement(sp_pr, qn("a:prstGeom"))
    geom.set("prst", node.geometry)
    etree.SubElement(geom, qn("a:avLst"))
    _fill(sp_pr, node.fill)
    _line(sp_pr, node.line, node.line_width, node.dashed)
    tx_body = etree.SubElement(sp, qn("p:txBody"))
    body_pr = etree.SubElement(tx_body, qn("a:bodyPr"))
    inset = str(emu(size * LABEL_INSET))
    for key, value in (("wrap", "none"), ("lIns", inset), ("tIns", inset), ("rIns", inset),
                       ("bIns", inset), ("rtlCol", "0"),
                       ("anchor", "t" if node.anchor == "top" else "ctr"),
                       ("anchorCtr", "0")):
        body_pr.set(key, value)
    etree.SubElement(body_pr, qn("a:noAutofit"))
    etree.SubElement(tx_body, qn("a:lstStyle"))
    paragraphs = [TextParagraph([Run(line, lang=lang_of(line, lang), bold=node.bold)]
                                if line else [], align=node.align)
                  for line in node.text.split("\n")] if node.text else []
    text_style = TextStyle(size=size, fonts=style.fonts.body, color=node.text_color,
                           code_fonts=style.fonts.code, link_color=style.colors.link,
                           bullet_color=style.colors.accent, line_spacing=1.0)
    write_paragraphs(tx_body, paragraphs, text_style, part, lang)
    return sp


def _connector(edge: DiagramEdge, shape_id: int, name: str, ids: dict[str, int]) -> Any:
    cxn = etree.Element(qn("p:cxnSp"))
    nv = etree.SubElement(cxn, qn("p:nvCxnSpPr"))
    _c_nv_pr(nv, shape_id, name)
    c_nv = etree.SubElement(nv, qn("p:cNvCxnSpPr"))
    for tag, key, site in (("a:stCxn", edge.start, edge.start_site),
                           ("a:endCxn", edge.end, edge.end_site)):
        if key is not None and key in ids:
            glue = etree.SubElement(c_nv, qn(tag))
            glue.set("id", str(ids[key]))
            glue.set("idx", str(site))
    etree.SubElement(nv, qn("p:nvPr"))
    sp_pr = etree.SubElement(cxn, qn("p:spPr"))
    points = edge.points
    (x0, y0), (x1, y1) = points[0], points[-1]
    if _straight(points) or (edge.start in ids and edge.end in ids):
        # glued at both ends: straight from site to site, as LibreOffice draws a glued
        # connector whatever its path, and PowerPoint too once a shape moves
        _xfrm(sp_pr, Box(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)),
              flip_h=x1 < x0, flip_v=y1 < y0)
        geom = etree.SubElement(sp_pr, qn("a:prstGeom"))
        geom.set("prst", "straightConnector1")
        etree.SubElement(geom, qn("a:avLst"))
    else:
        _path(sp_pr, points)
    etree.SubElement(sp_pr, qn("a:noFill"))
    _line(sp_pr, edge.color, edge.width, edge.dashed, edge.head, edge.tail)
    return cxn


def _straight(points: tuple[tuple[float, float], ...]) -> bool:
    (x0, y0), (x1, y1) = points[0], points[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1e-6:
        return True
    return all(abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length < STRAIGHT
               for x, y in points[1:-1])


def _path(sp_pr: Any, points: tuple[tuple[float, float], ...]) -> None:
    """A custom geometry: the Bézier path Graphviz drew, relative to its bounding box."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    left, top = min(xs), min(ys)
    w, h = max(max(xs) - left, 0.01), max(max(ys) - top, 0.01)
    _xfrm(sp_pr, Box(left, top, w, h))
    geom = etree.SubElement(sp_pr, qn("a:custGeom"))
    for tag in ("a:avLst", "a:gdLst", "a:ahLst", "a:cxnLst"):
        etree.SubElement(geom, qn(tag))
    rect = etree.SubElement(geom, qn("a:rect"))
    for key, value in (("l", "l"), ("t", "t"), ("r", "r"), ("b", "b")):
        rect.set(key, value)
    path = etree.SubElement(etree.SubElement(geom, qn("a:pathLst")), qn("a:path"))
    path.set("w", str(emu(w)))
    path.set("h", str(emu(h)))
    path.set("fill", "none")

    def pt(parent: Any, p: tuple[float, float]) -> None:
        el = etree.SubElement(parent, qn("a:pt"))
        el.set("x", str(emu(p[0] - left)))
        el.set("y", str(emu(p[1] - top)))

    pt(etree.SubElement(path, qn("a:moveTo")), points[0])
    rest = points[1:]
    for i in range(0, len(rest) - len(rest) % 3, 3):
        bez = etree.SubElement(path, qn("a:cubicBezTo"))
        for p in rest[i:i + 3]:
            pt(bez, p)
    for p in rest[len(rest) - len(rest) % 3:]:
        pt(etree.SubElement(path, qn("a:lnTo")), p)
