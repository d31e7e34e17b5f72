"""Cutting one text unit in two when it is too big for an empty slide: between paragraphs
(preferring where a bullet starts), else one paragraph at a space near its middle."""

from __future__ import annotations

from dataclasses import replace

from slidegen.deck import Run, TextParagraph


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
