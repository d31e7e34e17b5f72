"""What the renderer placed on each slide, read back from the .pptx: the boxes of its text
shapes, tables and pictures, the template's artwork under them and the slide's background,
in PDF points, so the rendered check can tell where each drawn character belongs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from slidegen.records import record

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MC_NS = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
SCRIPT_SCALE = 0.58  # LibreOffice and PowerPoint draw super/subscript at 58% of the size
EMU_PER_PT = 12700


@record(frozen=True)
class ShapeBox:
    """A shape in PDF points (top-left origin), with the font sizes its text asks for.

    ``kind`` is "text", "table", "chart", "picture", "artwork" (a master's or layout's shape)
    or "background" (the whole page, in the colour the slide shows behind everything)."""

    name: str
    kind: str
    x0: float
    top: float
    x1: float
    bottom: float
    sizes: tuple[float, ...] = ()
    placeholder: bool = False  # a template placeholder: its box is the designer's
    fill: str | None = None  # its solid colour (RRGGBB), when it has one
    formula: bool = False  # holds Office Math, which LibreOffice draws its own way

    def holds(self, ch: dict[str, Any], tol: float) -> bool:
        """The whole glyph box lies inside this box, give or take ``tol`` points."""
        return (ch["x0"] >= self.x0 - tol and ch["x1"] <= self.x1 + tol
                and ch["top"] >= self.top - tol and ch["bottom"] <= self.bottom + tol)

    def covers(self, ch: dict[str, Any], share: float) -> bool:
        """At least `share` of the glyph's box lies on this box."""
        wide = min(self.x1, ch["x1"]) - max(self.x0, ch["x0"])
        tall = min(self.bottom, ch["bottom"]) - max(self.top, ch["top"])
        area = (ch["x1"] - ch["x0"]) * (ch["bottom"] - ch["top"])
        return wide > 0 and tall > 0 and area > 0 and wide * tall >= share * area

    def holds_centre(self, ch: dict[str, Any], tol: float) -> bool:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        return (self.x0 + tol < cx < self.x1 - tol) and (self.top + tol < cy < self.bottom - tol)


def run_sizes(element: etree._Element, defaults: bool = False) -> tuple[float, ...]:
    """Every font size (pt) a shape's runs ask for (`sz` in 1/100 pt); with `defaults`, the
    paragraphs' default sizes too (an equation's only size)."""
    found: set[float] = set()
    tags = [f"{A_NS}rPr", f"{A_NS}endParaRPr"] + ([f"{A_NS}defRPr"] if defaults else [])
    for el in element.iter(*tags):
        if el.get("sz"):
            size = int(el.get("sz")) / 100
            # superscript/subscript (`baseline`) are drawn smaller by design
            found.add(round(size * SCRIPT_SCALE, 2) if el.get("baseline") else size)
    return tuple(sorted(found))


def _solid_fill(element: etree._Element) -> str | None:
    """The shape's own solid RGB fill, if it has one."""
    colour = element.find(f"{P_NS}spPr/{A_NS}solidFill/{A_NS}srgbClr")
    return colour.get("val").upper() if colour is not None and colour.get("val") else None


def pptx_boxes(pptx: Path, page_sizes: Sequence[tuple[float, float]] | None = None,
               ) -> list[list[ShapeBox]]:
    """Per slide, the background, the template's artwork, then the slide's own shapes (in
    drawing order) in PDF points. ``page_sizes`` (width, height per page) scale the slide to
    the PDF's pages; without them the slide size in points is used."""
    from pptx import Presentation

    from slidegen.templates import read_template

    prs = Presentation(str(pptx))
    template = read_template(pptx)
    slide_w, slide_h = int(prs.slide_width), int(prs.slide_height)
    out: list[list[ShapeBox]] = []
    for index, slide in enumerate(prs.slides):
        page_w, page_h = (page_sizes[index] if page_sizes and index < len(page_sizes)
                          else (slide_w / EMU_PER_PT, slide_h / EMU_PER_PT))
        sx, sy = page_w / slide_w, page_h / slide_h
        part = str(slide.slide_layout.part.partname).lstrip("/")
        layout = next((lt for lt in template.layouts if lt.part == part), None)
        background = layout.background if layout is not None else template.master_background
        boxes = [ShapeBox("background", "background", 0.0, 0.0, page_w, page_h,
                          fill=background)]
        boxes += [ShapeBox(art.name or art.kind, "artwork", art.box.x * sx * EMU_PER_PT,
                           art.box.y * sy * EMU_PER_PT, art.box.right * sx * EMU_PER_PT,
                           art.box.bottom * sy * EMU_PER_PT, fill=art.fill)
                  for art in (layout.artwork if layout is not None else ())]
        boxes += _slide_boxes(slide, sx, sy)
        boxes += _alternate_boxes(slide, sx, sy)
        out.append(boxes)
    return out


