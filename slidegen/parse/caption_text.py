"""A caption written in Markdown, as the words a reader sees.

Hugo's `figure` shortcode and MyST's `{figure}` directive take their caption as Markdown
(Hugo passes it through `markdownify`), so `caption="**그림 1.** *E* = $mc^2$"` showed its
asterisks and dollars under the picture. A caption is one line of text in the deck: emphasis
and links give their words, code its text, an inline formula its reading on one line
(`E=mc²`, `math.linear.reading`); a formula that cannot be converted keeps its TeX.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from slidegen.parse.math import MATH_INLINE, MATH_INLINE_DISPLAY, math_plugin

__all__ = ["caption_text"]

_MARKS = frozenset("*_`$[<\\")  # a caption with none of these is its own text


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"linkify": False})
    math_plugin(md)
    return md


def caption_text(caption: str, warn: Callable[[str], None]) -> str:
    """`warn` hears of a formula that cannot be converted."""
    if not _MARKS.intersection(caption):
        return caption
    words: list[str] = []
    for token in _markdown().parseInline(" ".join(caption.split())):
        _words(token.children or [], words, warn)
    return " ".join("".join(words).split())


def _words(tokens: list[Token], words: list[str], warn: Callable[[str], None]) -> None:
    for token in tokens:
        if token.type in ("text", "code_inline"):
            words.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif token.type in (MATH_INLINE, MATH_INLINE_DISPLAY):
            words.append(_formula(token.content, warn))
        elif token.type == "image":
            _words(token.children or [], words, warn)


def _formula(tex: str, warn: Callable[[str], None]) -> str:
    from slidegen.math.equations import reading_of  # only captions with formulas

    shown = reading_of(tex)
    if shown is None:
        warn(f"formula in a caption not converted: shown as TeX ({tex[:60]})")
    return shown or tex
