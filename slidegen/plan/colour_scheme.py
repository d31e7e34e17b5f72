"""Pictures drawn for one colour scheme: a site shows a light and a dark version of one
picture (Chirpy's `{: .light}`/`{: .dark}` pair, GitHub's `#gh-dark-mode-only`), one at a
time; a deck shows the one for its theme, not both."""

from __future__ import annotations

from slidegen.document import Block, Callout, Div, Image, ListBlock


def for_scheme(blocks: list[Block], dark: bool) -> list[Block]:
    """The blocks without the pictures drawn for the other scheme (nested ones too)."""
    other = "light" if dark else "dark"
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, Image) and block.scheme == other:
            pair = kept[-1] if kept else None  # the caption under a pair is the pair's
            if isinstance(pair, Image) and pair.scheme and not pair.caption:
                pair.caption = block.caption
            continue
        if isinstance(block, ListBlock):
            for item in block.items:
                item.blocks = for_scheme(item.blocks, dark)
        elif isinstance(block, Callout | Div):
            block.blocks = for_scheme(block.blocks, dark)
        kept.append(block)
    return kept
