"""python-pptx's private attributes, in one place.

The render process draws without python-pptx; two things still go through it: a deck read
back for checking (`slidegen.check.boxes`, which needs the lxml element under a shape proxy),
and a chart's data and workbook (`render.charts`). Each private attribute is reached through
one function here, and tests/test_pptx_compat.py checks each against the installed
python-pptx, so an upgrade that moves one fails there, by name, not somewhere in a deck.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from lxml import etree


def element(proxy: Any) -> etree._Element:
    """The XML element under a shape, picture or slide proxy."""
    return proxy._element


def shape_tree(shapes: Any) -> etree._Element:
    """The `p:spTree` element of a slide's shapes."""
    return shapes._spTree


def dated_chart_data(created: dt.datetime) -> Any:
    """python-pptx's category chart data whose embedded workbook carries `created` as its
    creation date instead of the clock's (the same deck gives the same bytes)."""
    from pptx.chart.data import CategoryChartData  # and xlsxwriter: only decks with charts
    from pptx.chart.xlsx import CategoryWorkbookWriter

    class DatedWriter(CategoryWorkbookWriter):  # type: ignore[misc]
        @contextlib.contextmanager
        def _open_worksheet(self, xlsx_file: Any) -> Iterator[tuple[Any, Any]]:
            with super()._open_worksheet(xlsx_file) as (workbook, worksheet):
                workbook.set_properties({"created": created})
                yield workbook, worksheet

    class DatedData(CategoryChartData):  # type: ignore[misc]
        @property
        def _workbook_writer(self) -> CategoryWorkbookWriter:
            return DatedWriter(self)

    return DatedData()
