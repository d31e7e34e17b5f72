"""Where text and shapes go on a template's layout: its placeholders' boxes and looks, the
area left for slidegen's own shapes (clear of the master's bands, artwork and logos, and of
the footer placeholders), and the colour under any box, for readable text."""

from __future__ import annotations

from dataclasses import replace

from slidegen.deck import Box
from slidegen.plan.region import Region
from slidegen.records import record
from slidegen.templates import Layout, Placeholder, Template, TextLook
from slidegen.templates.look import ink_on, readable
from slidegen.theme import Theme

CLEARANCE = 6.0  # points kept between slidegen's shapes and the template's artwork
FOOTER_KINDS = ("dt", "ftr", "sldNum")
PANEL_SHARE = 0.9  # a solid shape under this much of the content area is a panel to write on
MIN_CLEAR = 0.25  # less of the area clear of artwork than this: the designer's area is used


@record(frozen=True)
class Frame:
    """One slide kind on its layout: the placeholders slidegen fills, and the content area."""

    layout: Layout
    title: Placeholder | None
    body: Placeholder | None  # subtitle, section text or the content placeholder
    content: Region  # where slidegen's own shapes may go
    use_looks: bool  # the placeholders' fonts, sizes and colours (no theme chosen)
    background: str  # what shows behind the slide where no artwork is

    def look(self, placeholder: Placeholder | None) -> TextLook:
        return placeholder.look if placeholder is not None and self.use_looks else TextLook()

    def under(self, box: Box) -> str:
        """The colour under most of `box` (the slide's own background where no artwork is)."""
        return self.layout.under(box, self.background) if self.use_looks else (
            replace(self.layout, background=None).under(box, self.background))

    def color(self, wanted: str | None, box: Box, *fallbacks: str) -> str:
        """`wanted` if it reads on what is under `box`, else the first fallback that does."""
        under = self.under(box)
        return readable([wanted, *fallbacks], under, ink_on(under))


def frame_for(template: Template, kind: str, theme: Theme) -> Frame:
    layout = template.layout_for(kind)
    title = layout.title
    body = layout.body
    if kind == "title":
        body = layout.placeholder("subTitle") or body
    background = layout.background if not theme.draw_background else None
    return Frame(layout, title, body, content_region(layout, theme, kind), not
                 theme.draw_background, background or theme.colors.background)


def content_region(layout: Layout, theme: Theme, kind: str) -> Region:
    """The layout's content placeholder, else the room under its title above its footers;
    then the largest part of that clear of the template's artwork."""
    m = theme.margins
    body = layout.body if kind in ("content", "agenda") else None
    if body is not None and body.kind in ("obj", "body"):
        area = body.box
    else:
        title = layout.title
        top = (title.box.bottom + m.gap) if title is not None and title.box.y < theme.height / 2 \
            else m.top
        bottom = theme.height - m.bottom
        for ph in layout.placeholders:
            if ph.kind in FOOTER_KINDS and ph.box.y > theme.height / 2:
                bottom = min(bottom, ph.box.y - 4)
        x = title.box.x if title is not None else m.left
        w = title.box.w if title is not None else theme.width - m.left - m.right
        area = Box(x, top, w, max(40.0, bottom - top))
    # a solid card or panel the content placeholder sits on is where its text goes, in colours
    # read against it (Frame.under); bands, logos and pictures around it are kept clear of
    obstacles = [a.box for a in layout.artwork
                 if not (a.fill and _overlap(a.box, area) >= PANEL_SHARE * area.w * area.h)]
    clear = avoid(area, obstacles)
    if clear.w * clear.h < MIN_CLEAR * area.w * area.h:
        clear = area  # artwork all over it: the designer's box, not a sliver beside the artwork
    return Region(clear.x, clear.y, clear.w, clear.h)


def _overlap(a: Box, b: Box) -> float:
    wide = min(a.right, b.right) - max(a.x, b.x)
    tall = min(a.bottom, b.bottom) - max(a.y, b.y)
    return max(0.0, wide) * max(0.0, tall)


def avoid(area: Box, obstacles: list[Box]) -> Box:
    """The largest rectangle of `area` that overlaps none of `obstacles` (each kept
    CLEARANCE away), found by cutting away one obstacle at a time."""
    for ob in obstacles:
        x0, y0 = ob.x - CLEARANCE, ob.y - CLEARANCE
        x1, y1 = ob.right + CLEARANCE, ob.bottom + CLEARANCE
        if x1 <= area.x or x0 >= area.right or y1 <= area.y or y0 >= area.bottom:
            continue
        pieces = [Box(area.x, area.y, x0 - area.x, area.h),  # left of it
                  Box(x1, area.y, area.right - x1, area.h),  # right of it
                  Box(area.x, area.y, area.w, y0 - area.y),  # above it
                  Box(area.x, y1, area.w, area.bottom - y1)]  # below it
        pieces = [p for p in pieces if p.w > 0 and p.h > 0]
        if not pieces:
            return Box(area.x, area.y, 0.0, 0.0)
        area = max(pieces, key=lambda p: p.w * p.h)
    return area
