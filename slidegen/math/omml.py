"""MathML (as latex2mathml writes it) → Office Math (OMML), element by element.

No maintained Python converter exists, so this is ours. Element and property order follows
the schema (shared-math.xsd): every `m:xxxPr` first, then its parts (`m:num` before
`m:den`, `m:sub` before `m:sup` before `m:e` in `m:nary`, `m:deg` before `m:e` in `m:rad`).
Runs carry no formatting here; the renderer adds the size and colour of their text box.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from slidegen.math.brackets import MML, Brackets, bracket_char, grouped, local_name, text_of
from slidegen.regex import lazy_compile

MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"

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


_MACRO_LEFT = lazy_compile(r"\\[A-Za-z]")


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
        tag = local_name(node)
        if tag in ("msub", "msubsup") and len(node) and local_name(node[0]) == "mo":
            name = text_of(node[0]).replace("\u2009", "").replace(" ", "").strip()
            if name in _DISPLAY_LIMITS:
                node.tag = MML + ("munder" if tag == "msub" else "munderover")


def _children(parent: Any, nodes: list[Any]) -> None:
    """Write sibling MathML nodes into `parent`; a big operator or a function name (`\\log`,
    `\\lim_{x}`) takes the item after it as its argument."""
    items = grouped(nodes)
    i = 0
    while i < len(items):
        item = items[i]
        operand = items[i + 1] if i + 1 < len(items) else None
        operator = None if isinstance(item, Brackets) else _nary_parts(item)
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
    if isinstance(node, Brackets):
        return False
    if local_name(node) in ("munder", "munderover", "msub", "msubsup") and len(node):
        node = node[0]
    name = text_of(node).replace("\u2009", "").replace(" ", "")
    return (local_name(node) in ("mi", "mo") and len(name) > 1 and name.isalpha()
            and (node.get("mathvariant") in (None, "normal")))


def _is_operator(node: Any) -> bool:
    """A relation or binary operator after a function name is not its argument (`\\max = 3`)."""
    return (not isinstance(node, Brackets) and local_name(node) == "mo"
            and not text_of(node).strip().isalpha())


def _node(parent: Any, node: Any) -> None:
    if isinstance(node, Brackets):
        _brackets(parent, node)
        return
    tag = local_name(node)
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
    text = text_of(node)
    tag = local_name(node)
    variant = node.get("mathvariant")
    if tag == "mi":
        text = "\u223c" if text == "~" else text  # `\sim` comes as "~", drawn as nothing
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
    if len(node) > 1 and all(local_name(n) == "mi" and n.get("mathvariant") == "normal"
                             and len(text_of(n)) == 1 for n in node):
        return _run(parent, "".join(map(text_of, node)), "p")  # `\mathrm{KL}`: one word
    _children(parent, list(node))


def _part(parent: Any, tag: str, node: Any | None) -> Any:
    part = etree.SubElement(parent, m(tag))
    if node is not None:
        if local_name(node) == "mrow":
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
        raise Unsupported(f"<{local_name(node)}> with {len(kids)} parts")
    return kids[0], kids[1]


def _scripts(parent: Any, node: Any) -> None:
    tag = local_name(node)
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
    tag = local_name(node)
    kids = list(node)
    if len(kids) < 2:
        raise Unsupported(f"<{tag}>")
    base, mark = kids[0], kids[1]
    mark_text = text_of(mark).strip()
    if tag == "mover" and local_name(mark) == "mo" and mark_text in _ACCENTS:
        acc = etree.SubElement(parent, m("acc"))
        etree.SubElement(etree.SubElement(acc, m("accPr")), m("chr")).set(
            m("val"), _ACCENTS[mark_text])
        _part(acc, "e", base)
        return
    if tag in ("mover", "munder") and local_name(mark) == "mo" and mark_text in _BARS:
        bar = etree.SubElement(parent, m("bar"))
        etree.SubElement(etree.SubElement(bar, m("barPr")), m("pos")).set(
            m("val"), "top" if tag == "mover" else "bot")
        _part(bar, "e", base)
        return
    if tag in ("mover", "munder") and local_name(mark) == "mo" and mark_text in _GROUP_CHARS:
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
    tag = local_name(node)
    kids = list(node)
    if tag == "mo" and text_of(node).strip() in NARY:
        return text_of(node).strip(), None, None, False
    if tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover") and kids:
        base = kids[0]
        if local_name(base) != "mo" or text_of(base).strip() not in NARY:
            return None
        low = kids[1] if tag in ("msub", "msubsup", "munder", "munderover") else None
        high = kids[-1] if tag in ("msup", "msubsup", "mover", "munderover") else None
        if tag in ("msup", "mover"):
            high = kids[1]
        return text_of(base).strip(), low, high, tag.startswith("mu")
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


def _brackets(parent: Any, group: Brackets) -> None:
    """m:d for a bracketed stretch, split at each `\\middle`; scripts on the closing bracket
    go on the whole group."""
    target = parent
    closing = group.closing
    if closing is not None and local_name(closing) in ("msub", "msup", "msubsup"):
        name = {"msub": "sSub", "msup": "sSup", "msubsup": "sSubSup"}[local_name(closing)]
        scripted = etree.SubElement(parent, m(name))
        target = etree.SubElement(scripted, m("e"))
    d = etree.SubElement(target, m("d"))
    props = etree.SubElement(d, m("dPr"))
    middles = [n for n in group.inner if local_name(n) == "mo" and n.get("fence") == "true"]
    etree.SubElement(props, m("begChr")).set(m("val"), group.opening)
    if middles:
        etree.SubElement(props, m("sepChr")).set(m("val"), text_of(middles[0]).strip())
    end = bracket_char(closing) if closing is not None else ""
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
        if local_name(closing) in ("msub", "msubsup"):
            _part(scripted, "sub", kids[1])
        if local_name(closing) in ("msup", "msubsup"):
            _part(scripted, "sup", kids[-1] if local_name(closing) == "msubsup" else kids[1])


def _root(parent: Any, node: Any) -> None:
    rad = etree.SubElement(parent, m("rad"))
    if local_name(node) == "msqrt":
        etree.SubElement(etree.SubElement(rad, m("radPr")), m("degHide")).set(m("val"), "on")
        etree.SubElement(rad, m("deg"))
        e = etree.SubElement(rad, m("e"))
        _children(e, list(node))
        return
    base, degree = _two(node)
    _part(rad, "deg", degree)
    _part(rad, "e", base)


def _table(parent: Any, node: Any) -> None:
    rows = [row for row in node if local_name(row) in ("mtr", "mlabeledtr")]
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
