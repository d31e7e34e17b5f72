"""How big an equation is drawn, in ems of its font size: a box model of the OMML tree.

Good to a few percent, which is what the fitter needs to plan lines and slides, and what
keeps a formula's box near its own aspect (LibreOffice stretches a formula to its box).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from slidegen.math.omml import m
from slidegen.records import record

SCRIPT = 0.7  # scripts and limits are drawn at 70 %
_ASCENT = 0.75
_DESCENT = 0.3


@record(frozen=True)
class Extent:
    """Width, and height above and below the baseline, in ems."""

    width: float
    ascent: float = _ASCENT
    descent: float = _DESCENT

    @property
    def height(self) -> float:
        return self.ascent + self.descent


def _char_width(char: str) -> float:
    if char in "=<>≤≥≈≠≡→←↔⇒⇔∈∉⊂⊆∝∼":
        return 1.05  # relations with their spaces
    if char in "+−-×·÷±∓∪∩∧∨⊕⊗":
        return 0.95
    if char in ",;":
        return 0.45
    if char in "()[]{}|‖⟨⟩.:!'′":
        return 0.35
    if char == "\u2003":
        return 1.0
    if char in "\u2009\u2005\u2004":
        return 0.22
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    if char in "mwMWΩΣΠ∞∑∏∫ℒ𝓛":
        return 0.85
    if char in "ijlrtf":
        return 0.35
    return 0.56


def _text(text: str) -> Extent:
    return Extent(sum(_char_width(c) for c in text))


def _row(parts: list[Extent]) -> Extent:
    if not parts:
        return Extent(0.0)
    return Extent(sum(p.width for p in parts), max(p.ascent for p in parts),
                  max(p.descent for p in parts))


def _scaled(extent: Extent, factor: float = SCRIPT) -> Extent:
    return Extent(extent.width * factor, extent.ascent * factor, extent.descent * factor)


def measure(node: Any) -> Extent:
    """The extent of an OMML element and everything in it."""
    return _MEASURES.get(node.tag, _children)(node)


def _children(node: Any) -> Extent:
    return _row([measure(c) for c in node if not c.tag.endswith("Pr")])


def _part(node: Any, tag: str) -> Extent:
    found = node.find(m(tag))
    return measure(found) if found is not None else Extent(0.0, 0.0, 0.0)


def _run(node: Any) -> Extent:
    return _text("".join(t.text or "" for t in node.iter(m("t"))))


def _fraction(node: Any) -> Extent:
    num, den = _part(node, "num"), _part(node, "den")
    gap = 0.12
    return Extent(max(num.width, den.width) + 0.2, num.height + gap + 0.3,
                  den.height + gap - 0.3)


def _scripts(node: Any) -> Extent:
    base = _part(node, "e")
    sub = _scaled(_part(node, "sub")) if node.find(m("sub")) is not None else None
    sup = _scaled(_part(node, "sup")) if node.find(m("sup")) is not None else None
    width = base.width + max(sub.width if sub else 0.0, sup.width if sup else 0.0) + 0.05
    ascent = max(base.ascent, base.ascent * 0.45 + sup.height) if sup else base.ascent
    descent = max(base.descent, sub.height * 0.75) if sub else base.descent
    return Extent(width, ascent, descent)


def _nary(node: Any) -> Extent:
    body = _part(node, "e")
    low, high = _scaled(_part(node, "sub")), _scaled(_part(node, "sup"))
    under = node.find(f"{m('naryPr')}/{m('limLoc')}")
    op = Extent(1.0, 1.0, 0.45)
    if under is not None and under.get(m("val")) == "undOvr":
        width = max(op.width, low.width, high.width)
        ascent, descent = op.ascent + high.height, op.descent + low.height
    else:
        width = op.width + max(low.width, high.width)
        ascent, descent = op.ascent + high.height * 0.5, op.descent + low.height * 0.5
    return Extent(width + 0.15 + body.width, max(ascent, body.ascent),
                  max(descent, body.descent))


def _radical(node: Any) -> Extent:
    body = _part(node, "e")
    degree = _scaled(_part(node, "deg"), 0.5)
    return Extent(body.width + 0.75 + degree.width * 0.5, body.ascent + 0.15, body.descent)


def _delimited(node: Any) -> Extent:
    parts = [measure(e) for e in node.findall(m("e"))]
    inner = _row(parts)
    separators = max(0, len(parts) - 1) * 0.5
    return Extent(inner.width + 0.7 + separators, inner.ascent + 0.05, inner.descent + 0.05)


def _matrix(node: Any) -> Extent:
    rows = [[measure(e) for e in row.findall(m("e"))] for row in node.findall(m("mr"))]
    if not rows:
        return Extent(0.0)
    columns = max(len(r) for r in rows)
    widths = [max((r[c].width for r in rows if c < len(r)), default=0.0)
              for c in range(columns)]
    heights = [max((e.height for e in r), default=1.05) + 0.25 for r in rows]
    total = sum(heights)
    return Extent(sum(widths) + 1.0 * max(0, columns - 1), total / 2 + 0.25, total / 2 - 0.25)


def _array(node: Any) -> Extent:
    rows = [measure(e) for e in node.findall(m("e"))]
    total = sum(r.height + 0.2 for r in rows)
    return Extent(max((r.width for r in rows), default=0.0), total / 2 + 0.25,
                  total / 2 - 0.25)


def _under_over(node: Any) -> Extent:
    base, lim = _part(node, "e"), _scaled(_part(node, "lim"))
    if node.tag == m("limLow"):
        return Extent(max(base.width, lim.width), base.ascent, base.descent + lim.height)
    return Extent(max(base.width, lim.width), base.ascent + lim.height, base.descent)


def _accent(node: Any) -> Extent:
    body = _part(node, "e")
    return Extent(body.width, body.ascent + 0.2, body.descent)


def _function(node: Any) -> Extent:
    name, body = _part(node, "fName"), _part(node, "e")
    return _row([name, Extent(0.17, 0, 0), body])


def _paragraph(node: Any) -> Extent:
    lines = [measure(o) for o in node.findall(m("oMath"))]
    total = sum(line.height for line in lines)
    return Extent(max((line.width for line in lines), default=0.0), total - _DESCENT, _DESCENT)


_MEASURES = {
    m("r"): _run, m("f"): _fraction, m("sSub"): _scripts, m("sSup"): _scripts,
    m("sSubSup"): _scripts, m("nary"): _nary, m("rad"): _radical, m("d"): _delimited,
    m("m"): _matrix, m("eqArr"): _array, m("limLow"): _under_over, m("limUpp"): _under_over,
    m("acc"): _accent, m("bar"): _accent, m("groupChr"): _accent, m("func"): _function,
    m("oMathPara"): _paragraph,
}
