"""HTML headings (`<h1 align="center">kube-lab</h1>`) as the headings they are.

GitHub READMEs and many blog posts centre their title, or a logo above it, with an HTML
heading; read as HTML it would be a paragraph, and the deck would be titled after the file
name. An `<h1>`…`<h6>` element that starts a line and closes before the next blank line
becomes heading tokens whose inline content is the element's inner HTML (a logo `<img>` in it
is read as any picture in a heading is).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

_OPENING = lazy_compile(r"<h([1-6])(?=[\s>])", re.IGNORECASE)
_HEADING = lazy_compile(r"<h([1-6])(?:\s[^>]*)?>(.*?)</h\1\s*>\s*", re.IGNORECASE | re.DOTALL)


def html_headings_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_lines", "html_headings", _html_heading,
                          {"alt": ["paragraph", "reference", "blockquote"]})


def _html_heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    first = line_text(state, start)
    opened = _OPENING.match(first)
    if opened is None:
        return False
    closing = f"</h{opened.group(1)}"
    last = start
    while closing not in line_text(state, last).lower():
        last += 1
        if last >= end or state.isEmpty(last):
            return False
    found = _HEADING.fullmatch("\n".join(line_text(state, n) for n in range(start, last + 1)))
    if found is None or _OPENING.search(found.group(2)):
        return False
    if silent:
        return True
    tag, markup = f"h{found.group(1)}", "#" * int(found.group(1))
    opening = state.push("heading_open", tag, 1)
    opening.markup, opening.map = markup, [start, last + 1]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = found.group(2).strip(), [start, last + 1], []
    state.push("heading_close", tag, -1).markup = markup
    state.line = last + 1
    return True
