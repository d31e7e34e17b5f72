"""What a template tells the planner, as plain frozen data in points: slide size, colour and
font schemes, and for every layout its placeholders (box and text look) and its artwork."""

from __future__ import annotations

from dataclasses import field

from slidegen.deck import Box
from slidegen.records import record

TITLE_TYPES = frozenset({"title", "ctrTitle"})
FRAME_TYPES = frozenset({"dt", "ftr", "sldNum", "hdr", "sldImg"})


@record(frozen=True)
class TextLook:
    """A placeholder's own text style (first level), from the master's text styles down
    through the master's and the layout's placeholder; None where nothing says."""

    latin: str | None = None
    ea: str | None = None
    size: float | None = None  # points
    color: str | None = None  # RRGGBB
    bold: bool = False
    align: str | None = None  # "left", "center", "right"
    anchor: str | None = None  # "top", "middle", "bottom"
    caps: bool = False


@record(frozen=True)
class Placeholder:
    """A layout placeholder: type (`title`, `body`, `dt`…), idx, box and text look."""

    kind: str
    idx: int
    box: Box
    look: TextLook = TextLook()
    vertical: bool = False
    name: str = ""

    @property
    def content(self) -> bool:
        return self.kind not in FRAME_TYPES


@record(frozen=True)
class Artwork:
    """A master or layout shape that is not a placeholder: a band, picture, logo, line."""

    box: Box
    kind: str  # "shape", "picture", "group", "text", "frame"
    fill: str | None = None  # RRGGBB when it is one solid colour
    name: str = ""


@record(frozen=True)
class Layout:
    """A slide layout with everything its slides show before slidegen adds anything."""

    name: str
    part: str  # zip part name, e.g. ppt/slideLayouts/slideLayout2.xml
    placeholders: tuple[Placeholder, ...]
    artwork: tuple[Artwork, ...]
    background: str | None  # the colour its slides show behind everything (None: a picture)
    own_background: bool = False  # the layout sets a background of its own

    def placeholder(self, *kinds: str) -> Placeholder | None:
        return next((p for p in self.placeholders if p.kind in kinds), None)

    @property
    def title(self) -> Placeholder | None:
        return self.placeholder("title", "ctrTitle")

    @property
    def body(self) -> Placeholder | None:
        """The first content placeholder that is not a title (body, obj, subTitle…)."""
        return next((p for p in self.placeholders
                     if p.content and p.kind not in TITLE_TYPES), None)

    def under(self, box: Box, default: str) -> str:
        """The colour under most of `box`: the topmost solid artwork covering its centre,
        else the layout's background, else `default`."""
        cx, cy = box.x + box.w / 2, box.y + box.h / 2
        for art in reversed(self.artwork):
            b = art.box
            if art.fill and b.x <= cx <= b.right and b.y <= cy <= b.bottom:
                return art.fill
        return self.background or default

    @property
    def content_types(self) -> list[str]:
        return sorted(f"{p.kind}:vert" if p.vertical else p.kind
                      for p in self.placeholders if p.content)


@record(frozen=True)
class Template:
    """A template read for planning: the file, its size and schemes, its layouts, and which
    layout each slide kind uses."""

    path: str
    width: float  # points
    height: float
    size_type: str | None  # presentation.xml's sldSz type, when it names one
    colors: dict[str, str] = field(default_factory=dict)  # scheme slot -> RRGGBB
    major: tuple[str, str] = ("", "")  # title typefaces (latin, East Asian)
    minor: tuple[str, str] = ("", "")  # body typefaces
    master_background: str | None = None
    title_look: TextLook = TextLook()  # the master's title style
    body_look: TextLook = TextLook()  # the master's body style
    layouts: tuple[Layout, ...] = ()
    chosen: dict[str, str] = field(default_factory=dict)  # slide kind -> layout part
    warnings: tuple[str, ...] = ()

    def layout(self, part: str) -> Layout:
        return next(layout for layout in self.layouts if layout.part == part)

    def layout_for(self, kind: str) -> Layout:
        return self.layout(self.chosen.get(kind) or self.chosen["content"])
