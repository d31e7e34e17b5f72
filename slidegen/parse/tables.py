"""A table's tokens → `Table` (header, rows of cells as spans, column alignment), and
pandoc's `Table: caption` paragraph next to it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal, Protocol

from markdown_it.token import Token

from slidegen.document import Block, CellSpan, Paragraph, Span, Table
from slidegen.regex import lazy_compile


class CellReader(Protocol):
    def spans(self) -> list[Span]: ...

    def finish(self) -> list[Block]: ...


def read_table(tokens: list[Token], i: int, line: int,
               cell: Callable[[Token], CellReader]) -> tuple[Table, list[Block], int]:
    """The table opened at `tokens[i]`, blocks its cells held that a cell cannot (pictures),
    and the index after its end. `cell` reads one cell's inline token. The first row's
    cells give the alignment (a table without a header has it on its first body row)."""
    header: list[list[Span]] = []
    rows: list[list[list[Span]]] = []
    align: list[Literal["left", "center", "right"] | None] = []
    extra: list[Block] = []
    spans: list[CellSpan] = []
    row: list[list[Span]] = []
    in_head = False
    j = i + 1
    while j < len(tokens) and tokens[j].type != "table_close":
        token = tokens[j]
        kind = token.type
        if kind == "thead_open":
            in_head = True
        elif kind == "tbody_open":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open"):
            if not header and not rows:  # the first row
                align.append(_alignment(token))
            if not in_head and (span := _span(token, len(rows), len(row))) is not None:
                spans.append(span)
        elif kind == "inline":
            inline = cell(token)
            row.append(inline.spans())
            extra.extend(inline.finish())
        elif kind == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
        j += 1
    if rows and not any(span.text.strip() for cell_spans in header for span in cell_spans):
        header = []  # `| | |` over the rows (GitBook's cards, headerless GFM): no header row
    return Table(header=header, rows=rows, line=line, align=align, spans=spans), extra, j + 1


def _alignment(token: Token) -> Literal["left", "center", "right"] | None:
    found = re.search(r"text-align:\s*(left|center|right)", str(token.attrGet("style") or ""))
    return found.group(1) if found else None  # type: ignore[return-value]


def _span(token: Token, row: int, column: int) -> CellSpan | None:
    """A body cell's `rowspan`/`colspan` (a grid table's spanning cell), if it has one."""
    rows, columns = (str(token.attrGet(name) or "1") for name in ("rowspan", "colspan"))
    if not (rows.isdigit() and columns.isdigit()) or rows == columns == "1":
        return None
    return CellSpan(row, column, max(1, int(rows)), max(1, int(columns)))


_TABLE_CAPTION = lazy_compile(r"^(?:Table:|:)[ \t]+(.+?)[ \t]*(?:\{([^{}]*)\})?$", re.I)


def table_caption(block: Block, labels: dict[str, str]) -> str:
    """pandoc's table caption, a paragraph `Table: text {#tbl-x}` or `: text` next to a
    table, as shown ("Table 1: text" when its id is numbered); "" for any other block."""
    if not isinstance(block, Paragraph):
        return ""
    match = _TABLE_CAPTION.match(paragraph_text(block))
    if not match or "\n" in match.group(1):
        return ""
    ids = re.findall(r"#([\w:.-]+)", match.group(2) or "")
    label = next((labels[i.lower()] for i in ids if i.lower() in labels), "")
    return f"{label}: {match.group(1)}" if label else match.group(1)


def paragraph_text(block: Paragraph) -> str:
    return "".join(span.text for span in block.spans).strip()
