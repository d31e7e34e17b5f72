"""pandoc's grid tables: cells drawn with `+`, `-` and `|`, the header ruled off by `=`.

```
+---------------+--------------------+
| Layer         | Notes              |
+===============+====================+
| Self-attention| - parallel         |
|               | - long range       |
+---------------+--------------------+
```

A cell may hold several lines, paragraphs and list items (kept as lines of the cell), and,
as newer pandoc allows, span columns or rows: each cell is found as the rectangle its
borders close; a spanning cell's text stands in the first row and column it covers, the
cells under it are empty, and its `rowspan`/`colspan` has them merged on the slide (a
spanning header cell is not merged: the header rows are read as one).
Colons in the `=` line (or the top line, without a header) set alignment. Columns are
counted in display cells, so Korean text lined up on screen is read as it looks; a table
whose borders do not meet is read row by row between its `+---` lines, its text all kept.
"""

from __future__ import annotations

import bisect
import heapq
import textwrap

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.parse.kramdown_table import split_cells
from slidegen.parse.table_columns import block_line, char_width, may_start
from slidegen.parse.table_tokens import HARD_BREAK, Align, Cell, push_table, wrapped
from slidegen.records import record
from slidegen.regex import lazy_compile

__all__ = ["grid_table", "grid_table_plugin"]

