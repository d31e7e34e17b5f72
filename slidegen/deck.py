"""The planned deck: slides with every shape placed and sized, in points.

`plan` builds it, `render` writes it. It is plain data: no Markdown, no python-pptx.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from slidegen.records import record

EMU_PER_PT = 12700


@record(frozen=True)
class FontPair:
    """A Latin typeface and the East Asian one PowerPoint uses for Hangul, kana and Han."""

    latin: str = "Noto Sans CJK KR"
    ea: str = "Noto Sans CJK KR"


@record(frozen=True)
class Fonts:
    """The font pairs (Latin, East Asian) for titles, body text and code."""

    title: FontPair = FontPair()
    body: FontPair = FontPair()
    code: FontPair = FontPair("DejaVu Sans Mono", "Noto Sans Mono CJK KR")


@record(frozen=True)
class Colors:
    """Colours as RRGGBB hex."""

    background: str = "FFFFFF"
    text: str = "1F2933"
    title: str = "0B3C5D"
    accent: str = "1D7FB8"
    muted: str = "6B7785"
    link: str = "0B66C2"
    code_background: str = "F3F5F7"
    code_text: str = "1F2933"
    callout: str = "EAF4FB"
    callout_text: str = "1F2933"
    table_header: str = "0B3C5D"
    table_header_text: str = "FFFFFF"
    table_stripe: str = "F3F6F9"
    plate: str = "FFFFFF"


@record(frozen=True)
class Box:
    """A rectangle on the slide, in points from the top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@record(frozen=True)
class Equation:
    """A formula as Office Math: the `m:oMath` XML PowerPoint edits, and how big it is drawn.

    `text` is its plain reading (what a program without Office Math shows); `width` and
    `height` are in ems of the font size it is drawn at.
    """

    tex: str
    omml: str
    display: bool
    text: str
    width: float
    height: float
    ascent: float


@record(frozen=True)
class Run:
    """Text with one formatting. `lang` is a BCP-47 tag such as "ko-KR"; `color` is "RRGGBB".

    A run with `math` is drawn as that equation; its `text` is the equation's plain reading.
    """

    text: str
    lang: str = "en-US"
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str | None = None
    color: str | None = None
    jump: str | None = None  # a click goes to the slide with this `anchor` (agenda items)
    math: Equation | None = None
    mark: bool = False  # highlighted, as a marker pen would
    script: Literal["super", "sub"] | None = None
    footnote: str | None = None  # the footnote a mark cites: its text goes under the slide


@record(frozen=True)
class TextParagraph:
    """One paragraph of a text box, with its list level and bullet."""

    runs: list[Run]
    level: int = 0
    bullet: Literal["none", "bullet", "number"] = "none"
    number: int | None = None
    align: Literal["left", "center", "right"] = "left"
    space_before: float = 0.0
    click: int = 0  # the click it appears on in the slideshow (0: shown from the start)


TextRole = Literal["title", "subtitle", "kicker", "body", "callout", "caption", "meta", "agenda"]


@record(frozen=True)
class TextBox:
    """Text placed at a box, at a size the planner chose so that it fits."""

    box: Box
    paragraphs: list[TextParagraph]
    role: TextRole
    size: float
    color: str | None = None
    fill: str | None = None
    bold: bool = False
    anchor: Literal["top", "middle", "bottom"] = "top"
    callout_kind: str | None = None
    inset: float = 0.0  # padding between the box's edge and its text, on all four sides
    placeholder: int | None = None  # the template layout's placeholder (idx) it goes into
    click: int = 0  # the whole box appears on this click (paragraphs have their own clicks)


# How the bytes of each kind of ImageData begin (PNG's signature, JPEG's start of image)
SIGNATURES = {"png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff"}


@record(frozen=True)
class ImageData:
    """A normalised image, ready to embed: PNG or JPEG bytes with its pixel size."""

    data: bytes
    width: int
    height: int
    ext: Literal["png", "jpg"]
    digest: str

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 1.0


@record(frozen=True)
class Picture:
    """An image at a box that keeps its aspect ratio; `plate` is a colour behind it."""

    box: Box
    image: ImageData
    alt: str
    plate: str | None = None
    click: int = 0  # appears on this click in the slideshow (0: from the start)
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, top, right, bottom


@record(frozen=True)
class MissingPicture:
    """Stands where an image could not be had: shows what was meant and why it is missing."""

    box: Box
    alt: str
    src: str
    reason: str
    click: int = 0  # appears on this click in the slideshow (0: from the start)


Merge = tuple[int, int, int, int]  # cells merged: (row, column, rows, columns) from there


@record(frozen=True)
class TableShape:
    """A table at a box, its rows and text size already fitted."""

    box: Box
    header: list[list[Run]]
    rows: list[list[list[Run]]]
    size: float
    col_widths: list[float]
    align: list[Literal["left", "center", "right"] | None] = field(default_factory=list)
    row_heights: list[float] = field(default_factory=list)  # as measured: a wrapped row is taller
    click: int = 0  # appears on this click in the slideshow (0: from the start)
    merges: list[Merge] = field(default_factory=list)  # rows counted with the header's


