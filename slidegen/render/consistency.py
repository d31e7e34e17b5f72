"""The package's own records made to agree with its content before it is written: the slide
size's named type, the notes master's entry in presentation.xml, and docProps/app.xml (the
slide and notes counts, and slidegen as the application), which PowerPoint shows and checks."""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

from slidegen.render.shapes import qn

APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# named slide sizes (EMU) and what PowerPoint calls them; any other size has no type
SIZE_TYPES = {(9144000, 6858000): ("screen4x3", "On-screen Show (4:3)"),
              (9144000, 5715000): ("screen16x10", "On-screen Show (16:10)"),
              (9144000, 5143500): ("screen16x9", "On-screen Show (16:9)")}
FORMATS = {(12192000, 6858000): "Widescreen", (12192000, 7620000): "Custom"}
_ORDER = ("sldMasterIdLst", "notesMasterIdLst", "handoutMasterIdLst", "sldIdLst")


def make_consistent(prs: Any) -> None:
    """Fix up presentation.xml and docProps/app.xml for what the deck now holds."""
    root = prs.part._element
    size = root.find(qn("p:sldSz"))
    cx, cy = int(size.get("cx")), int(size.get("cy"))
    named = SIZE_TYPES.get((cx, cy))
    if named:
        size.set("type", named[0])
    else:
        size.attrib.pop("type", None)
    notes = _list_notes_master(prs)
    _write_app_properties(prs, named[1] if named else FORMATS.get((cx, cy), "Custom"), notes)


def _list_notes_master(prs: Any) -> int:
    """Add `p:notesMasterIdLst` when the deck has a notes master it does not list; returns the
    number of slides with notes."""
    part = prs.part
    noted = sum(1 for slide in prs.slides if slide.part.has_notes_slide)
    master = next((rel for rel in part.rels.values()
                   if not rel.is_external and rel.reltype == RT.NOTES_MASTER), None)
    root = part._element
    if master is not None and root.find(qn("p:notesMasterIdLst")) is None:
        entry = etree.Element(qn("p:notesMasterIdLst"))
        etree.SubElement(entry, qn("p:notesMasterId")).set(qn("r:id"), master.rId)
        before = root.find(qn("p:sldMasterIdLst"))
        if before is not None:
            before.addnext(entry)
        else:
            root.insert(0, entry)
    return noted


def _write_app_properties(prs: Any, format_name: str, notes: int) -> None:
    slides = len(prs.slides)
    root = etree.Element(f"{{{EP}}}Properties", nsmap={None: EP, "vt": VT})
    for tag, value in (("PresentationFormat", format_name), ("Slides", str(slides)),
                       ("Notes", str(notes)), ("HiddenSlides", "0"),
                       ("Application", "slidegen")):
        etree.SubElement(root, f"{{{EP}}}{tag}").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = prs.part.package
    for rel in package._rels.values():
        if not rel.is_external and rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/docProps/app.xml"), APP_CT, package, blob)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)
