"""TeX formulas → Office Math equations: latex2mathml for TeX → MathML, ours for → OMML.

`convert` returns an `Equation` ready for the deck, or
`Unconvertible` naming what could not be converted, so the caller can warn and show the TeX.
Conversions are remembered for the process and on disk (`cache`), by content.
"""

from __future__ import annotations

import html
from dataclasses import asdict
from functools import lru_cache

from lxml import etree

from slidegen.deck import Equation
from slidegen.math import cache
from slidegen.math.linear import plain, reading
from slidegen.math.omml import MATH_NS, Unsupported, m, to_omath
from slidegen.math.size import measure
from slidegen.math.tex import Macro, Macros, expand, rows, without_definitions
from slidegen.records import record
from slidegen.regex import lazy_compile

__all__ = ["Unconvertible", "convert"]

_MACRO = lazy_compile(r"\\[A-Za-z]+")


@record(frozen=True)
class Unconvertible:
    """A formula that could not be converted, and the macro (or part) to blame."""

    tex: str
    reason: str


def convert(tex: str, display: bool, macros: Macros | None = None
            ) -> Equation | Unconvertible:
    """The equation for `tex` (display: a formula on a line of its own)."""
    table = tuple(sorted((macros or {}).items()))
    return _convert(tex, display, table)


@lru_cache(maxsize=4096)
def _convert(tex: str, display: bool, macros: tuple[tuple[str, Macro], ...]
             ) -> Equation | Unconvertible:
    digest = cache.key(tex, display, macros)
    stored = cache.load(digest)
    try:
        if stored is not None and "reason" in stored:
            return Unconvertible(**stored)
        if stored is not None:
            return Equation(**stored)
    except TypeError:
        pass  # an entry of another shape: convert again
    result = _converted(tex, display, macros)
    cache.store(digest, asdict(result))
    return result


def _converted(tex: str, display: bool, macros: tuple[tuple[str, Macro], ...]
               ) -> Equation | Unconvertible:
    source = expand(without_definitions(tex), dict(macros))
    try:
        element = _display(source) if display else _inline(source)
    except Unsupported as exc:
        return Unconvertible(tex, _blame(str(exc)))
    except Exception as exc:  # latex2mathml raises many kinds on bad TeX
        return Unconvertible(tex, _blame(f"{exc}") or type(exc).__name__)
    extent = measure(element)
    omml = etree.tostring(element, encoding="unicode")
    return Equation(tex=tex, omml=omml, display=display, text=plain(element),
                    width=round(extent.width, 3), height=round(extent.height, 3),
                    ascent=round(extent.ascent, 3))


def reading_of(tex: str, macros: Macros | None = None) -> str | None:
    """An inline formula as one line of text (`linear.reading`); None when it cannot be
    converted."""
    result = convert(tex, False, macros)
    if isinstance(result, Unconvertible):
        return None
    return reading(etree.fromstring(result.omml))


def _blame(message: str) -> str:
    found = _MACRO.search(message)
    return found.group(0) if found else message.strip()[:60]


def _omath(tex: str, display: bool) -> object:
    if not tex.strip():
        return etree.Element(m("oMath"), nsmap={"m": MATH_NS})
    from latex2mathml.converter import convert_to_element  # a third of a second to import

    math = convert_to_element(tex, display="block" if display else "inline")
    for node in math.iter():  # latex2mathml keeps characters as entity references
        if node.text and "&" in node.text:
            node.text = html.unescape(node.text)
    return to_omath(math)


def _inline(tex: str) -> object:
    return _omath(tex, False)


def _display(tex: str) -> object:
    """`m:oMathPara` holding one `m:oMath`; aligned rows become an `m:eqArr` in it."""
    table, aligned = rows(tex)
    para = etree.Element(m("oMathPara"), nsmap={"m": MATH_NS})
    etree.SubElement(etree.SubElement(para, m("oMathParaPr")), m("jc")).set(
        m("val"), "centerGroup")
    if not aligned:
        para.append(_omath(table[0][0], True))
        return para
    o_math = etree.SubElement(para, m("oMath"))
    array = etree.SubElement(o_math, m("eqArr"))
    for cells in table:
        e = etree.SubElement(array, m("e"))
        for n, cell in enumerate(cells):
            if n:
                r = etree.SubElement(e, m("r"))
                etree.SubElement(r, m("t")).text = "&"
            e.extend(list(_omath(cell, True)))
    return para
