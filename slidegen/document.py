"""The parsed note: a small tree of blocks and inline spans, each block with its source line.

It is what `parse` produces and `plan` consumes; it knows nothing about slides.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from slidegen.records import record

if TYPE_CHECKING:
    from slidegen.math.tex import Macros

MathMode = Literal["inline", "display"]


@record
class Attributes:
    """An attribute list: kramdown `{: #id .class key="v"}` or pandoc `{#id .class key=v}`.

    `flags` holds bare words (`toc`, `-`, a kramdown reference name).
    """

    id: str = ""
    classes: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    def merged(self, other: Attributes) -> Attributes:
        return Attributes(other.id or self.id, [*self.classes, *other.classes],
                          {**self.values, **other.values}, [*self.flags, *other.flags])

    def __bool__(self) -> bool:
        return bool(self.id or self.classes or self.values or self.flags)


@record
class Span:
    """Inline text with one formatting; a hard line break is a Span whose text is "\\n".

    A span with `math` set holds TeX as written between its delimiters (`$…$` is "inline",
    `$$…$$` within a line of text is "display").
    """

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str | None = None
    math: MathMode | None = None
    mark: bool = False  # highlighted: `==text==`, `<mark>`
    script: Literal["super", "sub"] | None = None  # `<sup>`, `<sub>`, a footnote mark
    footnote: str | None = None  # the label of the footnote this mark cites


BACKGROUND_KEYS = ("background-image", "data-background-image", "background", "bg")


@record
class Heading:
    """A heading of the note, `#` to `######`; `attrs` holds its `{#id .class key=val}`."""

    level: int
    spans: list[Span]
    line: int
    attrs: Attributes = field(default_factory=Attributes)

    @property
    def background(self) -> str | None:
        """A background picture its attributes ask for (`{background-image="x.jpg"}`, as in
        reveal.js and Quarto)."""
        values = self.attrs.values
        return next((values[k] for k in BACKGROUND_KEYS if values.get(k)), None)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans).strip()


@record
class Paragraph:
    """A paragraph of inline spans."""

    spans: list[Span]
    line: int


@record
class Image:
    """A picture reference lifted out of its paragraph: Markdown, `<img>` or Obsidian `![[...]]`."""

    src: str
    alt: str
    line: int
    title: str = ""
    inline: bool = False  # within a line of text (an icon or a badge, if it is small)
    width: float | None = None  # largest display size the note asks for, in CSS pixels
    height: float | None = None
    caption: str = ""  # shown under the picture (a figure's caption)
    scheme: str = ""  # "light" or "dark": the site shows it only in that colour scheme


@record
class ListItem:
    """One bullet: its own blocks (paragraphs, nested lists, images, code...)."""

    blocks: list[Block]
    line: int


@record
class ListBlock:
    """A bullet or numbered list; `start` is the first number."""

    ordered: bool
    items: list[ListItem]
    line: int
    start: int = 1


CalloutKind = Literal["note", "tip", "important", "warning", "caution", "quote"]


@record
class Callout:
    """A blockquote, a GitHub `> [!NOTE]` alert, or a `※ ...` / `Note: ...` remark."""

    kind: CalloutKind
    blocks: list[Block]
    line: int
    title: str = ""


@record(frozen=True)
class CellSpan:
    """A body cell covering `rows` rows and `columns` columns from (`row`, `column`)."""

    row: int
    column: int
    rows: int
    columns: int


@record
class Table:
    """A table (pipe, kramdown, or pandoc's simple, multiline or grid): header cells, body
    rows, and each column's alignment. `header` is empty for a table written without one.
    Rows stay rectangular: a cell spanning others (a grid table's) holds its text in its
    first row and column, the cells it covers are empty, and `spans` says which merge."""

    header: list[list[Span]]
    rows: list[list[list[Span]]]
    line: int
    align: list[Literal["left", "center", "right"] | None] = field(default_factory=list)
    caption: str = ""  # pandoc's `Table: …` / `: …` line, with its number when it has an id
    spans: list[CellSpan] = field(default_factory=list)


@record
class Code:
    """A fenced or indented code block, kept verbatim."""

    text: str
    language: str
    line: int
    caption: str = ""  # a file name or title shown above the code (`{: file="app.py"}`)


DIAGRAM_LANGUAGES = {"mermaid": "mermaid", "dot": "dot", "graphviz": "dot"}


@record
class Diagram:
    """A fenced ```` ```mermaid ```` or ```` ```dot ```` block: a diagram written as text."""

    source: str
    notation: Literal["mermaid", "dot"]
    line: int


@record
class MathBlock:
    """A display formula standing alone: `$$…$$`, `\\[…\\]` or `\\begin{align}…` as a block."""

    tex: str
    line: int


@record
class SlideBreak:
    """A thematic break (`---`): the author asks for a new slide here."""

    line: int


@record
class NoteEmbed:
    """Obsidian `![[other note]]` / `![[other note#Heading]]`: that note's text goes here, in a
    frame titled with its name; Quarto's `{{< include file >}}` (`spliced`): as if written here."""

    target: str
    heading: str
    line: int
    spliced: bool = False


@record
class CodeImport:
    """A code file shown where a line names it (VitePress `<<< @/snippets/app.ts#setup`,
    VuePress `@[code{3-10} js](./app.js)`): its text, or one `#region` or range of lines of it,
    becomes a code block once the note's folder is known."""

    path: str
    line: int
    language: str = ""  # as written; else from the file's extension
    region: str = ""
    lines: tuple[int, int] | None = None  # first and last line, from 1
    title: str = ""


@record
class SpeakerNotes:
    """`<!-- notes: ... -->` or a `::: notes` container: said, not shown."""

    text: str
    line: int


@record
class Div:
    """A pandoc fenced div (`::: name` / `::: {.class #id key="v"}`) and what it holds.

    The parser keeps every div but `::: notes` (speaker notes) and callout names (`Callout`);
    the planner gives meaning to the classes it knows (`columns`/`column`, `incremental`,
    `nonincremental`) and unwraps the rest, keeping their content.
    """

    attrs: Attributes
    blocks: list[Block]
    line: int
    title: str = ""  # the words after a bare name: `::: tip Remember this`

    @property
    def classes(self) -> list[str]:
        return self.attrs.classes


@record
class Pause:
    """`. . .` between blocks: what follows appears on the next click."""

    line: int


@record
class SlideOption:
    """A choice the note makes for its slide: `layout` (`<!-- layout: section -->`, a heading's
    `{layout="..."}`) or `background` (`<!-- background: picture.png -->`, its picture)."""

    name: Literal["layout", "background"]
    value: str
    line: int


Block = (Heading | Paragraph | Image | ListBlock | Callout | Table | Code | Diagram | MathBlock
         | SlideBreak
         | SpeakerNotes | Div | Pause | SlideOption | NoteEmbed | CodeImport)


@record
class Footnote:
    """`[^label]: text`: shown small at the bottom of the slide that cites it."""

    label: str
    number: int
    spans: list[Span]
    line: int


@record
class Meta:
    """Front matter, reduced to the keys that matter for a deck."""

    title: str | None = None
    subtitle: str | None = None
    author: str | None = None
    date: str | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    lang: str | None = None
    theme: str | None = None
    template: str | None = None
    slide_level: int | None = None  # headings at this level are slides; None: inferred
    incremental: bool = False  # `incremental: true`: lists reveal item by item
    media_subpath: str | None = None  # Chirpy's `media_subpath` / `img_path`: where pictures live


@record
class Document:
    """A parsed note: its front matter's meta and its blocks in order."""

    path: Path
    meta: Meta
    blocks: list[Block]
    # TeX macros the note defines (`\\DeclareMathOperator`, `\\newcommand`): name → TeX
    macros: Macros = field(default_factory=dict)
    footnotes: list[Footnote] = field(default_factory=list)
    included: set[Path] = field(default_factory=set)  # other files whose text is in it (embeds)
