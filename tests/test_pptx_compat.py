"""The contract with python-pptx's private attributes: each accessor in render/pptx_compat,
tried on a real presentation with the installed python-pptx. A failure here names the
attribute an upgrade moved; pyproject pins python-pptx to the versions this passes on."""

from __future__ import annotations

import io

from lxml import etree
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


def test_parts_and_relationships() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    assert compat.part_element(prs.part).tag == f"{P}presentation"
    assert compat.part_element(slide.part).tag == f"{P}sld"
    package = prs.part.package
    package_rels = compat.relationships(package)
    assert any(rel.reltype == RT.OFFICE_DOCUMENT for rel in package_rels.values())
    slide_rels = compat.relationships(slide.part)
    assert [rel.reltype for rel in slide_rels.values()] == [RT.SLIDE_LAYOUT]
    part, _ = slide.part.get_or_add_image_part(io.BytesIO(png()))
    add = compat.relationship_adder(slide.part.rels)
    first, second = add(RT.IMAGE, part), add(RT.IMAGE, part)  # never looks for an existing one
    assert first != second and slide.part.related_part(first) is part
    assert part in list(compat.image_parts(package))


def test_slide_ids() -> None:
    prs = Presentation()
    id_list = compat.slide_id_list(prs)
    assert id_list.tag == f"{P}sldIdLst" and len(id_list) == 0
    ext = id_list.makeelement(f"{P}extLst")
    id_list.append(ext)
    compat.add_slide_id(id_list, 300, "rId42")
    assert [child.tag for child in id_list] == [f"{P}sldId", f"{P}extLst"]  # schema order
    assert id_list[0].get("id") == "300" and id_list[0].rId == "rId42"


def test_shape_ids_taken_by_appended_xml() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.turbo_add_enabled = True
    slide.shapes.add_textbox(Pt(1), Pt(1), Pt(5), Pt(5))
    taken = compat.next_shape_id(slide.shapes) + 10  # as if ten shapes went in as XML
    compat.shape_ids_used_up_to(slide.shapes, taken)
    assert slide.shapes.add_textbox(Pt(1), Pt(1), Pt(5), Pt(5)).shape_id == taken + 1


def test_shape_ids_counted_from_a_known_largest() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    compat.count_shape_ids_from(slide.shapes, 41)
    assert compat.next_shape_id(slide.shapes) == 42
    assert slide.shapes.add_textbox(Pt(1), Pt(1), Pt(5), Pt(5)).shape_id == 43


def test_fragments_are_python_pptx_elements_and_keep_spaces() -> None:
    from pptx.oxml.shapes.autoshape import CT_Shape

    sp = compat.parse_fragment(
        f'<p:sp {compat.FRAGMENT_NS}><p:nvSpPr><p:cNvPr id="2" name="x"/><p:cNvSpPr/><p:nvPr/>'
        '</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t> </a:t></a:r></a:p>'
        "</p:txBody></p:sp>")
    assert isinstance(sp, CT_Shape) and sp.shape_id == 2
    assert sp.txBody.p_lst[0].r_lst[0].text == " "  # a run of one space stays one space
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    compat.shape_tree(slide.shapes).append(sp)
    whole = etree.tostring(sp.getroottree())
    assert whole.count(b"xmlns:a=") == 1  # the slide's own declarations are used


def test_package_head_is_written_as_python_pptx_writes_it() -> None:
    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[6])
    written: dict[str, bytes] = {}

    class Collect:
        def write(self, pack_uri, blob: bytes) -> None:  # type: ignore[no-untyped-def]
            written[str(pack_uri)] = blob

    package = prs.part.package
    compat.write_package_head(package, Collect(), tuple(package.iter_parts()))
    assert set(written) == {"/[Content_Types].xml", "/_rels/.rels"}
    assert b"presentationml.slide+xml" in written["/[Content_Types].xml"]
    assert b"officeDocument" in written["/_rels/.rels"]


def test_chart_workbook_has_the_given_date() -> None:
    import datetime as dt
    import zipfile

    from pptx.enum.chart import XL_CHART_TYPE

    when = dt.datetime(2001, 2, 3, 4, 5, 6)
    data = compat.dated_chart_data(when)
    data.categories = ["a", "b"]
    data.add_series("s", (1.0, 2.0))
    with zipfile.ZipFile(io.BytesIO(data.xlsx_blob)) as xlsx:
        core = xlsx.read("docProps/core.xml")
    assert b"2001-02-03T04:05:06Z" in core
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.PIE, 0, 0, Pt(100), Pt(100), data)
    assert compat.chart_space(frame.chart).tag.endswith("}chartSpace")
