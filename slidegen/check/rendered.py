"""Geometry and colour checks on a rendered deck: proof, from the PDF, that every slide reads.

The planner measures text before anything is drawn; this module looks at what LibreOffice
actually drew. It reads character and image positions from the PDF (pdfplumber) and, when the
.pptx is given, the boxes the renderer placed (boxes.py, scaled to the PDF page), and reports:

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
- ``low-contrast``: text whose colour hardly differs from what is under it (its shape's fill,
  the template's artwork or the slide's background), below 3:1;
- ``pages``: the PDF and the .pptx disagree on the number of slides.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from slidegen.check.boxes import SCRIPT_SCALE, ShapeBox, pptx_boxes
from slidegen.check.lines import char_colour, colliding, lines_of
from slidegen.contrast import contrast_ratio
from slidegen.records import record

TALL_OPERATORS = frozenset("∑∏∐∫∬∭∮⋀⋁⋂⋃⨁⨂")
# brackets a formula stretches around a fraction or a matrix: drawn taller than its box
STRETCHED = frozenset("()[]{}|‖⟨⟩⌈⌉⌊⌋")
SHRUNK_RATIO = 0.95  # a char this much smaller than its shape's smallest run was shrunk
READABLE = 4.5  # WCAG contrast for body text: a placeholder's text on the designer's artwork
LEGIBLE = 3.0  # below this, text is hard to read at any size (WCAG's large-text minimum)
HANGING = frozenset(".,:;!?)]}'\"、。，．：；！？）」』】〉》’”")  # may hang past the right edge
BACKDROP_SHARE = 0.9  # a picture over this share of the page is a backdrop
ARTWORK_SHARE = 0.3  # a glyph box this much on a template's shape is drawn over it


@record(frozen=True)
class Problem:
    """One thing wrong on one page, with the text it concerns so a person can find it."""

    kind: str
    page: int  # 1-based
    text: str
    detail: str = ""

    def __str__(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"page {self.page}: {self.kind}: {self.text!r}{extra}"


def check_pdf(pdf: Path, pptx: Path | None = None, tolerance: float = 2.0) -> list[Problem]:
    """Problems LibreOffice's rendering of a deck shows; an empty list means every slide fits.

    Without ``pptx`` only what the PDF alone can tell is checked (off-page, over-picture,
    colliding lines); with it, every character must also lie inside a text shape's box, be
    drawn at a size that shape asks for, and stand clear of the template's artwork.
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
            problems.extend(_Page(page, number, boxes, tolerance).problems())
    return problems


