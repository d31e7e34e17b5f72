"""pymdownx's generic blocks, MkDocs Material's newer syntax: `/// note | Title` … `///`,
`/// admonition | Title` with an indented `type: warning`, `/// details | Summary`,
`/// tab | Name`, and `/// html | div` or any other name around Markdown.

A block becomes a div of its body, as a fenced div does: a callout when its name (or its
`type:`) names a kind, its title a bold lead otherwise (a tab's name, a caption's absence).
The indented `key: value` lines under the header are options, read, never shown. An outer
block is written with more slashes than the blocks inside it.
"""

from __future__ import annotations

import bisect

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.document import Attributes
from slidegen.parse.callouts import callout_kind_of_word
from slidegen.parse.divs import push_div
from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

__all__ = ["pymdown_blocks_plugin"]

_OPEN = lazy_compile(r"(?P<fence>/{3,})[ \t]*(?P<name>[\w-]+)(?:[ \t]*\|[ \t]*(?P<title>.*?))?"
                     r"[ \t]*")
_OPTION = lazy_compile(r"(?P<key>[\w-]+)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*")


def pymdown_blocks_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("code", "pymdown_block", _block,
                          {"alt": ["paragraph", "blockquote", "list"]})


def _block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    text = line_text(state, start)
    opened = _OPEN.fullmatch(text) if text.startswith("///") else None
    if opened is None:
        return False
    closers = _closing_lines(state).get(opened.group("fence"), [])
    at = bisect.bisect_right(closers, start)
    close = closers[at] if at < len(closers) and closers[at] < end else None
    if close is None:  # never closed: not a block (a line of slashes in prose)
        return False
    if silent:
        return True
    options: dict[str, str] = {}
    body = start + 1
    while (body < close and state.sCount[body] - state.sCount[start] >= 4
           and (option := _OPTION.fullmatch(line_text(state, body)))):
        options[option.group("key").lower()] = option.group("value").strip("\"'")
        body += 1
    name = opened.group("name").lower()
    title = "" if name == "html" else (opened.group("title") or "").strip().strip("\"'")
    kind = callout_kind_of_word(options.get("type", "")) or callout_kind_of_word(name)
    if kind and not title and name not in ("details", "admonition"):
        title = name.capitalize()
    shown = kind or {"tab": "tab-item"}.get(name, name)  # a tab: its name leads its body
    push_div(state, {"attrs": Attributes(classes=[shown]), "title": title,
                     "callout": name in ("admonition", "details")},
             (body, close), [start, close + 1])
    state.line = close + 1
    return True


def _closing_lines(state: StateBlock) -> dict[str, list[int]]:
    """The lines of the note that are only slashes, by their slashes, found once a parse: read
    to its end for each opener instead, a note of many unclosed ones took minutes."""
    cached = state.env.get(_CLOSERS)
    if cached is None or cached[0] is not state.src:
        lines: dict[str, list[int]] = {}
        for number in range(len(state.bMarks) - 1):
            text = line_text(state, number).strip()
            if len(text) >= 3 and not text.strip("/"):
                lines.setdefault(text, []).append(number)
        cached = state.env[_CLOSERS] = (state.src, lines)
    return cached[1]


_CLOSERS = "pymdown_block_closers"
