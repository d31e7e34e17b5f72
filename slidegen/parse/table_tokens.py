"""The tokens every table rule hands on: markdown-it's own table tokens (`table_open`,
`thead`/`tbody`, `tr`, `th`/`td` with a `text-align` style, an `inline` per cell), so that a
kramdown, simple, multiline or grid table becomes the same `Table` as a pipe table does."""

from __future__ import annotations

from typing import Literal

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from slidegen.records import record
from slidegen.regex import lazy_compile

__all__ = ["HARD_BREAK", "Align", "Cell", "push_table", "wrapped"]

Align = Literal["left", "center", "right"] | None
HARD_BREAK = "\\\n"  # a line break within a cell's (or a line block's) inline Markdown


_OPEN_TARGET = lazy_compile(r"\]\([^()\s]*$")  # a link's target, not closed on this line


def wrapped(lines: list[str]) -> str:
    """A cell's lines as one text, joined as wrapped lines are (a soft break), but a link
    target a writer wrapped mid-URL (pandoc wraps `](h` / `ttps://…)`) joined whole."""
    text = ""
    for line in lines:
        text += ("" if not text or _OPEN_TARGET.search(text) else "\n") + line
    return text


@record(frozen=True)
class Cell:
    """A cell's Markdown (inline; `\\n` is a soft break), the line it starts on, and how
    many rows and columns it covers (the cells it covers are still pushed, empty)."""

    text: str
    line: int
    rows: int = 1
    columns: int = 1


def push_table(state: StateBlock, lines: tuple[int, int], header: list[Cell] | None,
               rows: list[list[Cell]], align: list[Align]) -> Token:
    """Push one table (its `table_open` returned); rows shorter than the widest are padded
    with empty cells."""
    width = max([len(header or []), *(len(row) for row in rows)], default=0)
    table = state.push("table_open", "table", 1)
    table.map = [lines[0], lines[1]]
    parts = ([("thead", "th", [header])] if header is not None else []) + (
        [("tbody", "td", rows)] if rows else [])
    for part, tag, part_rows in parts:
        state.push(f"{part}_open", part, 1)
        for row in part_rows:
            _push_row(state, tag, row, width, align)
        state.push(f"{part}_close", part, -1)
    state.push("table_close", "table", -1)
    return table


def _push_row(state: StateBlock, tag: str, row: list[Cell], width: int,
              align: list[Align]) -> None:
    first = row[0].line if row else state.line
    opened = state.push("tr_open", "tr", 1)
    opened.map = [first, first + 1]
    for n in range(width):
        cell = row[n] if n < len(row) else Cell("", first)
        token = state.push(f"{tag}_open", tag, 1)
        if n < len(align) and align[n]:
            token.attrSet("style", f"text-align:{align[n]}")
        if cell.rows > 1:
            token.attrSet("rowspan", str(cell.rows))
        if cell.columns > 1:
            token.attrSet("colspan", str(cell.columns))
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = cell.text, [cell.line, cell.line + 1], []
        state.push(f"{tag}_close", tag, -1)
    state.push("tr_close", "tr", -1)
