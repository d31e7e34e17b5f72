"""TeX before conversion: the note's own macros, and display environments cut into lines.

latex2mathml converts one expression; alignment environments (`align`, `aligned`,
`eqnarray`…) are cut here into rows of `&`-separated cells, so each row becomes one line of
an equation array with its alignment points kept.
"""

from __future__ import annotations

import re

_DEFINITION = re.compile(
    r"\\(?:DeclareMathOperator(\*?)\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
    r"|(?:re)?newcommand\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*((?:\[\d\])?)\s*"
    r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
    r"|def\s*\\([A-Za-z]+)\s*\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\})"
)
# operators notes use without defining them (MathJax setups often predefine these)
COMMON_OPERATORS = {
    "argmax": "\\operatorname*{arg\\,max}", "argmin": "\\operatorname*{arg\\,min}",
    "Tr": "\\operatorname{Tr}", "tr": "\\operatorname{tr}", "diag": "\\operatorname{diag}",
    "softmax": "\\operatorname{softmax}", "sign": "\\operatorname{sign}",
    "rank": "\\operatorname{rank}", "Var": "\\operatorname{Var}",
    "Cov": "\\operatorname{Cov}", "E": "\\mathbb{E}", "R": "\\mathbb{R}",
    "arg": "\\operatorname{arg}",
}
_ALIGNED = ("align", "alignat", "flalign", "eqnarray", "aligned", "alignedat", "split",
            "gather", "gathered", "multline", "equation", "subequations")
_ENV = re.compile(r"^\\begin\{(\w+)(\*?)\}(\{[^{}]*\})?(.*)\\end\{\1\2\}$", re.DOTALL)
_DROPPED = re.compile(r"\\(?:label|tag\*?|eqref)\s*\{[^{}]*\}|\\(?:nonumber|notag|hline)\b")


def definitions(text: str) -> dict[str, str]:
    """The macros a note defines anywhere in its text: name → replacement TeX."""
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        if match.group(2):
            star = "*" if match.group(1) else ""
            found[match.group(2)] = f"\\operatorname{star}{{{match.group(3)}}}"
        elif match.group(4):
            if not match.group(5):  # macros with arguments are left to latex2mathml's error
                found[match.group(4)] = match.group(6)
        elif match.group(7):
            found[match.group(7)] = match.group(8)
    return found


def without_definitions(tex: str) -> str:
    """The formula without the definitions in it (they show nothing, as in MathJax)."""
    return _DEFINITION.sub("", tex).strip()


def expand(tex: str, macros: dict[str, str]) -> str:
    """Replace the note's macros (and the common undefined operators), a few rounds deep."""
    table = {**COMMON_OPERATORS, **macros}
    pattern = re.compile(r"\\(" + "|".join(sorted(map(re.escape, table), key=len,
                                                     reverse=True)) + r")(?![A-Za-z])")
    for _ in range(4):
        new = pattern.sub(lambda match: table[match.group(1)], tex)
        if new == tex:
            break
        tex = new
    tex = re.sub(r"\\operatorname\*\s*\{([^{}]*)\}(\s*[_^])",
                 r"\\mathop{\\mathrm{\1}}\\limits\2", tex)
    tex = re.sub(r"\\operatorname\*\s*\{([^{}]*)\}", r"\\operatorname{\1}", tex)
    return _DROPPED.sub("", tex)


def rows(tex: str) -> tuple[list[list[str]], bool]:
    """A display formula as rows of cells, and whether it is an alignment environment.

    `\\begin{align}a &= b \\\\ c &= d\\end{align}` gives [["a", "= b"], ["c", "= d"]];
    any other formula is one row of one cell.
    """
    body = tex.strip()
    match = _ENV.match(body)
    if not match or match.group(1) not in _ALIGNED:
        if "\\\\" in body and not body.startswith("\\begin"):
            lines = _split_top(body, "\\\\")
            return [_split_top(line, "&") for line in lines if line.strip()], True
        return [[body]], False
    lines = [line for line in _split_top(match.group(4), "\\\\") if line.strip()]
    return [_split_top(line, "&") for line in lines] or [[""]], True


def _split_top(text: str, separator: str) -> list[str]:
    """Split at `separator` outside braces and nested environments."""
    parts: list[str] = []
    depth = env = 0
    start = i = 0
    while i < len(text):
        if text.startswith("\\begin{", i):
            env += 1
        elif text.startswith("\\end{", i):
            env -= 1
        char = text[i]
        if char == "\\" and not text.startswith(separator, i):
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and env == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return [part.strip() for part in parts]
