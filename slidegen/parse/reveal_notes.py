"""Speaker notes written the reveal.js way, in a note made for slide mode (HackMD's `type:
slide` or `slideOptions:` front matter): a paragraph starting `Note:` (or `Notes:`) and
everything after it up to the next slide's `---` (or `----`) is what the presenter says on
that slide, not text on it. In other notes `Note:` stays a labelled callout."""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.document import Attributes
from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

__all__ = ["is_slide_mode", "reveal_notes_plugin"]

SLIDE_MODE = "reveal_notes"  # the env key parse_document sets for a slide-mode note
_LABEL = lazy_compile(r"notes?:[ \t]*", re.I)
_SEPARATOR = lazy_compile(r"-{3,4}[ \t]*")
_FENCE = lazy_compile(r"(`{3,}|~{3,})")


def is_slide_mode(front_matter: dict[str, Any]) -> bool:
    kind = front_matter.get("type")
    return (isinstance(kind, str) and kind.strip().lower() == "slide") or \
        "slideOptions" in front_matter


def reveal_notes_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("paragraph", "reveal_notes", _reveal_notes)


def _reveal_notes(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if not state.env.get(SLIDE_MODE) or state.level or state.sCount[start] != state.blkIndent:
        return False
    label = _LABEL.match(line_text(state, start))
    if label is None:
        return False
    if silent:
        return True
    close = _slide_end(state, start + 1, end)
    token = state.push("div_open", "div", 1)
    token.meta = {"attrs": Attributes(classes=["notes"]), "title": ""}
    token.map = [start, close]
    old = state.bMarks[start], state.tShift[start], state.sCount[start], state.lineMax
    state.bMarks[start] += state.tShift[start] + label.end()  # the text after `Note:`
    state.tShift[start] = state.sCount[start] = 0
    state.lineMax = close
    state.md.block.tokenize(state, start, close)
    state.bMarks[start], state.tShift[start], state.sCount[start], state.lineMax = old
    state.push("div_close", "div", -1)
    state.line = close
    return True


def _slide_end(state: StateBlock, line: int, end: int) -> int:
    """The line of the next slide separator outside code, or the end."""
    fence = ""
    for number in range(line, end):
        text = line_text(state, number)
        opened = _FENCE.match(text)
        if opened and (not fence or opened.group(1)[0] == fence[0]):
            fence = "" if fence else opened.group(1)
        elif not fence and _SEPARATOR.fullmatch(text) and state.sCount[number] < 4:
            return number
    return end
