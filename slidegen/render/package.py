"""Part-level work on the python-pptx package: fast part naming, core properties, theme part
(the reproducible zip it is written as is `render/archive.py`).

Why each piece exists:

- python-pptx names every new notes slide (`OpcPackage.next_partname`) and image
  (`Package.next_image_partname`) by walking the whole relationship graph, and finds duplicate
  images (`_ImageParts._find_by_sha1`) by walking it again. On a deck of hundreds of slides with
  notes and pictures that is O(n²) and dominates rendering time. `speed_up` replaces those
  methods *on one package instance* (no global patching) with a counter and a SHA-1 index, built
  from a single walk. python-pptx stays the writer; only naming and lookup change.
  Two smaller quadratic paths go the same way: relating a new slide to the presentation part
  scans all its relationships (`_Relationships._get_matching`), and each new `p:sldId` takes the
  max of all ids; `speed_up` indexes the presentation part's relationships and `SlideAdder`
  keeps a slide-id counter.
- python-pptx builds each new slide by parsing a template and cloning the layout's
  placeholders, and each notes slide by cloning the notes master's placeholders one by one
  (an XPath query per shape). Every new slide of one layout, and every new notes slide, starts
  out as the same XML, so `SlideAdder` builds the first one python-pptx's way and copies it
  after that (same bytes, a fraction of the time).
- Core properties come from DeckInfo; their dates come from the deck's date, else
  SOURCE_DATE_EPOCH, else 2000-01-01, never from the clock.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import re
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart

from slidegen.deck import DeckInfo, DeckStyle
from slidegen.render.pptx_compat import (
    add_slide_id,
    count_shape_ids_from,
    element,
    image_parts,
    relationship_adder,
    set_part_blob,
    shape_tree,
    slide_id_list,
    text_body,
)

FALLBACK_DATE = dt.datetime(2000, 1, 1, 0, 0, 0)
IMAGE_TYPES = {"png": CT.PNG, "jpg": CT.JPEG}  # ImageData.ext: what the planner embeds


class _FastNames:
    """Partname counters and an image SHA-1 index for one package, filled by one graph walk."""

    def __init__(self, package: Any) -> None:
        self._package = package
        self._used: dict[str, set[int]] = {}
        self._next: dict[str, int] = {}
        for part in package.iter_parts():
            name = str(part.partname)
            match = re.match(r"^(.*?)(\d+)(\.[A-Za-z0-9]+)$", name)
            if match:
                self._used.setdefault(match.group(1), set()).add(int(match.group(2)))
        self._by_sha1: dict[str, Any] = {}
        for image_part in image_parts(package):
            sha1 = getattr(image_part, "sha1", None)
            if sha1:
                self._by_sha1.setdefault(sha1, image_part)

    def _take(self, prefix: str) -> int:
        used = self._used.setdefault(prefix, set())
        n = self._next.get(prefix, 1)
        while n in used:
            n += 1
        used.add(n)
        self._next[prefix] = n + 1
        return n

    def next_partname(self, tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        suffix = (tmpl % 42)[len(prefix) + 2:]
        return PackURI(f"{prefix}{self._take(prefix)}{suffix}")

    def next_image_partname(self, ext: str) -> PackURI:
        return PackURI(f"/ppt/media/image{self._take('/ppt/media/image')}.{ext}")

    def next_media_partname(self, ext: str) -> PackURI:
        return PackURI(f"/ppt/media/media{self._take('/ppt/media/media')}.{ext}")

    def get_or_add_image_part(self, image_file: Any) -> Any:
        """python-pptx's, by SHA-1 index (a theme's logo and background are files)."""
        image = Image.from_file(image_file)
        part = self._by_sha1.get(image.sha1)
        if part is None:
            part = ImagePart.new(self._package, image)
            self._by_sha1[image.sha1] = part
        return part

    def get_or_add_image_blob(self, blob: bytes, ext: str) -> Any:
        """The same for a planned picture, whose format the planner knows: python-pptx would
        open it with Pillow to learn it, and loading Pillow's formats for that was a tenth of
        the render process's start-up."""
        sha1 = hashlib.sha1(blob).hexdigest()
        part = self._by_sha1.get(sha1)
        if part is None:
            part = ImagePart(self.next_image_partname(ext), IMAGE_TYPES[ext], self._package, blob)
            self._by_sha1[sha1] = part
        return part


def speed_up(prs: Any) -> None:
    """Give this presentation's package O(1) part naming, image de-duplication and slide rels."""
    package = prs.part.package
    names = _FastNames(package)
    package.next_partname = names.next_partname
    package.next_image_partname = names.next_image_partname
    package.next_media_partname = names.next_media_partname
    package.get_or_add_image_part = names.get_or_add_image_part
    package.get_or_add_image_blob = names.get_or_add_image_blob
    _index_rels(prs.part.rels)


def _index_rels(rels: Any) -> None:
    """`get_or_add` through a (reltype, target) index instead of a scan of every relationship."""
    index: dict[tuple[str, Any], str] = {
        (rel.reltype, rel.target_part): rel.rId for rel in rels.values() if not rel.is_external
    }
    add = relationship_adder(rels)

    def get_or_add(reltype: str, target_part: Any) -> str:
        key = (reltype, target_part)
        r_id = index.get(key)
        if r_id is None:
            r_id = add(reltype, target_part)
            index[key] = r_id
        return r_id

    rels.get_or_add = get_or_add


