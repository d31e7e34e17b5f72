"""Another file's text included where a line names it: MkDocs' snippets (`--8<-- "path"`) and
VitePress' `<!--@include: ./parts/setup.md-->` (a `#region` or `{3,10}` line range after the
path is not read: the whole file comes). The file is read and parsed as part of the note, as
Quarto's `{{< include >}}` is; the line becomes that shortcode's token.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.parse.lines import line_text
from slidegen.parse.shortcodes import Shortcode
from slidegen.regex import lazy_compile

_LINE = lazy_compile(r"""--8<--[ \t]+(["'])([^"'\n]+)\1[ \t]*"""
                     r"|<!--[ \t]*@include:[ \t]*([^\s#{]+)[^>]*?-->[ \t]*")


def includes_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_block", "include_line", _include_line,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _include_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    found = _LINE.fullmatch(line_text(state, start))
    if found is None:
        return False
    if not silent:
        token = state.push("shortcode", "", 0)
        token.map = [start, start + 1]
        target = (found.group(2) or found.group(3)).strip()
        token.meta = {"shortcode": Shortcode(name="include", args=[target])}
    state.line = start + 1
    return True
