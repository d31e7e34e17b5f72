"""kramdown's extensions: `{::comment}…{:/comment}` hides what it holds, `{::nomarkdown}…
{:/nomarkdown}` is raw HTML (read as any HTML block), `{::options … /}` sets parser options.

kramdown closes either with its own name (`{:/comment}`) or the short `{:/}`; `{::comment /}`
closes itself. An extension with no closing tag hides nothing: its tag is dropped with a
warning, so no words are lost. Inline, within a paragraph, the same tags work on spans.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

__all__ = ["kramdown_extensions_plugin"]

_NAMES = ("comment", "nomarkdown", "options")
_OPEN = lazy_compile(r"\{::(" + "|".join(_NAMES) + r")\b[^{}\n]*?(/?)\}")


def kramdown_extensions_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "kramdown_extension", _block,
                          {"alt": ["paragraph", "blockquote", "list"]})
    md.inline.ruler.before("text", "kramdown_extension", _inline)


def _closer(name: str) -> re.Pattern[str]:
    return re.compile(r"\{:/(?:" + name + r")?\}")


def _block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An extension that opens a line: up to the line that closes it."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = line_text(state, start)
    opened = _OPEN.match(first)
    if not opened:
        return False
    name, self_closing = opened.groups()
    rest = first[opened.end():]
    if self_closing or name == "options":
        if rest.strip():
            return False  # text after it on the line: a paragraph (the inline rule drops it)
        if not silent:
            state.line = start + 1
        return True
    closer = _closer(name)
    lines = [rest]
    line = start
    while not closer.search(lines[-1]):
        line += 1
        if line >= end:
            return False  # never closed: the paragraph rule keeps the text, inline warns
        lines.append(line_text(state, line))
    if silent:
        return True
    closing = closer.search(lines[-1])
    assert closing is not None
    lines[-1] = lines[-1][: closing.start()]
    token = state.push(f"kramdown_{name}", "", 0)
    token.map = [start, line + 1]
    token.content = "\n".join(lines).strip("\n")
    if name == "nomarkdown":
        token.type = "html_block"
    state.line = line + 1
    return True


def _inline(state: StateInline, silent: bool) -> bool:
    """Within a paragraph: a comment's span is hidden, raw HTML is read as inline HTML, and a
    tag that is never closed is dropped (the parser warns about it)."""
    opened = _OPEN.match(state.src, state.pos, state.posMax)
    if not opened:
        return False
    name, self_closing = opened.groups()
    closing = None if self_closing or name == "options" else _closer(name).search(
        state.src, opened.end(), state.posMax)
    if not silent:
        if closing is None and not (self_closing or name == "options"):
            state.push("kramdown_unclosed", "", 0).meta = {"name": name}
        elif closing is not None:
            kind = "html_inline" if name == "nomarkdown" else "kramdown_comment"
            state.push(kind, "", 0).content = state.src[opened.end():closing.start()]
    state.pos = closing.end() if closing else opened.end()
    return True
