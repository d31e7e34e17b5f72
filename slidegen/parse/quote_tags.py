"""HackMD's quote tags: `> text [name=민수] [time=Sun, Jun 4, 2023] [color=#907bf7]`. The
name says who wrote the quote and is kept as "— 민수"; the time and the colour of its bar are
for the page and go. Only inside a quote, where HackMD reads them."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from slidegen.regex import lazy_compile

__all__ = ["quote_tags_plugin"]

_TAG = lazy_compile(r"[ \t]*\[(name|time|color)=([^\]\n]*)\]")


def quote_tags_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "quote_tags", _quote_tags)


def _quote_tags(state: StateCore) -> None:
    depth = 0
    for token in state.tokens:
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif depth and token.type == "inline" and "=" in token.content:
            token.content = _TAG.sub(_shown, token.content)


def _shown(found: re.Match[str]) -> str:
    name = found.group(2).strip()
    return f" — {name}" if found.group(1) == "name" and name else ""
