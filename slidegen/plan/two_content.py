"""The "two-content" layout for a slide that asked for it but wrote no columns: its blocks in
two columns (text one side and pictures the other when it has both, else split in the middle
between blocks), as if the note had written `:::: columns`."""

from __future__ import annotations

from slidegen.document import Attributes, Block, Div, Image, Paragraph, SlideBreak


def in_two_columns(blocks: list[Block]) -> list[Block]:
    """`blocks` as two columns; unchanged when they already have columns, forced breaks, or
    fewer than two blocks."""
    if len(blocks) < 2 or any(isinstance(b, SlideBreak) or (isinstance(b, Div) and "columns"
                                                               in b.classes) for b in blocks):
        return blocks
    pictures = [b for b in blocks if isinstance(b, Image)]
    others = [b for b in blocks if not isinstance(b, Image)]
    if pictures and others:
        halves = [others, pictures]
    else:
        weights = [len("".join(s.text for s in b.spans)) if isinstance(b, Paragraph) else 200
                   for b in blocks]
        total, running, cut = sum(weights), 0, 1
        for n, weight in enumerate(weights[:-1], start=1):
            running += weight
            cut = n
            if running * 2 >= total:
                break
        halves = [blocks[:cut], blocks[cut:]]
    line = blocks[0].line
    columns = [Div(Attributes(classes=["column"]), half, line) for half in halves]
    return [Div(Attributes(classes=["columns"]), list(columns), line)]
