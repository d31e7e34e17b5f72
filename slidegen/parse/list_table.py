"""MyST's `{list-table}`: a table written as a list of rows, each a list of cells, as Jupyter
Book notes write tables whose cells hold more than a pipe table allows. It becomes the table
tokens a pipe table makes, `:header-rows:` rows in the head (one; more are body rows) and its
title as the caption. A cell's lines are one line of text; its Markdown is parsed inline."""

from __future__ import annotations

from markdown_it.rules_block import StateBlock

from slidegen.regex import lazy_compile

_ROW = lazy_compile(r"([ \t]*)[*+-][ \t]+[*+-][ \t]+(.*)")  # `* - first cell`
_CELL = lazy_compile(r"([ \t]*)[*+-][ \t]+(.*)")  # `  - next cell`


def list_table_rows(text: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in text.splitlines():
        if row := _ROW.fullmatch(line):
            rows.append([row.group(2).strip()])
        elif rows and (cell := _CELL.fullmatch(line)) and cell.group(1):
            rows[-1].append(cell.group(2).strip())
        elif rows and line.strip():  # a cell's next line
            rows[-1][-1] = f"{rows[-1][-1]} {line.strip()}".strip()
    return rows


def push_list_table(state: StateBlock, title: str, options: dict[str, str], text: str,
                    lines: tuple[int, int]) -> bool:
    """The table's tokens; False when the body holds no row (then it is shown as written)."""
    rows = list_table_rows(text)
    if not rows:
        return False
    width = max(len(row) for row in rows)
    heads = 1 if options.get("header-rows", "0").strip() not in ("", "0") else 0
    table = state.push("table_open", "table", 1)
    table.map = [lines[0] - 1, lines[1] + 1]
    table.meta = {"caption": title}
    for part, cells in (("thead", rows[:heads]), ("tbody", rows[heads:])):
        if not cells:
            continue
        state.push(f"{part}_open", part, 1)
        for number, row in enumerate(cells):
            state.push("tr_open", "tr", 1)
            for cell in row + [""] * (width - len(row)):
                tag = "th" if part == "thead" else "td"
                state.push(f"{tag}_open", tag, 1)
                inline = state.push("inline", "", 0)
                inline.content, inline.children = cell, []
                inline.map = [lines[0] + number, lines[0] + number + 1]
                state.push(f"{tag}_close", tag, -1)
            state.push("tr_close", "tr", -1)
        state.push(f"{part}_close", part, -1)
    state.push("table_close", "table", -1)
    return True
