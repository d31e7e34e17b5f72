"""Sized blocks: units measured at a font size, able to place themselves at a position.

Each block knows its height for a given width before it is placed, so the layout can decide
what fits on a slide without drawing anything.
"""

from __future__ import annotations

from dataclasses import field, replace
from typing import Protocol

from slidegen.deck import (
    Box,
    CodeBlock,
    Equation,
    EquationBox,
    Merge,
    Rect,
    Run,
    Shape,
    TableShape,
    TextBox,
    TextParagraph,
)
from slidegen.plan.textfit import WIDTH_SAFETY, TextMetrics
from slidegen.records import record
from slidegen.theme import Theme

CELL_PAD_X = 6.0  # table cell margins, left/right; the renderer uses the same
CELL_PAD_Y = 4.0  # table cell margins, top/bottom
# LibreOffice sets a table cell's text a few percent wider than it is measured, beyond what the
# text safety covers (Korean with Latin on a 4:3 slide: 151.7 pt drawn in a 154 pt cell that
# was measured as one line, so the row grew past its plan): cells are measured narrower still.
CELL_SAFETY = 0.95
EQUATION_PAD = 0.25  # ems above and below a display equation
EQUATION_WIDTH_MARGIN = 1.1  # its measured width is a few percent from what is drawn
CALLOUT_BAR = 5.0  # width of the accent bar at a callout's left edge
# LibreOffice's shrink-on-overflow shrinks code that fits to within ~3 pt of its box (measured:
# 15 pt code needs 3.5 pt to spare at 1, 2 and 15 lines), so code boxes keep this much more.
CODE_AUTOFIT_SLACK = 0.3  # ems
CODE_AUTOFIT_SLACK_PT = 4.0


class Placeable(Protocol):
    """A measured block: how tall it is at a width, and its shapes once placed."""

    def height(self, width: float) -> float: ...

    def place(self, x: float, y: float, width: float) -> list[Shape]: ...


@record
class ClickedBlock:
    """A block whose shapes all appear on one click of the slideshow."""

    inner: Placeable
    click: int

    def height(self, width: float) -> float:
        return self.inner.height(width)

    def place(self, x: float, y: float, width: float) -> list[Shape]:
        return [replace(shape, click=self.click) for shape in self.inner.place(x, y, width)]


@record
class TextBlock:
    """Text units measured at one size, to be stacked on a page."""

    paragraphs: list[TextParagraph]
    size: float
    metrics: TextMetrics
    theme: Theme

    def height(self, width: float) -> float:
        return self.metrics.height(self.paragraphs, self.size, width)

    def place(self, x: float, y: float, width: float) -> list[Shape]:
        box = Box(x, y, width, self.height(width))
        return [TextBox(box, self.paragraphs, "body", self.size, color=self.theme.colors.text)]


@record
class CalloutBlock:
    """A callout measured at one size, its padding included."""

    paragraphs: list[TextParagraph]
    kind: str
    size: float
    metrics: TextMetrics
    theme: Theme

    @property
    def inset(self) -> float:
        return round(self.size * 0.55, 1)

    def height(self, width: float) -> float:
        inner = width - 2 * self.inset - CALLOUT_BAR
        return self.metrics.height(self.paragraphs, self.size, inner) + 2 * self.inset

    def place(self, x: float, y: float, width: float) -> list[Shape]:
        h = self.height(width)
        colors = self.theme.colors
        text = TextBox(Box(x + CALLOUT_BAR, y, width - CALLOUT_BAR, h), self.paragraphs, "callout",
                       self.size, color=colors.callout_text, fill=colors.callout,
                       callout_kind=self.kind, inset=self.inset)
        return [Rect(Box(x, y, CALLOUT_BAR, h), colors.accent), text]


