"""The contract with python-pptx's private attributes: each accessor in render/pptx_compat,
tried on a real presentation with the installed python-pptx. A failure here names the
attribute an upgrade moved; pyproject pins python-pptx to the versions this passes on."""

from __future__ import annotations

import io

from PIL import Image
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Pt

from slidegen.render import pptx_compat as compat

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def test_elements_under_the_proxies() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Pt(10), Pt(10), Pt(100), Pt(40))
    assert compat.element(slide).tag == f"{P}sld"
    assert compat.element(slide).cSld is not None
    assert compat.element(box).tag == f"{P}sp"
    assert compat.text_body(box.text_frame).tag == f"{P}txBody"
    assert compat.shape_tree(slide.shapes).tag == f"{P}spTree"
    table = slide.shapes.add_table(2, 2, Pt(10), Pt(60), Pt(200), Pt(40)).table
    assert compat.table_element(table).tag == f"{A}tbl"
    assert compat.table_element(table).tblPr is not None
    cell = compat.cell_element(table.cell(0, 0))
    assert cell.tag == f"{A}tc" and cell.get_or_add_txBody().tag == f"{A}txBody"


def test_shape_ids_and_pictures() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    first = compat.next_shape_id(slide.shapes)
    assert isinstance(first, int)
    slide.shapes.add_textbox(Pt(1), Pt(1), Pt(5), Pt(5))
    assert compat.next_shape_id(slide.shapes) == first + 1
    part, _ = slide.part.get_or_add_image_part(io.BytesIO(png()))
    r_id = slide.part.relate_to(part, RT.IMAGE)
    shape_id = compat.next_shape_id(slide.shapes)
    pic = compat.add_picture_element(slide.shapes, shape_id, "Picture", "pic.png", r_id,
                                     0, 0, 12700, 12700)
    assert pic.shape_id == shape_id and compat.element(pic).tag == f"{P}pic"
    assert compat.element(pic).blipFill.blip.rEmbed == r_id


def test_part_bytes_are_replaced_in_place() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    part, _ = slide.part.get_or_add_image_part(io.BytesIO(png()))
    name = part.partname
    other = png()[:-4] + b"\x00\x00\x00\x00"
    compat.set_part_blob(part, other)
    assert part.blob == other and part.partname == name


def test_a_finished_part_lets_its_tree_go() -> None:
    """release_xml gives the bytes python-pptx would write and drops the part's tree and
    python-pptx's cached proxies of it (a weak reference to the root shows it is freed)."""
    import gc
    import weakref

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_textbox(Pt(1), Pt(1), Pt(50), Pt(20)).text_frame.text = "kept"
    slide.notes_slide.notes_text_frame.text = "said"
    notes = slide.part.part_related_by(RT.NOTES_SLIDE)
    expected = {slide.part: slide.part.blob, notes: notes.blob}
    root = weakref.ref(compat.element(slide))
    del slide
    parts = list(expected)
    assert compat.release_xml(parts) == expected
    gc.collect()
    assert root() is None
    assert b"kept" in expected[parts[0]] and b"said" in expected[parts[1]]
