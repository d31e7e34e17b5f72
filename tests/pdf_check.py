"""Geometry checks on a rendered deck: proof, from the PDF, that nothing runs off a slide.

The planner measures text before anything is drawn; this module looks at what LibreOffice
actually drew. It reads character and image positions from the PDF (pdfplumber) and, when the
PPTX is given, the boxes the planner placed (python-pptx, EMU scaled to the PDF page), and
reports:

- ``off-page``: a character outside the page;
- ``outside-box``: a character outside every text-bearing shape's box (text spilled out of
  its box, or a table grew taller than planned);
- ``over-picture``: a character drawn on a picture;
- ``over-artwork``: a character drawn on a shape of the slide's master or layout (a band, a
  panel, a logo): slidegen's own text never belongs there, and a template's placeholder text
  only where the designer put it and its colour reads on the shape (4.5:1);
- ``collision``: two text lines drawn over each other, or text where two text boxes overlap;
- ``shrunk``: a character smaller than any size its shape asks for, i.e. the renderer's
  shrink-on-overflow (``normAutofit``) had to rescue the layout;
- ``pages``: the PDF and the PPTX disagree on the number of slides.

``without_autofit`` writes a copy of a deck with the safety net switched off, so a check of
that copy sees overflow as overflow instead of as silently shrunk text. ``small_text`` checks
the PPTX alone for runs below the theme's minimum sizes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slidegen.theme import Theme

__all__ = ["Problem", "ShapeBox", "check_pdf", "pptx_boxes", "small_text", "without_autofit"]

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TALL_OPERATORS = frozenset("∑∏∐∫∬∭∮⋀⋁⋂⋃⨁⨂")
SCRIPT_SCALE = 0.58  # LibreOffice and PowerPoint draw super/subscript at 58% of the size
SHRUNK_RATIO = 0.95  # a char this much smaller than its shape's smallest run was shrunk
LINE_OVERLAP = 0.3  # lines overlapping by this share of the shorter line's height collide
READABLE = 4.5  # WCAG contrast for body text
HANGING = frozenset(".,:;!?)]}'\"、。，．：；！？）」』】〉》’”")  # may hang past the right edge


@dataclass(frozen=True)
class Problem:
    """One thing wrong on one page, with the text it concerns so a person can find it."""

    kind: str
    page: int  # 1-based
    text: str
    detail: str = ""

    def __str__(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"page {self.page}: {self.kind}: {self.text!r}{extra}"


@dataclass(frozen=True)
class ShapeBox:
    """A PPTX shape in PDF points (top-left origin), with the font sizes its text asks for."""

    name: str
    kind: str  # "text", "table", "picture" or "artwork" (a master's or layout's shape)
    x0: float
    top: float
    x1: float
    bottom: float
    sizes: tuple[float, ...] = ()
    placeholder: bool = False  # a template placeholder: its box is the designer's
    fill: str | None = None  # an artwork's solid colour (RRGGBB)

    def holds(self, ch: dict[str, Any], tol: float) -> bool:
        """The whole glyph box lies inside this box, give or take ``tol`` points."""
        return (ch["x0"] >= self.x0 - tol and ch["x1"] <= self.x1 + tol
                and ch["top"] >= self.top - tol and ch["bottom"] <= self.bottom + tol)

    def holds_centre(self, ch: dict[str, Any], tol: float) -> bool:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        return (self.x0 + tol < cx < self.x1 - tol) and (self.top + tol < cy < self.bottom - tol)


@dataclass
class _Line:
    """Characters drawn on one baseline, one after another in the PDF's content stream."""

    chars: list[dict[str, Any]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)


# --------------------------------------------------------------------------- reading the PPTX


def _emu_sizes(shape: Any, defaults: bool = False) -> tuple[float, ...]:
    """Every font size (pt) the shape's runs ask for, from the XML (`sz` in 1/100 pt);
    with `defaults`, the paragraphs' default sizes too (an equation's only size)."""
    found: set[float] = set()
    element = getattr(shape, "_element", shape)
    tags = [f"{A_NS}rPr", f"{A_NS}endParaRPr"] + ([f"{A_NS}defRPr"] if defaults else [])
    for el in element.iter(*tags):
        if el.get("sz"):
            size = int(el.get("sz")) / 100
            # superscript/subscript (`baseline`) are drawn smaller by design
            found.add(round(size * SCRIPT_SCALE, 2) if el.get("baseline") else size)
    return tuple(sorted(found))


