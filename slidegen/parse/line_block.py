"""pandoc's line blocks: lines that begin with `| ` keep their line breaks and leading spaces
(verse, addresses); a line that begins with a space continues the one above.

```
| 로마의 노래
|     두 번째 줄은 들여쓰기
| 세 번째 줄
```

kramdown reads lines that start with `|` as a table, so without this rule a poem became a
one-column table. A line with a second `|` (a cell boundary) or one that ends with `|` is a
table's row, and those lines are left to the table rules.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.parse.kramdown_table import split_cells
from slidegen.parse.lines import line_text
from slidegen.parse.table_tokens import HARD_BREAK

__all__ = ["line_block", "line_block_plugin"]

_NBSP = "\u00a0"


def line_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start) or not _is_line(line_text(state, start)):
        return False
    lines: list[str] = []
    line = start
    while line < end and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
        text = line_text(state, line)
        if _is_line(text):
            body = text[2:]
            if body.rstrip().endswith("|") or len(split_cells(text)) > 1:
                return False  # a table's row
            indent = len(body) - len(body.lstrip(" "))
            lines.append(_NBSP * indent + body.strip())  # kept: Markdown drops leading spaces
        elif state.sCount[line] > state.blkIndent and lines:
            lines[-1] += "\n" + text.strip()  # a continuation line
        else:
            break
        line += 1
    while lines and not lines[-1]:
        lines.pop()
    if silent:
        return True
    opened = state.push("paragraph_open", "p", 1)
    opened.map = [start, line]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = HARD_BREAK.join(lines), [start, line], []
    state.push("paragraph_close", "p", -1)
    state.line = line
    return True


def _is_line(text: str) -> bool:
    return text.startswith("| ") or text.rstrip() == "|"


def line_block_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("kramdown_table", "line_block", line_block)
