"""The presentation a deck is drawn into: python-pptx's default template or the user's, its
masters and layouts, new slides and notes slides, the slide size and the core properties.

New slides and notes slides are made as python-pptx makes them (its slide template, the
layout's or notes master's placeholders copied with its names and ids), so that decks keep
the bytes they had when python-pptx built them. Every new slide of one layout, and every new
notes slide, starts out as the same XML, so the first is built and copied after that.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from slidegen.render.canvas import Canvas, insert_before, shape_tree
from slidegen.render.opc import (
    CT_CORE_PROPERTIES,
    CT_NOTES_MASTER,
    CT_NOTES_SLIDE,
    CT_SLIDE,
    CT_THEME,
    RT_CORE_PROPERTIES,
    RT_NOTES_MASTER,
    RT_NOTES_SLIDE,
    RT_OFFICE_DOCUMENT,
    RT_SLIDE,
    RT_SLIDE_LAYOUT,
    RT_THEME,
    Package,
    Part,
    parse_xml,
)
from slidegen.render.xmlstr import FRAGMENT_NS, qn

_SLIDE_XML = (f"<p:sld {FRAGMENT_NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/>"
              "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld>"
              "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>")
# where a new child of p:presentation goes: before the first of these that is there
_AFTER_SLIDE_IDS = ("p:sldSz", "p:notesSz", "p:smartTags", "p:embeddedFontLst", "p:custShowLst",
                    "p:photoAlbum", "p:custDataLst", "p:kinsoku", "p:defaultTextStyle",
                    "p:modifyVerifier", "p:extLst")
_SHAPES = frozenset(qn(t) for t in ("p:sp", "p:graphicFrame", "p:pic"))
_SLIDE_NAMES = {"clipArt": "ClipArt Placeholder", "body": "Text Placeholder", "ctrTitle": "Title",
                "chart": "Chart Placeholder", "dt": "Date Placeholder",
                "ftr": "Footer Placeholder", "hdr": "Header Placeholder",
                "media": "Media Placeholder", "obj": "Content Placeholder",
                "dgm": "SmartArt Placeholder", "pic": "Picture Placeholder",
                "sldNum": "Slide Number Placeholder", "subTitle": "Subtitle",
                "tbl": "Table Placeholder", "title": "Title"}
_NOTES_NAMES = {"body": "Notes Placeholder", "dt": "Date Placeholder",
                "ftr": "Footer Placeholder", "hdr": "Header Placeholder",
                "sldImg": "Slide Image Placeholder", "sldNum": "Slide Number Placeholder"}
_WITH_TEXT = frozenset({"title", "ctrTitle", "subTitle", "body", "obj"})


def pptx_template(name: str) -> Path:
    """A file of python-pptx's own templates (its default deck, notes master and theme),
    found without importing python-pptx."""
    spec = importlib.util.find_spec("pptx")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("python-pptx is not installed: reinstall slidegen")
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / name


class Presentation:
    """A package's presentation part, and the slides added to it."""

    def __init__(self, package: Package) -> None:
        self.package = package
        part = package.rels.part(RT_OFFICE_DOCUMENT)
        if part is None or part.element is None:
            raise ValueError("the package holds no presentation")
        self.part: Part = part
        self.element = part.element
        self._ids = self._child("p:sldIdLst", _AFTER_SLIDE_IDS)
        used = [int(s.get("id", "0")) for s in self._ids.iter(qn("p:sldId"))]
        self._next_id = max([255, *used]) + 1
        self._count = len(used)
        self._append_ids = self._ids.find(qn("p:extLst")) is None  # else insert before it
        self._blank_slides: dict[int, tuple[etree._Element, int]] = {}
        self._notes: tuple[etree._Element, list[int] | None] | None = None
        self._notes_master: Part | None = None

    @classmethod
    def read(cls, data: bytes | None = None) -> Presentation:
        """`data` (a template's clean package), or python-pptx's default deck."""
        if data is None:
            data = pptx_template("default.pptx").read_bytes()
        return cls(Package.read(data))

    def _child(self, tag: str, successors: tuple[str, ...]) -> etree._Element:
        found = self.element.find(qn(tag))
        if found is None:
            found = etree.Element(qn(tag))
            insert_before(self.element, found, successors)
        return found

    def masters(self) -> list[Part]:
        return self._listed(self.part, "p:sldMasterIdLst")

    def layouts(self, master: Part) -> list[Part]:
        return self._listed(master, "p:sldLayoutIdLst")

    @staticmethod
    def _listed(part: Part, tag: str) -> list[Part]:
        listing = part.element.find(qn(tag)) if part.element is not None else None
        if listing is None:
            return []
        targets = (part.rels.get(entry.get(qn("r:id"), "")) for entry in listing)
        return [rel.target for rel in targets if rel is not None and isinstance(rel.target, Part)]

    def set_size(self, cx: int, cy: int) -> None:
        size = self._child("p:sldSz", _AFTER_SLIDE_IDS[1:])
        size.set("cx", str(cx))
        size.set("cy", str(cy))

    def add_slide(self, layout: Part) -> Canvas:
        """A new slide on `layout`, with the layout's placeholders (not its date, footer and
        number), listed last in the presentation."""
        known = self._blank_slides.get(id(layout))
        if known is None:
            element = parse_xml(_SLIDE_XML)
            _clone_placeholders(element, layout, _SLIDE_NAMES, skip=("dt", "ftr", "sldNum"))
            known = self._blank_slides[id(layout)] = (element, _max_id(element))
        self._count += 1
        part = Part(f"/ppt/slides/slide{self._count}.xml", CT_SLIDE,
                    element=copy.deepcopy(known[0]))
        part.relate_to(layout, RT_SLIDE_LAYOUT)
        entry = etree.Element(qn("p:sldId"))
        entry.set("id", str(self._next_id))
        entry.set(qn("r:id"), self.part.relate_to(part, RT_SLIDE))
        if self._append_ids:  # no search of a list that grows by a slide each time
            self._ids.append(entry)
        else:
            insert_before(self._ids, entry, ("p:extLst",))
        self._next_id += 1
        return Canvas(part, known[1], self.package)

    def notes_body(self, slide: Part) -> etree._Element | None:
        """The text body of the notes placeholder of a new notes slide for `slide` (None when
        the notes master has no body placeholder)."""
        if self._notes is None:
            element = parse_xml(pptx_template("notes.xml").read_bytes())
            _clone_placeholders(element, self.notes_master(), _NOTES_NAMES,
                                only=("sldImg", "body", "sldNum"))
            body = next((sp.find(qn("p:txBody")) for sp in placeholders(element)
                         if _ph(sp).get("type") == "body"), None)
            self._notes = (element, _path_to(element, body))
        element = copy.deepcopy(self._notes[0])
        part = Part(self.package.next_name("/ppt/notesSlides/notesSlide%d.xml"),
                    CT_NOTES_SLIDE, element=element)
        part.relate_to(self.notes_master(), RT_NOTES_MASTER)
        part.relate_to(slide, RT_SLIDE)
        slide.relate_to(part, RT_NOTES_SLIDE)
        if self._notes[1] is None:
            return None
        for index in self._notes[1]:
            element = element[index]
        return element

    def notes_master(self) -> Part:
        """The notes master, made from python-pptx's default (with its own theme) when the
        presentation has none."""
        if self._notes_master is None:
            master = self.part.rels.part(RT_NOTES_MASTER)
            if master is None:
                master = Part("/ppt/notesMasters/notesMaster1.xml", CT_NOTES_MASTER,
                              element=parse_xml(pptx_template("notesMaster.xml").read_bytes()))
                theme = Part(self.package.next_name("/ppt/theme/theme%d.xml"), CT_THEME,
                             element=parse_xml(pptx_template("theme.xml").read_bytes()))
                master.relate_to(theme, RT_THEME)
                self.part.relate_to(master, RT_NOTES_MASTER)
            self._notes_master = master
        return self._notes_master

    def set_core_properties(self, values: list[tuple[str, str | dt.datetime]]) -> None:
        """Set these core properties ("dc:title", text or a time), in this order, as
        python-pptx sets them: an element there keeps its place, a new one goes last."""
        part = self.package.rels.part(RT_CORE_PROPERTIES)
        if part is None or part.element is None:
            part = Part("/docProps/core.xml", CT_CORE_PROPERTIES, element=parse_xml(_CORE_XML))
            self.package.relate_to(part, RT_CORE_PROPERTIES)
            _set_properties(part.element, [
                ("dc:title", "PowerPoint Presentation"), ("cp:lastModifiedBy", "python-pptx"),
                ("cp:revision", "1"),
                ("dcterms:modified", dt.datetime.now(dt.UTC).replace(tzinfo=None))])
        _set_properties(part.element, values)