def pptx_boxes(pptx: Path, page_sizes: Sequence[tuple[float, float]] | None = None,
               ) -> list[list[ShapeBox]]:
    """Per slide, the boxes of its text-bearing shapes, tables and pictures in PDF points.

    ``page_sizes`` (width, height per page) scale EMU to the PDF's page; without them the
    slide size in points is used.
    """
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(str(pptx))
    slide_w, slide_h = int(prs.slide_width), int(prs.slide_height)
    out: list[list[ShapeBox]] = []
    for index, slide in enumerate(prs.slides):
        page_w, page_h = (page_sizes[index] if page_sizes and index < len(page_sizes)
                          else (slide_w / 12700, slide_h / 12700))
        sx, sy = page_w / slide_w, page_h / slide_h
        boxes: list[ShapeBox] = []
        for shape in _flattened(slide.shapes, MSO_SHAPE_TYPE.GROUP):
            if shape.left is None or shape.width is None:
                continue
            x0, top = shape.left * sx, shape.top * sy
            x1, bottom = x0 + shape.width * sx, top + shape.height * sy
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                kind = "picture"
            elif getattr(shape, "has_chart", False) and shape.has_chart:
                boxes.append(ShapeBox(shape.name, "chart", x0, top, x1, bottom))
                continue  # its text is drawn inside it, at sizes the chart decides
            elif getattr(shape, "has_table", False) and shape.has_table:
                kind = "table"
            elif shape.has_text_frame and shape.text_frame.text.strip():
                kind = "text"
            else:
                continue
            boxes.append(ShapeBox(shape.name, kind, x0, top, x1, bottom,
                                  _emu_sizes(shape) if kind != "picture" else (),
                                  placeholder=bool(shape.is_placeholder)))
        boxes.extend(_alternate_boxes(slide, sx, sy))
        boxes.extend(_artwork_boxes(pptx, slide, sx * 12700, sy * 12700))
        out.append(boxes)
    return out


MC_NS = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _alternate_boxes(slide: Any, sx: float, sy: float) -> list[ShapeBox]:
    """Text shapes written inside `mc:AlternateContent` (those holding equations), which
    python-pptx's shape list leaves out; their fallback carries the boxes and run sizes."""
    boxes: list[ShapeBox] = []
    for alternate in slide.shapes._spTree.iter(f"{MC_NS}AlternateContent"):
        shape = alternate.find(f"{MC_NS}Fallback/{P_NS}sp")
        if shape is None:
            shape = alternate.find(f"{MC_NS}Choice/{P_NS}sp")
        xfrm = shape.find(f"{P_NS}spPr/{A_NS}xfrm") if shape is not None else None
        if xfrm is None or xfrm.find(f"{A_NS}off") is None or xfrm.find(f"{A_NS}ext") is None:
            continue
        off, ext = xfrm.find(f"{A_NS}off"), xfrm.find(f"{A_NS}ext")
        x0, top = int(off.get("x")) * sx, int(off.get("y")) * sy
        name_el = shape.find(f"{P_NS}nvSpPr/{P_NS}cNvPr")
        boxes.append(ShapeBox(name_el.get("name", "Equation") if name_el is not None else "",
                              "text", x0, top, x0 + int(ext.get("cx")) * sx,
                              top + int(ext.get("cy")) * sy, _emu_sizes(shape, defaults=True)))
    return boxes


def _artwork_boxes(pptx: Path, slide: Any, sx: float, sy: float) -> list[ShapeBox]:
    """The shapes the slide's layout and master draw under it, in PDF points."""
    from slidegen.templates import read_template

    model = read_template(pptx)
    part = str(slide.slide_layout.part.partname).lstrip("/")
    layout = next((lt for lt in model.layouts if lt.part == part), None)
    return [ShapeBox(art.name or art.kind, "artwork", art.box.x * sx, art.box.y * sy,
                     art.box.right * sx, art.box.bottom * sy, fill=art.fill)
            for art in (layout.artwork if layout is not None else ())]


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


