"""The package's own records made to agree with its content before it is written: the slide
size's named type, the notes master's entry in presentation.xml, and docProps/app.xml (the
slide and notes counts, and slidegen as the application), which PowerPoint shows and checks."""

from __future__ import annotations

from lxml import etree

from slidegen.render.archive import APP_PROPERTIES, extended_properties
from slidegen.render.opc import RT_EXTENDED_PROPERTIES, RT_NOTES_MASTER, Part
from slidegen.render.presentation import Presentation
from slidegen.render.xmlstr import qn

APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
# named slide sizes (EMU) and what PowerPoint calls them; any other size has no type
SIZE_TYPES = {(9144000, 6858000): "screen4x3", (9144000, 5715000): "screen16x10",
              (9144000, 5143500): "screen16x9"}


def make_consistent(prs: Presentation) -> None:
    """Fix up presentation.xml and docProps/app.xml for what the deck now holds."""
    root = prs.element
    size = root.find(qn("p:sldSz"))
    cx, cy = int(size.get("cx")), int(size.get("cy"))
    named = SIZE_TYPES.get((cx, cy))
    if named:
        size.set("type", named)
    else:
        size.attrib.pop("type", None)
    _list_notes_master(prs)
    _ensure_app_properties(prs)


def _list_notes_master(prs: Presentation) -> None:
    """Add `p:notesMasterIdLst` when the deck has a notes master it does not list."""
    master = next((rel for rel in prs.part.rels.values()
                   if not rel.external and rel.reltype == RT_NOTES_MASTER), None)
    root = prs.element
    if master is not None and root.find(qn("p:notesMasterIdLst")) is None:
        entry = etree.Element(qn("p:notesMasterIdLst"))
        etree.SubElement(entry, qn("p:notesMasterId")).set(qn("r:id"), master.r_id)
        before = root.find(qn("p:sldMasterIdLst"))
        if before is not None:
            before.addnext(entry)
        else:
            root.insert(0, entry)


def _ensure_app_properties(prs: Presentation) -> None:
    """A `docProps/app.xml` part, which the writer fills with the true counts
    (`package.extended_properties`); python-pptx's default deck and a template's clean
    package have none."""
    package = prs.package
    if package.rels.part(RT_EXTENDED_PROPERTIES) is not None:
        return
    package.relate_to(Part(APP_PROPERTIES, APP_CT, extended_properties([])),
                      RT_EXTENDED_PROPERTIES)
