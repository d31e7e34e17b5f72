"""Syntax colours for code blocks, from Pygments, as coloured runs per source line."""

from __future__ import annotations

from functools import lru_cache

from pygments import lex
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.style import StyleMeta
from pygments.styles import get_style_by_name
from pygments.token import _TokenType
from pygments.util import ClassNotFound

from slidegen.deck import Run


@lru_cache(maxsize=32)
def _lexer(language: str) -> Lexer:
    try:
        return get_lexer_by_name(language.strip().lower(), stripnl=False, ensurenl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False, ensurenl=False)


@lru_cache(maxsize=8)
def _style(name: str) -> StyleMeta:
    try:
        return get_style_by_name(name)
    except ClassNotFound:
        return get_style_by_name("friendly")


def _color(style: StyleMeta, token: _TokenType, default: str) -> tuple[str, bool, bool]:
    # a lexer may invent token types after the style was built (YAML's Punctuation.Indicator):
    # those take their parent's style, as Pygments' own formatters do
    while not style.styles_token(token) and token.parent is not None:
        token = token.parent
    spec = style.style_for_token(token)
    return (spec["color"] or default).upper(), bool(spec["bold"]), bool(spec["italic"])


def highlight(code: str, language: str, style_name: str, default_color: str,
              lang_of: callable) -> list[list[Run]]:  # type: ignore[valid-type]
    """Split code into lines of runs; tabs become four spaces so widths are predictable."""
    style = _style(style_name)
    lines: list[list[Run]] = [[]]
    text = code.expandtabs(4).rstrip("\n")
    for token, value in lex(text, _lexer(language or "text")):
        color, bold, italic = _color(style, token, default_color)
        for index, piece in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(Run(piece, lang=lang_of(piece), code=True, color=color,
                                     bold=bold, italic=italic))
    return lines
