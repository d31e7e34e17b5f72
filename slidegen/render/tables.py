"""TableShape → a native table with explicit fills, borders and cell margins.

The table style is set to "No Style, No Grid" and every cell gets its own fill and bottom
border, so the look does not depend on how an application interprets built-in table styles.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from slidegen.deck import DeckStyle, Run, TableShape, TextParagraph
from slidegen.render.canvas import Canvas
from slidegen.render.geometry import CELL_INSETS, emu
from slidegen.render.shapes import parse_fragment
from slidegen.render.text import TextStyle, code_colour_on, set_body, write_paragraphs
from slidegen.render.xmlstr import FRAGMENT_NS, attr, qn

NO_STYLE_NO_GRID = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
BORDER_PT = 0.75


def draw_table(slide: Canvas, table: TableShape, style: DeckStyle, name: str,
               lang: str) -> Any:
    colors = style.colors
    b = table.box
    rows: list[list[list[Run]]] = ([table.header] if table.header else []) + table.rows
    ncols = max([len(r) for r in rows] + [len(table.col_widths), 1])
    nrows = max(1, len(rows))
    widths = table.col_widths if len(table.col_widths) == ncols else [b.w / ncols] * ncols
    row_h = emu(b.h) // nrows
    measured = [emu(h) for h in table.row_heights] if len(table.row_heights) == nrows else None
    heights = []
    for i in range(nrows):
        if measured is not None:  # each row as tall as its own text, not the average
            heights.append(measured[i] if i < nrows - 1 else emu(b.h) - sum(measured[:-1]))
        else:
            heights.append(row_h if i < nrows - 1 else emu(b.h) - row_h * (nrows - 1))
    frame = slide.add(_frame(slide.next_id(), name, table, [emu(w) for w in widths], heights))
    tbl = frame.find(f"{qn('a:graphic')}/{qn('a:graphicData')}/{qn('a:tbl')}")
    grid = [row.findall(qn("a:tc")) for row in tbl.iter(qn("a:tr"))]

    body_style = TextStyle(size=table.size, fonts=style.fonts.body, color=colors.text,
                           code_fonts=style.fonts.code, link_color=colors.link,
                           bullet_color=colors.accent, line_spacing=1.0,
                           code_color=code_colour_on(colors.code_text, colors.background,
                                                     colors.table_stripe))
    head_style = TextStyle(size=table.size, fonts=style.fonts.body,
                           color=colors.table_header_text, code_fonts=style.fonts.code,
                           link_color=colors.table_header_text, bullet_color=colors.accent,
                           bold=True, line_spacing=1.0, code_color=colors.table_header_text)
    for r, row in enumerate(rows):
        is_head = bool(table.header) and r == 0
        body_index = r - (1 if table.header else 0)
        if is_head:
            fill = colors.table_header
        elif body_index % 2 == 1:
            fill = colors.table_stripe
        else:
            fill = colors.background
        for c in range(ncols):
            runs = row[c] if c < len(row) else []
            align = table.align[c] if c < len(table.align) and table.align[c] else "left"
            cell = grid[r][c]
            tx_body = cell.find(qn("a:txBody"))
            set_body(tx_body, CELL_INSETS, "middle")
            write_paragraphs(tx_body, [TextParagraph(runs, align=align)],
                             head_style if is_head else body_style, slide.part, lang)
            _cell_props(cell, fill, colors.muted if not is_head else colors.table_header)
    _merge(grid, table, nrows, ncols)
    return frame


def _frame(shape_id: int, name: str, table: TableShape, widths: list[int],
           heights: list[int]) -> Any:
    """The table's `p:graphicFrame`: its grid, and empty cells to write into. Its frame is
    as large as the grid (PowerPoint's rule: the frame follows the columns and rows)."""
    b = table.box
    cell = "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p/></a:txBody><a:tcPr/></a:tc>"
    cells = cell * len(widths)
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    rows = "".join(f'<a:tr h="{h}">{cells}</a:tr>' for h in heights)
    return parse_fragment(
        f'<p:graphicFrame {FRAGMENT_NS}><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" '
        f'name="{attr(name)}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
        f'</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="{emu(b.x)}" '
        f'y="{emu(b.y)}"/><a:ext cx="{sum(widths)}" cy="{sum(heights)}"/></p:xfrm><a:graphic>'
        f'<a:graphicData uri="{_TABLE_URI}"><a:tbl><a:tblPr firstRow='
        f'"{1 if table.header else 0}" bandRow="1"><a:tableStyleId>{NO_STYLE_NO_GRID}'
        f"</a:tableStyleId></a:tblPr><a:tblGrid>{grid}</a:tblGrid>{rows}</a:tbl>"
        "</a:graphicData></a:graphic></p:graphicFrame>")


_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"


def _merge(grid: list[list[Any]], table: TableShape, nrows: int, ncols: int) -> None:
    """A grid table's spanning cells, merged (their text is in the first, the rest empty):
    the first cell spans the others, which are marked as merged into it."""
    for row, column, rows, columns in table.merges:
        last_row, last_column = min(row + rows, nrows) - 1, min(column + columns, ncols) - 1
        if row >= nrows or column >= ncols or (last_row, last_column) == (row, column):
            continue
        height, width = last_row - row + 1, last_column - column + 1
        for r in range(row, last_row + 1):
            for c in range(column, last_column + 1):
                tc = grid[r][c]
                if r == row and height > 1:
                    tc.set("rowSpan", str(height))
                if c == column and width > 1:
                    tc.set("gridSpan", str(width))
                if c != column:
                    tc.set("hMerge", "1")
                if r != row:
                    tc.set("vMerge", "1")


def _cell_props(tc: Any, fill: str, border: str) -> None:
    """Margins, anchor, a thin bottom border and the fill, in CT_TableCellProperties order."""
    tc_pr = tc.find(qn("a:tcPr"))
    for child in list(tc_pr):
        tc_pr.remove(child)
    tc_pr.set("marL", str(emu(CELL_INSETS.left)))
    tc_pr.set("marR", str(emu(CELL_INSETS.right)))
    tc_pr.set("marT", str(emu(CELL_INSETS.top)))
    tc_pr.set("marB", str(emu(CELL_INSETS.bottom)))
    tc_pr.set("anchor", "ctr")
    ln = etree.SubElement(tc_pr, qn("a:lnB"))
    ln.set("w", str(emu(BORDER_PT)))
    etree.SubElement(etree.SubElement(ln, qn("a:solidFill")), qn("a:srgbClr")).set("val", border)
    etree.SubElement(etree.SubElement(tc_pr, qn("a:solidFill")),
                     qn("a:srgbClr")).set("val", fill)
