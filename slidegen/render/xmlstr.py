"""Text and attribute values escaped for XML written as strings (paragraphs are built as one
string and parsed once, see `text.write_paragraphs`).

A carriage return, tab or newline in an attribute, and a carriage return in text, are written
as character references: an XML parser would otherwise normalise them away. Characters XML 1.0
cannot hold at all (most control characters) are left out.
"""

from __future__ import annotations

_NOT_XML: dict[int, None] = {c: None for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                                0xFFFE, 0xFFFF]}
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}) | _NOT_XML
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                       "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}) | _NOT_XML


def text(value: str) -> str:
    """`value` as element content."""
    return value.translate(_TEXT)


def attr(value: str) -> str:
    """`value` inside a double-quoted attribute."""
    return value.translate(_ATTR)
