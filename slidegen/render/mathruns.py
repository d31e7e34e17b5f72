"""One equation run inside a paragraph: `a14:m` holding the run's Office Math."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from lxml import etree

from slidegen.deck import Run
from slidegen.render.shapes import qn

A14_NS = "http://schemas.microsoft.com/office/drawing/2010/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A14_M = f"{{{A14_NS}}}m"
MATH_FONT = "Cambria Math"


@lru_cache(maxsize=2048)
def _parsed(omml: str) -> Any:
    return etree.fromstring(omml)


def add_math(p: Any, run: Run) -> None:
    """Append the run's equation to paragraph `p`."""
    assert run.math is not None
    holder = etree.SubElement(p, A14_M, nsmap={"a14": A14_NS})
    holder.append(copy.deepcopy(_parsed(run.math.omml)))


def math_defaults(p_pr: Any, size: float, color: str, lang: str, bold: bool) -> None:
    """`a:defRPr` in the paragraph's properties: what its equations are drawn with.

    Math runs (`m:r`) take no DrawingML run properties in the schema, so their size, colour
    and typeface come from the paragraph they sit in.
    """
    r_pr = etree.SubElement(p_pr, qn("a:defRPr"))
    r_pr.set("lang", lang)
    r_pr.set("sz", str(max(100, round(size * 100))))
    if bold:
        r_pr.set("b", "1")
    etree.SubElement(etree.SubElement(r_pr, qn("a:solidFill")), qn("a:srgbClr")).set("val", color)
    etree.SubElement(r_pr, qn("a:latin")).set("typeface", MATH_FONT)
    etree.SubElement(r_pr, qn("a:cs")).set("typeface", MATH_FONT)
