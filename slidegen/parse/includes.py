"""Another file's text included where a line names it: MkDocs' snippets (`--8<-- "path"`) and
VitePress' `<!--@include: ./parts/setup.md-->` (a `#region` or `{3,10}` line range after the
path is not read: the whole file comes). The file is read and parsed as part of the note, as
Quarto's `{{< include >}}` is; the line becomes that shortcode's token.

Code files are imported the same way, shown as code: VitePress' `<<< @/snippets/app.ts#setup
{2,4 ts} [app.ts]` (a region, highlighted lines, a language, a title) and VuePress'
`@[code{3-10} js title="app.js"](./app.js)` (a range of lines). The line becomes a
`code-import` shortcode; the file is read once the note's folder is known (embeds).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.parse.lines import line_text
from slidegen.parse.shortcodes import Shortcode
from slidegen.regex import lazy_compile

_LINE = lazy_compile(r"""--8<--[ \t]+(["'])([^"'\n]+)\1[ \t]*"""
                     r"|<!--[ \t]*@include:[ \t]*([^\s#{]+)[^>]*?-->[ \t]*")
_VITEPRESS = lazy_compile(r"<<<[ \t]+(?P<path>[^\s#{\[]+)(?:#(?P<region>[\w-]+))?"
                          r"(?:\{(?P<braces>[^}]*)\})?(?:[ \t]*\[(?P<title>[^\]]*)\])?[ \t]*")
_VUEPRESS = lazy_compile(
    r"@\[code(?:\{(?P<first>\d*)-?(?P<last>\d*)\})?(?:[ \t]+(?P<lang>[\w+#.-]+)"
    r"(?:\{[^}]*\})?(?::[\w-]+)*)?(?:[ \t]+title=\"(?P<title>[^\"]*)\")?[ \t]*\]"
    r"\((?P<path>[^)\s]+)\)[ \t]*")


def includes_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_block", "include_line", _include_line,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})


def _include_line(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = line_text(state, start)
    code = _code_import(text) if text.startswith(("<<<", "@[code")) else None
    found = _LINE.fullmatch(text) if code is None else None
    if code is None and found is None:
        return False
    if not silent:
        token = state.push("shortcode", "", 0)
        token.map = [start, start + 1]
        if code is None and found is not None:
            code = Shortcode(name="include", args=[(found.group(2) or found.group(3)).strip()])
        token.meta = {"shortcode": code}
    state.line = start + 1
    return True


def _code_import(text: str) -> Shortcode | None:
    if found := _VITEPRESS.fullmatch(text):
        words = (found.group("braces") or "").split()
        lang = next((w.split(":")[0] for w in words if not w[:1].isdigit()), "")
        named = {"lang": lang, "region": found.group("region") or "",
                 "title": found.group("title") or ""}
    elif found := _VUEPRESS.fullmatch(text):
        named = {"lang": found.group("lang") or "", "title": found.group("title") or "",
                 "first": found.group("first") or "", "last": found.group("last") or ""}
    else:
        return None
    return Shortcode(name="code-import", args=[found.group("path")], named=named)