_TOP = lazy_compile(r"^ {0,3}\+(?:[-:]+\+)+$")
_BORDER = lazy_compile(r"^\+[-=:+]*\+$")
_RULE = lazy_compile(r"^[-=:+]+$")  # a border inside a row: a spanning cell's edge
_ITEM = lazy_compile(r"^([-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_WIDE = "\0"  # the second display cell of a wide character


@record(frozen=True)
class _Rect:
    top: int
    left: int
    bottom: int
    right: int


def grid_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if not may_start(state, start):
        return False
    first = block_line(state, start)
    if not _TOP.match(first):
        return False
    indent = len(first) - len(first.lstrip())
    lines = [first[indent:]]
    while start + len(lines) < end and state.sCount[start + len(lines)] >= state.blkIndent:
        text = block_line(state, start + len(lines))
        if text[:indent].strip() or text[indent:indent + 1] not in ("+", "|"):
            break
        lines.append(text[indent:])
    while lines and not _BORDER.match(lines[-1]):
        lines.pop()  # lines after the last border are not the table's
    if len(lines) < 3:
        return False
    if silent:
        return True
    rects = None
    for wide in (True, False):  # as shown on screen; else as counted in characters
        grid = _grid(lines, wide)
        if (rects := _rectangles(grid)) is not None:
            break
    ruled = next((n for n, text in enumerate(lines) if n and "=" in text
                  and _BORDER.match(text)), None)
    header, rows, align = (_from_rects(grid, rects, ruled, start) if rects is not None
                           else _by_rows(lines, ruled, start))
    table = push_table(state, (start, start + len(lines)), header, rows, align)
    if rects is None:
        table.meta["warning"] = (
            "grid table whose borders do not line up: read row by row between its +--- "
            "lines; line each | up under a + (a wide character counts as two)")
    state.line = start + len(lines)
    return True


def _grid(lines: list[str], wide: bool) -> list[list[str]]:
    """Lines as rows of display cells, padded to one width."""
    rows = []
    for text in lines:
        row: list[str] = []
        for char in text:
            width = char_width(char) if wide else 1
            if width == 0 and row:
                row[-1] += char
                continue
            row.append(char)
            row.extend([_WIDE] * (width - 1))
        rows.append(row)
    width = max(len(row) for row in rows)
    return [row + [" "] * (width - len(row)) for row in rows]


def _rectangles(grid: list[list[str]]) -> list[_Rect] | None:
    """Every cell's rectangle, found from the top-left corners outward; None when they do
    not cover the table (borders that do not meet)."""
    height, width = len(grid), len(grid[0])
    done = [0] * width  # per column, the line its cells so far reach down to
    corners, rects = [(0, 0)], []
    while corners:
        top, left = heapq.heappop(corners)
        if top >= height - 1 or left >= width - 1 or top < done[left]:
            continue
        rect = _cell_at(grid, top, left)
        if rect is None:
            continue
        if any(done[column] != top for column in range(left, rect.right)):
            return None  # a cell over a gap: some row's borders do not meet
        rects.append(rect)
        for column in range(left, rect.right):
            done[column] = rect.bottom
        heapq.heappush(corners, (top, rect.right))
        heapq.heappush(corners, (rect.bottom, left))
    last = max((n for n, char in enumerate(grid[0]) if char == "+"), default=0)
    complete = all(done[n] == height - 1 for n in range(last))
    return rects if complete and rects else None


def _cell_at(grid: list[list[str]], top: int, left: int) -> _Rect | None:
    if grid[top][left] != "+":
        return None
    for right in range(left + 1, len(grid[0])):
        char = grid[top][right]
        if char == "+":
            for bottom in range(top + 1, len(grid)):
                edge = grid[bottom][right]
                if edge == "+" and _closed(grid, _Rect(top, left, bottom, right)):
                    return _Rect(top, left, bottom, right)
                if edge not in "|+":
                    break
        elif char not in "-=:":
            return None
    return None


def _closed(grid: list[list[str]], rect: _Rect) -> bool:
    bottom = grid[rect.bottom][rect.left:rect.right + 1]
    side = [grid[n][rect.left] for n in range(rect.top + 1, rect.bottom)]
    return (bottom[0] == "+" and all(c in "-=:+" for c in bottom)
            and all(c in "|+" for c in side))


def _from_rects(grid: list[list[str]], rects: list[_Rect], ruled: int | None,
                start: int) -> tuple[list[Cell] | None, list[list[Cell]], list[Align]]:
    tops = sorted({rect.top for rect in rects})
    lefts = sorted({rect.left for rect in rects})
    row_of, column_of = {top: n for n, top in enumerate(tops)}, {x: n for n, x in enumerate(lefts)}
    heads = sum(1 for top in tops if ruled is not None and top < ruled)
    table = [[Cell("", start + top + 1) for _ in lefts] for top in tops]
    for rect in rects:
        inside = ["".join(grid[n][rect.left + 1:rect.right]).replace(_WIDE, "")
                  for n in range(rect.top + 1, rect.bottom)]
        row, column = row_of[rect.top], column_of[rect.left]
        table[row][column] = Cell(_cell_markdown(inside), start + rect.top + 1,
                                  _count(tops, rect.top, rect.bottom) if row >= heads else 1,
                                  _count(lefts, rect.left, rect.right))
    body = table[heads:]
    header = [Cell(HARD_BREAK.join(c.text for c in column if c.text), column[0].line)
              for column in zip(*table[:heads], strict=True)] if heads else None
    rule = "".join(grid[ruled if ruled is not None else 0])
    return header, body, [_align(rule, left) for left in lefts]


def _count(bounds: list[int], low: int, high: int) -> int:
    """How many rows (or columns) starting at `bounds` a cell from `low` to `high` covers."""
    return bisect.bisect_left(bounds, high) - bisect.bisect_left(bounds, low)


def _align(rule: str, left: int) -> Align:
    """The colons of the segment of `rule` that starts at column `left`."""
    end = rule.find("+", left + 1)
    if rule[left:left + 1] != "+" or end < 0:
        return None
    colons = (rule[left + 1] == ":", rule[end - 1] == ":")
    return {(True, False): "left", (False, True): "right", (True, True): "center"}.get(colons)


def _cell_markdown(lines: list[str]) -> str:
    """A cell's lines as one inline text: wrapped lines joined, each paragraph and list
    item on a line of its own (a bullet as •)."""
    out: list[str] = []
    gap = True
    for text in textwrap.dedent("\n".join(line.rstrip() for line in lines)).split("\n"):
        item = _ITEM.match(text)
        if not text.strip():
            gap = True
        elif gap or item or not out:
            mark = ("• " if item.group(1) in "-*+" else item.group(1) + " ") if item else ""
            out.append(mark + (item.group(2) if item else text.strip()))
            gap = False
        else:
            out[-1] = wrapped([out[-1], text.strip()])
    return HARD_BREAK.join(out)


def _by_rows(lines: list[str], ruled: int | None,
             start: int) -> tuple[list[Cell] | None, list[list[Cell]], list[Align]]:
    """Rows between border lines, each line cut at its `|`s: for borders that do not meet."""
    rows: list[list[Cell]] = []
    head = 0
    for n, text in enumerate(lines):
        if _BORDER.match(text):
            head = len(rows) if n == ruled else head
            rows.append([])
            continue
        cells = ["" if _RULE.match(piece) else piece for piece in split_cells(text)]
        if not rows[-1]:
            rows[-1] = [Cell("", start + n) for _ in cells]
        for k, piece in enumerate(cells):
            if k >= len(rows[-1]):
                rows[-1].append(Cell("", start + n))
            joined = f"{rows[-1][k].text}\n{piece}".strip()
            rows[-1][k] = Cell(joined, rows[-1][k].line)
    rows = [row for row in rows if row]
    rule = lines[ruled if ruled is not None else 0]
    align = [_align(rule, n) for n, char in enumerate(rule) if char == "+"][:-1]
    return (rows[0] if head else None), rows[1:] if head else rows, align


def grid_table_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "grid_table", grid_table)
