"""A template's zip package, opened with guards: sizes and ratios checked before any part is
read, XML parsed without DTDs or entities, and only the parts a deck uses read at all.

A `.pptx`, `.potx`, `.pptm` or `.potm` (and the slide-show kinds) is accepted: what makes them
differ is the main part's content type and, for the macro kinds, a `vbaProject.bin` part that
is never read. `clean_package` writes the parts a deck is built on (masters, layouts, themes,
their pictures) as a plain presentation with no slides: what the renderer opens.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from slidegen.diagnostics import SlidegenError

MAX_ENTRIES = 5000
MAX_PART = 64 * 1024 * 1024  # bytes, uncompressed, of any one entry
MAX_TOTAL = 512 * 1024 * 1024  # bytes, uncompressed, all entries together (as declared)
MAX_RATIO = 200  # uncompressed / compressed, for entries over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

PR = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = f"{R_NS}/officeDocument"
PRESENTATION_CT = ("application/vnd.openxmlformats-officedocument.presentationml."
                   "presentation.main+xml")
MAIN_TYPES = {
    PRESENTATION_CT: ".pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": ".potx",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": ".ppsx",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": ".pptm",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml": ".potm",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml": ".ppsm",
}
# relationships a deck built on the template does not need: its example slides and what
# hangs off them, macros, custom XML, comments
_DROPPED = ("/slide", "/notesSlide", "/vbaProject", "/customXml", "/comments",
            "/commentAuthors", "/thumbnail", "/extended-properties", "/custom-properties",
            "/core-properties", "/metadata/core-properties", "/printerSettings", "/revisionInfo",
            "/people", "/authors")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_blank_text=False)


def _refuse(path: Path, message: str) -> SlidegenError:
    return SlidegenError(str(path), None, message)


class TemplatePackage:
    """The checked zip of one template; parts are read (and parsed) only when asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _refuse(path, f"cannot read the template ({exc.strerror or exc}); "
                          "check the path") from None
        if data.startswith(OLE_MAGIC):
            raise _refuse(path, _ole_message(data))
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, OSError):
            raise _refuse(path, "not a PowerPoint file (.pptx, .potx, .pptm or .potm); save "
                          "the template from PowerPoint and try again") from None
        self._infos = {info.filename: info for info in self._zip.infolist()}
        self._check_sizes()
        self._xml: dict[str, Any] = {}
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        self.main = self._main_part()

    def _check_sizes(self) -> None:
        """Refuse a zip bomb from its directory, before a byte of any entry is inflated."""
        infos = list(self._infos.values())
        if len(infos) > MAX_ENTRIES:
            raise _refuse(self.path, f"the template has {len(infos)} entries (at most "
                          f"{MAX_ENTRIES}); it is not a template slidegen can use")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > MAX_PART or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                raise _refuse(self.path, f"entry {info.filename} unpacks to "
                              f"{_mb(info.file_size)} from {_mb(info.compress_size)}: refused "
                              "as a zip bomb; re-save the template from PowerPoint")
        if total > MAX_TOTAL:
            raise _refuse(self.path, f"the template unpacks to {_mb(total)} (at most "
                          f"{_mb(MAX_TOTAL)}): refused as a zip bomb")

    def _main_part(self) -> str:
        types = self.xml("[Content_Types].xml")
        rels = self.rels("")
        main = next((target for kind, target in rels.values() if kind == OFFICE_DOCUMENT),
                    None)
        if main is None or types is None:
            raise _refuse(self.path, "not a PowerPoint presentation or template (no main "
                          "part); save it from PowerPoint as .pptx or .potx")
        kind = self.content_type(main)
        if kind not in MAIN_TYPES:
            raise _refuse(self.path, f"not a PowerPoint presentation or template (its main "
                          f"part is {kind or 'untyped'}); use a .pptx, .potx, .pptm or .potm")
        return main

    # -- reading --------------------------------------------------------------------------

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise _refuse(self.path, f"the part {name} is missing; re-save the template")
        try:
            with self._zip.open(info) as handle:
                data = handle.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise _refuse(self.path, f"the part {name} cannot be read ({exc}); re-save the "
                          "template from PowerPoint") from None
        if len(data) > info.file_size or len(data) > MAX_PART:
            raise _refuse(self.path, f"the part {name} is larger than its zip entry says: "
                          "refused as a zip bomb")
        return data

    def xml(self, name: str) -> Any:
        """The part parsed, or None when it is not in the package; no DTD is accepted."""
        if name in self._xml:
            return self._xml[name]
        if name not in self._infos:
            return None
        data = self.read(name)
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise _refuse(self.path, f"the part {name} is not well-formed XML ({exc}); "
                          "re-save the template from PowerPoint") from None
        if root.getroottree().docinfo.doctype:
            raise _refuse(self.path, f"the part {name} declares a DTD, which Office files "
                          "never do: refused (entity expansion)")
        self._xml[name] = root
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (relationship type, target part name) of a part ("" for the package);
        external targets are left out."""
        if part in self._rels:
            return self._rels[part]
        folder, name = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        root = self.xml(rels_name)
        out: dict[str, tuple[str, str]] = {}
        for rel in root if root is not None else ():
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = (target.lstrip("/") if target.startswith("/")
                        else posixpath.normpath(posixpath.join(folder, target)))
            out[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
        self._rels[part] = out
        return out

    def related(self, part: str, kind: str) -> list[str]:
        """Targets of `part`'s relationships whose type ends with `/kind`."""
        return [target for reltype, target in self.rels(part).values()
                if reltype.endswith(f"/{kind}")]

    def content_type(self, name: str) -> str:
        types = self.xml("[Content_Types].xml")
        for item in types if types is not None else ():
            if item.get("PartName", "").lstrip("/") == name:
                return item.get("ContentType", "")
        ext = name.rsplit(".", 1)[-1].lower()
        for item in types if types is not None else ():
            if item.get("Extension", "").lower() == ext:
                return item.get("ContentType", "")
        return ""

    # -- the package a deck is built on ----------------------------------------------------

    def kept_parts(self) -> list[str]:
        """The main part and every part reachable from it, less slides, macros and extras."""
        seen: list[str] = []
        queue = [self.main]
        while queue:
            part = queue.pop(0)
            if part in seen or not self.has(part):
                continue
            seen.append(part)
            for reltype, target in self.rels(part).values():
                if not reltype.endswith(_DROPPED):
                    queue.append(target)
        return seen

    def clean_package(self) -> bytes:
        """The template as a plain presentation (.pptx) with no slides and no macros."""
        kept = self.kept_parts()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            dst.writestr("[Content_Types].xml", self._content_types(kept))
            dst.writestr("_rels/.rels", _rels_bytes({"rId1": (OFFICE_DOCUMENT, self.main)}, ""))
            for part in kept:
                if part == self.main:
                    dst.writestr(part, _serialise(_without_slides(self.xml(part))))
                else:
                    dst.writestr(part, self.read(part))
                rels = {r: v for r, v in self.rels(part).items()
                        if not v[0].endswith(_DROPPED) and v[1] in kept}
                if rels or self.rels(part):
                    folder, name = posixpath.split(part)
                    dst.writestr(posixpath.join(folder, "_rels", f"{name}.rels"),
                                 _rels_bytes(rels, folder, self._external(part)))
        return out.getvalue()

    def _external(self, part: str) -> list[Any]:
        folder, name = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        return [rel for rel in (root if root is not None else ())
                if rel.get("TargetMode") == "External"]

    def _content_types(self, kept: list[str]) -> bytes:
        root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
        exts = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                "xml": "application/xml"}
        for part in kept:
            kind = PRESENTATION_CT if part == self.main else self.content_type(part)
            el = etree.SubElement(root, f"{{{CT_NS}}}Override")
            el.set("PartName", f"/{part}")
            el.set("ContentType", kind or "application/octet-stream")
        for ext, kind in exts.items():
            el = etree.Element(f"{{{CT_NS}}}Default")
            el.set("Extension", ext)
            el.set("ContentType", kind)
            root.insert(0, el)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_slides(root: Any) -> Any:
    """presentation.xml with no slide list, custom shows or sections (they name slides)."""
    import copy

    root = copy.deepcopy(root)
    p = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
    for tag in ("sldIdLst", "custShowLst"):
        for el in root.findall(f"{p}{tag}"):
            root.remove(el)
    for ext_list in root.findall(f"{p}extLst"):
        for ext in list(ext_list):
            if any(etree.QName(child).localname == "sectionLst" for child in ext):
                ext_list.remove(ext)
        if not len(ext_list):
            root.remove(ext_list)
    return root


def _serialise(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_bytes(rels: dict[str, tuple[str, str]], folder: str,
                external: list[Any] | None = None) -> bytes:
    root = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
    for r_id, (reltype, target) in rels.items():
        el = etree.SubElement(root, f"{{{PR}}}Relationship")
        el.set("Id", r_id)
        el.set("Type", reltype)
        el.set("Target", posixpath.relpath(target, folder or "."))
    for rel in external or ():
        el = etree.SubElement(root, f"{{{PR}}}Relationship")
        for key in ("Id", "Type", "Target", "TargetMode"):
            el.set(key, rel.get(key, ""))
    return _serialise(root)


def _mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB" if size < 1024 ** 3 else f"{size / 1024 ** 3:.1f} GB"


def _ole_message(data: bytes) -> str:
    if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20] or (
            "EncryptedPackage".encode("utf-16-le") in data):
        return ("the template is encrypted (password-protected); save a copy without a "
                "password (File > Info > Protect Presentation) and use that")
    return ("an old binary PowerPoint file (.ppt/.pot), not a .pptx/.potx; open it in "
            "PowerPoint and save it as .potx")
