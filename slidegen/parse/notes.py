"""Speaker notes: `<!-- notes: ... -->` comments and the text of `::: notes` blocks."""

from __future__ import annotations

import re

from slidegen.document import (
    Block,
    Callout,
    Code,
    Diagram,
    Div,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    SpeakerNotes,
    Table,
)
from slidegen.regex import lazy_compile

_NOTES_COMMENT = lazy_compile(r"\s*notes?\s*:(.*)", re.I | re.S)


def _clean_note_text(text: str) -> str:
    lines = [line.strip() for line in text.strip().split("\n")]
    return "\n".join(lines).strip()


def _flatten(blocks: list[Block]) -> str:
    """Speaker-notes text of blocks: formatting dropped, list items as "- " lines."""
    lines: list[str] = []
    work: list[tuple[object, str]] = [(block, "") for block in reversed(blocks)]
    while work:
        block, indent = work.pop()
        if isinstance(block, (Paragraph, Heading)):
            text = "".join(span.text for span in block.spans)
            lines.extend(indent + part.strip() for part in text.split("\n"))
        elif isinstance(block, Code | Diagram):
            text = block.text if isinstance(block, Code) else block.source
            lines.extend(indent + part for part in text.split("\n"))
        elif isinstance(block, SpeakerNotes):
            lines.append(indent + block.text)
        elif isinstance(block, Callout | Div):
            work.extend((child, indent) for child in reversed(block.blocks))
        elif isinstance(block, ListBlock):
            for number, item in reversed(list(enumerate(block.items, start=block.start))):
                marker = f"{number}. " if block.ordered else "- "
                work.append((("item", marker, item), indent))
        elif isinstance(block, tuple):
            _, marker, item = block
            assert isinstance(item, ListItem)
            children = list(item.blocks)
            head = ""
            if children and isinstance(children[0], Paragraph):
                head = "".join(span.text for span in children.pop(0).spans).replace("\n", " ")
            lines.append(indent + marker + head.strip())
            work.extend((child, indent + "  ") for child in reversed(children))
        elif isinstance(block, Table):
            for row in [block.header, *block.rows]:
                cells = ("".join(span.text for span in cell) for cell in row)
                lines.append(indent + " | ".join(cells))
    return "\n".join(line.rstrip() for line in lines).strip("\n")
