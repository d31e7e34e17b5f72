"""TeX before conversion: the note's own macros, and display environments cut into lines.

latex2mathml converts one expression; alignment environments (`align`, `aligned`,
`eqnarray`…) are cut here into rows of `&`-separated cells, so each row becomes one line of
an equation array with its alignment points kept.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from slidegen.regex import lazy_compile

_BODY = r"\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
_DEFINITION = lazy_compile(
    r"\\(?:DeclareMathOperator(\*?)\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
    r"|(?:re|provide)?newcommand\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*(?:\[(\d)\])?\s*"
    r"(?:\[([^\]]*)\])?\s*" + _BODY +
    r"|def\s*\\([A-Za-z]+)\s*((?:#\d)*)\s*" + _BODY + ")"
)
MAX_EXPANSION = 20_000  # characters: a macro that doubles itself stops here


class Macro(NamedTuple):
    """A macro the note defines: its replacement, with `#1`… for its arguments; `default` is
    the first argument's value when it is optional (`\\newcommand{\\x}[2][0]{…}`)."""

    body: str
    arity: int = 0
    default: str | None = None


Macros = dict[str, Macro]


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
_ENV = lazy_compile(r"^\\begin\{(\w+)(\*?)\}(\{[^{}]*\})?(.*)\\end\{\1\2\}$", re.DOTALL)
_DROPPED = lazy_compile(r"\\(?:label|eqref)\s*\{[^{}]*\}|\\(?:nonumber|notag|hline)\b")


def definitions(text: str) -> Macros:
    """The macros a note defines anywhere in its text, by name."""
    found: Macros = {}
    for match in _DEFINITION.finditer(text):
        (star, operator, shown, name, arity, default, body,
         plain, params, plain_body) = match.groups()
        if operator:
            found[operator] = Macro(f"\\operatorname{'*' if star else ''}{{{shown}}}")
        elif name:
            found[name] = Macro(body, int(arity or 0), default)
        elif plain:
            found[plain] = Macro(plain_body, len(params) // 2)
    return found


def without_definitions(tex: str) -> str:
    """The formula without the definitions in it (they show nothing, as in MathJax)."""
    return _DEFINITION.sub("", tex).strip()


def expand(tex: str, macros: Macros) -> str:
    """Replace the note's macros (and the common undefined operators), a few rounds deep."""
    table = {**{k: Macro(v) for k, v in COMMON_OPERATORS.items()}, **macros}
    pattern = re.compile(r"\\(" + "|".join(sorted(map(re.escape, table), key=len,
                                                     reverse=True)) + r")(?![A-Za-z])")
    for _ in range(4):
        new = _expand_once(tex, pattern, table)
        if new == tex or len(new) > MAX_EXPANSION:
            break
        tex = new
    tex = re.sub(r"\\operatorname\*\s*\{([^{}]*)\}(\s*[_^])",
                 r"\\mathop{\\mathrm{\1}}\\limits\2", tex)
    tex = re.sub(r"\\operatorname\*\s*\{([^{}]*)\}", r"\\operatorname{\1}", tex)
    tex = re.sub(r"\\tag(\*?)\s*\{([^{}]*)\}",
                 lambda m: rf"\qquad \text{{{m.group(2) if m.group(1) else f'({m.group(2)})'}}}",
                 tex)  # the equation's number, shown at its end as MathJax shows it
    return _DROPPED.sub("", tex)


def _expand_once(tex: str, pattern: re.Pattern[str], table: dict[str, Macro]) -> str:
    out: list[str] = []
    at = 0
    for match in pattern.finditer(tex):
        if match.start() < at:
            continue  # inside the arguments of the macro just replaced
        macro = table[match.group(1)]
        args, end = _arguments(tex, match.end(), macro)
        body = macro.body
        for number, value in enumerate(args, start=1):
            body = body.replace(f"#{number}", value)
        out += [tex[at:match.start()], body]
        at = end
    return "".join(out) + tex[at:]


def _arguments(tex: str, at: int, macro: Macro) -> tuple[list[str], int]:
    """The macro's arguments from `at` (an optional `[…]` first, then `{…}` or one token)."""
    args: list[str] = []
    if macro.default is not None:
        optional = re.match(r"\s*\[([^\]]*)\]", tex[at:])
        args.append(optional.group(1) if optional else macro.default)
        at += optional.end() if optional else 0
    while len(args) < macro.arity:
        while at < len(tex) and tex[at].isspace():
            at += 1
        if at >= len(tex):
            break
        end = _group_end(tex, at) if tex[at] == "{" else _token_end(tex, at)
        args.append(tex[at + 1 : end - 1] if tex[at] == "{" else tex[at:end])
        at = end
    return args, at


def _group_end(tex: str, at: int) -> int:
    """The end of the `{…}` group that starts at `at` (escaped braces are not counted)."""
    depth = 0
    for index in range(at, len(tex)):
        escaped = index > 0 and tex[index - 1] == "\\"
        if tex[index] == "{" and not escaped:
            depth += 1
        elif tex[index] == "}" and not escaped:
            depth -= 1
            if depth == 0:
                return index + 1
    return len(tex)


def _token_end(tex: str, at: int) -> int:
    command = re.match(r"\\(?:[A-Za-z]+|.)", tex[at:])
    return at + (command.end() if command else 1)


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
