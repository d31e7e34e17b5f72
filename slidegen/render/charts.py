"""ChartShape → a native PowerPoint chart (python-pptx charts), in the theme's fonts and
colours, its source in the alt text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree
from pptx.enum.chart import XL_CHART_TYPE, XL_DATA_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Pt

from slidegen.deck import ChartShape, DeckStyle
from slidegen.hangul import lang_of
from slidegen.render.geometry import emu
from slidegen.render.pptx_compat import chart_space, dated_chart_data
from slidegen.render.shapes import _rgb, qn, set_descr
from slidegen.render.text import clean_text

WORKBOOK_DATE = dt.datetime(2000, 1, 1)  # the chart's embedded workbook: same deck, same bytes


def palette(style: DeckStyle) -> list[str]:
    """Slice colours from the theme: its accent and title colours, then lighter tints."""
    from slidegen.diagram.style import mix  # the diagrams' tinting (their package: charts only)

    c = style.colors
    base = [c.accent, c.title, c.muted, c.link]
    return [*base, *(mix(color, c.background, 0.5) for color in base)]


def draw_chart(slide: Any, chart: ChartShape, style: DeckStyle, name: str, lang: str) -> Any:
    data = dated_chart_data(WORKBOOK_DATE)
    data.categories = [clean_text(label) for label in chart.labels]
    data.add_series(clean_text(chart.title) or "Series 1", chart.values)
    b = chart.box
    frame = slide.shapes.add_chart(XL_CHART_TYPE.PIE, emu(b.x), emu(b.y), emu(b.w), emu(b.h),
                                   data)
    frame.name = name
    set_descr(frame, chart.source)
    plot_chart = frame.chart
    _fonts(plot_chart, style, chart, lang)
    plot_chart.has_title = bool(chart.title)
    if chart.title:
        plot_chart.chart_title.text_frame.text = clean_text(chart.title)
        plot_chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(
            round(chart.size * 1.1, 1))
        plot_chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True
    plot_chart.has_legend = True
    plot_chart.legend.position = XL_LEGEND_POSITION.RIGHT
    plot_chart.legend.include_in_layout = False
    plot = plot_chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = "0.#%" if not chart.show_values else "General"
    labels.number_format_is_linked = False
    labels.show_percentage = not chart.show_values
    labels.show_value = chart.show_values
    labels.position = XL_DATA_LABEL_POSITION.OUTSIDE_END  # dark text never on a dark slice
    labels.font.color.rgb = _rgb(style.colors.text)
    colours = palette(style)
    for index, point in enumerate(plot.series[0].points):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(colours[index % len(colours)])
        point.format.line.color.rgb = _rgb(style.colors.background)
    return frame


def _fonts(chart: Any, style: DeckStyle, shape: ChartShape, lang: str) -> None:
    """The chart's default text: the theme's body typefaces (East Asian too) and language."""
    chart.font.size = Pt(shape.size)
    chart.font.color.rgb = _rgb(style.colors.text)
    def_r_pr = chart_space(chart).find(qn("c:txPr")).find(qn("a:p")).find(
        qn("a:pPr")).find(qn("a:defRPr"))
    text = " ".join(shape.labels) + shape.title
    def_r_pr.set("lang", lang_of(text, lang))
    for tag, face in (("a:latin", style.fonts.body.latin), ("a:ea", style.fonts.body.ea),
                      ("a:cs", style.fonts.body.latin)):
        for old in def_r_pr.findall(qn(tag)):
            def_r_pr.remove(old)
        etree.SubElement(def_r_pr, qn(tag)).set("typeface", face)