class _Page:
    """One PDF page and the shapes its slide holds; collects what is wrong, by kind."""

    def __init__(self, page: Any, number: int, boxes: list[ShapeBox] | None,
                 tol: float) -> None:
        self.number, self.boxes, self.tol = number, boxes, tol
        self.chars = [c for c in page.chars if c["text"].strip()]
        self.width, self.height = float(page.width), float(page.height)
        images = [ShapeBox("image", "picture", float(i["x0"]), float(i["top"]),
                           float(i["x1"]), float(i["bottom"])) for i in page.images]
        images += [b for b in boxes or [] if b.kind == "picture"]
        # A picture over the whole slide is a backdrop (a faded background, or a full-bleed
        # picture under its title band): text stands on it by design.
        self.images = [im for im in images if (im.x1 - im.x0) * (im.bottom - im.top)
                       < BACKDROP_SHARE * self.width * self.height]
        self.artwork = [b for b in boxes or [] if b.kind == "artwork"]
        self.backgrounds = [b for b in boxes or [] if b.kind == "background"]
        self.texts = [b for b in boxes or []
                      if b.kind not in ("picture", "artwork", "background")]
        self.fills = [ShapeBox("fill", "fill", float(r["x0"]), float(r["top"]), float(r["x1"]),
                               float(r["bottom"]), fill=char_colour(r))
                      for r in [*page.rects, *page.curves] if r.get("fill") and char_colour(r)]
        self.flagged: dict[str, list[dict[str, Any]]] = {}
        self.details: dict[str, str] = {}

    def flag(self, kind: str, ch: dict[str, Any], detail: str) -> None:
        self.flagged.setdefault(kind, []).append(ch)
        self.details.setdefault(kind, detail)

    def problems(self) -> list[Problem]:
        for ch in self.chars:
            self._check_char(ch)
        found = [Problem(kind, self.number, _snippet(chars), self.details[kind])
                 for kind, chars in self.flagged.items()]
        found += [Problem("collision", self.number, f"{a.text[:30]} / {b.text[:30]}",
                          "two text lines overlap") for a, b in colliding(lines_of(self.chars))]
        return found

    def _check_char(self, ch: dict[str, Any]) -> None:
        tol = self.tol
        if (ch["x0"] < -tol or ch["top"] < -tol or ch["x1"] > self.width + tol
                or ch["bottom"] > self.height + tol):
            self.flag("off-page", ch, f"page is {self.width:.0f}x{self.height:.0f} pt")
        hit = next((im for im in self.images if im.holds_centre(ch, tol)), None)
        if hit is not None:
            self.flag("over-picture", ch, f"on {hit.name}")
        if self.boxes is None:
            return
        art = next((a for a in reversed(self.artwork) if a.holds_centre(ch, tol)
                    or a.covers(ch, ARTWORK_SHARE)), None)
        on_artwork = art is not None and not self._designed_over(ch, art)
        if on_artwork and art is not None:
            self.flag("over-artwork", ch, f"on the template's {art.name}")
        inside = self._boxes_holding(ch)
        if not inside:
            near = _nearest(self.texts, ch)
            where = f"nearest box {near.name}" if near else "no text box on the slide"
            self.flag("outside-box", ch, f"at y={ch['top']:.0f}-{ch['bottom']:.0f}, {where}")
            return
        if len(inside) > 1:
            self.flag("collision", ch, "inside " + " and ".join(b.name for b in inside))
        size = float(ch.get("size") or 0.0)
        # a formula draws scripts of scripts (the i of e^{z_i}) smaller still
        wanted = [min(b.sizes) * (SCRIPT_SCALE ** 2 if b.formula else 1.0)
                  for b in inside if b.sizes]
        if wanted and size < min(wanted) * SHRUNK_RATIO:
            self.flag("shrunk", ch, f"drawn at {size:.1f} pt, asked for {min(wanted):g} pt")
        if not on_artwork:
            self._check_contrast(ch, inside)

    def _boxes_holding(self, ch: dict[str, Any]) -> list[ShapeBox]:
        tol = self.tol
        inside = [b for b in self.texts if b.holds(ch, tol)]
        if not inside and ch["text"] in HANGING:
            # East Asian line breaking lets closing punctuation hang past the right edge
            # (LibreOffice and PowerPoint both do it): allowed, by at most one glyph.
            room = float(ch.get("size") or 0.0) * 0.6
            inside = [b for b in self.texts if ch["x0"] <= b.x1 + tol
                      and ch["x1"] <= b.x1 + room and b.holds({**ch, "x0": b.x0, "x1": b.x1}, tol)]
        if not inside and ch["text"] in TALL_OPERATORS:
            # a formula's big operator: its font's glyph box is far taller than the sign drawn
            inside = [b for b in self.texts if b.holds_centre(ch, tol)]
        if not inside and ch["text"] in STRETCHED:
            inside = [b for b in self.texts if b.formula and b.holds_centre(ch, tol)]
        return inside

    def _designed_over(self, ch: dict[str, Any], art: ShapeBox) -> bool:
        """Text meant to stand on a template's artwork: in a placeholder's box, or in a box
        lying wholly on a solid panel, and in a colour that reads on the artwork's."""
        holders = [b for b in self.texts if b.holds_centre(ch, self.tol)]
        if not any(b.placeholder or (art.fill and _within(b, art, self.tol)) for b in holders):
            return False
        if any(b.kind == "table" and _within(b, art, self.tol) for b in holders):
            return True  # a table on a panel: its cells paint their own fills under the text
        colour = char_colour(ch)
        # words want 4.5:1; bullets and list numbers, drawn in the accent, 3:1 (as graphics)
        need = READABLE if ch["text"].isalpha() else LEGIBLE
        return bool(art.fill and colour and contrast_ratio(colour, art.fill) >= need)

    def _check_contrast(self, ch: dict[str, Any], inside: list[ShapeBox]) -> None:
        """Text against the colour under it: its own shape's fill, else the topmost solid
        artwork, else the slide's background (unknown under tables, pictures, gradients)."""
        colour = char_colour(ch)
        if colour is None or any(b.kind in ("table", "chart") for b in inside):
            return
        # what the PDF paints under the glyph (a slide's background, a highlight, a box's
        # fill) and the fill of the glyph's own shape: the smallest of them lies on top
        candidates = [r for r in self.fills if r.holds_centre(ch, 0.0)]
        candidates += [b for b in inside if b.fill]
        # of two about the same size (a master's page background, then the layout's), the later
        smallest = min((_area(c) for c in candidates), default=0.0)
        under: ShapeBox | None = next((c for c in reversed(candidates)
                                       if _area(c) <= smallest * 1.01), None)
        if under is None:
            under = next((a for a in reversed(self.artwork) if a.holds_centre(ch, self.tol)),
                         None) or (self.backgrounds[0] if self.backgrounds else None)
        if under is None or under.fill is None:
            return
        ratio = contrast_ratio(colour, under.fill)
        if ratio < LEGIBLE:
            self.flag("low-contrast", ch, f"#{colour} on #{under.fill}, {ratio:.1f}:1")


def _area(box: ShapeBox) -> float:
    return (box.x1 - box.x0) * (box.bottom - box.top)


def _within(inner: ShapeBox, outer: ShapeBox, tol: float) -> bool:
    return (inner.x0 >= outer.x0 - tol and inner.x1 <= outer.x1 + tol
            and inner.top >= outer.top - tol and inner.bottom <= outer.bottom + tol)


def _nearest(boxes: Iterable[ShapeBox], ch: dict[str, Any]) -> ShapeBox | None:
    def distance(b: ShapeBox) -> float:
        dx = max(b.x0 - ch["x0"], 0.0, ch["x1"] - b.x1)
        dy = max(b.top - ch["top"], 0.0, ch["bottom"] - b.bottom)
        return dx + dy

    return min(boxes, key=distance, default=None)


def _snippet(chars: list[dict[str, Any]], limit: int = 60) -> str:
    text = "".join(c["text"] for c in chars)
    return text if len(text) <= limit else text[: limit - 1] + "…"
