"""reveal.js' element comments, which HackMD's slide mode and reveal.js' Markdown read:
`text <!-- .element: class="fragment" -->` makes that element appear on a click. A list with
such items is revealed item by item (an `incremental` div around it, pandoc's spelling); a
paragraph with one appears on the next click (a pause before it). Other `.element:` settings
(colours, styles) are for the web page: the comment goes, as any comment does."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from slidegen.document import Attributes
from slidegen.regex import lazy_compile

__all__ = ["reveal_fragments_plugin"]

_ELEMENT = lazy_compile(r"[ \t]*<!--[ \t]*\.element[ \t]*:(.*?)-->", re.I | re.S)
_LISTS = {"bullet_list_open": "bullet_list_close", "ordered_list_open": "ordered_list_close"}


def reveal_fragments_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "reveal_fragments", _fragments)


def _fragments(state: StateCore) -> None:
    if ".element" not in state.src:
        return
    out: list[Token] = []
    lists: list[list[int]] = []  # each open list: where it starts in `out`, 1 if revealed
    for token in state.tokens:
        if token.type in _LISTS:
            lists.append([len(out), 0])
        if token.type == "inline" and ".element" in token.content and _fragment(token):
            if lists:
                lists[-1][1] = 1
            elif out and out[-1].type == "paragraph_open":
                out.insert(len(out) - 1, Token("pause", "", 0, map=out[-1].map))
        out.append(token)
        if token.type in _LISTS.values() and lists:
            start, revealed = lists.pop()
            if revealed:
                opener = Token("div_open", "div", 1, map=out[start].map, block=True)
                opener.meta = {"attrs": Attributes(classes=["incremental"]), "title": ""}
                out.insert(start, opener)
                out.append(Token("div_close", "div", -1, block=True))
    state.tokens = out


def _fragment(token: Token) -> bool:
    """Drop the inline's `.element:` comments; True if one makes it a fragment."""
    settings = [found.group(1) for found in _ELEMENT.finditer(token.content)]
    token.content = _ELEMENT.sub("", token.content)
    return any(re.search(r"\bfragment\b", setting) for setting in settings)
