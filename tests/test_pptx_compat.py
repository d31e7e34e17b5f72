"""The contract with python-pptx's private attributes: each accessor in render/pptx_compat,
tried on a real presentation with the installed python-pptx. A failure here names the
attribute an upgrade moved; pyproject pins python-pptx to the versions this passes on."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from pptx import Presentation
from pptx.util import Pt

from slidegen.render import pptx_compat as compat

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def test_elements_under_the_proxies() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Pt(10), Pt(10), Pt(100), Pt(40))
    assert compat.element(slide).tag == f"{P}sld"
    assert compat.element(box).tag == f"{P}sp"
    assert compat.shape_tree(slide.shapes).tag == f"{P}spTree"


def test_chart_workbook_has_the_given_date() -> None:
    from pptx.enum.chart import XL_CHART_TYPE

    when = dt.datetime(2001, 2, 3, 4, 5, 6)
    data = compat.dated_chart_data(when)
    data.categories = ["a", "b"]
    data.add_series("s", (1.0, 2.0))
    with zipfile.ZipFile(io.BytesIO(data.xlsx_blob)) as xlsx:
        core = xlsx.read("docProps/core.xml")
    assert b"2001-02-03T04:05:06Z" in core
    assert b"<c:pieChart>" in data.xml_bytes(XL_CHART_TYPE.PIE)
