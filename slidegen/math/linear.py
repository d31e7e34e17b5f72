"""An equation as plain text pieces: what a program without Office Math shows instead.

Pieces carry a script level (raised, lowered) and italics, so the fallback reads like the
formula: `x²` raised, `xᵢ` lowered, fractions as `(a+b)/c`, matrices row by row.
"""

from __future__ import annotations

from typing import Any, Literal

from slidegen.math.omml import m
from slidegen.records import record

Script = Literal["base", "sup", "sub"]


@record(frozen=True)
class Piece:
    """Text at one script position; `italic` for single-letter variables."""

    text: str
    script: Script = "base"
    italic: bool = False


def pieces(element: Any) -> list[Piece]:
    """The pieces of an `m:oMath` / `m:oMathPara`, merged where their look is the same."""
    out: list[Piece] = []
    _walk(element, "base", out)
    merged: list[Piece] = []
    for piece in out:
        if merged and (merged[-1].script, merged[-1].italic) == (piece.script, piece.italic):
            merged[-1] = Piece(merged[-1].text + piece.text, piece.script, piece.italic)
        elif piece.text:
            merged.append(piece)
    return merged


def plain(element: Any) -> str:
    return "".join(piece.text for piece in pieces(element))


_RAISED = str.maketrans("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ")
_LOWERED = str.maketrans("0123456789+-=()aeoxhklmnpstij", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ")


def reading(element: Any) -> str:
    """The formula as one line of text, for where only text can go (a picture's caption):
    `mc²`, `xᵢ`; a raised or lowered part Unicode has no small letters for follows `^` or `_`."""
    parts: list[list[str]] = []  # [script, text]: pieces at one position, italic or not
    for piece in pieces(element):
        if parts and parts[-1][0] == piece.script:
            parts[-1][1] += piece.text
        else:
            parts.append([piece.script, piece.text])
    out = []
    for script, text in parts:
        if script == "base":
            out.append(text)
            continue
        small = text.translate(_RAISED if script == "sup" else _LOWERED)
        if not any(a == b and not b.isspace() for a, b in zip(small, text, strict=True)):
            out.append(small)
        else:
            mark = "^" if script == "sup" else "_"
            out.append(mark + (text if len(text) == 1 else f"({text})"))
    return "".join(out)


def _walk(node: Any, script: Script, out: list[Piece]) -> None:
    for child in node:
        _element(child, script, out)


def _first(node: Any, tag: str) -> Any | None:
    return node.find(m(tag))


def _prop(node: Any, props: str, name: str, default: str = "") -> str:
    found = node.find(f"{m(props)}/{m(name)}")
    return found.get(m("val"), default) if found is not None else default


def _group(node: Any | None, script: Script, out: list[Piece], wrap: bool = False) -> None:
    """A part; wrapped in parentheses when it is more than one symbol (for `/`)."""
    if node is None:
        return
    inner: list[Piece] = []
    _walk(node, script, inner)
    text = "".join(p.text for p in inner)
    if wrap and len(text.strip()) > 1:
        out.append(Piece("(", script))
        out.extend(inner)
        out.append(Piece(")", script))
    else:
        out.extend(inner)


def _run(node: Any, script: Script, out: list[Piece]) -> None:
    text = "".join(t.text or "" for t in node.iter(m("t")))
    upright = node.find(f"{m('rPr')}/{m('sty')}") is not None or node.find(
        f"{m('rPr')}/{m('nor')}") is not None
    if text == "&":  # an alignment point of an equation array
        return
    italic = not upright and len(text) == 1 and text.isalpha() and text.isascii()
    if upright and len(text) > 1 and text.isalpha():  # log, sin, max: a space after
        text += "\u2009"
    out.append(Piece(text, script, italic))


def _delimited(node: Any, script: Script, out: list[Piece]) -> None:
    out.append(Piece(_prop(node, "dPr", "begChr", "("), script))
    separator = _prop(node, "dPr", "sepChr", "|")
    for n, part in enumerate(node.findall(m("e"))):
        if n:
            out.append(Piece(separator, script))
        _group(part, script, out)
    out.append(Piece(_prop(node, "dPr", "endChr", ")"), script))


def _matrix(node: Any, script: Script, out: list[Piece]) -> None:
    for n, row in enumerate(node.findall(m("mr"))):
        if n:
            out.append(Piece("; ", script))
        for c, cell in enumerate(row.findall(m("e"))):
            if c:
                out.append(Piece("  ", script))
            _group(cell, script, out)


def _element(node: Any, script: Script, out: list[Piece]) -> None:
    tag = node.tag
    if tag == m("r"):
        _run(node, script, out)
    elif tag == m("f"):
        _group(_first(node, "num"), script, out, wrap=True)
        out.append(Piece("/", script))
        _group(_first(node, "den"), script, out, wrap=True)
    elif tag in (m("sSub"), m("sSup"), m("sSubSup")):
        _group(_first(node, "e"), script, out)
        if tag != m("sSup"):
            _group(_first(node, "sub"), "sub", out)
        if tag != m("sSub"):
            _group(_first(node, "sup"), "sup", out)
    elif tag == m("nary"):
        out.append(Piece(_prop(node, "naryPr", "chr", "∫"), script))
        _group(_first(node, "sub"), "sub", out)
        _group(_first(node, "sup"), "sup", out)
        _group(_first(node, "e"), script, out)
    elif tag == m("rad"):
        degree = _first(node, "deg")
        if degree is not None and len(degree):
            _group(degree, "sup", out)
        out.append(Piece("√", script))
        _group(_first(node, "e"), script, out, wrap=True)
    elif tag == m("d"):
        _delimited(node, script, out)
    elif tag == m("m"):
        _matrix(node, script, out)
    elif tag == m("eqArr"):
        for n, row in enumerate(node.findall(m("e"))):
            if n:
                out.append(Piece("\n", script))
            _group(row, script, out)
    elif tag == m("acc"):
        _group(_first(node, "e"), script, out)
        out.append(Piece(_prop(node, "accPr", "chr", "\u0302"), script))
    elif tag in (m("limLow"), m("limUpp")):
        _group(_first(node, "e"), script, out)
        _group(_first(node, "lim"), "sub" if tag == m("limLow") else "sup", out)
    elif tag == m("func"):
        _group(_first(node, "fName"), script, out)
        _group(_first(node, "e"), script, out)
    elif tag in (m("oMath"), m("oMathPara"), m("e"), m("bar"), m("groupChr"),
                 m("borderBox"), m("box")):
        for child in node:
            if not child.tag.endswith("Pr"):
                _element(child, script, out)
    elif tag == m("phant"):
        return