@record(frozen=True)
class CodeBlock:
    """Source lines already split into coloured runs."""

    box: Box
    lines: list[list[Run]]
    size: float
    language: str = ""
    inset: float = 8.0
    click: int = 0  # appears on this click in the slideshow (0: from the start)


@record(frozen=True)
class EquationBox:
    """A display equation standing alone, in a box of its own drawn size (centred in `box`)."""

    box: Box
    equation: Equation
    size: float
    color: str
    click: int = 0  # appears on this click in the slideshow (0: from the start)


@record(frozen=True)
class Rect:
    """A plain filled rectangle: accent bars and other decoration."""

    box: Box
    fill: str
    click: int = 0  # appears on this click in the slideshow (0: from the start)


@record(frozen=True)
class DiagramNode:
    """One shape of a diagram: a DrawingML preset geometry with its label, in slide points.

    Also frames (subgraphs, `loop` boxes) and free labels (`fill` and `line` None)."""

    key: str
    box: Box
    geometry: str  # a DrawingML preset: rect, roundRect, ellipse, flowChartDecision...
    text: str  # lines separated by "\n"
    text_color: str
    fill: str | None = None
    line: str | None = None
    line_width: float = 1.0
    dashed: bool = False
    anchor: Literal["top", "middle"] = "middle"
    align: Literal["left", "center"] = "center"
    bold: bool = False


@record(frozen=True)
class DiagramEdge:
    """A connector: a path of cubic Bézier segments (start, then three points per segment),
    glued to the nodes it joins at their connection sites."""

    points: tuple[tuple[float, float], ...]
    color: str
    start: str | None = None  # key of the node it leaves
    end: str | None = None  # key of the node it reaches
    start_site: int = 0
    end_site: int = 0
    head: str = "triangle"  # DrawingML line end drawn at the end: triangle, oval, none...
    tail: str = "none"  # and at the start
    width: float = 1.0
    dashed: bool = False


@record(frozen=True)
class DiagramShape:
    """A diagram as native shapes: nodes and connectors, placed at `box` by its aspect."""

    box: Box
    nodes: tuple[DiagramNode, ...]
    edges: tuple[DiagramEdge, ...]
    size: float  # label text size, points
    source: str  # the diagram's text, kept as the group's alt text
    name: str = "Diagram"
    click: int = 0  # appears on this click in the slideshow (0: from the start)


@record(frozen=True)
class ChartShape:
    """A native chart (a mermaid `pie`): categories and their values."""

    box: Box
    kind: Literal["pie"]
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    size: float
    source: str
    show_values: bool = False
    click: int = 0  # appears on this click in the slideshow (0: from the start)


Shape = (TextBox | Picture | MissingPicture | TableShape | CodeBlock | EquationBox | Rect
         | DiagramShape | ChartShape)

SlideKind = Literal["title", "agenda", "section", "content"]


@record(frozen=True)
class Slide:
    """One planned slide: its kind, title, shapes and speaker notes."""

    kind: SlideKind
    title: TextBox | None
    shapes: list[Shape] = field(default_factory=list)
    notes: str = ""
    source_line: int | None = None
    kicker: TextBox | None = None  # the section's name, small above the title
    layout: str = ""  # the template layout it is built on (its part name), "" for none
    anchor: str | None = None  # what runs' `jump` name to link here (section dividers)
    backdrop: Picture | MissingPicture | None = None  # over the whole slide, behind the rest


@record(frozen=True)
class DeckInfo:
    """What goes into the file's core properties (and the PDF's metadata)."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    lang: str = "en-US"
    date: str | None = None


@record(frozen=True)
class DeckStyle:
    """The deck-wide look the renderer draws with, resolved from the theme by the planner:
    the slide size, typefaces, RRGGBB colours, and what every slide carries besides its
    planned shapes (background, logo, footer). The renderer reads nothing else of the theme."""

    width: float
    height: float
    fonts: Fonts
    colors: Colors
    line_spacing: float
    draw_background: bool = True  # False leaves the template's (master's) background showing
    background_image: str = ""  # a file stretched over every slide, behind everything
    logo: str = ""  # a picture file drawn at `logo_box` on every slide
    logo_box: Box | None = None
    footer: str = ""  # footer text, drawn in `footer_band` (left of the slide number)
    slide_numbers: bool = True
    footer_band: Box = Box(0.0, 0.0, 0.0, 0.0)  # bottom margin band, beside a bottom logo
    footer_size: float = 10.0
    template: str = ""  # a .pptx/.potx whose masters and layouts the deck is built on


@record(frozen=True)
class Deck:
    """The whole planned presentation, ready for any renderer."""

    info: DeckInfo
    style: DeckStyle
    slides: list[Slide] = field(default_factory=list)