_CORE_XML = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
             'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
             'xmlns:dcterms="http://purl.org/dc/terms/"/>\n')


def _set_properties(root: etree._Element, values: list[tuple[str, str | dt.datetime]]) -> None:
    for tag, value in values:
        element = root.find(qn(tag))
        if element is None:
            element = etree.SubElement(root, qn(tag))
        if isinstance(value, dt.datetime):
            element.text = value.strftime("%Y-%m-%dT%H:%M:%SZ")
            root.set(qn("xsi:foo"), "bar")  # declares xsi on the root, not on the element
            element.set(qn("xsi:type"), "dcterms:W3CDTF")
            del root.attrib[qn("xsi:foo")]
        else:
            element.text = value


def _ph(shape: etree._Element) -> etree._Element:
    nv_pr = shape[0].find(qn("p:nvPr")) if len(shape) else None
    return nv_pr.find(qn("p:ph")) if nv_pr is not None else None


def placeholders(root: etree._Element) -> list[etree._Element]:
    """The placeholder shapes of a slide, layout or master, in document order."""
    return [el for el in shape_tree(root) if el.tag in _SHAPES and _ph(el) is not None]


def _clone_placeholders(root: etree._Element, source: Part, names: dict[str, str],
                        skip: tuple[str, ...] = (), only: tuple[str, ...] | None = None) -> None:
    """Placeholders like those of `source` (a layout or notes master) added to `root`: those
    of the types in `only`, or all but those in `skip`."""
    tree = shape_tree(root)
    for shape in placeholders(source.element):
        ph = _ph(shape)
        kind = ph.get("type", "obj")
        if kind in skip or (only is not None and kind not in only):
            continue
        shape_id = _free_id(root)
        insert_before(tree, _placeholder_sp(shape_id, _name(root, names, kind, ph, shape_id),
                                            kind, ph), ("p:extLst",))


