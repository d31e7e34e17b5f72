"""HTML tag lines that never hide Markdown, as in kramdown (Jekyll's parser).

In CommonMark a line starting with `<div>`, `<center>`, `<br>`... opens an HTML block that
runs to the next blank line, so a `### heading` or a list right under `<br>` was shown as raw
text. Notes written for Jekyll expect kramdown's reading: Markdown goes on around and after
such lines, and `<div markdown="1">` holds Markdown. This rule replaces CommonMark's HTML
block types 6 and 7: the block is only the lines that are tags themselves (a tag broken over
lines, and text indented inside an open element, stay with it). Comments, `<script>`,
`<style>`, `<pre>` and `<textarea>` keep CommonMark's rule, which runs to their end tag.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names
from markdown_it.common.html_re import HTML_OPEN_CLOSE_TAG_STR
from markdown_it.rules_block import StateBlock

from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

_RAW_CONTENT = lazy_compile(r"^<(?:(?:script|pre|style|textarea)(?=[\s>]|$)|!|\?)", re.IGNORECASE)
_BLOCK_TAG = lazy_compile("^</?(?:" + "|".join(block_names) + r")(?=\s|/?>|$)", re.IGNORECASE)
_LONE_TAG = lazy_compile(HTML_OPEN_CLOSE_TAG_STR + r"\s*$")
_ANY_TAG = lazy_compile(r"^</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)")
_COMPONENT = lazy_compile(r"^</?[A-Z][A-Za-z0-9.]*(?=[\s/>]|$)")  # MDX: `<Tabs>`, `</Admonition>`
_OPEN_ELEMENT = lazy_compile(r"<([A-Za-z][A-Za-z0-9-]*)[^>]*>")


def _unclosed(text: str) -> bool:
    """True when `text` ends inside a tag (`<img src="a"` + newline) or a comment; only the
    last tag is looked at, so a long line costs one pass of `rfind`."""
    if text.rfind("<!--") > text.rfind("-->"):
        return True
    last = text.rfind("<")
    if last < 0:
        return False
    quote = ""
    for char in text[last + 1:]:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == ">":
            return False
    return True


def _opens_element(text: str) -> bool:
    """A block element opened on this line and not closed on it (`<div class="x">`)."""
    for match in _OPEN_ELEMENT.finditer(text):
        name = match.group(1).lower()
        if name in block_names and f"</{name}" not in text[match.end():].lower():
            return True
    return False


def html_lines(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    first = line_text(state, start)
    if not first.startswith("<") or _RAW_CONTENT.match(first):
        return False
    component = _COMPONENT.match(first) and _LONE_TAG.match(first)
    block_tag = bool(_BLOCK_TAG.match(first) or component)
    if not block_tag and not (_LONE_TAG.match(first) or (_ANY_TAG.match(first)
                                                          and _unclosed(first))):
        return False
    if silent:  # may end a paragraph, as CommonMark's block-level tags do
        return block_tag
    taken = first
    nested = _opens_element(first)
    line = start + 1
    while line < end and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
        text = line_text(state, line)
        indented_text = nested and state.sCount[line] - state.blkIndent >= 4
        if not (_unclosed(taken) or indented_text or (text.startswith("<") and _ANY_TAG.match(
                text) and not _RAW_CONTENT.match(text) and _is_tag_line(text))):
            break
        taken += "\n" + text
        nested = nested or _opens_element(text)
        line += 1
    token = state.push("html_block", "", 0)
    token.map = [start, line]
    token.content = state.getLines(start, line, state.blkIndent, True)
    state.line = line
    return True


def _is_tag_line(text: str) -> bool:
    return bool(_BLOCK_TAG.match(text) or _LONE_TAG.match(text) or _unclosed(text))


def html_lines_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_block", "html_lines", html_lines,
                          {"alt": ["paragraph", "reference", "blockquote"]})
