"""Columns laid out with a fixed-width font, as pandoc's simple and multiline tables are:
a line of dash groups (`-------   ------ ----------`) says where each column starts, and the
text above it how each is aligned.

Columns are counted in display cells, as pandoc counts them and as an editor shows them: a
Hangul syllable or other wide character takes two, so a Korean table lined up on screen is
read as it looks. A line is read relative to its block's indentation (a table in a list)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from markdown_it.rules_block import StateBlock

from slidegen.parse.table_tokens import Align
from slidegen.records import record
from slidegen.regex import lazy_compile

__all__ = ["Columns", "block_line", "char_width", "column_line", "dash_groups", "display_width",
           "is_blank", "is_footer", "may_start"]

_DASHES = lazy_compile(r"^( {0,3})(-+(?:[ \t]+-+)*)[ \t]*$")


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    if unicodedata.combining(char) or char in "\u200b\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(char) for char in text) if not text.isascii() else len(text)


def block_line(state: StateBlock, number: int) -> str:
    """A line as its block sees it: indentation past the block's own kept as spaces."""
    indent = " " * max(0, state.sCount[number] - state.blkIndent)
    return indent + state.src[state.bMarks[number] + state.tShift[number]:
                              state.eMarks[number]].expandtabs(4).rstrip()


def is_blank(state: StateBlock, number: int, end: int) -> bool:
    """A blank line, or the end of the block: where a table may end."""
    return number >= end or state.isEmpty(number)


def dash_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) columns of each dash group of a line of dashes; [] for any other line."""
    if not _DASHES.match(text):
        return []
    return [(m.start(), m.end()) for m in re.finditer(r"-+", text)]


def column_line(state: StateBlock, number: int, end: int) -> Columns | None:
    """The columns a line of dash groups sets out, if it is one: two groups or more (one
    group under a line is a setext heading's underline), not all single dashes (`- - -`
    is a rule), and not indented as code."""
    if number >= end or state.is_code_block(number):
        return None
    groups = dash_groups(block_line(state, number))
    if len(groups) < 2 or all(stop - start == 1 for start, stop in groups):
        return None
    return Columns(tuple(groups))


def may_start(state: StateBlock, start: int) -> bool:
    """Whether a table may start at `start`: within its block, and not right under a
    paragraph's last line, as in pandoc a table never interrupts a paragraph (markdown-it
    tries the block rules there when a line such as a rule ended the paragraph)."""
    tokens = state.tokens
    after_paragraph = (len(tokens) >= 3 and tokens[-1].type == "paragraph_close"
                       and tokens[-3].map is not None and tokens[-3].map[1] == start)
    return state.sCount[start] >= state.blkIndent and not after_paragraph


def is_footer(state: StateBlock, number: int, end: int) -> bool:
    """A line of dashes followed by a blank line (or the block's end): a table's last."""
    return (number < end and not state.is_code_block(number)
            and bool(dash_groups(block_line(state, number))) and is_blank(state, number + 1, end))


@record(frozen=True)
class Columns:
    """Where each column starts; a column runs to the next one's start, the last to the end
    of the line (text may stand out of its dashes, as a right-aligned number does)."""

    groups: tuple[tuple[int, int], ...]

    def split(self, text: str, whole_words: bool = True) -> list[str]:
        """The line's piece under each column, untrimmed. Text left of the first column
        belongs to the first, and a word running over a column's start stays whole in the
        column it began in (pandoc cuts both; nothing written is lost or cut here)."""
        starts = [start for start, _ in self.groups]
        pieces, current, column, n = [], "", 0, 0
        for char in text:
            while n + 1 < len(starts) and column >= starts[n + 1] and not (
                    whole_words and current[-1:].strip() and char.strip()):
                pieces.append(current)
                current, n = "", n + 1
            current += char
            column += char_width(char)
        pieces.append(current)
        return pieces + [""] * (len(starts) - len(pieces))

    def cuts_words(self, text: str) -> bool:
        """Whether a column starts inside a word of `text`: the line is not laid out in
        these columns (a sentence over a `- - -` rule, not a table's header)."""
        pieces = self.split(text, whole_words=False)
        return any(left[-1:].strip() and right[:1].strip()
                   for left, right in pairwise(pieces))

    def align(self, header: list[str]) -> list[Align]:
        """Each column's alignment from the header lines over it (pandoc's rule): text
        flush with both ends of its dashes is the default, with the left end only left,
        with the right end only right, with neither centred."""
        per_line = [self.split(text) for text in header]
        found: list[Align] = []
        for n, (start, end) in enumerate(self.groups):
            texts = [self._from_start(pieces[n], n) for pieces in per_line]
            texts = [text.rstrip() for text in texts if text.strip()]
            if not texts:
                found.append(None)
                continue
            widest = max(texts, key=display_width)
            indented, short = widest[:1] == " ", display_width(widest) < end - start
            found.append({(True, False): "right", (False, True): "left",
                          (True, True): "center"}.get((indented, short)))
        return found

    def _from_start(self, piece: str, n: int) -> str:
        """The first column's piece from where its dashes start (as pandoc measures it)."""
        if n:
            return piece
        lead = self.groups[0][0]
        return piece[lead:] if not lead or piece[:lead].isspace() else piece.lstrip()
