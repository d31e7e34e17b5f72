"""TableShape → a native table with explicit fills, borders and cell margins.

The table style is set to "No Style, No Grid" and every cell gets its own fill and bottom
border, so the look does not depend on how an application interprets built-in table styles.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from slidegen.deck import DeckStyle, Run, TableShape, TextParagraph
from slidegen.render.geometry import CELL_INSETS, emu
from slidegen.render.pptx_compat import cell_element, table_element
from slidegen.render.shapes import qn
from slidegen.render.text import TextStyle, code_colour_on, set_body, write_paragraphs

NO_STYLE_NO_GRID = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
BORDER_PT = 0.75


def draw_table(slide: Any, table: TableShape, style: DeckStyle, name: str, lang: str) -> Any:
    colors = style.colors
    b = table.box
    rows: list[list[list[Run]]] = ([table.header] if table.header else []) + table.rows
    ncols = max([len(r) for r in rows] + [len(table.col_widths), 1])
    nrows = max(1, len(rows))
    frame = slide.shapes.add_table(nrows, ncols, emu(b.x), emu(b.y), emu(b.w), emu(b.h))
    frame.name = name
    tbl = frame.table
    tbl_pr = table_element(tbl).tblPr
    tbl_pr.set("firstRow", "1" if table.header else "0")
    tbl_pr.set("bandRow", "1")
    style_id = tbl_pr.find(qn("a:tableStyleId"))
    if style_id is None:
        style_id = etree.SubElement(tbl_pr, qn("a:tableStyleId"))
    style_id.text = NO_STYLE_NO_GRID

    widths = table.col_widths if len(table.col_widths) == ncols else [b.w / ncols] * ncols
    emu_widths = [emu(w) for w in widths]
    for i, w in enumerate(emu_widths):
        tbl.columns[i].width = w
    row_h = emu(b.h) // nrows
    measured = [emu(h) for h in table.row_heights] if len(table.row_heights) == nrows else None
    for i in range(nrows):
        if measured is not None:  # each row as tall as its own text, not the average
            tbl.rows[i].height = measured[i] if i < nrows - 1 else emu(b.h) - sum(measured[:-1])
        else:
            tbl.rows[i].height = row_h if i < nrows - 1 else emu(b.h) - row_h * (nrows - 1)

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
            cell = tbl.cell(r, c)
            tx_body = cell_element(cell).get_or_add_txBody()
            set_body(tx_body, CELL_INSETS, "middle")
            write_paragraphs(tx_body, [TextParagraph(runs, align=align)],
                             head_style if is_head else body_style, slide.part, lang)
            _cell_props(cell_element(cell), fill,
                        colors.muted if not is_head else colors.table_header)
    _merge(tbl, table, nrows, ncols)
    return frame


def _merge(tbl: Any, table: TableShape, nrows: int, ncols: int) -> None:
    """A grid table's spanning cells, merged (their text is in the first, the rest empty)."""
    for row, column, rows, columns in table.merges:
        last_row, last_column = min(row + rows, nrows) - 1, min(column + columns, ncols) - 1
        if row < nrows and column < ncols and (last_row, last_column) != (row, column):
            tbl.cell(row, column).merge(tbl.cell(last_row, last_column))


def _cell_props(tc: Any, fill: str, border: str) -> None:
    """Margins, anchor, a thin bottom border and the fill, in CT_TableCellProperties order."""
    tc_pr = tc.get_or_add_tcPr()
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
