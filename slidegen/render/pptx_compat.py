"""python-pptx's private attributes, in one place.

The renderer writes DrawingML that python-pptx has no public call for (autofit, insets,
bullets, cell properties), so it needs the lxml element under a proxy, and, for speed, a few
of python-pptx's internals. Each is reached through one function here, and
tests/test_pptx_compat.py checks each against the installed python-pptx, so an upgrade that
moves one fails there, by name, not somewhere in a deck. pyproject pins the versions that
test passes on. render/package.py also replaces a few of python-pptx's package methods (part
naming, image lookup, relationship lookup) with indexed ones, through their public names.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from lxml import etree
from pptx.opc.packuri import CONTENT_TYPES_URI
from pptx.opc.serialized import PackageWriter, _ContentTypesItem
from pptx.oxml import element_class_lookup
from pptx.oxml.ns import nsdecls

from slidegen.render.xmlstr import attr

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def element(proxy: Any) -> etree._Element:
    """The XML element under a shape, picture or slide proxy."""
    return proxy._element


# Namespaces a fragment of slide XML may use; each declaration is dropped again when the
# fragment moves into a part that declares the same prefix (every slide does).
FRAGMENT_NS = nsdecls("a", "p", "r")
_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_FRAGMENT_PARSER.set_element_class_lookup(element_class_lookup)


def parse_fragment(xml: str) -> etree._Element:
    """Slide XML written as a string, as python-pptx's element classes (as its own parser
    makes them, but with text that is only spaces kept: a run may be one space)."""
    return etree.fromstring(xml, _FRAGMENT_PARSER)


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
    return shape_proxy(shapes, shapes._grpSp.add_pic(shape_id, name, desc, r_id, x, y, cx, cy))


def shape_proxy(shapes: Any, sp: etree._Element) -> Any:
    """python-pptx's proxy of a shape element already in these shapes."""
    return shapes._shape_factory(sp)


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


def part_element(part: Any) -> etree._Element:
    """The root XML element of an XML part (presentation.xml, a slide part)."""
    return part._element


def chart_space(chart: Any) -> etree._Element:
    """The `c:chartSpace` element of a chart proxy."""
    return chart._chartSpace


def count_shape_ids_from(shapes: Any, last: int) -> None:
    """Hand out shape ids from `last` + 1 on, by a running counter (python-pptx's turbo mode
    without the XPath scan of every id on the slide that turning it on costs)."""
    shapes._cached_max_shape_id = last


def shape_ids_used_up_to(shapes: Any, last: int) -> None:
    """Tell the shapes that ids up to `last` are taken, after shapes were appended to their
    tree as XML (python-pptx's turbo mode counts ids itself and would hand them out again)."""
    if getattr(shapes, "_cached_max_shape_id", None) is not None:
        shapes._cached_max_shape_id = last


def relationships(source: Any) -> Any:
    """The relationships (rId → relationship) of a part or of the package, as python-pptx
    keeps them; `None`-like (empty) where there are none."""
    return source._rels


def relationship_adder(rels: Any) -> Callable[[str, Any], str]:
    """The function that adds a relationship to `rels` without looking for an existing one
    (reltype, target part) → rId."""
    return rels._add_relationship


def image_parts(package: Any) -> Iterable[Any]:
    """The image parts of a package."""
    return package._image_parts


def slide_id_list(prs: Any) -> etree._Element:
    """The presentation's `p:sldIdLst` element."""
    return prs.slides._sldIdLst


def add_slide_id(id_list: Any, slide_id: int, r_id: str) -> None:
    """A `p:sldId` added to `p:sldIdLst` in schema order: after the other slides, before an
    `p:extLst` (python-pptx's own `_add_sldId` appends it after the `p:extLst`)."""
    entry = id_list._new_sldId()
    entry.set("id", str(slide_id))
    entry.rId = r_id
    ext = id_list.find(f"{{{_P}}}extLst")
    if ext is not None:
        ext.addprevious(entry)
    else:
        id_list.append(entry)


def write_package_head(package: Any, phys: Any, parts: tuple[Any, ...]) -> None:
    """`[Content_Types].xml` and the package relationships written through `phys` (an
    object with `write(pack_uri, blob)`) as python-pptx's package writer writes them; the
    parts themselves (`parts`, the package's, walked once by the caller) are the caller's to
    write (for fixed zip entries)."""
    phys.write(CONTENT_TYPES_URI, content_types_xml(parts))
    PackageWriter(io.BytesIO(), relationships(package), parts)._write_pkg_rels(phys)


def content_types_xml(parts: tuple[Any, ...]) -> bytes:
    """`[Content_Types].xml` as python-pptx writes it (same defaults and overrides, order and
    bytes), written as a string: python-pptx adds an element per part through its XML
    classes, a tenth of writing a 3,000-slide deck."""
    defaults, overrides = _ContentTypesItem(parts)._defaults_and_overrides
    entries = [f'<Default Extension="{attr(ext)}" ContentType="{attr(kind)}"/>'
               for ext, kind in sorted(defaults.items())]
    entries += [f'<Override PartName="{attr(name)}" ContentType="{attr(kind)}"/>'
                for name, kind in sorted(overrides.items())]
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<Types xmlns="
            f'"{_CT}">{"".join(entries)}</Types>').encode()


_CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def dated_chart_data(created: dt.datetime) -> Any:
    """python-pptx's category chart data whose embedded workbook carries `created` as its
    creation date instead of the clock's (the same deck gives the same bytes)."""
    from pptx.chart.data import CategoryChartData  # and xlsxwriter: only decks with charts
    from pptx.chart.xlsx import CategoryWorkbookWriter

    class DatedWriter(CategoryWorkbookWriter):  # type: ignore[misc]
        @contextlib.contextmanager
        def _open_worksheet(self, xlsx_file: Any) -> Iterator[tuple[Any, Any]]:
            with super()._open_worksheet(xlsx_file) as (workbook, worksheet):
                workbook.set_properties({"created": created})
                yield workbook, worksheet

    class DatedData(CategoryChartData):  # type: ignore[misc]
        @property
        def _workbook_writer(self) -> CategoryWorkbookWriter:
            return DatedWriter(self)

    return DatedData()
