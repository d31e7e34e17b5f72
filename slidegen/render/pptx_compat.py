"""python-pptx's private attributes, in one place.

The renderer writes DrawingML that python-pptx has no public call for (autofit, insets,
bullets, cell properties), so it needs the lxml element under a proxy, and, for speed, a few
of python-pptx's internals. Each is reached through one function here, and
tests/test_pptx_compat.py checks each against the installed python-pptx, so an upgrade that
moves one fails there, by name, not somewhere in a deck. pyproject pins the versions that
test passes on. (render/package.py's writer and slide adder subclass or replace python-pptx
internals wholesale; they say so where they do.)
"""

from __future__ import annotations

from typing import Any

from lxml import etree


def element(proxy: Any) -> etree._Element:
    """The XML element under a shape, picture or slide proxy."""
    return proxy._element


def text_body(frame: Any) -> etree._Element:
    """The `txBody` element of a text frame."""
    return frame._txBody


def table_element(table: Any) -> etree._Element:
    """The `a:tbl` element of a table proxy."""
    return table._tbl


def cell_element(cell: Any) -> etree._Element:
    """The `a:tc` element of a table cell proxy."""
    return cell._tc


def shape_tree(shapes: Any) -> etree._Element:
    """The `p:spTree` element of a slide's shapes."""
    return shapes._spTree


def next_shape_id(shapes: Any) -> int:
    """The id the next shape added to these shapes should have."""
    return shapes._next_shape_id


def add_picture_element(shapes: Any, shape_id: int, name: str, desc: str, r_id: str,
                        x: int, y: int, cx: int, cy: int) -> Any:
    """A `p:pic` appended to the shapes, as its proxy (python-pptx's own add_picture opens the
    image with Pillow for a size that is not used when both sides are given)."""
    pic = shapes._grpSp.add_pic(shape_id, name, desc, r_id, x, y, cx, cy)
    return shapes._shape_factory(pic)


def set_part_blob(part: Any, data: bytes) -> None:
    """Replace the bytes of a binary part (a picture) in place, keeping its name and links."""
    part._blob = data


def release_xml(parts: Any) -> dict[Any, bytes]:
    """Each finished XML part serialized now, by part, and its tree let go (with
    python-pptx's cached proxy of it): a slide's 40 KB of lxml nodes become its 3.5 KB of
    bytes, which is what lets a deck of 10,000 slides be drawn in bounded memory. The part
    must not be drawn on afterwards; `write_package` writes these bytes in its place."""
    blobs: dict[Any, bytes] = {}
    for part in parts:
        blobs[part] = part.blob
        part._element = None
        for cached in ("slide", "notes_slide"):  # python-pptx's lazy proxies of the tree
            part.__dict__.pop(cached, None)
    return blobs
