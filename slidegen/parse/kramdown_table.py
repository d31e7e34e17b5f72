"""kramdown tables without a `|---|` row: lines that start with `|` are a table in Jekyll.

GitHub's table rule needs a delimiter row under the header, so such tables came out as
paragraphs full of pipes. Here consecutive `|` lines with no delimiter row become a table whose
first row is the header (what their authors write first); kramdown's separator lines inside the
body (`|---|`, `|===|`, `|:--|`) only separate, and are dropped. Tables with a delimiter row
under their first line are left to the GitHub rule, which reads alignment from it.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.parse.lines import line_text
from slidegen.parse.table_tokens import Cell, push_table
from slidegen.regex import lazy_compile

_SEPARATOR = lazy_compile(r"^\|?\s*[-=:+|\s]*[-=][-=:+|\s]*$")


def split_cells(row: str) -> list[str]:
    """Cells of a `| a | b |` row; `\\|` and pipes inside backticks stay in their cell."""
    body = row.strip()
    body = body[1:] if body.startswith("|") else body
    cells, current, in_code, escaped = [], "", False, False
    for char in body:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            current += char
            escaped = True
        elif char == "`":
            in_code = not in_code
            current += char
        elif char == "|" and not in_code:
            cells.append(current)
            current = ""
        else:
            current += char
    if current.strip():
        cells.append(current)
    return [cell.strip().replace("\\|", "|") for cell in cells]


def kramdown_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start) or not line_text(state, start).startswith("|"):
        return False
    line = start
    rows: list[tuple[int, str]] = []
    while line < end and state.sCount[line] >= state.blkIndent and not state.isEmpty(line):
        text = line_text(state, line)
        if not text.startswith("|") or state.is_code_block(line):
            break
        if line == start + 1 and _SEPARATOR.match(text):
            return False  # a GitHub table: the table rule reads it
        if not _SEPARATOR.match(text):
            rows.append((line, text))
        line += 1
    cells = [split_cells(text) for _, text in rows]
    width = max((len(row) for row in cells), default=0)
    if not any(cell for row in cells for cell in row) or (
            len(rows) == 1 and (width < 2 or not rows[0][1].rstrip().endswith("|"))):
        return False  # `|` alone, or one line that reads as a sentence
    if silent:
        return True
    table = [[Cell(text, row_line) for text in row]
             for (row_line, _), row in zip(rows, cells, strict=True)]
    push_table(state, (start, line), table[0], table[1:], [None] * width)
    state.line = line
    return True


def kramdown_table_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "kramdown_table", kramdown_table)
