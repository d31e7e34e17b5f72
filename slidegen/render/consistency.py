"""The package's own records made to agree with its content before it is written: the slide
size's named type, the notes master's entry in presentation.xml, and docProps/app.xml (the
slide and notes counts, and slidegen as the application), which PowerPoint shows and checks."""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

from slidegen.render.archive import APP_PROPERTIES, extended_properties
from slidegen.render.pptx_compat import part_element, relationships
from slidegen.render.shapes import qn

APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
# named slide sizes (EMU) and what PowerPoint calls them; any other size has no type
SIZE_TYPES = {(9144000, 6858000): "screen4x3", (9144000, 5715000): "screen16x10",
              (9144000, 5143500): "screen16x9"}


def make_consistent(prs: Any) -> None:
    """Fix up presentation.xml and docProps/app.xml for what the deck now holds."""
    root = part_element(prs.part)
    size = root.find(qn("p:sldSz"))
    cx, cy = int(size.get("cx")), int(size.get("cy"))
    named = SIZE_TYPES.get((cx, cy))
    if named:
        size.set("type", named)
    else:
        size.attrib.pop("type", None)
    _list_notes_master(prs)
    _ensure_app_properties(prs)


def _list_notes_master(prs: Any) -> None:
    """Add `p:notesMasterIdLst` when the deck has a notes master it does not list."""
    part = prs.part
    master = next((rel for rel in part.rels.values()
                   if not rel.is_external and rel.reltype == RT.NOTES_MASTER), None)
    root = part_element(part)
    if master is not None and root.find(qn("p:notesMasterIdLst")) is None:
        entry = etree.Element(qn("p:notesMasterIdLst"))
        etree.SubElement(entry, qn("p:notesMasterId")).set(qn("r:id"), master.rId)
        before = root.find(qn("p:sldMasterIdLst"))
        if before is not None:
            before.addnext(entry)
        else:
            root.insert(0, entry)


def _ensure_app_properties(prs: Any) -> None:
    """A `docProps/app.xml` part, which the writer fills with the true counts
    (`package.extended_properties`); python-pptx's default deck and a template's clean
    package have none."""
    package = prs.part.package
    if any(not rel.is_external and rel.reltype == RT.EXTENDED_PROPERTIES
           for rel in relationships(package).values()):
        return
    part = Part(PackURI(APP_PROPERTIES), APP_CT, package, extended_properties([]))
    package.relate_to(part, RT.EXTENDED_PROPERTIES)
