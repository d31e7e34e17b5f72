"""Pandoc's pause, a paragraph of three dots with spaces between (`. . .`): on a slide, what
follows appears on the next click. Token: `pause`."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.regex import lazy_compile

_PAUSE = lazy_compile(r"\.[ \t]+\.[ \t]+\.[ \t]*")


def pause_plugin(md: MarkdownIt) -> None:
    """Adds the pause rule; it only starts a block (a `. . .` line inside a paragraph is
    text, as in pandoc)."""
    md.block.ruler.before("paragraph", "pause", _pause)


def _pause(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    pos = state.bMarks[start] + state.tShift[start]
    if state.sCount[start] - state.blkIndent >= 4 or state.src[pos:pos + 1] != ".":
        return False
    text = state.src[pos:state.eMarks[start]]
    if not _PAUSE.fullmatch(text):
        return False
    if not silent:
        token = state.push("pause", "", 0)
        token.map = [start, start + 1]
    state.line = start + 1
    return True
