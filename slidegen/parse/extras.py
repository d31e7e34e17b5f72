"""Common extras beyond CommonMark: footnotes, definition lists (mdit-py-plugins), task list
boxes and emoji shortcodes.

Task list items (`- [ ]`, `- [x]`) keep their text with ☐ / ☑ in front, as GitHub shows a box;
`:rocket:` becomes 🚀 through the `emoji` library's GitHub aliases.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from slidegen.regex import lazy_compile

__all__ = ["UNDEFINED_FOOTNOTE", "extras_plugin", "with_emoji"]

# `[^label]` left as text: a footnote mark whose `[^label]: text` is missing
UNDEFINED_FOOTNOTE = lazy_compile(r"\[\^[^\]\s]+\](?!:)")

_TASK = lazy_compile(r"\[([ xX])\](?:[ \t]+|$)")
_SHORTCODE = lazy_compile(r"(?<![\w:]):([a-z0-9_+-]{1,40}):(?![\w:])")


def extras_plugin(md: MarkdownIt) -> None:
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    md.core.ruler.after("inline", "task_boxes", _task_boxes)


def _task_boxes(state: StateCore) -> None:
    tokens = state.tokens
    for i in range(2, len(tokens)):
        token = tokens[i]
        if token.type != "inline" or tokens[i - 2].type != "list_item_open":
            continue
        first = (token.children or [None])[0]
        if first is None or first.type != "text":
            continue
        match = _TASK.match(first.content)
        if match:
            box = "☑" if match.group(1).lower() == "x" else "☐"
            first.content = f"{box} {first.content[match.end():]}".rstrip()


# MkDocs Material's icons (`:material-check:`, `:octicons-clock-16:`, `:fontawesome-brands-
# python:{ .lg .middle }`): pictures of a theme's icon font, decoration a slide does without
_ICON = lazy_compile(r":(?:material|octicons|fontawesome|simple)-[\w-]+:(?:\{[^{}\n]*\})?[ \t]*")


def with_emoji(text: str) -> str:
    """`:rocket:` → 🚀 where the name is an emoji alias; a theme's icon goes; other `:words:`
    stay as written."""
    if not _SHORTCODE.search(text):
        return text
    text = _ICON.sub("", text)
    import emoji  # only for text that has a shortcode

    def one(match: re.Match[str]) -> str:
        shown = emoji.emojize(match.group(0), language="alias")
        if shown == match.group(0) and "-" in shown:  # HackMD: `:woman-technologist:`
            shown = emoji.emojize(shown.replace("-", "_"), language="alias")
        return shown if ":" not in shown else match.group(0)

    return _SHORTCODE.sub(one, text)
