"""Hangul in text: one pattern and one language rule for the whole program.

Both processes ask of text whether it has Hangul (`lang_of`): the planner to choose a run's
language, the renderer to tag the runs it draws. A class of 11,000 characters takes Python's
`re` about 2.5 ms to compile, so it is compiled when this module is imported, once, before
the render process is forked (`write.forked._import_shared`), not once in each process.
"""

from __future__ import annotations

import re

# Jamo, compatibility jamo, jamo extended A, syllables, jamo extended B
HANGUL_CLASS = r"[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF]"
HANGUL = re.compile(HANGUL_CLASS)


def lang_of(text: str, default: str) -> str:
    """ko-KR when the text has Hangul, else `default`: a run's language, planned or drawn."""
    return "ko-KR" if HANGUL.search(text) else default
