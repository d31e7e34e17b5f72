"""The units a slide is filled with and split between: what stays together (a paragraph, a
top-level list item with its nested items, a callout, a code block, a table, a picture, a
diagram, columns). `plan.content` makes them from blocks; `plan.layout` places them."""

from __future__ import annotations

from dataclasses import field

from slidegen.deck import (
    ChartShape,
    DiagramShape,
    Equation,
    ImageData,
    Merge,
    Run,
    TextParagraph,
)
from slidegen.records import record


@record
class TextUnit:
    """Paragraphs that can go on a slide together or be split between slides."""

    paragraphs: list[TextParagraph]
    line: int
    keep_with_next: bool = False


@record
class CalloutUnit:
    """A callout (note, tip, warning): one tinted box, split like text only when it must be."""

    paragraphs: list[TextParagraph]
    kind: str
    line: int
    click: int = 0


@record
class CodeUnit:
    """Code lines, already coloured; split only between lines."""

    lines: list[list[Run]]
    language: str
    line: int
    click: int = 0


@record
class TableUnit:
    """A table's cells as runs; split only between rows, header repeated."""

    header: list[list[Run]]
    rows: list[list[list[Run]]]
    align: list[str | None]
    line: int
    click: int = 0
    spans: list[Merge] = field(default_factory=list)  # merged body cells
    # row measurements, shared by the pieces a split makes (they share the rows): see TableBlock
    measured: dict[tuple[object, ...], object] = field(default_factory=dict, compare=False,
                                                       repr=False)


@record
class PictureUnit:
    """A picture to place: its image, or the reason it is missing (drawn as a placeholder)."""

    src: str
    alt: str
    title: str
    line: int
    image: ImageData | None
    reason: str = ""
    plate: bool = False
    max_w: float | None = None  # the largest size the note asks for, in points
    max_h: float | None = None
    caption: str = ""
    click: int = 0

    @property
    def aspect(self) -> float:
        return self.image.aspect if self.image else 16 / 9


@record
class EquationUnit:
    """A display equation standing alone between paragraphs."""

    equation: Equation
    line: int
    click: int = 0


@record
class DiagramUnit:
    """A laid-out diagram (or chart) at its natural size, to be placed by aspect."""

    shape: DiagramShape | ChartShape
    line: int
    min_size: float  # its text no smaller than this...
    max_size: float  # ...and no larger than this (a small diagram grows up to body text)
    click: int = 0  # appears on this click in the slideshow (0: from the start)

    @property
    def aspect(self) -> float:
        b = self.shape.box
        return b.w / b.h if b.h else 1.0

    @property
    def min_scale(self) -> float:
        """The smallest scale at which its text stays at the theme's minimum size."""
        return min(1.0, self.min_size / self.shape.size) if self.shape.size else 0.0

    def max_box(self) -> tuple[float, float]:
        b = self.shape.box
        scale = max(1.0, self.max_size / self.shape.size) if self.shape.size else 1.0
        return b.w * scale, b.h * scale

    def min_height(self) -> float:
        return self.shape.box.h * self.min_scale




@record
class Column:
    """One column's content and the share of the width it asked for (None: an even share)."""

    units: list[Unit]
    width: float | None = None


@record
class ColumnsUnit:
    """Columns side by side (`:::: columns`): each column is laid out in its own area."""

    columns: list[Column]
    line: int


Unit = (TextUnit | CalloutUnit | CodeUnit | TableUnit | PictureUnit | DiagramUnit | ColumnsUnit
        | EquationUnit)
