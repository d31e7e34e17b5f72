"""pandoc's simple tables: a header line over a line of dash groups, one line per row, ended
by a blank line; or, without a header, rows between two lines of dashes.

```
  Right     Left     Center     Default
-------     ------ ----------   -------
     12     12        12            12
```

Where the header's text sits over its dashes gives each column's alignment (see
`table_columns`). Like pandoc's, the table starts a block: a line of dashes right under a
paragraph's line is a setext underline or a rule, and a header line whose words a column
boundary would cut is a sentence, not a header, so the lines stay what CommonMark reads.
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
from slidegen.parse.table_tokens import Cell, push_table

__all__ = ["simple_table", "simple_table_plugin", "table_cells"]


def table_cells(columns: Columns, text: str, line: int) -> list[Cell]:
    return [Cell(piece.strip(), line) for piece in columns.split(text)]


def simple_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if not may_start(state, start):
        return False
    headless = column_line(state, start, end)
    columns = headless or column_line(state, start + 1, end)
    if columns is None:
        return False
    header_text = "" if headless else block_line(state, start)
    if not headless and (not header_text.strip() or dash_groups(header_text)
                         or columns.cuts_words(header_text)):
        return False
    first = start + (1 if headless else 2)
    line, rows = first, []
    while line < end and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
        if is_footer(state, line, end):
            break
        rows.append(line)
        line += 1
    closed = is_footer(state, line, end)
    if not rows or (headless and (not closed or columns.cuts_words(block_line(state, first)))):
        return False  # no rows; or not closed, or not in columns, so not a headless table
    if silent:
        return True
    header = None if headless else table_cells(columns, header_text, start)
    align = columns.align([header_text or block_line(state, first)])
    body = [table_cells(columns, block_line(state, n), n) for n in rows]
    stop = line + 1 if closed else line
    push_table(state, (start, stop), header, body, align)
    state.line = stop
    return True


def simple_table_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "simple_table", simple_table)
