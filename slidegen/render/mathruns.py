"""One equation run inside a paragraph: `a14:m` holding the run's Office Math."""

from __future__ import annotations

from slidegen.deck import Run
from slidegen.render.xmlstr import attr

A14_NS = "http://schemas.microsoft.com/office/drawing/2010/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A14_M = f"{{{A14_NS}}}m"
MATH_FONT = "Cambria Math"


def math_xml(run: Run) -> str:
    """The run's equation as the XML of an `a14:m` in a paragraph."""
    assert run.math is not None
    return f'<a14:m xmlns:a14="{A14_NS}">{run.math.omml}</a14:m>'


def math_defaults(size: float, color: str, lang: str, bold: bool) -> str:
    """`a:defRPr` in the paragraph's properties: what its equations are drawn with.

    Math runs (`m:r`) take no DrawingML run properties in the schema, so their size, colour
    and typeface come from the paragraph they sit in.
    """
    bolded = ' b="1"' if bold else ""
    return (f'<a:defRPr lang="{attr(lang)}" sz="{max(100, round(size * 100))}"{bolded}>'
            f'<a:solidFill><a:srgbClr val="{attr(color)}"/></a:solidFill>'
            f'<a:latin typeface="{MATH_FONT}"/><a:cs typeface="{MATH_FONT}"/></a:defRPr>')
