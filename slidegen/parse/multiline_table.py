"""pandoc's multiline tables: a row's cells wrap over several lines, rows are separated by
blank lines, and the table starts and ends with a line of dashes.

```
-------------------------------------------------
 Term        Meaning
----------- -------------------------------------
 Encoder     Six layers, each self-attention and
             a feed-forward network.

 Decoder     Masked attention on top.
-------------------------------------------------
```

The header (one or more lines between the opening line and the column line) may be left
out; the table then opens with the column line. pandoc tries a table with a header first,
then a simple table, then one without a header, and so do the rules: `multiline_table`
runs before `simple_table`, `headless_multiline_table` after it. The opening line must
reach the last column, as a line drawn across a table does; a `---` slide separator above
a table's header is not its top.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.parse.table_columns import (
    Columns,
    block_line,
    column_line,
    dash_groups,
    is_footer,
    may_start,
)
from slidegen.parse.table_tokens import Cell, push_table, wrapped

__all__ = ["headless_multiline_table", "multiline_table", "multiline_table_plugin"]


def multiline_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start) or not may_start(state, start):
        return False
    top = dash_groups(block_line(state, start))
    if not top:  # a table opens with a line of dashes: no need to read on
        return False
    line = start + 1
    while (line < end and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent
           and not dash_groups(block_line(state, line))):
        line += 1
    columns = column_line(state, line, end) if line > start + 1 else None
    if columns is None or top[-1][1] <= columns.groups[-1][0]:
        return False
    return _table(state, (start, line, end), columns, list(range(start + 1, line)), silent)


def headless_multiline_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if not may_start(state, start):
        return False
    columns = column_line(state, start, end)
    return columns is not None and _table(state, (start, start, end), columns, [], silent)


def _rows(state: StateBlock, first: int, end: int) -> tuple[list[list[int]], int] | None:
    """The line numbers of each row, and the table's closing line; None without one. A
    line of dashes that does not close the table ends the search (pandoc would read it as a
    row's text; no table has one, and each start would otherwise read on to the note's end)."""
    rows: list[list[int]] = []
    line = first
    while line < end and state.sCount[line] >= state.blkIndent:
        if is_footer(state, line, end):
            return (rows, line) if rows else None
        if state.isEmpty(line):
            line += 1
            continue
        if dash_groups(block_line(state, line)):
            return None
        if not rows or state.isEmpty(line - 1):
            rows.append([])
        rows[-1].append(line)
        line += 1
    return None


def _cells(state: StateBlock, columns: Columns, lines: list[int]) -> list[Cell]:
    """One row's cells: each column's pieces of its lines, joined as one wrapped text."""
    pieces = [columns.split(block_line(state, n)) for n in lines]
    return [Cell(wrapped([p[n].strip() for p in pieces if p[n].strip()]), lines[0])
            for n in range(len(columns.groups))]


def _table(state: StateBlock, where: tuple[int, int, int], columns: Columns,
           header: list[int], silent: bool) -> bool:
    start, column_at, end = where
    if state.isEmpty(column_at + 1) if column_at + 1 < end else True:
        return False  # the first row follows the column line at once
    found = _rows(state, column_at + 1, end)
    if found is None:
        return False
    rows, closing = found
    if not header and any(columns.cuts_words(block_line(state, n)) for row in rows for n in row):
        return False  # without a header, text not laid out in the columns is not a table
    if silent:
        return True
    texts = [block_line(state, n) for n in header] or [block_line(state, rows[0][0])]
    push_table(state, (start, closing + 1), _cells(state, columns, header) if header else None,
               [_cells(state, columns, row) for row in rows], columns.align(texts))
    state.line = closing + 1
    return True


def multiline_table_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("simple_table", "multiline_table", multiline_table)
    md.block.ruler.after("simple_table", "headless_multiline_table", headless_multiline_table)
