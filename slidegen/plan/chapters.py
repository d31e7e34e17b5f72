"""Where a slide's content may be cut by its own structure: sub-headings, then bold lead lines.

A long section is split where its author split it, and each piece is titled by its sub-heading
(with the section's name small above it), instead of "(1/20) … (20/20)" cut by height.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field

from slidegen.document import Block, Heading, Paragraph, SlideBreak, Span
from slidegen.records import record

MAX_LEAD_CHARS = 80  # a bold line longer than this is a sentence, not a lead line


@record
class Chapter:
    """A run of blocks under one sub-heading or bold lead line (`head`; None: the opening)."""

    head: Heading | Paragraph | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def title(self) -> list[Span]:
        """The head's words as a title: its own formatting, but not its bold (titles are)."""
        spans = self.head.spans if self.head is not None else []
        return [Span(s.text, italic=s.italic, code=s.code, strike=s.strike) for s in spans]

    @property
    def line(self) -> int | None:
        return self.head.line if self.head is not None else None

    def all_blocks(self) -> list[Block]:
        """The chapter as it reads inside a bigger slide: its head, then its blocks."""
        return [self.head, *self.blocks] if self.head is not None else list(self.blocks)


def at_breaks(blocks: list[Block]) -> list[list[Block]]:
    """Blocks between the author's forced breaks (`---`), empty runs left out."""
    runs: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, SlideBreak):
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(block)
    return [run for run in runs if run]


def is_bold_lead(block: Block) -> bool:
    """`**Dispatcher 란?**` standing alone: a paragraph that is one short bold phrase."""
    if not isinstance(block, Paragraph):
        return False
    shown = [s for s in block.spans if s.text.strip()]
    text = "".join(s.text for s in block.spans).strip()
    return (bool(shown) and all(s.bold and not s.link for s in shown)
            and 0 < len(text) <= MAX_LEAD_CHARS and "\n" not in text)


def by_structure(blocks: list[Block]) -> list[Chapter]:
    """Cut at sub-headings when there are any, else at bold lead lines; one chapter if neither.
    A lead with nothing under it before the next one stays as text in the chapter before."""
    headings = [b for b in blocks if isinstance(b, Heading)]
    if headings:
        top = min(h.level for h in headings)
        return _cut(blocks, lambda b: isinstance(b, Heading) and b.level == top)
    return _cut(blocks, is_bold_lead)


def _cut(blocks: list[Block], starts: Callable[[Block], bool]) -> list[Chapter]:
    chapters = [Chapter(None)]
    for n, block in enumerate(blocks):
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if (isinstance(block, Heading | Paragraph) and starts(block)
                and following is not None and not starts(following)):
            chapters.append(Chapter(block))
        else:
            chapters[-1].blocks.append(block)
    return [c for c in chapters if c.blocks]
