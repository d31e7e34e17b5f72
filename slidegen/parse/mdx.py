"""MDX (Docusaurus and other React sites): the module lines and comments that are code, not text.

`import Tabs from '@theme/Tabs';` and `export const X = …` at the top level of a note, up to
the next blank line, and `{/* comments */}` never show on the site, so they never reach a
slide either; they were shown as sentences. The components they bring (`<Tabs>`,
`<Admonition>`) are read as HTML elsewhere.

Token: `mdx_code` (shows nothing).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

_ESM = lazy_compile(r"import\s+(?:[\w*{][^'\"]*\s+from\s+)?['\"][^'\"]+['\"];?\s*"
                    r"|export\s+(?:const|let|var|function|default|class|async)\b.*")
_COMMENT_START = "{/*"
_COMMENT_END = "*/}"


def mdx_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("paragraph", "mdx_code", _mdx_block,
                          {"alt": ["paragraph", "reference", "blockquote"]})
    md.inline.ruler.before("text", "mdx_comment", _mdx_inline_comment)


def _mdx_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] != 0 or state.blkIndent != 0 or state.level != 0:
        return False
    text = line_text(state, start)
    if text.startswith(_COMMENT_START):
        last = start
        while _COMMENT_END not in line_text(state, last):
            last += 1
            if last >= end:
                return False
        if not line_text(state, last).rstrip().endswith(_COMMENT_END):
            return False
    elif _ESM.fullmatch(text):
        last = start
        while last + 1 < end and not state.isEmpty(last + 1):
            last += 1
    else:
        return False
    if not silent:
        state.push("mdx_code", "", 0).map = [start, last + 1]
    state.line = last + 1
    return True


def _mdx_inline_comment(state: StateInline, silent: bool) -> bool:
    """`text {/* a comment */} more`: the comment goes."""
    if not state.src.startswith(_COMMENT_START, state.pos):
        return False
    close = state.src.find(_COMMENT_END, state.pos + len(_COMMENT_START), state.posMax)
    if close < 0:
        return False
    state.pos = close + len(_COMMENT_END)
    return True
