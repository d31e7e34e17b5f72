"""The deck's package (Open Packaging Conventions): parts, their relationships, and reading a
.pptx into them.

The render process used to build decks on python-pptx, whose import alone was a quarter of
what a one-note build executes (its 490 element classes and 1,080 enumeration members are
made on every start). The renderer writes its XML itself, so all it needs is this: parts,
relationships with python-pptx's numbering (so decks keep their bytes), a template opened the
way python-pptx opens one, and the package walked in its order for writing.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

# relationship types
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_CHART = _OFFICE + "chart"
RT_CORE_PROPERTIES = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                      "core-properties")
RT_EXTENDED_PROPERTIES = _OFFICE + "extended-properties"
RT_HYPERLINK = _OFFICE + "hyperlink"
RT_IMAGE = _OFFICE + "image"
RT_NOTES_MASTER = _OFFICE + "notesMaster"
RT_NOTES_SLIDE = _OFFICE + "notesSlide"
RT_OFFICE_DOCUMENT = _OFFICE + "officeDocument"
RT_PACKAGE = _OFFICE + "package"
RT_SLIDE = _OFFICE + "slide"
RT_SLIDE_LAYOUT = _OFFICE + "slideLayout"
RT_SLIDE_MASTER = _OFFICE + "slideMaster"
RT_THEME = _OFFICE + "theme"

# content types
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
CT_NOTES_MASTER = _PML + "notesMaster+xml"
CT_NOTES_SLIDE = _PML + "notesSlide+xml"
CT_SLIDE = _PML + "slide+xml"
CT_SLIDE_LAYOUT = _PML + "slideLayout+xml"
CT_SLIDE_MASTER = _PML + "slideMaster+xml"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
               "bmp": "image/bmp", "tiff": "image/tiff", "tif": "image/tiff",
               "emf": "image/x-emf", "wmf": "image/x-wmf"}

# Parts kept as parsed XML (and written by lxml), as python-pptx keeps them; any other part's
# bytes are written back unchanged.
XML_PARTS = frozenset({
    _PML + "presentation.main+xml", "application/vnd.ms-powerpoint.presentation.macroEnabled"
    ".main+xml", _PML + "template.main+xml", _PML + "slideshow.main+xml", CT_CORE_PROPERTIES,
    CT_NOTES_MASTER, CT_NOTES_SLIDE, CT_SLIDE, CT_SLIDE_LAYOUT, CT_SLIDE_MASTER, CT_CHART})

# extension and content type pairs a `Default` entry of [Content_Types].xml covers
DEFAULT_TYPES = frozenset({
    ("bin", _PML + "printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
    ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
    ("bmp", "image/bmp"), ("emf", "image/x-emf"), ("fntdata", "application/x-fontdata"),
    ("gif", "image/gif"), ("jpe", "image/jpeg"), ("jpeg", "image/jpeg"), ("jpg", "image/jpeg"),
    ("mov", "video/quicktime"), ("mp4", "video/mp4"), ("mpg", "video/mpeg"), ("png", "image/png"),
    ("rels", CT_RELATIONSHIPS), ("tif", "image/tiff"), ("tiff", "image/tiff"),
    ("vid", "video/unknown"), ("wdp", "image/vnd.ms-photo"), ("wmf", "image/x-wmf"),
    ("wmv", "video/x-ms-wmv"), ("xlsx", CT_SHEET), ("xml", CT_XML)})

XML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def parse_xml(data: bytes | str) -> etree._Element:
    """A part's XML, parsed as python-pptx parses it (blank text dropped, no entities)."""
    return etree.fromstring(data, XML_PARSER)


def serialize(element: etree._Element) -> bytes:
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def folder_of(partname: str) -> str:
    """The folder a part's relative references start from ("/ppt/slides")."""
    return posixpath.split(partname)[0]


def resolve(base: str, ref: str) -> str:
    return posixpath.abspath(posixpath.join(base, ref))


def rels_name(partname: str) -> str:
    folder, name = posixpath.split(partname)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class Rel:
    """One relationship: to a part of the package, or to an address outside it."""

    __slots__ = ("external", "r_id", "reltype", "target")

    def __init__(self, r_id: str, reltype: str, target: Part | str, external: bool) -> None:
        self.r_id, self.reltype, self.target, self.external = r_id, reltype, target, external


class Rels(dict[str, Rel]):
    """A part's relationships by id, numbered as python-pptx numbers them (the highest free
    `rIdN` with N at most one more than the count), found again by an index."""

    def __init__(self) -> None:
        super().__init__()
        self._index: dict[tuple[str, Any, bool], str] = {}

    def add(self, reltype: str, target: Part | str, external: bool = False) -> str:
        n = len(self) + 1
        while f"rId{n}" in self:
            n -= 1
        r_id = f"rId{n}"
        self.put(Rel(r_id, reltype, target, external))
        return r_id

    def put(self, rel: Rel) -> None:
        self[rel.r_id] = rel
        key = (rel.reltype, rel.target if rel.external else id(rel.target), rel.external)
        self._index.setdefault(key, rel.r_id)

    def get_or_add(self, reltype: str, target: Part | str, external: bool = False) -> str:
        key = (reltype, target if external else id(target), external)
        rel = self.get(self._index.get(key, ""))
        if rel is not None and rel.reltype == reltype and rel.external == external and (
                rel.target == target if external else rel.target is target):
            return rel.r_id
        r_id = self.add(reltype, target, external)
        self._index[key] = r_id
        return r_id

    def part(self, reltype: str) -> Part | None:
        """The one part related by `reltype` (None if there is none)."""
        return next((rel.target for rel in self.values() if rel.reltype == reltype
                     and not rel.external and isinstance(rel.target, Part)), None)


