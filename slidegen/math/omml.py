"""MathML (as latex2mathml writes it) → Office Math (OMML), element by element.

No maintained Python converter exists, so this is ours. Element and property order follows
the schema (shared-math.xsd): every `m:xxxPr` first, then its parts (`m:num` before
`m:den`, `m:sub` before `m:sup` before `m:e` in `m:nary`, `m:deg` before `m:e` in `m:rad`).
Runs carry no formatting here; the renderer adds the size and colour of their text box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MML = "{http://www.w3.org/1998/Math/MathML}"

# big operators drawn as m:nary (sums, products, integrals, unions…)
NARY = set("∑∏∐∫∬∭∮∯∰⋃⋂⨁⨂⨀⋁⋀")
# limits under the operator in display style (integrals keep theirs at the side)
_UNDER_OVER = set("∑∏∐⋃⋂⨁⨂⨀⋁⋀")
# mover/munder characters that are accents on one symbol (m:acc) or bars (m:bar)
_ACCENTS = {
    "^": "\u0302", "\u02c6": "\u0302", "\u0302": "\u0302",
    "~": "\u0303", "\u02dc": "\u0303", "\u0303": "\u0303",
    "\u2192": "\u20d7", "\u20d7": "\u20d7",
    "\u02d9": "\u0307", "\u0307": "\u0307", "\u00a8": "\u0308", "\u0308": "\u0308",
    "\u02c7": "\u030c", "\u030c": "\u030c", "\u02d8": "\u0306", "\u00b4": "\u0301",
    "`": "\u0300", "\u00af": "\u0305", "\u0305": "\u0305",
}
_BARS = {"\u2015", "\u203e", "_", "\u0332", "\u2500"}
_GROUP_CHARS = {"\u23df", "\u23de", "\u23dd", "\u23dc", "\u23b5", "\u23b4"}
_SPACES = [(0.2, "\u2009"), (0.3, "\u2005"), (0.6, "\u2004"), (1.5, "\u2003")]


# operators whose limits go below them in display style (TeX's \\displaylimits)
_DISPLAY_LIMITS = {"lim", "liminf", "limsup", "max", "min", "sup", "inf", "det", "gcd", "Pr",
                   "argmax", "argmin", "arg\u2009max", "arg\u2009min"}


def m(tag: str) -> str:
    return f"{{{MATH_NS}}}{tag}"


_MACRO_LEFT = re.compile(r"\\[A-Za-z]")


class Unsupported(ValueError):
    """The MathML holds something we cannot write (an unknown macro, for one)."""


def to_omath(math: Any) -> Any:
    """An `m:oMath` element for a MathML `<math>` element."""
    if math.get("display") == "block":
        _limits_below(math)
    o_math = etree.Element(m("oMath"), nsmap={"m": MATH_NS})
    _children(o_math, list(math))
    return o_math


def _limits_below(math: Any) -> None:
    """In display style `\\lim_{x}`, `\\max_{x}`, `\\operatorname*{arg max}_x` take their
    limits below, as TeX sets them (latex2mathml writes them as scripts)."""
    for node in math.iter():
        tag = _local(node)
        if tag in ("msub", "msubsup") and len(node) and _local(node[0]) == "mo":
            name = _text(node[0]).replace("\u2009", "").replace(" ", "").strip()
            if name in _DISPLAY_LIMITS:
                node.tag = _MML + ("munder" if tag == "msub" else "munderover")


def _children(parent: Any, nodes: list[Any]) -> None:
    """Write sibling MathML nodes into `parent`; a big operator or a function name (`\\log`,
    `\\lim_{x}`) takes the item after it as its argument."""
    items = _grouped(nodes)
    i = 0
    while i < len(items):
        item = items[i]
        operand = items[i + 1] if i + 1 < len(items) else None
        operator = None if isinstance(item, _Brackets) else _nary_parts(item)
        if operator is not None:
            _nary(parent, item, operator, operand)
            i += 2 if operand is not None else 1
            continue
        if operand is not None and _is_function(item) and not _is_operator(operand):
            func = etree.SubElement(parent, m("func"))
            _children(etree.SubElement(func, m("fName")), [item])
            _children(etree.SubElement(func, m("e")), [operand])
            i += 2
            continue
        _node(parent, item)
        i += 1


def _is_function(node: Any) -> bool:
    """`\\log`, `\\sin`, `\\operatorname{f}`, and the same with limits below (`\\max_x`)."""
    if isinstance(node, _Brackets):
        return False
    if _local(node) in ("munder", "munderover", "msub", "msubsup") and len(node):
        node = node[0]
    name = _text(node).replace("\u2009", "").replace(" ", "")
    return (_local(node) in ("mi", "mo") and len(name) > 1 and name.isalpha()
            and (node.get("mathvariant") in (None, "normal")))


def _is_operator(node: Any) -> bool:
    """A relation or binary operator after a function name is not its argument (`\\max = 3`)."""
    return (not isinstance(node, _Brackets) and _local(node) == "mo"
            and not _text(node).strip().isalpha())


@dataclass
class _Brackets:
    """An opening bracket, what it encloses, and its closing one (scripted or not, or none)."""

    opening: str
    inner: list[Any]
    closing: Any | None


_PAIRS = {"(": ")", "[": "]", "{": "}", "\u27e8": "\u27e9", "\u230a": "\u230b",
          "\u2308": "\u2309", "|": "|", "\u2016": "\u2016"}


def _bracket(node: Any) -> str:
    """The bracket character a node is (or carries scripts on), else ""."""
    if _local(node) in ("msub", "msup", "msubsup") and len(node):
        node = node[0]
    if _local(node) != "mo" or len(node):
        return ""
    text = _text(node).strip()
    return text if text in _PAIRS or text in _PAIRS.values() else ""


def _grouped(nodes: list[Any]) -> list[Any]:
    """Nodes with each bracketed stretch as one `_Brackets` (m:d in Office Math).

    `\\left( … \\right)` and plain `( … )` alike; a closing bracket with scripts, as in
    `(x)_i`, carries them for the whole group. An opening bracket left alone (`\\left\\{` of
    cases) encloses the rest of its row.
    """
    out: list[Any] = []
    i = 0
    while i < len(nodes):
        char = _bracket(nodes[i])
        if char in _PAIRS and _local(nodes[i]) == "mo":
            close = _closing(nodes, i, char)
            if close is not None:
                out.append(_Brackets(char, nodes[i + 1 : close], nodes[close]))
                i = close + 1
                continue
            if _is_fence(nodes[i], "prefix"):
                out.append(_Brackets(char, nodes[i + 1 :], None))
                break
        out.append(nodes[i])
        i += 1
    return out


def _closing(nodes: list[Any], start: int, opening: str) -> int | None:
    closing = _PAIRS[opening]
    fence = _is_fence(nodes[start], "prefix")
    depth = 0
    for j in range(start + 1, len(nodes)):
        node = nodes[j]
        if fence:
            scripted = _local(node) in ("msub", "msup", "msubsup") and len(node)
            if _is_fence(node, "prefix"):
                depth += 1
            elif _is_fence(node[0] if scripted else node, "postfix"):
                if depth == 0:
                    return j
                depth -= 1
            continue
        char = _bracket(node)
        if char == closing and (depth == 0 or opening == closing):
            return j
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
    return None


def _local(node: Any) -> str:
    tag = getattr(node, "tag", None)
    tag = tag if isinstance(tag, str) else ""
    return tag[len(_MML):] if tag.startswith(_MML) else tag


def _text(node: Any) -> str:
    return "".join(node.itertext())


def _node(parent: Any, node: Any) -> None:
    if isinstance(node, _Brackets):
        _brackets(parent, node)
        return
    tag = _local(node)
    handler = _HANDLERS.get(tag)
    if handler is None:
        raise Unsupported(f"<{tag}>")
    handler(parent, node)


def _run(parent: Any, text: str, style: str | None = None, normal: bool = False) -> None:
    if _MACRO_LEFT.search(text):  # latex2mathml passes unknown macros through as text
        raise Unsupported(text)
    r = etree.SubElement(parent, m("r"))
    if style or normal:
        r_pr = etree.SubElement(r, m("rPr"))
        if normal:
            etree.SubElement(r_pr, m("nor"))
        elif style:
            etree.SubElement(r_pr, m("sty")).set(m("val"), style)
    t = etree.SubElement(r, m("t"))
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _token(parent: Any, node: Any) -> None:
    text = _text(node)
    tag = _local(node)
    variant = node.get("mathvariant")
    if tag == "mi":
        upright = variant == "normal" or len(text) > 1
        _run(parent, text, "p" if upright else None)
    elif tag == "mo":
        if len(node):  # \mathop{...}: an operator made of other nodes
            _children(parent, list(node))
            return
        _run(parent, text, "p" if len(text) > 1 and text.isalpha() else None)
    elif tag == "mn":
        _run(parent, text)
    else:  # mtext, ms
        _run(parent, text.replace("\u00a0", " "), normal=True)


def _space(parent: Any, node: Any) -> None:
    if node.get("linebreak") == "newline":
        return
    width = node.get("width", "")
    try:
        ems = float(width[:-2]) if width.endswith("em") else 0.0
    except ValueError:
        ems = 0.0
    if ems <= 0:
        return
    char = next((c for limit, c in _SPACES if ems <= limit), "\u2003\u2003")
    _run(parent, char)


def _row(parent: Any, node: Any) -> None:
    _children(parent, list(node))


def _part(parent: Any, tag: str, node: Any | None) -> Any:
    part = etree.SubElement(parent, m(tag))
    if node is not None:
        if _local(node) == "mrow":
            _children(part, list(node))
        else:
            _children(part, [node])
    return part


def _fraction(parent: Any, node: Any) -> None:
    f = etree.SubElement(parent, m("f"))
    if node.get("linethickness") in ("0", "0pt", "0em"):
        etree.SubElement(etree.SubElement(f, m("fPr")), m("type")).set(m("val"), "noBar")
    num, den = _two(node)
    _part(f, "num", num)
    _part(f, "den", den)


def _two(node: Any) -> tuple[Any, Any]:
    kids = list(node)
    if len(kids) < 2:
        raise Unsupported(f"<{_local(node)}> with {len(kids)} parts")
    return kids[0], kids[1]


def _scripts(parent: Any, node: Any) -> None:
    tag = _local(node)
    kids = list(node)
    if len(kids) < 2:
        raise Unsupported(f"<{tag}>")
    name = {"msub": "sSub", "msup": "sSup", "msubsup": "sSubSup"}[tag]
    element = etree.SubElement(parent, m(name))
    _part(element, "e", kids[0])
    if tag == "msub":
        _part(element, "sub", kids[1])
    elif tag == "msup":
        _part(element, "sup", kids[1])
    else:
        _part(element, "sub", kids[1])
        _part(element, "sup", kids[2] if len(kids) > 2 else None)


def _under_over(parent: Any, node: Any) -> None:
    tag = _local(node)
    kids = list(node)
    if len(kids) < 2:
        raise Unsupported(f"<{tag}>")
    base, mark = kids[0], kids[1]
    mark_text = _text(mark).strip()
    if tag == "mover" and _local(mark) == "mo" and mark_text in _ACCENTS:
        acc = etree.SubElement(parent, m("acc"))
        etree.SubElement(etree.SubElement(acc, m("accPr")), m("chr")).set(
            m("val"), _ACCENTS[mark_text])
        _part(acc, "e", base)
        return
    if tag in ("mover", "munder") and _local(mark) == "mo" and mark_text in _BARS:
        bar = etree.SubElement(parent, m("bar"))
        etree.SubElement(etree.SubElement(bar, m("barPr")), m("pos")).set(
            m("val"), "top" if tag == "mover" else "bot")
        _part(bar, "e", base)
        return
    if tag in ("mover", "munder") and _local(mark) == "mo" and mark_text in _GROUP_CHARS:
        group = etree.SubElement(parent, m("groupChr"))
        props = etree.SubElement(group, m("groupChrPr"))
        etree.SubElement(props, m("chr")).set(m("val"), mark_text)
        etree.SubElement(props, m("pos")).set(m("val"), "top" if tag == "mover" else "bot")
        _part(group, "e", base)
        return
    if tag == "munderover":
        low = etree.SubElement(parent, m("limLow"))
        upp = etree.SubElement(etree.SubElement(low, m("e")), m("limUpp"))
        _part(upp, "e", base)
        _part(upp, "lim", kids[2] if len(kids) > 2 else None)
        _part(low, "lim", mark)
        return
    name = "limLow" if tag == "munder" else "limUpp"
    lim = etree.SubElement(parent, m(name))
    _part(lim, "e", base)
    _part(lim, "lim", mark)


def _nary_parts(node: Any) -> tuple[str, Any | None, Any | None, bool] | None:
    """(operator, lower, upper, limits below/above) when `node` is a big operator."""
    tag = _local(node)
    kids = list(node)
    if tag == "mo" and _text(node).strip() in NARY:
        return _text(node).strip(), None, None, False
    if tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover") and kids:
        base = kids[0]
        if _local(base) != "mo" or _text(base).strip() not in NARY:
            return None
        low = kids[1] if tag in ("msub", "msubsup", "munder", "munderover") else None
        high = kids[-1] if tag in ("msup", "msubsup", "mover", "munderover") else None
        if tag in ("msup", "mover"):
            high = kids[1]
        return _text(base).strip(), low, high, tag.startswith("mu")
    return None


def _nary(parent: Any, node: Any, parts: tuple[str, Any | None, Any | None, bool],
          operand: Any | None) -> None:
    char, low, high, below = parts
    nary = etree.SubElement(parent, m("nary"))
    props = etree.SubElement(nary, m("naryPr"))
    etree.SubElement(props, m("chr")).set(m("val"), char)
    loc = "undOvr" if below or char in _UNDER_OVER else "subSup"
    etree.SubElement(props, m("limLoc")).set(m("val"), loc)
    if low is None:
        etree.SubElement(props, m("subHide")).set(m("val"), "on")
    if high is None:
        etree.SubElement(props, m("supHide")).set(m("val"), "on")
    _part(nary, "sub", low)
    _part(nary, "sup", high)
    _part(nary, "e", operand)


def _is_fence(node: Any, form: str) -> bool:
    return (_local(node) == "mo" and node.get("fence") == "true"
            and node.get("form") == form)


def _brackets(parent: Any, group: _Brackets) -> None:
    """m:d for a bracketed stretch, split at each `\\middle`; scripts on the closing bracket
    go on the whole group."""
    target = parent
    closing = group.closing
    if closing is not None and _local(closing) in ("msub", "msup", "msubsup"):
        name = {"msub": "sSub", "msup": "sSup", "msubsup": "sSubSup"}[_local(closing)]
        scripted = etree.SubElement(parent, m(name))
        target = etree.SubElement(scripted, m("e"))
    d = etree.SubElement(target, m("d"))
    props = etree.SubElement(d, m("dPr"))
    middles = [n for n in group.inner if _local(n) == "mo" and n.get("fence") == "true"]
    etree.SubElement(props, m("begChr")).set(m("val"), group.opening)
    if middles:
        etree.SubElement(props, m("sepChr")).set(m("val"), _text(middles[0]).strip())
    end = _bracket(closing) if closing is not None else ""
    etree.SubElement(props, m("endChr")).set(m("val"), end)
    part: list[Any] = []
    for n in group.inner:
        if n in middles:
            _children(etree.SubElement(d, m("e")), part)
            part = []
        else:
            part.append(n)
    _children(etree.SubElement(d, m("e")), part)
    if target is not parent:
        kids = list(closing)
        scripted = target.getparent()
        if _local(closing) in ("msub", "msubsup"):
            _part(scripted, "sub", kids[1])
        if _local(closing) in ("msup", "msubsup"):
            _part(scripted, "sup", kids[-1] if _local(closing) == "msubsup" else kids[1])


def _root(parent: Any, node: Any) -> None:
    rad = etree.SubElement(parent, m("rad"))
    if _local(node) == "msqrt":
        etree.SubElement(etree.SubElement(rad, m("radPr")), m("degHide")).set(m("val"), "on")
        etree.SubElement(rad, m("deg"))
        e = etree.SubElement(rad, m("e"))
        _children(e, list(node))
        return
    base, degree = _two(node)
    _part(rad, "deg", degree)
    _part(rad, "e", base)


def _table(parent: Any, node: Any) -> None:
    rows = [row for row in node if _local(row) in ("mtr", "mlabeledtr")]
    columns = max((len(list(row)) for row in rows), default=1)
    first = next((cell for row in rows for cell in row), None)
    align = (first.get("columnalign") if first is not None else None) or "center"
    matrix = etree.SubElement(parent, m("m"))
    props = etree.SubElement(matrix, m("mPr"))
    etree.SubElement(props, m("baseJc")).set(m("val"), "center")
    etree.SubElement(props, m("plcHide")).set(m("val"), "on")
    mcs = etree.SubElement(props, m("mcs"))
    mc_pr = etree.SubElement(etree.SubElement(mcs, m("mc")), m("mcPr"))
    etree.SubElement(mc_pr, m("count")).set(m("val"), str(columns))
    etree.SubElement(mc_pr, m("mcJc")).set(m("val"), align if align in ("left", "right")
                                          else "center")
    for row in rows:
        mr = etree.SubElement(matrix, m("mr"))
        cells = list(row)
        for c in range(columns):
            e = etree.SubElement(mr, m("e"))
            if c < len(cells):
                _children(e, list(cells[c]))


def _style(parent: Any, node: Any) -> None:
    _children(parent, list(node))


def _enclose(parent: Any, node: Any) -> None:
    box = etree.SubElement(parent, m("borderBox"))
    e = etree.SubElement(box, m("e"))
    _children(e, list(node))


def _phantom(parent: Any, node: Any) -> None:
    phant = etree.SubElement(parent, m("phant"))
    etree.SubElement(etree.SubElement(phant, m("phantPr")), m("show")).set(m("val"), "off")
    e = etree.SubElement(phant, m("e"))
    _children(e, list(node))


def _ignore(parent: Any, node: Any) -> None:
    return


_HANDLERS = {
    "mi": _token, "mn": _token, "mo": _token, "mtext": _token, "ms": _token,
    "mspace": _space, "mrow": _row, "mfrac": _fraction,
    "msub": _scripts, "msup": _scripts, "msubsup": _scripts,
    "munder": _under_over, "mover": _under_over, "munderover": _under_over,
    "msqrt": _root, "mroot": _root, "mtable": _table, "mstyle": _style,
    "mpadded": _style, "semantics": _style, "menclose": _enclose, "mphantom": _phantom,
    "annotation": _ignore, "none": _ignore, "mprescripts": _ignore, "merror": _style,
}
