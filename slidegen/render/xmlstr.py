"""Text and attribute values escaped for XML written as strings (paragraphs are built as one
string and parsed once, see `text.write_paragraphs`).

A carriage return, tab or newline in an attribute, and a carriage return in text, are written
as character references: an XML parser would otherwise normalise them away. Characters XML 1.0
cannot hold at all (most control characters) are left out.
"""

from __future__ import annotations

from functools import cache

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


NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}

# the declarations a fragment of slide XML is written with; each is dropped again when the
# fragment moves into a part that declares the same prefix (every slide does)
FRAGMENT_NS = " ".join(f'xmlns:{p}="{NAMESPACES[p]}"' for p in ("a", "p", "r"))


@cache
def qn(tag: str) -> str:
    """`p:sp` as lxml names it: `{namespace}sp`."""
    prefix, _, local = tag.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"
