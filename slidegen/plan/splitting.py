"""Cutting one unit in two when it is too big for an empty slide: between paragraphs
(preferring where a bullet starts), else one paragraph at a space near its middle; code at a
line, tables at a row; and the sub-headings that move to the next page with what follows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from slidegen.deck import Run, TextParagraph
from slidegen.plan.units import CodeUnit, TableUnit, TextUnit, Unit


def split_paragraphs(paragraphs: list[TextParagraph]) -> tuple[list[TextParagraph],
                                                                 list[TextParagraph]]:
    """Halve at a paragraph boundary, preferring one where a new bullet starts."""
    mid = len(paragraphs) // 2
    for offset in range(len(paragraphs)):
        for cut in (mid - offset, mid + offset):
            if 0 < cut < len(paragraphs) and paragraphs[cut].bullet != "none":
                return paragraphs[:cut], paragraphs[cut:]
    return paragraphs[:mid], paragraphs[mid:]


def split_runs(paragraph: TextParagraph) -> tuple[TextParagraph, TextParagraph] | None:
    """Halve one long paragraph at a space near its middle; the second half has no bullet."""
    words: list[tuple[int, int]] = []
    for r, run in enumerate(paragraph.runs):
        for i, ch in enumerate(run.text):
            if ch == " ":
                words.append((r, i))
    total = sum(len(run.text) for run in paragraph.runs)
    if total < 2:
        return None
    if words:
        r, i = words[len(words) // 2]
    else:
        half = total // 2
        r, i = 0, half
        for r, run in enumerate(paragraph.runs):  # noqa: B007
            if i < len(run.text):
                break
            i -= len(run.text)
    head = [*paragraph.runs[:r], _with_text(paragraph.runs[r], paragraph.runs[r].text[:i])]
    tail = [_with_text(paragraph.runs[r], paragraph.runs[r].text[i:].lstrip()),
            *paragraph.runs[r + 1:]]
    head = [run for run in head if run.text]
    tail = [run for run in tail if run.text]
    if not head or not tail:
        return None
    first = replace(paragraph, runs=head, space_before=0.0)  # keeps its level, bullet, click
    second = replace(paragraph, runs=tail, bullet="none", number=None, space_before=0.0)
    return first, second


def _with_text(run: Run, text: str) -> Run:
    return replace(run, text=text)  # keeps every formatting (marks, scripts, footnotes)


def piece_count(unit: Unit) -> int:
    """Lines, rows or paragraphs: where a unit may be cut (0: not at all)."""
    if isinstance(unit, CodeUnit):
        return len(unit.lines)
    if isinstance(unit, TableUnit):
        return len(unit.rows)
    return len(unit.paragraphs) if isinstance(unit, TextUnit) else 0


def cut_at(unit: Unit, k: int) -> tuple[Unit, Unit]:
    """The first `k` lines, rows or paragraphs of a unit, and the rest."""
    if isinstance(unit, CodeUnit):
        return replace(unit, lines=unit.lines[:k]), replace(unit, lines=unit.lines[k:])
    if isinstance(unit, TableUnit):
        k = _between_merged(unit, k)
        head = [(r, c, min(n, k - r), w) for r, c, n, w in unit.spans if r < k]
        tail = [(max(r - k, 0), c, r + n - max(r, k), w) for r, c, n, w in unit.spans
                if r + n > k]
        return (replace(unit, rows=unit.rows[:k], spans=head),
                replace(unit, rows=unit.rows[k:], spans=tail))
    assert isinstance(unit, TextUnit)
    return TextUnit(unit.paragraphs[:k], unit.line), TextUnit(unit.paragraphs[k:], unit.line)


def _between_merged(unit: TableUnit, k: int) -> int:
    """A cut through cells merged over rows moves up to above them; one taller than a page
    is cut (its text stays on the first page)."""
    inside = [r for r, _, n, _ in unit.spans if r < k < r + n and r > 0]
    return min(inside, default=k)


def kept_with_next(unit: Unit) -> bool:
    return isinstance(unit, TextUnit) and unit.keep_with_next


def carry_keep_with_next(units: list[Unit]) -> list[Unit]:
    """A sub-heading at the bottom of a page moves to the next, with what it introduces."""
    carried: list[Unit] = []
    while len(units) > 1 and isinstance(units[-1], TextUnit) and units[-1].keep_with_next:
        carried.insert(0, units.pop())
    return carried


def balanced_cut(count: int, fits: Callable[[int], bool]) -> int:
    """Where to cut a long code block or table of `count` lines or rows, given whether its
    first k fit on an empty page: pages as full as they can be, and evened out, so 60 lines
    become 3 pages of 20 rather than 4 of 15 or 22+22+16."""
    if not fits(1):
        return max(1, count // 2)
    # The most that fits on an empty page: doubling from 1, then bisection. Each try measures
    # the rows it holds, so the tries stay near one page's worth however long the table is.
    lo, hi = 1, count - 1
    while lo < hi:
        probe = min(2 * lo, hi)
        if not fits(probe):
            hi = probe - 1
            break
        lo = probe
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    pages = -(-count // lo)
    return max(1, min(lo, -(-count // pages)))
