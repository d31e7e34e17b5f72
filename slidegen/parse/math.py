"""TeX math in Markdown: `$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]` and `\\begin{env}…\\end{env}`.

Dollars follow pandoc's rule (mdit-py-plugins' dollarmath without spaces inside the
delimiters and without a digit right after the closing `$`), so "$5 and $10" stays text.
The bracket and environment rules are ours: texmath's bracket rule shares dollarmath's rule
names, and amsmath's block rule knows only top-level environments (no `cases`, `aligned`).
Everything between the delimiters is kept verbatim: no emphasis, no escapes eaten.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin

from slidegen.math import Macros, without_definitions
from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

MATH_INLINE = "math_inline"  # `$x$`, `\(x\)`
MATH_INLINE_DISPLAY = "math_inline_double"  # `$$x$$` within a line of text
MATH_BLOCKS = ("math_block", "math_block_label", "math_env", "math_bracket_block")

ENVIRONMENTS = (
    "equation", "multline", "gather", "align", "alignat", "flalign", "eqnarray", "split",
    "aligned", "gathered", "alignedat", "cases", "dcases", "array", "matrix", "pmatrix",
    "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "subequations",
)
_ENV_OPEN = lazy_compile(r"\\begin\{(" + "|".join(ENVIRONMENTS) + r")(\*?)\}")


def math_plugin(md: MarkdownIt) -> None:
    """Add the math rules to `md`."""
    dollarmath_plugin(md, allow_space=False, allow_digits=False, double_inline=True,
                      allow_labels=True, allow_blank_lines=False)
    md.inline.ruler.before("escape", "math_paren", _paren_inline)
    md.block.ruler.before("fence", "math_bracket_block", _bracket_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.before("fence", "math_env", _environment_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _paren_inline(state: StateInline, silent: bool) -> bool:
    """`\\(…\\)` within a line (the closing `\\)` may sit on a later line of the paragraph);
    also `\\\\(…\\\\)`, as Hugo notes write it so that `\\(` reaches MathJax through Markdown."""
    src = state.src
    if src[state.pos] != "\\" or _escaped(src, state.pos):
        return False
    doubled = src.startswith("\\\\(", state.pos)
    opening = "\\\\(" if doubled else "\\("
    if not src.startswith(opening, state.pos):
        return False
    start = state.pos + len(opening)
    end = src.find(opening[:-1] + ")", start)
    if end < 0 or not src[start:end].strip():
        return False
    if not silent:
        token = state.push(MATH_INLINE, "math", 0)
        token.content = src[start:end]
        token.markup = opening
    state.pos = end + len(opening)
    return True


def _escaped(src: str, pos: int) -> bool:
    count = 0
    while pos - count - 1 >= 0 and src[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _bracket_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`\\[ … \\]` starting a block, over one or more lines."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = line_text(state, start)
    if first.startswith("\\\\["):  # Hugo's escaped form, as for `\\\\(`
        return _until(state, start, end, silent, "\\\\]", 3, "math_bracket_block", "\\\\[")
    if not first.startswith("\\["):
        return False
    return _until(state, start, end, silent, "\\]", 2, "math_bracket_block", "\\[")


def _environment_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`\\begin{align}` … `\\end{align}` (and the other math environments) as a block."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = line_text(state, start)
    match = _ENV_OPEN.match(first)
    if not match:
        return False
    closing = f"\\end{{{match.group(1)}{match.group(2)}}}"
    return _until(state, start, end, silent, closing, 0, "math_env", match.group(0))


def _until(state: StateBlock, start: int, end: int, silent: bool, closing: str, skip: int,
           name: str, markup: str) -> bool:
    """Find `closing` from line `start` on, within this container; push the block."""
    begin = state.bMarks[start] + state.tShift[start]
    line = start
    while line < end:
        line_start = state.bMarks[line] + state.tShift[line]
        if line > start and (state.isEmpty(line) or state.sCount[line] < state.blkIndent):
            return False
        text = state.src[line_start : state.eMarks[line]]
        offset = skip if line == start else 0
        found = text.find(closing, offset)
        if found >= 0:
            if text[found + len(closing) :].strip():
                return False  # text after the closing delimiter: inline math in a paragraph
            if silent:
                return True
            body = _content(state, start, line, begin + skip, line_start + found)
            token = state.push(name, "math", 0)
            token.block = True
            token.content = body if skip else body + closing
            token.markup = markup
            token.map = [start, line + 1]
            state.line = line + 1
            return True
        line += 1
    return False


def _content(state: StateBlock, start: int, last: int, begin: int, stop: int) -> str:
    """The text between two positions, without the container's indentation on each line."""
    if start == last:
        return state.src[begin:stop]
    parts = [state.src[begin : state.eMarks[start]]]
    for line in range(start + 1, last):
        parts.append(line_text(state, line))
    parts.append(state.src[state.bMarks[last] + state.tShift[last] : stop])
    return "\n".join(parts)


def check_formula(tex: str, display: bool, line: int, macros: Macros,
                  warn: Callable[[int, str], None]) -> None:
    """Warn (once, with the line) about a formula that cannot become an equation."""
    from slidegen.math.equations import Unconvertible, convert  # only notes with formulas

    body = without_definitions(tex)
    if not body:
        return
    result = convert(body, display, macros)
    if isinstance(result, Unconvertible):
        warn(line, f"formula not converted ({result.reason}): shown as TeX; define the macro "
             "with \\newcommand or \\DeclareMathOperator in the note, or rewrite it")
