"""HackMD's and markdown-it-ins' inserted text, `++new words++`: shown as its words (a slide
has no mark for insertions; the `++` showed as written)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

__all__ = ["inserted_plugin"]


def inserted_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("emphasis", "inserted", _inserted)


def _inserted(state: StateInline, silent: bool) -> bool:
    """`++x++` whose text neither starts nor ends with a space (as `**x**`): its inline
    content parsed in place, the markers dropped."""
    start = state.pos
    if not state.src.startswith("++", start) or state.src.startswith("+++", start):
        return False
    close = state.src.find("++", start + 3, state.posMax)
    inner = state.src[start + 2 : close]
    if close < 0 or not inner.strip() or inner != inner.strip() or "\n" in inner:
        return False
    if not silent:
        old_max = state.posMax
        state.pos, state.posMax = start + 2, close
        state.md.inline.tokenize(state)
        state.posMax = old_max
    state.pos = close + 2
    return True
