"""A line break inside a paragraph between two Chinese or Japanese characters is no space.

Chinese and Japanese are written without spaces, so a note wrapped by hand (`…更新\nします`)
must not read `更新 します` on the slide (pandoc's `east_asian_line_breaks`, which browsers
rendering CJK text approximate too). Korean puts spaces between words, so a break beside
Hangul stays a space, as it does beside Latin letters.
"""

from __future__ import annotations

from slidegen.document import Span

__all__ = ["SOFT_BREAK", "join_soft_breaks"]

SOFT_BREAK = "\ue000"  # a private-use character stands for the break until its sides are known

# Han, kana, CJK punctuation, Bopomofo and full-width forms (not Hangul): code point ranges
_CLOSE_RANGES = ((0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3100, 0x312F), (0x31A0, 0x31FF),
                 (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F),
                 (0xFF00, 0xFF9F))


def _close(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in _CLOSE_RANGES)


def join_soft_breaks(spans: list[Span]) -> None:
    """Each soft break in `spans` becomes nothing between two such characters, else a space
    (its neighbours may sit in the spans before and after, in another format)."""
    for index, span in enumerate(spans):
        if SOFT_BREAK not in span.text:
            continue
        before = spans[index - 1].text[-1:] if index else ""
        after = spans[index + 1].text[:1] if index + 1 < len(spans) else ""
        pieces = span.text.split(SOFT_BREAK)
        joined = pieces[0]
        for number, piece in enumerate(pieces[1:], start=1):
            left = joined[-1:] or (before if number == 1 else "")
            right = piece[:1] or (after if number == len(pieces) - 1 else "")
            close = bool(left and right and _close(left) and _close(right))
            spaced = left.isspace() or right.isspace()  # one space already (a picture left)
            joined += ("" if close or spaced else " ") + piece
        span.text = joined
