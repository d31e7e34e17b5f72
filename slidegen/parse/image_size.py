"""HackMD's and CodiMD's picture sizes: `![alt](arch.png =300x200)`, `=300x`, `=x200`, after a
title too (`![alt](x.png "title" =300x)`), as markdown-it-imsize reads them. Without this
rule the space makes the target no link, and the size was read as part of the file's name.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from slidegen.document import Attributes
from slidegen.regex import lazy_compile

__all__ = ["image_size_plugin"]

_SIZED = lazy_compile(r"""!\[((?:[^\[\]\\\n]|\\.)*)\]\(\s*(<[^<>\n]*>|[^\s()<>]+)"""
                      r"""(?:\s+"([^"\n]*)")?\s+=(\d*)x(\d*)\s*\)""")


def image_size_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("image", "image_size", _sized_image)


def _sized_image(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("![", state.pos):
        return False
    found = _SIZED.match(state.src, state.pos, state.posMax)
    if found is None or not (found.group(4) or found.group(5)):
        return False
    if not silent:
        alt, src, title, width, height = found.groups()
        token = state.push("image", "img", 0)
        token.attrs = {"src": src.strip("<>"), "alt": ""}
        if title:
            token.attrs["title"] = title
        token.children = state.md.inline.parse(alt, state.md, state.env, [])
        token.content = alt
        values = {key: value for key, value in (("width", width), ("height", height)) if value}
        token.meta = {"attrs": Attributes(values=values)}
    state.pos = found.end()
    return True