def without_autofit(pptx: Path, out: Path) -> Path:
    """Copy a deck with every ``normAutofit`` replaced by ``noAutofit``.

    LibreOffice honours shrink-on-overflow when it renders, which hides a planner that
    under-measured; rendering this copy shows such text spilling out of its box instead.
    """
    with zipfile.ZipFile(pptx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("ppt/slides/slide") and item.filename.endswith(".xml"):
                text = data.decode("utf-8")
                text = text.replace("<a:normAutofit/>", "<a:noAutofit/>")
                data = text.encode("utf-8")
            dst.writestr(item, data)
    return out


# --------------------------------------------------------------------------- the check


BACKDROP_SHARE = 0.9  # of the page's area


def check_pdf(pdf: Path, pptx: Path | None = None, tolerance: float = 2.0) -> list[Problem]:
    """Problems LibreOffice's rendering of a deck shows; an empty list means every slide fits.

    Without ``pptx`` only what the PDF alone can tell is checked (off-page, over-picture,
    colliding lines); with it, every character must also lie inside a text shape's box and be
    drawn at a size that shape asks for.
    """
    import pdfplumber

    problems: list[Problem] = []
    with pdfplumber.open(str(pdf)) as doc:
        pages = doc.pages
        sizes = [(float(p.width), float(p.height)) for p in pages]
        shapes = pptx_boxes(pptx, sizes) if pptx is not None else None
        if shapes is not None and len(shapes) != len(pages):
            problems.append(Problem("pages", 0, pptx.name if pptx else "",
                                    f"{len(pages)} PDF pages for {len(shapes)} slides"))
        for number, page in enumerate(pages, start=1):
            boxes = shapes[number - 1] if shapes is not None and number <= len(shapes) else None
            problems.extend(_check_page(page, number, boxes, tolerance))
    return problems


def _check_page(page: Any, number: int, boxes: list[ShapeBox] | None,
                tol: float) -> list[Problem]:
    chars = [c for c in page.chars if c["text"].strip()]
    width, height = float(page.width), float(page.height)
    images = [ShapeBox("image", "picture", float(i["x0"]), float(i["top"]), float(i["x1"]),
                       float(i["bottom"])) for i in page.images]
    if boxes is not None:
        images += [b for b in boxes if b.kind == "picture"]
    # A picture over the whole slide is a backdrop (a faded background, or a full-bleed picture
    # under its title band): text stands on it by design, not by a fitting accident.
    images = [im for im in images if (im.x1 - im.x0) * (im.bottom - im.top)
              < BACKDROP_SHARE * width * height]
    artwork = [b for b in boxes or [] if b.kind == "artwork"]
    texts = [b for b in boxes or [] if b.kind not in ("picture", "artwork")]

    flagged: dict[str, list[dict[str, Any]]] = {}
    details: dict[str, str] = {}

    def flag(kind: str, ch: dict[str, Any], detail: str) -> None:
        flagged.setdefault(kind, []).append(ch)
        details.setdefault(kind, detail)

    for ch in chars:
        if (ch["x0"] < -tol or ch["top"] < -tol or ch["x1"] > width + tol
                or ch["bottom"] > height + tol):
            flag("off-page", ch, f"page is {width:.0f}x{height:.0f} pt")
        hit = next((im for im in images if im.holds_centre(ch, tol)), None)
        if hit is not None:
            flag("over-picture", ch, f"on {hit.name}")
        if boxes is None:
            continue
        art = next((a for a in reversed(artwork) if a.holds_centre(ch, tol)), None)
        if art is not None and not _designed_over(ch, art, texts, tol):
            flag("over-artwork", ch, f"on the template's {art.name}")
        inside = [b for b in texts if b.holds(ch, tol)]
        if not inside and ch["text"] in HANGING:
            # East Asian line breaking lets closing punctuation hang past the right edge
            # (LibreOffice and PowerPoint both do it): allowed, by at most one glyph.
            room = float(ch.get("size") or 0.0) * 0.6
            inside = [b for b in texts if b.holds(ch, tol) or (
                ch["x0"] <= b.x1 + tol and ch["x1"] <= b.x1 + room
                and b.holds({**ch, "x0": b.x0, "x1": b.x1}, tol))]
        if not inside and ch["text"] in TALL_OPERATORS:
            # a formula's big operator: its font's glyph box is far taller than the sign drawn
            inside = [b for b in texts if b.holds_centre(ch, tol)]
        if not inside:
            near = _nearest(texts, ch)
            where = f"nearest box {near.name}" if near else "no text box on the slide"
            flag("outside-box", ch, f"at y={ch['top']:.0f}-{ch['bottom']:.0f}, {where}")
            continue
        if len(inside) > 1:
            flag("collision", ch, "inside " + " and ".join(b.name for b in inside))
        size = float(ch.get("size") or 0.0)
        wanted = [min(b.sizes) for b in inside if b.sizes]
        if wanted and size < min(wanted) * SHRUNK_RATIO:
            flag("shrunk", ch, f"drawn at {size:.1f} pt, asked for {min(wanted):g} pt")

    problems = [Problem(kind, number, _snippet(found), details[kind])
                for kind, found in flagged.items()]
    problems.extend(_colliding_lines(_lines(chars), number))
    return problems


def _designed_over(ch: dict[str, Any], art: ShapeBox, texts: list[ShapeBox],
                   tol: float) -> bool:
    """Text a template's designer put on its artwork: in a placeholder's box, in a colour
    that reads on the artwork's."""
    from slidegen.theme import contrast_ratio

    if not any(b.placeholder and b.holds_centre(ch, tol) for b in texts):
        return False
    colour = _char_colour(ch)
    return bool(art.fill and colour and contrast_ratio(colour, art.fill) >= READABLE)


def _char_colour(ch: dict[str, Any]) -> str | None:
    """The fill colour a character is drawn in, as RRGGBB (gray and RGB; CMYK converted)."""
    value = ch.get("non_stroking_color")
    if isinstance(value, int | float):
        value = (value,)
    if not isinstance(value, tuple | list) or not value:
        return None
    if len(value) == 1:
        value = (value[0],) * 3
    elif len(value) == 4:
        c, m, y, k = value
        value = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return "".join(f"{round(max(0.0, min(1.0, float(v))) * 255):02X}" for v in value[:3])


def _nearest(boxes: Iterable[ShapeBox], ch: dict[str, Any]) -> ShapeBox | None:
    def distance(b: ShapeBox) -> float:
        dx = max(b.x0 - ch["x0"], 0.0, ch["x1"] - b.x1)
        dy = max(b.top - ch["top"], 0.0, ch["bottom"] - b.bottom)
        return dx + dy

    return min(boxes, key=distance, default=None)


def _snippet(chars: list[dict[str, Any]], limit: int = 60) -> str:
    text = "".join(c["text"] for c in chars)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Group characters into lines: same baseline, moving right, in content-stream order."""
    lines: list[_Line] = []
    current = _Line()
    for ch in chars:
        if current.chars:
            last = current.chars[-1]
            same = (abs(ch["bottom"] - last["bottom"]) < 0.5 and ch["x0"] >= last["x0"] - 0.5
                    and ch["x0"] - last["x1"] < 3 * float(ch.get("size") or 10))
            if not same:
                lines.append(current)
                current = _Line()
        current.chars.append(ch)
    if current.chars:
        lines.append(current)
    return lines


def _line_size(line: _Line) -> float:
    return max(float(c.get("size") or 0.0) for c in line.chars)


def _scripted(a: _Line, b: _Line) -> bool:
    """One line is a run of sub/superscripts: drawn well smaller than the other."""
    small, large = sorted((_line_size(a), _line_size(b)))
    return large > 0 and small <= large * (SCRIPT_SCALE + 0.17)


def _colliding_lines(lines: list[_Line], number: int) -> list[Problem]:
    """Two lines whose glyph boxes overlap: text drawn over text."""
    problems: list[Problem] = []
    boxes = [(ln, ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines]
    for i, (a, ax0, atop, ax1, abot) in enumerate(boxes):
        for b, bx0, btop, bx1, bbot in boxes[i + 1:]:
            wide = min(ax1, bx1) - max(ax0, bx0)
            tall = min(abot, bbot) - max(atop, btop)
            shorter = min(abot - atop, bbot - btop)
            if _scripted(a, b):
                continue  # a sub- or superscript drawn against its base line
            if abs(abot - bbot) < 0.5 and wide < 0.5 * _line_size(a):
                continue  # one line broken by a script: an italic letter's overhang
            if wide > 1.0 and tall > LINE_OVERLAP * shorter:
                problems.append(Problem("collision", number, f"{a.text[:30]} / {b.text[:30]}",
                                        "two text lines overlap"))
    return problems


# --------------------------------------------------------------------------- sizes in the PPTX


def _minimum_for(name: str, theme: Theme) -> float | None:
    """The floor for a shape, from the name the renderer gives it; None for the footer band."""
    s = theme.sizes
    kind = name.rsplit(" ", 1)[0] if name[-1:].isdigit() else name
    if kind in ("Footer", "Slide Number"):
        return None
    if kind in ("Code", "Callout", "Missing picture"):
        return s.min_code
    if kind == "Table":
        return s.min_table
    if kind in ("Diagram", "Chart"):
        return s.min_diagram
    return s.min_body


def small_text(pptx: Path, theme: Theme) -> list[Problem]:
    """Runs set below the theme's minimum: body text under ``min_body``, code/callout/table
    text under ``min_code``/``min_table``. The footer band (slide number) is exempt."""
    from pptx import Presentation

    problems: list[Problem] = []
    prs = Presentation(str(pptx))
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            floor = _minimum_for(shape.name or "", theme)
            if floor is None:
                continue
            for r_pr in shape._element.iter(f"{A_NS}rPr"):
                size = r_pr.get("sz")
                if size is None or int(size) / 100 >= floor:
                    continue
                parent = r_pr.getparent()
                text = "".join(t.text or "" for t in parent.iter(f"{A_NS}t"))
                problems.append(Problem("small-text", number, text[:60],
                                        f"{shape.name}: {int(size) / 100:g} pt < {floor:g} pt"))
    return problems