class SlideAdder:
    """`Slides.add_slide` with a running slide id instead of a max() over all ids per slide,
    and new slides and notes slides copied from the first one made for their layout.

    Nothing here looks at every slide per slide: python-pptx names a new slide part by
    counting the slide list (lxml counts children one by one) and inserts its id by
    searching the list, which made a 10,000-slide deck quadratic."""

    def __init__(self, prs: Any) -> None:
        self._prs = prs
        self._package = prs.part.package
        self._id_list = slide_id_list(prs)
        used = [int(s.get("id")) for s in self._id_list.sldId_lst]
        self._next_id = max([255, *used]) + 1
        self._count = len(used)  # slides in the deck so far
        self._append_ids = self._id_list.find(qn("p:extLst")) is None
        self._blank_slides: dict[int, tuple[Any, int]] = {}  # id(layout part) -> a new
        # slide's XML and the largest shape id in it
        self._blank_notes: Any = None  # a new notes slide's XML, once python-pptx made one
        self._notes_body_path: list[int] | None = None  # where its notes text body is

    def add(self, layout: Any) -> Any:
        known = self._blank_slides.get(id(layout.part))
        if known is None:
            r_id, slide = self._prs.part.add_slide(layout)
            slide.shapes.clone_layout_placeholders(layout)
            known = (copy.deepcopy(element(slide)), shape_tree(slide.shapes).max_shape_id)
            self._blank_slides[id(layout.part)] = known
        else:
            partname = PackURI(f"/ppt/slides/slide{self._count + 1}.xml")
            slide_part = SlidePart(partname, CT.PML_SLIDE, self._package,
                                   copy.deepcopy(known[0]))
            slide_part.relate_to(layout.part, RT.SLIDE_LAYOUT)
            r_id = self._prs.part.relate_to(slide_part, RT.SLIDE)
            slide = slide_part.slide
        if self._append_ids:  # the list holds only sldId elements: the new one goes last
            entry = etree.SubElement(self._id_list, qn("p:sldId"))
            entry.set("id", str(self._next_id))
            entry.set(qn("r:id"), r_id)
        else:
            add_slide_id(self._id_list, self._next_id, r_id)
        self._next_id += 1
        self._count += 1
        # shape ids from a running counter, not a scan of every id on the slide per shape
        count_shape_ids_from(slide.shapes, known[1])
        return slide

    def notes_body(self, slide: Any) -> Any:
        """The `p:txBody` of the notes placeholder of the slide's new notes slide (None when
        the notes master has no body placeholder), made as `slide.notes_slide` would."""
        if slide.part.has_notes_slide:
            return _body_of(slide.notes_slide)
        if self._blank_notes is None:
            notes = slide.notes_slide
            body = _body_of(notes)
            self._blank_notes = copy.deepcopy(element(notes))
            self._notes_body_path = _child_path(element(notes), body)
            return body
        xml = copy.deepcopy(self._blank_notes)
        part = NotesSlidePart(self._package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                              CT.PML_NOTES_SLIDE, self._package, xml)
        part.relate_to(self._package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        if self._notes_body_path is None:
            return None
        for index in self._notes_body_path:
            xml = xml[index]
        return xml


def _body_of(notes_slide: Any) -> Any:
    frame = notes_slide.notes_text_frame
    return None if frame is None else text_body(frame)


def _child_path(root: Any, element: Any) -> list[int] | None:
    """Child indices leading from `root` down to `element` (None for no element)."""
    if element is None:
        return None
    path: list[int] = []
    while element is not root:
        parent = element.getparent()
        path.append(parent.index(element))
        element = parent
    return path[::-1]


def deck_datetime(info: DeckInfo) -> dt.datetime:
    """Creation time: DeckInfo.date (ISO), else SOURCE_DATE_EPOCH, else 2000-01-01 (naive UTC)."""
    if info.date:
        text = str(info.date).strip()
        for candidate in (text, text.replace(" ", "T", 1), text[:10]):
            try:
                value = dt.datetime.fromisoformat(candidate)
            except ValueError:
                continue
            if value.tzinfo is not None:
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
            return value
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return FALLBACK_DATE


def set_core_properties(prs: Any, info: DeckInfo) -> dt.datetime:
    """Title, author, subject, keywords, language and fixed dates; returns the date used."""
    when = deck_datetime(info)
    props = prs.core_properties
    props.title = info.title[:255]
    props.author = info.author[:255]
    props.subject = info.subject[:255]
    props.keywords = ", ".join(info.keywords)[:255]
    props.language = info.lang
    props.comments = ""
    props.last_modified_by = info.author[:255]
    props.revision = 1
    props.created = when
    props.modified = when
    return when


def apply_theme_part(prs: Any, style: DeckStyle) -> None:
    """Make the deck's theme part agree: hyperlink colour and the major/minor typefaces.

    Text a person adds later in PowerPoint then uses the deck's fonts and link colour.
    """
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    scheme = root.find(f"{a}themeElements/{a}clrScheme")
    if scheme is not None:
        for slot, color in (("hlink", style.colors.link), ("accent1", style.colors.accent)):
            el = scheme.find(f"{a}{slot}")
            if el is not None:
                for child in list(el):
                    el.remove(child)
                etree.SubElement(el, qn("a:srgbClr")).set("val", color)
    fonts = root.find(f"{a}themeElements/{a}fontScheme")
    if fonts is not None:
        for tag, pair in (("majorFont", style.fonts.title), ("minorFont", style.fonts.body)):
            el = fonts.find(f"{a}{tag}")
            if el is None:
                continue
            for sub, face in (("latin", pair.latin), ("ea", pair.ea)):
                node = el.find(f"{a}{sub}")
                if node is not None:
                    node.set("typeface", face)
    set_part_blob(part, etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                       standalone=True))