def _free_id(root: etree._Element) -> int:
    """The smallest id not used in the document (python-pptx's rule without turbo mode)."""
    used = set(_ids(root))
    n = 1
    while n in used:
        n += 1
    return n


def _max_id(root: etree._Element) -> int:
    return max([0, *_ids(root)])


def _ids(root: etree._Element) -> Iterator[int]:
    """Every numeric `id` attribute in the document (shape ids and any other)."""
    return (int(v) for el in root.iter() for k, v in el.attrib.items()
            if k == "id" and v.isdigit())


def _name(root: etree._Element, names: dict[str, str], kind: str, ph: etree._Element,
          shape_id: int) -> str:
    base = names.get(kind, "Placeholder")
    if ph.get("orient", "horz") == "vert":
        base = f"Vertical {base}"
    taken = {el.get("name") for el in root.iter(qn("p:cNvPr"))}
    number = shape_id - 1
    while f"{base} {number}" in taken:
        number += 1
    return f"{base} {number}"


def _placeholder_sp(shape_id: int, name: str, kind: str, source: etree._Element) -> etree._Element:
    attrs = "".join(f' {key}="{value}"' for key, value, default in (
        ("type", kind, "obj"), ("idx", str(int(source.get("idx", "0"))), "0"),
        ("orient", source.get("orient", "horz"), "horz"), ("sz", source.get("sz", "full"), "full"))
        if value != default)
    body = "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody>" if kind in _WITH_TEXT else ""
    return parse_xml(f'<p:sp {FRAGMENT_NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
                     '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
                     f"<p:nvPr><p:ph{attrs}/></p:nvPr></p:nvSpPr><p:spPr/>{body}</p:sp>")


def _path_to(root: etree._Element, element: etree._Element | None) -> list[int] | None:
    if element is None:
        return None
    path: list[int] = []
    while element is not root:
        parent = element.getparent()
        path.append(parent.index(element))
        element = parent
    return path[::-1]