class Part:
    """A part: its name, content type, relationships, and its XML tree or its bytes."""

    def __init__(self, name: str, content_type: str, blob: bytes = b"",
                 element: etree._Element | None = None) -> None:
        self.name = name
        self.content_type = content_type
        self.element = element
        self._blob = blob
        self.rels = Rels()

    @property
    def blob(self) -> bytes:
        return serialize(self.element) if self.element is not None else self._blob

    @blob.setter
    def blob(self, data: bytes) -> None:
        self._blob = data
        self.element = None

    def relate_to(self, target: Part | str, reltype: str, external: bool = False) -> str:
        return self.rels.get_or_add(reltype, target, external)

    def related(self, reltype: str) -> Part:
        part = self.rels.part(reltype)
        if part is None:
            raise KeyError(f"{self.name} has no {reltype.rsplit('/', 1)[-1]} relationship")
        return part


class Package:
    """The parts reachable from the package's own relationships, with part names handed out
    by counters and images stored once (by SHA-1), so that nothing walks the whole package
    per slide or picture."""

    def __init__(self) -> None:
        self.rels = Rels()
        self._used: dict[str, set[int]] = {}
        self._next: dict[str, int] = {}
        self._images: dict[str, Part] = {}

    @classmethod
    def read(cls, data: bytes) -> Package:
        """A .pptx (or template) as python-pptx opens it: parts are those reached through
        relationships, relationships to absent parts are left out."""
        package = cls()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            overrides, defaults = _content_types(archive.read("[Content_Types].xml"))
            found: dict[str, list[etree._Element]] = {}
            _walk_rels("/", archive, names, found)
            parts: dict[str, Part] = {}
            for name in found:
                if name == "/" or name[1:] not in names:
                    continue
                kind = overrides.get(name.lower()) or defaults.get(
                    posixpath.splitext(name)[1][1:].lower())
                if kind is None:
                    raise KeyError(f"no content type for part {name} in [Content_Types].xml")
                blob = archive.read(name[1:])
                parts[name] = (Part(name, kind, element=parse_xml(blob)) if kind in XML_PARTS
                               else Part(name, kind, blob))
        for name, rel_elements in found.items():
            owner = package.rels if name == "/" else parts[name].rels if name in parts else None
            if owner is not None:
                _load_rels(owner, folder_of(name) if name != "/" else "/", rel_elements, parts)
        package._count_names()
        return package

    def parts(self) -> Iterator[Part]:
        """Every part once, depth first along the relationships (python-pptx's order)."""
        seen: set[int] = set()
        stack = [iter(self.rels.values())]
        while stack:
            rel = next(stack[-1], None)
            if rel is None:
                stack.pop()
                continue
            if rel.external or not isinstance(rel.target, Part) or id(rel.target) in seen:
                continue
            seen.add(id(rel.target))
            yield rel.target
            stack.append(iter(rel.target.rels.values()))

    def relate_to(self, target: Part, reltype: str) -> str:
        return self.rels.get_or_add(reltype, target)

    def _count_names(self) -> None:
        for part in self.parts():
            match = re.match(r"^(.*?)(\d+)(\.[A-Za-z0-9]+)$", part.name)
            if match:
                self._used.setdefault(match.group(1), set()).add(int(match.group(2)))
            if part.content_type.startswith("image/"):
                self._images.setdefault(hashlib.sha1(part.blob).hexdigest(), part)

    def next_name(self, template: str) -> str:
        """The next free name for `template` ("/ppt/notesSlides/notesSlide%d.xml")."""
        prefix, suffix = template.split("%d")
        used = self._used.setdefault(prefix, set())
        n = self._next.get(prefix, 1)
        while n in used:
            n += 1
        used.add(n)
        self._next[prefix] = n + 1
        return f"{prefix}{n}{suffix}"

    def image_part(self, blob: bytes, ext: str) -> Part:
        """The part holding these picture bytes, made the first time they are seen."""
        sha1 = hashlib.sha1(blob).hexdigest()
        part = self._images.get(sha1)
        if part is None:
            part = Part(self.next_name(f"/ppt/media/image%d.{ext}"), IMAGE_TYPES[ext], blob)
            self._images[sha1] = part
        return part


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    root = parse_xml(data)
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    overrides = {el.get("PartName", "").lower(): el.get("ContentType", "")
                 for el in root.iter(f"{ns}Override")}
    defaults = {el.get("Extension", "").lower(): el.get("ContentType", "")
                for el in root.iter(f"{ns}Default")}
    return overrides, defaults


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _walk_rels(name: str, archive: zipfile.ZipFile, names: set[str],
               found: dict[str, list[etree._Element]]) -> None:
    """Each part's relationship elements, by part name, reached depth first from the package."""
    pending = [name]
    while pending:
        source = pending.pop()
        if source in found:
            continue
        member = (rels_name(source) if source != "/" else "/_rels/.rels")[1:]
        elements = list(parse_xml(archive.read(member)).iter(_REL)) if member in names else []
        found[source] = elements
        base = folder_of(source) if source != "/" else "/"
        targets = [resolve(base, el.get("Target", "")) for el in elements
                   if el.get("TargetMode") != "External"]
        pending.extend(t for t in reversed(targets) if t not in found)


def _load_rels(rels: Rels, base: str, elements: list[etree._Element],
               parts: dict[str, Part]) -> None:
    for el in elements:
        external = el.get("TargetMode") == "External"
        ref = el.get("Target", "")
        if external:
            rels.put(Rel(el.get("Id", ""), el.get("Type", ""), ref, True))
            continue
        target = parts.get(resolve(base, ref))
        if target is not None:
            rels.put(Rel(el.get("Id", ""), el.get("Type", ""), target, False))
