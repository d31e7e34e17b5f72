"""CJK-friendly emphasis: `**값(value)**은` is bold, as its Korean author meant.

CommonMark's flanking rules do not let `**` close after punctuation when a letter follows, and
Korean puts particles right after a word (`**Cascading(계단식)**이라고`), so the stars stayed on
the slide. This follows the markdown-it-cjk-friendly proposal: for `*` (and `~`), a delimiter
run next to a CJK character on either side may open and close like one next to a space. The
proposal leaves `_` alone; here `_`/`__` also close before (and open after) a CJK letter, since
Korean notes write `__선택자__는` and no Korean word holds an underscore. Latin text
(snake_case, `2*3`) reads as in CommonMark.
"""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token

_EMOJI = range(0x1F000, 0x1FB00)
_VARIATION_SELECTORS = range(0xFE00, 0xFE0F)


def is_cjk(char: str) -> bool:
    """Hangul, kana, ideographs, CJK and full-width punctuation (not emoji, not symbols that
    are wide but older than the CJK blocks)."""
    code = ord(char)
    if code < 0x1100:
        return False
    if code <= 0x11FF:  # Hangul Jamo
        return True
    if code < 0x2E80 or code in _EMOJI:
        return False
    return unicodedata.east_asian_width(char) in ("W", "F", "H")


def _is_punct(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


class CjkFriendlyState(StateInline):
    """Inline state whose delimiter scan follows the CJK-friendly flanking rule."""

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        src, maximum = self.src, self.posMax
        marker = src[start]
        last = src[start - 1] if start > 0 else " "
        if ord(last) in _VARIATION_SELECTORS and start > 1 and not src[start - 2].isspace():
            last = src[start - 2]
        pos = start
        while pos < maximum and src[pos] == marker:
            pos += 1
        following = src[pos] if pos < maximum else " "
        last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(following))
        if last_space or next_space:
            return Scanned(not next_space, not last_space, pos - start)
        last_punct, next_punct = _is_punct(last), _is_punct(following)
        left, right = last_punct, next_punct  # the rule for `_` between two non-spaces
        if canSplitWord:
            cjk = is_cjk(following) or is_cjk(last)
            left = left or cjk or not next_punct
            right = right or cjk or not last_punct
        else:  # `_`: may open after a CJK letter and close before one
            left = left or is_cjk(last)
            right = right or is_cjk(following)
        return Scanned(left, right, pos - start)


class _CjkFriendlyInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: dict, tokens: list[Token]) -> list[Token]:  # type: ignore[type-arg]
        state = CjkFriendlyState(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


def cjk_friendly_plugin(md: MarkdownIt) -> None:
    """Make emphasis and strikethrough delimiters CJK-friendly; keeps every inline rule."""
    inline = _CjkFriendlyInline()
    inline.ruler, inline.ruler2 = md.inline.ruler, md.inline.ruler2
    md.inline = inline
