"""Text and attribute values escaped for XML written as strings (paragraphs are built as one
string and parsed once, see `text.write_paragraphs`).

A carriage return, tab or newline in an attribute, and a carriage return in text, are written
as character references: an XML parser would otherwise normalise them away.
"""

from __future__ import annotations

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                       "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})


def text(value: str) -> str:
    """`value` as element content."""
    return value.translate(_TEXT)


def attr(value: str) -> str:
    """`value` inside a double-quoted attribute."""
    return value.translate(_ATTR)
