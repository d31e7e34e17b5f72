"""The .pptx as a reproducible zip: `write_package` writes the package with a fixed
timestamp, fixed attributes and python-pptx's entry order ([Content_Types].xml first, then
the parts as the relationships reach them); `reproducible_zip` re-packs an archive another
program wrote the same way. docProps/app.xml says what the deck holds (`extended_properties`)."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from functools import lru_cache
from typing import BinaryIO

from lxml import etree

from slidegen.render.opc import (
    CT_RELATIONSHIPS,
    CT_XML,
    DEFAULT_TYPES,
    Package,
    Part,
    Rels,
    folder_of,
    rels_name,
)
from slidegen.render.xmlstr import attr

_ZIP_EPOCH = dt.datetime(1980, 1, 1)
_ZIP_LAST = dt.datetime(2107, 12, 31, 23, 59, 58)
_STORED_EXT = (".png", ".jpg", ".jpeg", ".gif")


def reproducible_zip(data: bytes, when: dt.datetime, out: BinaryIO) -> None:
    """Re-pack a .pptx with fixed entry times and attributes, keeping the entry order."""
    date_time = _zip_date(when)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.create_system = 0
            info.external_attr = 0
            stored = item.filename.lower().endswith(_STORED_EXT)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            blob = src.read(item.filename)
            if f"/{item.filename}" == APP_PROPERTIES:
                blob = extended_properties([f"/{name}" for name in src.namelist()])
            dst.writestr(info, blob, compresslevel=None if stored else 6)


def _zip_date(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    stamp = min(max(when, _ZIP_EPOCH), _ZIP_LAST)  # a zip (DOS) date holds 1980..2107 only
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


class _FixedZip:
    """A zip writer with fixed entry times and attributes; pictures stored as is."""

    def __init__(self, out: BinaryIO, when: dt.datetime) -> None:
        self._zip = zipfile.ZipFile(out, "w")
        self._date_time = _zip_date(when)

    def write(self, partname: str, blob: bytes) -> None:
        name = partname[1:]
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.create_system = 0
        info.external_attr = 0
        stored = name.lower().endswith(_STORED_EXT)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        self._zip.writestr(info, blob, compresslevel=None if stored else 6)

    def __enter__(self) -> _FixedZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()


def _write_parts(parts: tuple[Part, ...], phys: _FixedZip) -> None:
    """Each part and its relationships, as python-pptx writes them; app.xml with true
    counts."""
    for part in parts:
        blob = part.blob
        if part.name == APP_PROPERTIES:
            blob = extended_properties([p.name for p in parts])
        phys.write(part.name, blob)
        if part.rels:
            phys.write(rels_name(part.name), _rels_xml(part.rels, folder_of(part.name)))


def content_types_xml(parts: tuple[Part, ...]) -> bytes:
    """`[Content_Types].xml` as python-pptx writes it: a `Default` per extension whose type is
    the usual one for it, an `Override` per other part, each sorted."""
    defaults = {"rels": CT_RELATIONSHIPS, "xml": CT_XML}
    overrides: dict[str, str] = {}
    for part in parts:
        ext = posixpath.splitext(part.name)[1][1:].lower()
        if (ext, part.content_type) in DEFAULT_TYPES:
            defaults[ext] = part.content_type
        else:
            overrides[part.name] = part.content_type
    entries = [f'<Default Extension="{attr(ext)}" ContentType="{attr(kind)}"/>'
               for ext, kind in sorted(defaults.items())]
    entries += [f'<Override PartName="{attr(name)}" ContentType="{attr(kind)}"/>'
                for name, kind in sorted(overrides.items())]
    return (f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<Types xmlns="
            f'"{_CT}">{"".join(entries)}</Types>').encode()


_CT = "http://schemas.openxmlformats.org/package/2006/content-types"


APP_PROPERTIES = "/docProps/app.xml"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def extended_properties(names: list[str]) -> bytes:
    """`docProps/app.xml` that tells the truth: slidegen wrote it, with this many slides and
    notes (a template's own file names its application and its own slide count).

    `names` are the package's part names (`/ppt/slides/slide1.xml`...).
    """
    slides = sum(1 for n in names if re.fullmatch(r"/ppt/slides/slide\d+\.xml", n))
    notes = sum(1 for n in names if re.fullmatch(r"/ppt/notesSlides/notesSlide\d+\.xml", n))
    root = etree.Element(f"{{{_EP}}}Properties", nsmap={None: _EP})
    for tag, value in (("TotalTime", "0"), ("Application", "slidegen"),
                       ("PresentationFormat", "Custom"), ("Slides", str(slides)),
                       ("Notes", str(notes)), ("HiddenSlides", "0"), ("ScaleCrop", "false"),
                       ("LinksUpToDate", "false"), ("SharedDoc", "false"),
                       ("HyperlinksChanged", "false")):
        etree.SubElement(root, f"{{{_EP}}}{tag}").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_PR = "http://schemas.openxmlformats.org/package/2006/relationships"


def _rels_xml(rels: Rels, base: str) -> bytes:
    """`_Relationships.xml` as python-pptx writes it (same elements, attributes, order and
    bytes), written as a string: python-pptx parses a snippet per relationship. `base` is the
    folder of the part the relationships belong to."""
    order = sorted((int(r[3:]) if r.startswith("rId") and r[3:].isdigit() else 0, r)
                   for r in rels)
    entries = []
    for _, r_id in order:
        rel = rels[r_id]
        external = ' TargetMode="External"' if rel.external else ""
        target = (str(rel.target) if rel.external or not isinstance(rel.target, Part)
                  else relative_ref(rel.target.name, base))
        entries.append(f'<Relationship Id="{attr(r_id)}" Type="{attr(rel.reltype)}" '
                       f'Target="{attr(target)}"{external}/>')
    body = "".join(entries)
    return (_RELS_HEAD + (f'<Relationships xmlns="{_PR}">{body}</Relationships>' if body
                          else f'<Relationships xmlns="{_PR}"/>')).encode()


_RELS_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def relative_ref(partname: str, base: str) -> str:
    """`partname` relative to the folder `base`, as python-pptx's `PackURI.relative_ref` gives
    it; the folder-to-folder path is worked out once per pair of folders (a deck's thousands
    of relationships join a dozen), where python-pptx runs `posixpath.relpath` for each."""
    if base == "/":
        return partname[1:]
    folder, _, name = partname.rpartition("/")
    way = _folder_ref(folder or "/", base)
    return name if way == "." else f"{way}/{name}"


@lru_cache(maxsize=256)
def _folder_ref(folder: str, base: str) -> str:
    return posixpath.relpath(folder, base)


def write_package(package: Package, when: dt.datetime, out: BinaryIO) -> None:
    """Save the package as a .pptx with fixed entry times: same package → same bytes."""
    with _FixedZip(out, when) as phys:  # one pass, no re-pack
        parts = tuple(package.parts())
        phys.write("/[Content_Types].xml", content_types_xml(parts))
        phys.write("/_rels/.rels", _rels_xml(package.rels, "/"))
        _write_parts(parts, phys)
