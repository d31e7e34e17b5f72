"""A note's language from its own words, for notes that never say it (most Korean notes).

The deck's language decides more than a label: LibreOffice takes it as its locale when it
writes the PDF, and in an English locale it puts spaces between Hangul and Latin letters or
punctuation ("CPU 를", "있다 ."). So a note whose prose is mostly Korean is a Korean deck.

Prose only: code, formulas, URLs and HTML tags are left out, since a Korean note full of
English code is still Korean. Words are counted, not letters: a Korean word is a run of
Hangul ("Kubernetes의" holds one), so a Korean note that names every term in English still
has at least as many Korean words as English ones, while an English note quoting a Korean
word or two has far fewer. Chinese and Japanese are not written in words; two of their
characters count as one.
"""

from __future__ import annotations

import re

from slidegen.hangul import HANGUL_CLASS

__all__ = ["text_language"]

SAMPLE_CHARS = 200_000  # a note's language shows long before this; a book need not be read
EAST_ASIAN_SHARE = 1 / 4  # of the words: at least this many East Asian ones make the note so
KANA_SHARE = 0.05  # of the Chinese characters and kana: Japanese prose has far more

# Patterns as text: `re` compiles each on first use, so a note that states its language (or
# whose site does) never pays for their large character classes.
_NOT_PROSE = (  # fenced code first
    r"(?ms)^[ \t]*+(?P<fence>`{3,}+|~{3,}+)[^`\n]*+\n.*?(?:^[ \t]*(?P=fence)[ \t]*$|\Z)"
    r"|\{\{[<%]\s*(?P<code>highlight|code|mermaid|plantuml|katex|math|chart)\b"  # Hugo's
    r".*?(?:\{\{[<%]\s*/\s*(?P=code)\s*[%>]\}\}|\Z)|\{\{[<%][^{}\n]*[%>]\}\}"  # shortcodes
    r"|\$\$[^$]*\$\$|\\\[[^\[\]]*\\\]"  # display formulas
    r"|`[^`\n]*`|\$[^$\n]+\$|\\[A-Za-z]+"  # inline code and formulas, TeX commands
    r"|^(?:\t| {4,})(?![-*+]\s|\d+[.)]\s)[^\n]*"  # indented code (a notebook's output)
    r"|<(?P<raw>script|style)\b.*?(?:</(?P=raw)\s*>|\Z)"  # scripts and styles
    r"|<!--.*?(?:-->|\Z)|</?[A-Za-z][^<>\n]*>"  # HTML comments and tags
    r"|\]\([^()\n]*\)|\b[a-z][a-z+.-]{0,30}+://\S+"  # link targets, URLs
)
# A word of two letters or more (one is mostly a formula's x), not a piece of an identifier
# (`feature_0`, `x86`)
_LATIN_WORD = (
    r"(?<![A-Za-z\u00C0-\u024F0-9_])[A-Za-z\u00C0-\u024F]{2,}+(?![A-Za-z\u00C0-\u024F0-9_])")
_HANGUL_WORD = HANGUL_CLASS + "+"
KANA_CLASS = r"[\u3041-\u309F\u30A0-\u30FA\u30FC-\u30FF\u31F0-\u31FF\uFF66-\uFF9D]"
_HAN = r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]"
# Common characters written differently in Traditional (Taiwan, Hong Kong) and Simplified
_TRADITIONAL = "[們這個來說時會為國學與發對還過點開關經]"
_SIMPLIFIED = "[们这个来说时会为国学与发对还过点开关经]"


def text_language(text: str) -> str | None:
    """`ko-KR`, `ja-JP`, `zh-CN` or `zh-TW` when the note's prose is largely in that
    script, else None (the caller's default: slidegen does not guess among Latin-script
    languages)."""
    prose = re.sub(_NOT_PROSE, " ", text[:SAMPLE_CHARS])
    latin = _count(_LATIN_WORD, prose)
    korean = _count(_HANGUL_WORD, prose)
    kana, han = _count(KANA_CLASS, prose), _count(_HAN, prose)
    chinese_japanese = (kana + han + 1) // 2
    east_asian = korean + chinese_japanese
    if not east_asian or east_asian < EAST_ASIAN_SHARE * (east_asian + latin):
        return None
    if korean >= chinese_japanese:
        return "ko-KR"
    if kana >= KANA_SHARE * (kana + han):
        return "ja-JP"
    return "zh-TW" if _count(_TRADITIONAL, prose) > _count(_SIMPLIFIED, prose) else "zh-CN"


def _count(pattern: str, text: str) -> int:
    return sum(1 for _ in re.finditer(pattern, text))