def _slide_boxes(slide: Any, sx: float, sy: float) -> list[ShapeBox]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    from slidegen.render.pptx_compat import element

    boxes: list[ShapeBox] = []
    for shape in _flattened(slide.shapes, MSO_SHAPE_TYPE.GROUP):
        if shape.left is None or shape.width is None:
            continue
        x0, top = shape.left * sx, shape.top * sy
        x1, bottom = x0 + shape.width * sx, top + shape.height * sy
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            boxes.append(ShapeBox(shape.name, "picture", x0, top, x1, bottom))
            continue
        if getattr(shape, "has_chart", False) and shape.has_chart:
            boxes.append(ShapeBox(shape.name, "chart", x0, top, x1, bottom))
            continue  # its text is drawn inside it, at sizes the chart decides
        if getattr(shape, "has_table", False) and shape.has_table:
            kind = "table"
        elif shape.has_text_frame and shape.text_frame.text.strip():
            kind = "text"
        else:
            continue
        xml = element(shape)
        boxes.append(ShapeBox(shape.name, kind, x0, top, x1, bottom, run_sizes(xml),
                              placeholder=bool(shape.is_placeholder), fill=_solid_fill(xml)))
    return boxes


def _alternate_boxes(slide: Any, sx: float, sy: float) -> list[ShapeBox]:
    """Text shapes and tables written inside `mc:AlternateContent` (those holding
    equations), which python-pptx's shape list leaves out; their fallback carries the boxes
    and run sizes."""
    from slidegen.render.pptx_compat import shape_tree

    boxes: list[ShapeBox] = []
    for alternate in shape_tree(slide.shapes).iter(f"{MC_NS}AlternateContent"):
        shape, kind, xfrm = _alternate_shape(alternate)
        if xfrm is None or xfrm.find(f"{A_NS}off") is None or xfrm.find(f"{A_NS}ext") is None:
            continue
        off, ext = xfrm.find(f"{A_NS}off"), xfrm.find(f"{A_NS}ext")
        x0, top = int(off.get("x")) * sx, int(off.get("y")) * sy
        name_el = shape.find(f".//{P_NS}cNvPr")
        boxes.append(ShapeBox(name_el.get("name", "Equation") if name_el is not None else "",
                              kind, x0, top, x0 + int(ext.get("cx")) * sx,
                              top + int(ext.get("cy")) * sy, run_sizes(shape, defaults=True),
                              fill=_solid_fill(shape), formula=True))
    return boxes


def _alternate_shape(alternate: Any) -> tuple[Any, str, Any]:
    """The shape an `mc:AlternateContent` holds (its fallback, else its choice), its kind,
    and its `a:xfrm`: a text shape's is in `p:spPr`, a table's frame has its own."""
    for tag, kind, path in ((f"{P_NS}sp", "text", f"{P_NS}spPr/{A_NS}xfrm"),
                            (f"{P_NS}graphicFrame", "table", f"{P_NS}xfrm")):
        for branch in ("Fallback", "Choice"):
            shape = alternate.find(f"{MC_NS}{branch}/{tag}")
            if shape is not None:
                return shape, kind, shape.find(path)
    return None, "text", None


def _flattened(shapes: Any, group: Any) -> list[Any]:
    """The shapes, with each group's members in its place (diagrams are groups whose child
    coordinates are the slide's)."""
    out: list[Any] = []
    for shape in shapes:
        if shape.shape_type == group:
            out.extend(_flattened(shape.shapes, group))
        else:
            out.append(shape)
    return out
