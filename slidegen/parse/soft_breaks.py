"""A line break inside a paragraph between two Chinese or Japanese characters is no space.

Chinese and Japanese are written without spaces, so a note wrapped by hand (`…更新\nします`)
must not read `更新 します` on the slide (pandoc's `east_asian_line_breaks`, which browsers
rendering CJK text approximate too). Korean puts spaces between words, so a break beside
Hangul stays a space, as it does beside Latin letters.
"""

from __future__ import annotations

import re

from slidegen.document import Span

__all__ = ["SOFT_BREAK", "join_soft_breaks"]

SOFT_BREAK = "\ue000"  # a private-use character stands for the break until its sides are known

# Han, kana, CJK punctuation, Bopomofo and full-width forms (not Hangul)
_CLOSE_SET = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uff61-\uff9f]")


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
            close = bool(left and right and _CLOSE_SET.match(left) and _CLOSE_SET.match(right))
            spaced = left.isspace() or right.isspace()  # one space already (a picture left)
            joined += ("" if close or spaced else " ") + piece
        span.text = joined