@record
class CodeBlockSized:
    """Code measured at one size, no smaller than the theme's minimum."""

    lines: list[list[Run]]
    language: str
    size: float
    min_size: float
    metrics: TextMetrics
    pad: float = 8.0

    def fitted_size(self, width: float) -> float:
        """Shrink code to keep lines unwrapped, down to the theme's minimum."""
        inner = width - 2 * self.pad
        widest = max((self._line_width(line, 1.0) for line in self.lines), default=0.0)
        if widest <= 0:
            return self.size
        return max(self.min_size, min(self.size, inner / widest))

    def _line_width(self, line: list[Run], size: float) -> float:
        face = self.metrics.fonts.face(code=True)
        return sum(face.width(run.text, size) for run in line) / 0.97

    def _line_count(self, width: float, size: float) -> int:
        inner = width - 2 * self.pad
        count = 0
        for line in self.lines:
            w = self._line_width(line, size)
            count += max(1, int(-(-w // inner))) if inner > 0 else 1
        return count

    def least_height(self) -> float:
        """No less than `height`, found without measuring a line: every line takes one at
        the smallest size at least."""
        line_h = self.metrics.fonts.face(code=True).line_height * self.min_size
        return len(self.lines) * line_h + 2 * self.pad + CODE_AUTOFIT_SLACK_PT

    def height(self, width: float) -> float:
        size = self.fitted_size(width)
        line_h = self.metrics.fonts.face(code=True).line_height * size
        slack = max(CODE_AUTOFIT_SLACK_PT, CODE_AUTOFIT_SLACK * size)
        return self._line_count(width, size) * line_h + 2 * self.pad + slack

    def place(self, x: float, y: float, width: float) -> list[Shape]:
        size = round(self.fitted_size(width), 1)
        box = Box(x, y, width, self.height(width))
        return [CodeBlock(box, self.lines or [[]], size, self.language, inset=self.pad)]


@record
class EquationBlock:
    """A display equation at one size, smaller only if it is wider than the page."""

    equation: Equation
    size: float
    color: str

    def fitted_size(self, width: float) -> float:
        """Equations do not wrap: one too wide for the page is drawn smaller."""
        widest = self.equation.width * EQUATION_WIDTH_MARGIN
        return min(self.size, width / widest) if widest > 0 else self.size

    def height(self, width: float) -> float:
        size = self.fitted_size(width)
        return self.equation.height * size + 2 * EQUATION_PAD * self.size

    def place(self, x: float, y: float, width: float) -> list[Shape]:
        size = round(self.fitted_size(width), 1)
        return [EquationBox(Box(x, y, width, self.height(width)), self.equation, size,
                            self.color)]


@record
class TableBlock:
    """A table measured at one size, its column widths included."""

    header: list[list[Run]]
    rows: list[list[list[Run]]]
    align: list[str | None]
    size: float
    metrics: TextMetrics
    # (id of a row, size, …) → (the row, its measure): a long table is cut by trying many
    # first-k-rows pieces, each measuring the same rows again (1,000 rows took 38 s)
    measured: dict[tuple[object, ...], object] = field(default_factory=dict)
    spans: list[Merge] = field(default_factory=list)  # merged body cells (a grid table's)

    def __post_init__(self) -> None:
        # per row (by id: a split's pieces share rows), its cells wider than one column
        self.wide: dict[int, dict[int, int]] = {}
        for r, c, _, w in self.spans:
            if w > 1 and r < len(self.rows):
                self.wide.setdefault(id(self.rows[r]), {})[c] = w

    @property
    def columns(self) -> int:
        return max([len(self.header), *(len(r) for r in self.rows)], default=1)

    def _cell(self, row: list[list[Run]], c: int) -> list[Run]:
        return row[c] if c < len(row) else []

    def col_widths(self, width: float) -> list[float]:
        piece = ("widths", id(self.rows[0]) if self.rows else 0, len(self.rows), self.size, width)
        if (known := self.measured.get(piece)) is not None:  # the same rows, cut the same way
            return known[1]  # type: ignore[index,no-any-return]
        n = self.columns
        natural = [0.0] * n
        minimum = [0.0] * n
        for row, is_header in [(self.header, True), *((r, False) for r in self.rows)]:
            wide = self.wide.get(id(row), {})  # a merged cell does not widen its first column
            for c, (widest, longest) in enumerate(self._cell_widths(row, is_header)):
                if c in wide:
                    continue
                natural[c] = max(natural[c], widest)
                minimum[c] = max(minimum[c], min(longest, width / n))
        fit = WIDTH_SAFETY * CELL_SAFETY  # a column as wide as its text measures it one line
        pad = 2 * CELL_PAD_X
        natural = [v / fit + pad for v in natural]
        minimum = [v / fit + pad for v in minimum]
        if sum(natural) <= width:
            extra = (width - sum(natural)) / n
            widths = [v + extra for v in natural]
        else:
            spare = max(0.0, width - sum(minimum))
            want = [max(0.0, a - b) for a, b in zip(natural, minimum, strict=True)]
            total = sum(want) or 1.0
            widths = [m + spare * w / total for m, w in zip(minimum, want, strict=True)]
            scale = width / sum(widths)
            widths = [w * scale for w in widths]
        self.measured[piece] = (self.rows[0] if self.rows else None, widths)
        return widths

    def _cell_widths(self, row: list[list[Run]],
                     is_header: bool) -> list[tuple[float, float]]:
        """Each cell's widest line and longest word (the header as drawn: bold)."""
        key = (id(row), self.size, is_header)
        if (known := self.measured.get(key)) is not None:
            return known[1]  # type: ignore[index,no-any-return]
        found = []
        for runs in (_bold(row) if is_header else row):
            words = [Run(w, bold=r.bold, code=r.code) for r in runs for w in r.text.split()]
            found.append((self.metrics.widest_line(runs, self.size) if runs else 0.0,
                          max((self.metrics.widest_line([w], self.size) for w in words),
                              default=0.0)))
        self.measured[key] = (row, found)  # the row kept alive: its id is not reused
        return found

    def row_height(self, row: list[list[Run]], widths: list[float]) -> float:
        key = (id(row), self.size, *widths)
        if (known := self.measured.get(key)) is not None:
            return known[1]  # type: ignore[index,no-any-return]
        height = self._row_height(row, widths)
        self.measured[key] = (row, height)
        return height

    def _row_height(self, row: list[list[Run]], widths: list[float]) -> float:
        line_h = self.metrics.line_height(self.size)
        tallest = 1
        wide = self.wide.get(id(row), {})
        for c in range(len(widths)):
            runs = self._cell(row, c)
            if runs:
                para = TextParagraph(runs)
                w = sum(widths[c:c + wide.get(c, 1)])
                text_width = (w - 2 * CELL_PAD_X) * CELL_SAFETY
                tallest = max(tallest, len(self.metrics.lines(para, self.size, text_width)))
        return tallest * line_h + 2 * CELL_PAD_Y

    def least_height(self) -> float:
        """No less than `height`, found without measuring a cell: every row, the header
        included, is one line high at least."""
        row = self.metrics.line_height(self.size) + 2 * CELL_PAD_Y
        return (len(self.rows) + (1 if self.header else 0)) * row

    def height(self, width: float) -> float:
        widths = self.col_widths(width)
        return sum(self.row_height(r, widths) for r in [*self._drawn_header(), *self.rows])

    def _drawn_header(self) -> list[list[list[Run]]]:
        """The header row made bold once, so its measures are found again; none for a
        table without a header (pandoc's simple and multiline tables may leave it out)."""
        if not self.header:
            return []
        key = ("bold", id(self.header))
        if (known := self.measured.get(key)) is None:
            known = self.measured[key] = (self.header, _bold(self.header))
        return [known[1]]  # type: ignore[list-item]

    def place(self, x: float, y: float, width: float) -> list[Shape]:
        widths = self.col_widths(width)
        n = self.columns
        header = [self._cell(self.header, c) for c in range(n)] if self.header else []
        rows = [[self._cell(r, c) for c in range(n)] for r in self.rows]
        align = [a if a in ("left", "center", "right") else None for a in self.align]
        heights = [self.row_height(r, widths) for r in [*self._drawn_header(), *self.rows]]
        first = 1 if self.header else 0
        merges = [(r + first, c, n, w) for r, c, n, w in self.spans if n > 1 or w > 1]
        return [TableShape(Box(x, y, width, self.height(width)), header, rows, self.size,
                           [round(w, 2) for w in widths], align,  # type: ignore[arg-type]
                           [round(h, 2) for h in heights], merges=merges)]


def least_height(entry: object) -> float:
    """A height the entry cannot be shorter than, known without measuring its text (only
    long tables and code blocks are worth it): 0 for the rest."""
    return entry.least_height() if isinstance(entry, TableBlock | CodeBlockSized) else 0.0


def _bold(row: list[list[Run]]) -> list[list[Run]]:
    """The header row as the renderer draws it (bold), so its words are measured that wide."""
    return [[replace(r, bold=True) for r in cell] for cell in row]
