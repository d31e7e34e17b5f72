"""Equations as PowerPoint writes them: Office Math in `a14:m`, inside `mc:AlternateContent`.

PowerPoint keeps an equation in a paragraph as `a14:m` holding `m:oMath` (inline) or
`m:oMathPara` (a line of its own). A shape holding one is wrapped in `mc:AlternateContent`:
the `mc:Choice Requires="a14"` is the shape with its equations, the `mc:Fallback` the same
shape with each equation written as text (raised and lowered runs for scripts), for programs
that do not read Office Math. LibreOffice reads the choice, and turns a shape whose only text
is one equation into a formula object; the PDF export hands it the fallback of shapes whose
equations sit among other text (see `slidegen.export_copy`).
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from slidegen.deck import Box, EquationBox, Run, TextParagraph
from slidegen.math.linear import pieces
from slidegen.render.canvas import Canvas
from slidegen.render.geometry import Insets, emu
from slidegen.render.mathruns import A14_M, A14_NS, MATH_FONT, MC_NS
from slidegen.render.shapes import add_textbox
from slidegen.render.text import TextStyle, body_xml
from slidegen.render.xmlstr import qn

_SCRIPT_BASELINE = {"sup": "30000", "sub": "-25000"}


def draw_equation(slide: Canvas, shape: EquationBox, name: str, style: TextStyle) -> Any:
    """A display equation in a text box of its own drawn size, centred in its planned box.

    The box has the equation's aspect: LibreOffice stretches a formula object to its box.
    """
    eq = shape.equation
    width = min(shape.box.w, eq.width * shape.size * 1.04)
    height = min(shape.box.h, eq.height * shape.size)
    box = Box(shape.box.x + (shape.box.w - width) / 2, shape.box.y + (shape.box.h - height) / 2,
              width, height)
    run = Run(eq.text, math=eq, color=shape.color)
    body = body_xml([TextParagraph([run], align="center")], style, slide.part, "en-US",
                    Insets(0, 0, 0, 0), "middle", wrap=False)
    return add_textbox(slide, emu(box.x), emu(box.y), emu(box.w), emu(box.h), name,
                       body)


def wrap_equations(slide: Canvas) -> None:
    """Put every shape holding equations into `mc:AlternateContent` with a text fallback."""
    tree = slide.tree
    for shape in list(tree):
        if shape.find(f".//{A14_M}") is None:
            continue
        index = tree.index(shape)
        alternate = etree.Element(f"{{{MC_NS}}}AlternateContent", nsmap={"mc": MC_NS})
        choice = etree.SubElement(alternate, f"{{{MC_NS}}}Choice", nsmap={"a14": A14_NS})
        choice.set("Requires", "a14")
        fallback = etree.SubElement(alternate, f"{{{MC_NS}}}Fallback")
        fallback.append(_as_text(copy.deepcopy(shape)))
        tree.remove(shape)
        choice.append(shape)
        tree.insert(index, alternate)


def _as_text(shape: Any) -> Any:
    """The shape with each `a14:m` replaced by runs that read like the equation."""
    for holder in list(shape.iter(A14_M)):
        parent = holder.getparent()
        index = parent.index(holder)
        runs = _fallback_runs(holder)
        parent.remove(holder)
        for offset, r in enumerate(runs):
            parent.insert(index + offset, r)
    return shape


def _fallback_runs(holder: Any) -> list[Any]:
    first = _paragraph_defaults(holder.getparent())
    runs: list[Any] = []
    for piece in pieces(holder[0]) if len(holder) else []:
        for n, line in enumerate(piece.text.split("\n")):
            if n:
                br = etree.Element(qn("a:br"))
                if first is not None:
                    br.append(copy.deepcopy(first))
                runs.append(br)
            if not line:
                continue
            r = etree.Element(qn("a:r"))
            r_pr = copy.deepcopy(first) if first is not None else etree.Element(qn("a:rPr"))
            if piece.italic:
                r_pr.set("i", "1")
            if piece.script in _SCRIPT_BASELINE:
                r_pr.set("baseline", _SCRIPT_BASELINE[piece.script])
            for font in r_pr.findall(qn("a:latin")) + r_pr.findall(qn("a:cs")):
                font.set("typeface", MATH_FONT)
            r.append(r_pr)
            etree.SubElement(r, qn("a:t")).text = line
            runs.append(r)
    return runs


def _paragraph_defaults(p: Any) -> Any | None:
    """The paragraph's `a:defRPr` (its equations' look) as an `a:rPr` for fallback runs."""
    found = p.find(f"{qn('a:pPr')}/{qn('a:defRPr')}")
    if found is None:
        return None
    r_pr = copy.deepcopy(found)
    r_pr.tag = qn("a:rPr")
    return r_pr


__all__ = ["draw_equation", "wrap_equations"]
