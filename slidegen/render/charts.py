"""ChartShape → a native PowerPoint chart, in the theme's fonts and colours, its source in
the alt text.

python-pptx writes the chart's XML and its embedded workbook, and formats it; it is imported
here, for decks with a chart, and nowhere else in the render process."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lxml import etree

from slidegen.deck import ChartShape, DeckStyle
from slidegen.hangul import lang_of
from slidegen.render.canvas import Canvas
from slidegen.render.geometry import emu
from slidegen.render.opc import CT_CHART, CT_SHEET, RT_CHART, RT_PACKAGE, Part
from slidegen.render.pptx_compat import dated_chart_data
from slidegen.render.shapes import hex_colour, set_descr, set_name
from slidegen.render.text import clean_text
from slidegen.render.xmlstr import qn

WORKBOOK_DATE = dt.datetime(2000, 1, 1)  # the chart's embedded workbook: same deck, same bytes


def palette(style: DeckStyle) -> list[str]:
    """Slice colours from the theme: its accent and title colours, then lighter tints."""
    from slidegen.diagram.style import mix  # the diagrams' tinting (their package: charts only)

    c = style.colors
    base = [c.accent, c.title, c.muted, c.link]
    return [*base, *(mix(color, c.background, 0.5) for color in base)]


def draw_chart(slide: Canvas, chart: ChartShape, style: DeckStyle, name: str,
               lang: str) -> Any:
    from pptx.chart.chart import Chart
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.oxml import parse_xml
    from pptx.oxml.shapes.graphfrm import CT_GraphicalObjectFrame

    data = dated_chart_data(WORKBOOK_DATE)
    data.categories = [clean_text(label) for label in chart.labels]
    data.add_series(clean_text(chart.title) or "Series 1", chart.values)
    package = slide.package
    space = parse_xml(data.xml_bytes(XL_CHART_TYPE.PIE))
    part = Part(package.next_name("/ppt/charts/chart%d.xml"), CT_CHART, element=space)
    workbook = Part(package.next_name("/ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx"), CT_SHEET,
                    data.xlsx_blob)
    space.get_or_add_externalData().rId = part.relate_to(workbook, RT_PACKAGE)
    r_id = slide.part.relate_to(part, RT_CHART)
    b = chart.box
    shape_id = slide.next_id()
    frame = slide.add(CT_GraphicalObjectFrame.new_chart_graphicFrame(
        shape_id, f"Chart {shape_id - 1}", r_id, emu(b.x), emu(b.y), emu(b.w), emu(b.h)))
    set_name(frame, name)
    set_descr(frame, chart.source)
    _format(Chart(space, None), space, chart, style, lang)
    return frame


def _format(plot_chart: Any, space: Any, chart: ChartShape, style: DeckStyle,
            lang: str) -> None:
    """Title, legend, data labels and slice colours, in the theme's fonts and colours."""
    from pptx.enum.chart import XL_DATA_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.util import Pt

    _fonts(plot_chart, space, style, chart, lang)
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


def _fonts(chart: Any, space: Any, style: DeckStyle, shape: ChartShape, lang: str) -> None:
    """The chart's default text: the theme's body typefaces (East Asian too) and language."""
    from pptx.util import Pt

    chart.font.size = Pt(shape.size)
    chart.font.color.rgb = _rgb(style.colors.text)
    def_r_pr = space.find(qn("c:txPr")).find(qn("a:p")).find(
        qn("a:pPr")).find(qn("a:defRPr"))
    text = " ".join(shape.labels) + shape.title
    def_r_pr.set("lang", lang_of(text, lang))
    for tag, face in (("a:latin", style.fonts.body.latin), ("a:ea", style.fonts.body.ea),
                      ("a:cs", style.fonts.body.latin)):
        for old in def_r_pr.findall(qn(tag)):
            def_r_pr.remove(old)
        etree.SubElement(def_r_pr, qn(tag)).set("typeface", face)


def _rgb(color: str) -> Any:
    """A theme colour as python-pptx's chart formatting takes it."""
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour(color))
