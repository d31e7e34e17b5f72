"""MkDocs Material (Python-Markdown and pymdownx) and pandoc's inline extras.

- `!!! note "Title"` and `??? tip` (collapsible) admonitions: callouts of that kind, their
  indented body read as Markdown.
- `=== "Tab"` content tabs: the tab's title as a bold lead line over its indented body.
- `*[HTML]: Hyper Text Markup Language` abbreviation definitions (also kramdown's): hidden,
  as the published page shows them only as tooltips.
- `H~2~O`, `2^10^` (pandoc, pymdownx): subscript and superscript; `^^text^^` inserted text;
  `++ctrl+alt+del++` keys, shown as `<kbd>` would be.
- CriticMarkup (pymdownx.critic, MultiMarkdown): `{++added++}` as text, `{--deleted--}` struck
  through, `{~~old~>new~~}` both, `{==marked==}` highlighted, `{>>a comment<<}` left out, as
  the page's review view shows them.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from slidegen.document import Attributes
from slidegen.parse.lines import line_text
from slidegen.regex import lazy_compile

__all__ = ["mkdocs_plugin"]

# `!!! note "Title"`; Material's `inline` / `inline end` (placed beside the text) say where
_ADMONITION = lazy_compile(r"(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+inline(?:[ \t]+end)?)?"
                           r"(?:[ \t]+\"([^\"]*)\")?[ \t]*$")
_TAB = lazy_compile(r"===\+?[ \t]+\"([^\"]*)\"[ \t]*$")
_ABBREVIATION = lazy_compile(r"\*\[[^\]\n]+\]:.*$")
_SCRIPT = {"~": "sub", "^": "sup"}
_KEYS = lazy_compile(r"\+\+([\w+-]+?)\+\+")


def mkdocs_plugin(md: MarkdownIt) -> None:
    alt = {"alt": ["paragraph", "blockquote", "list"]}
    md.block.ruler.before("code", "admonition", _admonition, alt)
    md.block.ruler.before("code", "content_tab", _tab, alt)
    md.block.ruler.before("code", "abbreviation", _abbreviation, alt)
    md.inline.ruler.before("emphasis", "script", _script)
    md.inline.ruler.before("text", "keys", _keys)
    md.inline.ruler.before("emphasis", "critic", _critic)


def _body_end(state: StateBlock, start: int, end: int) -> int:
    """The line after an indented body (4 columns deeper than its opener), blank lines in it
    included, trailing ones not."""
    depth = state.sCount[start] + 4
    last = start
    for number in range(start + 1, end):
        if state.isEmpty(number):
            continue
        if state.sCount[number] < depth:
            break
        last = number
    return last + 1


def _nested(state: StateBlock, start: int, close: int) -> None:
    """Parse the indented body of the block opened at `start` as blocks of their own."""
    old_indent, old_limit = state.blkIndent, state.lineMax
    state.blkIndent = state.sCount[start] + 4
    state.lineMax = close
    state.md.block.tokenize(state, start + 1, close)
    state.blkIndent, state.lineMax = old_indent, old_limit
    state.line = close


def _admonition(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    found = _ADMONITION.match(line_text(state, start))
    if not found:
        return False
    if silent:
        return True
    close = _body_end(state, start, end)
    token = state.push("div_open", "div", 1)
    token.meta = {"attrs": Attributes(classes=[found.group(2).lower()]),
                  "title": found.group(3) if found.group(3) is not None else
                  found.group(2).capitalize(), "callout": True}
    token.map = [start, close]
    _nested(state, start, close)
    state.push("div_close", "div", -1)
    return True


def _tab(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    found = _TAB.match(line_text(state, start))
    if not found:
        return False
    if silent:
        return True
    close = _body_end(state, start, end)
    state.push("paragraph_open", "p", 1).map = [start, start + 1]
    title = state.push("inline", "", 0)
    title.content = f"**{found.group(1)}**" if found.group(1).strip() else ""
    title.map, title.children = [start, start + 1], []
    state.push("paragraph_close", "p", -1)
    _nested(state, start, close)
    return True


def _abbreviation(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4 or not _ABBREVIATION.fullmatch(
            line_text(state, start)):
        return False
    if not silent:
        state.line = start + 1
    return True


def _script(state: StateInline, silent: bool) -> bool:
    """`~sub~` and `^sup^`: no spaces inside, never `~~` (strikethrough) or `^^` (inserted
    text, shown as plain text)."""
    mark = state.src[state.pos]
    if mark not in _SCRIPT:
        return False
    double = state.src.startswith(mark * 2, state.pos)
    if double and mark == "~":
        return False
    width = 2 if double else 1
    close = state.src.find(mark * width, state.pos + width, state.posMax)
    inner = state.src[state.pos + width : close]
    if close < 0 or not inner or (any(c.isspace() for c in inner) and not double):
        return False
    if not silent:
        if not double:
            tag = _SCRIPT[mark]
            state.push("html_inline", "", 0).content = f"<{tag}>"
        old_max = state.posMax
        state.pos, state.posMax = state.pos + width, close
        state.md.inline.tokenize(state)
        state.posMax = old_max
        if not double:
            state.push("html_inline", "", 0).content = f"</{_SCRIPT[mark]}>"
    state.pos = close + width
    return True


_CRITIC_CLOSE = {"++": "++}", "--": "--}", "~~": "~~}", "==": "==}", ">>": "<<}"}
_CRITIC_STYLE = {"++": "", "--": "s", "==": "mark"}


def _critic(state: StateInline, silent: bool) -> bool:
    mark = state.src[state.pos + 1 : state.pos + 3] if state.src[state.pos] == "{" else ""
    closer = _CRITIC_CLOSE.get(mark)
    close = state.src.find(closer, state.pos + 3, state.posMax) if closer else -1
    if close < 0:
        return False
    if not silent:
        start = state.pos + 3
        if mark == "~~":
            old, arrow, _ = state.src[start:close].partition("~>")
            _styled(state, start, start + len(old), "s")
            if arrow:
                _styled(state, start + len(old) + 2, close, "")
        elif mark != ">>":
            _styled(state, start, close, _CRITIC_STYLE[mark])
    state.pos = close + 3
    return True


def _styled(state: StateInline, start: int, end: int, style: str) -> None:
    """The Markdown from `start` to `end`, inside `style`'s open and close tokens if any."""
    if style:
        state.push(f"{style}_open", style, 1)
    old_max = state.posMax
    state.pos, state.posMax = start, end
    state.md.inline.tokenize(state)
    state.posMax = old_max
    if style:
        state.push(f"{style}_close", style, -1)


def _keys(state: StateInline, silent: bool) -> bool:
    """`++ctrl+alt+del++`: the keys, as `<kbd>` shows them (Ctrl+Alt+Del)."""
    found = _KEYS.match(state.src, state.pos, state.posMax)
    if not found:
        return False
    if not silent:
        keys = "+".join(k.capitalize() if len(k) > 1 else k.upper()
                        for k in found.group(1).split("+"))
        state.push("code_inline", "code", 0).content = keys
    state.pos = found.end()
    return True
