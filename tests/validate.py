"""The one check of a .pptx, for every test that produces one.

A deck can open in python-pptx and still be refused by PowerPoint ("repair this file?"):
a dangling relationship, a part without a content type, XML that does not parse, or elements
out of the schema's order. This checks what the Open Packaging Conventions require, validates
every part against the Office Open XML schemas (openxml-audit, the SDK's rules in Python), then
opens the deck in python-pptx. `tests/conftest.py` runs it on every deck slidegen writes under a
test's `tmp_path`, so a test that builds a deck is checked even when it asserts nothing else.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import tempfile
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator
from pptx import Presentation

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
REL_ATTRS = {f"{{{R}}}id", f"{{{R}}}embed", f"{{{R}}}link", f"{{{R}}}pict"}


class InvalidDeck(AssertionError):
    """The package breaks a rule PowerPoint relies on; the message says which part."""


def _fail(message: str) -> None:
    raise InvalidDeck(message)


def _rels_base(rels_name: str) -> str:
    """`ppt/slides/_rels/slide1.xml.rels` → `ppt/slides`, the folder its targets are relative to."""
    return posixpath.dirname(posixpath.dirname(rels_name))


def _source_of(rels_name: str) -> str:
    folder, name = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


@cache
def _schema_validator() -> OpenXmlValidator:
    return OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=20)


_SCHEMA_VALID: set[str] = set()  # digests of decks already validated in this session


def schema_errors(data: bytes) -> list[str]:
    """Office Open XML schema errors of a package (element order, required children...)."""
    digest = hashlib.sha256(data).hexdigest()
    if digest in _SCHEMA_VALID:
        return []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.pptx"
        path.write_bytes(data)
        result = _schema_validator().validate(path)
    if result.is_valid:
        _SCHEMA_VALID.add(digest)
        return []
    return [str(error) for error in result.errors]


def is_slidegen_deck(path: Path) -> bool:
    """A package slidegen wrote: its extended properties name slidegen as the application."""
    try:
        with zipfile.ZipFile(path) as archive:
            app = archive.read("docProps/app.xml")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return b"<Application>slidegen</Application>" in app


def validate_pptx(deck: Path | bytes) -> Any:
    """Check the package structure and schemas of a deck; returns the opened Presentation.

    Raises InvalidDeck (an AssertionError) naming the first broken part.
    """
    data = deck if isinstance(deck, bytes) else Path(deck).read_bytes()
    _check_package(data)
    errors = schema_errors(data)
    if errors:
        shown = "\n  ".join(errors[:10])
        _fail(f"{len(errors)} schema error(s):\n  {shown}")
    try:
        prs = Presentation(io.BytesIO(data))
        for slide in prs.slides:
            for shape in slide.shapes:
                _ = shape.shape_type, shape.left, shape.top
    except Exception as exc:  # python-pptx's errors are many; any of them means a bad deck
        raise InvalidDeck(f"python-pptx cannot read the deck: {type(exc).__name__}: {exc}") from exc
    return prs


def _check_package(data: bytes) -> None:
    """What the Open Packaging Conventions require: content types, relationships, slide list."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InvalidDeck(f"not a zip archive: {exc}") from None
    with archive:
        names = archive.namelist()
        if len(names) != len(set(names)):
            _fail(f"duplicate zip entries: {sorted({n for n in names if names.count(n) > 1})}")
        if archive.testzip() is not None:
            _fail(f"bad CRC in {archive.testzip()}")
        if "[Content_Types].xml" not in names:
            _fail("no [Content_Types].xml")
        present = set(names)
        xml: dict[str, Any] = {}
        for name in names:
            if name.endswith((".xml", ".rels")):
                try:
                    xml[name] = etree.fromstring(archive.read(name))
                except etree.XMLSyntaxError as exc:
                    _fail(f"{name} is not well-formed XML: {exc}")
        types = xml["[Content_Types].xml"]
        defaults = {d.get("Extension", "").lower() for d in types if d.get("Extension")}
        overrides = {o.get("PartName") for o in types if o.get("PartName")}
        for name in names:
            if name == "[Content_Types].xml" or name.endswith("/"):
                continue
            ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if f"/{name}" not in overrides and ext not in defaults:
                _fail(f"{name} has no content type")
        for part in overrides:
            if part.lstrip("/") not in present:
                _fail(f"[Content_Types].xml overrides {part}, which is not in the package")
        if "_rels/.rels" not in present:
            _fail("no package relationships (_rels/.rels)")
        for rels_name in (n for n in names if n.endswith(".rels")):
            source = _source_of(rels_name)
            if rels_name != "_rels/.rels" and source not in present:
                _fail(f"{rels_name} belongs to {source}, which is not in the package")
            ids: set[str] = set()
            for rel in xml[rels_name]:
                rid = rel.get("Id")
                if rid in ids:
                    _fail(f"{rels_name}: relationship id {rid} used twice")
                ids.add(rid)
                if rel.get("TargetMode") == "External":
                    continue
                target = _resolve(_rels_base(rels_name), rel.get("Target", ""))
                if target not in present:
                    _fail(f"{rels_name}: {rid} points at {target}, which is not in the package")
            if source in xml:
                used = {v for el in xml[source].iter() for k, v in el.attrib.items()
                        if k in REL_ATTRS}
                if not used <= ids:
                    _fail(f"{source} uses relationship ids {sorted(used - ids)} it does not have")
        presentation = xml.get("ppt/presentation.xml")
        if presentation is None:
            _fail("no ppt/presentation.xml")
        slide_ids = [s.get("id") for s in presentation.iter(f"{{{P}}}sldId")]
        if len(slide_ids) != len(set(slide_ids)):
            _fail("duplicate slide ids in ppt/presentation.xml")
        slides_in_zip = [n for n in names if posixpath.dirname(n) == "ppt/slides"]
        if len(slide_ids) != len(slides_in_zip):
            _fail(f"presentation lists {len(slide_ids)} slides, package has {len(slides_in_zip)}")
