"""Hangul in text: one pattern for the whole program, compiled when imported.

Both processes ask of text whether it has Hangul: the planner to choose a run's language, the
renderer to tag the runs it draws. A class of 11,000 characters takes Python's `re` about
2.5 ms to compile, so it is compiled once, before the render process is forked
(`write.forked._import_shared`), not once in each process as it was met.
"""

from __future__ import annotations

import re

# Jamo, compatibility jamo, jamo extended A, syllables, jamo extended B
HANGUL_CLASS = r"[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF]"
HANGUL = re.compile(HANGUL_CLASS)


def has_hangul(text: str) -> bool:
    return HANGUL.search(text) is not None
