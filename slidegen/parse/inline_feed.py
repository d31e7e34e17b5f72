"""markdown-it's inline tokens walked into an `_Inline` sink: one small handler per token
type, and the emphasis-like pairs (`strong`, `em`, `s`, `mark`) counted as they open and
close."""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.token import Token

from slidegen.document import Attributes, Image
from slidegen.parse.attrs import size_of, token_attributes
from slidegen.parse.inline import _Inline
from slidegen.parse.markdown import _OVERSIZED
from slidegen.parse.math import MATH_INLINE, MATH_INLINE_DISPLAY
from slidegen.parse.shortcodes import (
    FIGURES,
    inline_shortcode_text,
    shortcode_blocks,
    unescaped_shortcodes,
)
from slidegen.regex import lazy_compile

__all__ = ["feed"]

_PAIRS = {"strong": "bold", "em": "italic", "s": "strike", "mark": "mark"}


def feed(sink: _Inline, inline: Token | None) -> None:
    """Walk one inline token's children into `sink`."""
    if inline is None:
        return
    if inline.type == _OVERSIZED:
        sink.warn(sink.line, f"paragraph of {len(inline.content):,} characters: Markdown "
                  "formatting in it is ignored; split it into shorter paragraphs")
        sink.html.feed(inline.content)
        sink.html.close()
        return
    for child in inline.children or []:
        base, _, edge = child.type.rpartition("_")
        if edge in ("open", "close") and base in _PAIRS:
            count = getattr(sink, _PAIRS[base]) + (1 if edge == "open" else -1)
            setattr(sink, _PAIRS[base], max(0, count))
        elif (handler := _HANDLERS.get(child.type)) is not None:
            handler(sink, child)


def _break(sink: _Inline, child: Token) -> None:
    (sink.soft_break if child.type == "softbreak" else sink.hard_break)()
    sink.line += 1


def _math(sink: _Inline, child: Token) -> None:
    sink.math(child.content, "inline" if child.type == MATH_INLINE else "display")
    sink.line += child.content.count("\n")


def _link_close(sink: _Inline, child: Token) -> None:
    if sink.links:
        sink.links.pop()


def _image(sink: _Inline, child: Token) -> None:
    alt = "".join(c.content for c in child.children or [] if c.type != "softbreak")
    attrs = token_attributes(child) or Attributes()
    width, height = size_of(attrs)
    sink.image(str(child.attrGet("src") or ""), alt, str(child.attrGet("title") or ""),
               width, height, attrs.classes)


_INLINE_CELL = lazy_compile(r"\{(python|r|julia|ojs|bash|sql)\}\s+(.+)", re.S)
_HILITE = lazy_compile(r"#!([\w+-]+)\s+(.+)", re.S)


def _code(sink: _Inline, child: Token) -> None:
    """Inline code; Quarto's `{python} 3 + 4` (a result on the page, not run here: its code,
    with a warning) and MkDocs' `#!python x` (its language marked) show only their code."""
    text = child.content
    if cell := _INLINE_CELL.fullmatch(text):
        text = cell.group(2)
        sink.warn(sink.line, f"inline {{{cell.group(1)}}} code is not run: '{text}' is shown "
                  "as code; write its result out")
    elif hilite := _HILITE.fullmatch(text):
        text = hilite.group(2)
    sink.text(unescaped_shortcodes(text), code=True)


def _footnote_ref(sink: _Inline, child: Token) -> None:
    meta = child.meta or {}
    sink.scripts.append("super")
    sink.footnote = str(meta.get("label") or meta.get("id", 0) + 1)
    sink._add(str(meta.get("id", 0) + 1), False)
    sink.footnote = None
    sink.scripts.pop()


def _shortcode(sink: _Inline, child: Token) -> None:
    """A figure shortcode within a line is its picture; others show their text or link."""
    code = child.meta["shortcode"]
    if code.name.lower() in FIGURES:
        pictures = shortcode_blocks(code, sink.line, sink.warn)
        for picture in pictures:
            if isinstance(picture, Image):
                sink.image(picture.src, picture.alt, picture.title, picture.width,
                           picture.height)
        if pictures:
            return
    text, link = inline_shortcode_text(code, sink.line, sink.warn)
    sink.open_link(link or "")
    sink.text(text)
    sink.links.pop()


def _html(sink: _Inline, child: Token) -> None:
    sink.html.feed(child.content)
    sink.line += child.content.count("\n")


def _crossref(sink: _Inline, child: Token) -> None:
    sink.text(child.content)
    for target in child.meta["missing"]:
        sink.warn(sink.line, f"cross-reference '@{target}' has no target in the note: shown "
                  f"as '{target}'; add {{#{target}}} to what it points to")
    for key in child.meta.get("unlisted", []):
        sink.warn(sink.line, f"citation '@{key}' is not in the note's bibliography: shown as "
                  f"'{key}'; add it to the bibliography or correct the key")


def _kramdown_unclosed(sink: _Inline, child: Token) -> None:
    name = child.meta["name"]
    sink.warn(sink.line, f"'{{::{name}}}' is never closed: its tag is dropped and the text "
              f"after it is kept; close it with '{{:/{name}}}'")


def _skipped_lines(sink: _Inline, child: Token) -> None:
    sink.line += child.content.count("\n")


_HANDLERS: dict[str, Callable[[_Inline, Token], None]] = {
    "text": lambda sink, child: sink.text(child.content),
    "text_special": lambda sink, child: sink.text(child.content),
    "code_inline": _code,
    "softbreak": _break, "hardbreak": _break,
    MATH_INLINE: _math, MATH_INLINE_DISPLAY: _math,
    "link_open": lambda sink, child: sink.open_link(str(child.attrGet("href") or "")),
    "link_close": _link_close,
    "image": _image,
    "footnote_ref": _footnote_ref,
    "obsidian_embed": lambda sink, child: sink.embed(child.content),
    "shortcode_inline": _shortcode,
    "html_inline": _html,
    "crossref": _crossref,
    "kramdown_comment": _skipped_lines,
    "kramdown_unclosed": _kramdown_unclosed,
}
