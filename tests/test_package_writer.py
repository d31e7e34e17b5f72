"""The renderer writes its package without python-pptx (`render/opc.py`, `presentation.py`):
its slides, notes slides, tables, pictures and outlines must be the XML python-pptx itself
writes, so that decks keep their bytes and their look. Each test builds the same thing both
ways and compares bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation as PptxPresentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

from slidegen.deck import Box, Run, TableShape
from slidegen.render.archive import reproducible_zip, write_package
from slidegen.render.opc import Package, Part, Rels
from slidegen.render.pictures import _crop, add_picture
from slidegen.render.presentation import Presentation
from slidegen.render.shapes import add_rect, add_textbox, set_outline
from tests.template_kit import Design, make_template

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
WHEN = dt.datetime(2024, 1, 2, 3, 4, 5)
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
BODY = '<p:txBody><a:bodyPr wrap="none"><a:spAutoFit/></a:bodyPr><a:lstStyle/><a:p/></p:txBody>'


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _theirs(prs: PptxPresentation) -> dict[str, bytes]:
    saved, repacked = io.BytesIO(), io.BytesIO()
    prs.save(saved)
    reproducible_zip(saved.getvalue(), WHEN, repacked)
    return _parts(repacked.getvalue())


def _ours(prs: Presentation) -> dict[str, bytes]:
    out = io.BytesIO()
    write_package(prs.package, WHEN, out)
    return _parts(out.getvalue())


def _same_packages(ours: dict[str, bytes], theirs: dict[str, bytes]) -> None:
    assert list(ours) == list(theirs)
    for name, blob in theirs.items():
        assert ours[name] == blob, name


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A template with layouts full of placeholders, as the renderer opens it."""
    from slidegen.templates import clean_package

    path = make_template(tmp_path_factory.mktemp("kit") / "kit.pptx", Design())
    return clean_package(str(path))


@pytest.mark.parametrize("source", ["default", "kit"])
def test_slides_and_notes_equal_python_pptx(source: str, kit: bytes) -> None:
    """Slides on each layout (placeholders copied with python-pptx's names and ids), notes
    slides, text boxes: every part of the two packages is the same, in the same order."""
    data = kit if source == "kit" else None
    theirs = PptxPresentation(io.BytesIO(data)) if data else PptxPresentation()
    ours = Presentation.read(data)
    their_layouts = [layout for master in theirs.slide_masters for layout in master.slide_layouts]
    our_layouts = [layout for master in ours.masters() for layout in ours.layouts(master)]
    assert [str(layout.part.partname) for layout in their_layouts] == [
        layout.name for layout in our_layouts]
    for n in range(2 * len(our_layouts) + 3):
        index = (n * 5) % len(our_layouts)
        slide = theirs.slides.add_slide(their_layouts[index])
        body = slide.notes_slide.notes_text_frame._txBody
        box = slide.shapes.add_textbox(Emu(12700 * n), Emu(25400), Emu(914400), Emu(457200))
        box.name = f"Body {n}"
        box.text_frame.text = f"text {n}"
        etree.SubElement(etree.SubElement(body.find("a:p", NS), f"{{{NS['a']}}}r"),
                         f"{{{NS['a']}}}t").text = f"notes {n}"

        canvas = ours.add_slide(our_layouts[index])
        body = ours.notes_body(canvas.part)
        sp = add_textbox(canvas, 12700 * n, 25400, 914400, 457200, f"Body {n}", BODY)
        p = sp.find("p:txBody/a:p", NS)
        etree.SubElement(etree.SubElement(p, f"{{{NS['a']}}}r"), f"{{{NS['a']}}}t").text = (
            f"text {n}")
        etree.SubElement(etree.SubElement(body.find("a:p", NS), f"{{{NS['a']}}}r"),
                         f"{{{NS['a']}}}t").text = f"notes {n}"
    _same_packages(_ours(ours), _theirs(theirs))


def test_pictures_links_and_sizes_equal_python_pptx() -> None:
    """Pictures (each stored once), hyperlinks, the slide size and a cropped picture."""
    theirs, ours = PptxPresentation(), Presentation.read()
    theirs.slide_width, theirs.slide_height = Emu(12192000), Emu(6858000)
    ours.set_size(12192000, 6858000)
    for n in range(4):
        buf = io.BytesIO()
        Image.new("RGB", (40 + n % 2, 30), (200, 60 * n, 60)).save(buf, "PNG")
        slide = theirs.slides.add_slide(theirs.slide_layouts[6])
        pic = slide.shapes.add_picture(io.BytesIO(buf.getvalue()), 0, 0, Emu(914400),
                                       Emu(685800))
        pic.crop_left, pic.crop_top, pic.crop_right, pic.crop_bottom = (0.125, 0.0, 0.3, 0.0)
        link = slide.part.relate_to("https://example.org/", HYPERLINK, is_external=True)

        canvas = ours.add_slide(ours.layouts(ours.masters()[0])[6])
        part = ours.package.image_part(buf.getvalue(), "png")
        shape = add_picture(canvas, part, "image.png", 0, 0, 914400, 685800)
        _crop(shape, (0.125, 0.0, 0.3, 0.0))
        ours_link = canvas.part.relate_to("https://example.org/", HYPERLINK, external=True)
        assert ours_link == link
    _same_packages(_ours(ours), _theirs(theirs))


@pytest.mark.parametrize("rounded", [None, 8.0], ids=["square", "rounded"])
@pytest.mark.parametrize("fill", ["#fafafa", None], ids=["filled", "none"])
def test_rectangles_and_outlines_equal_python_pptx(fill: str | None,
                                                   rounded: float | None) -> None:
    """add_rect's autoshape, and a dashed outline on it, as python-pptx's add_shape gives them
    with the theme style removed and the fill, line and corner set."""
    from pptx.enum.shapes import MSO_SHAPE

    box = Box(12.5, 30.25, 200.0, 90.5)
    prs = PptxPresentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    kind = MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE
    theirs = slide.shapes.add_shape(kind, Emu(round(box.x * 12700)), Emu(round(box.y * 12700)),
                                    Emu(round(box.w * 12700)), Emu(round(box.h * 12700)))
    theirs._element.remove(theirs._element.find("p:style", NS))
    if rounded:
        theirs.adjustments[0] = min(0.5, rounded / min(box.w, box.h))
    if fill:
        theirs.fill.solid()
        theirs.fill.fore_color.rgb = RGBColor.from_string(fill.lstrip("#").upper())
    else:
        theirs.fill.background()
    theirs.line.fill.background()
    theirs.name = "Plate & <frame>"
    theirs.line.fill.solid()
    theirs.line.fill.fore_color.rgb = RGBColor.from_string("6B7280")
    theirs.line.width = Emu(round(1.25 * 12700))
    ln = theirs._element.spPr.find("a:ln", NS)
    ln.find("a:solidFill", NS).addnext(etree.Element(f"{{{NS['a']}}}prstDash", val="dash"))

    ours_prs = Presentation.read()
    canvas = ours_prs.add_slide(ours_prs.layouts(ours_prs.masters()[0])[6])
    canvas.ids_used_up_to(theirs.shape_id - 1)
    ours = add_rect(canvas, box, "Plate & <frame>", fill, rounded)
    set_outline(ours, "#6b7280", 1.25, dash="dash")
    assert etree.tostring(ours) == etree.tostring(theirs._element)


def test_tables_with_merged_cells_equal_python_pptx() -> None:
    """A table's frame, grid, cells and merges as python-pptx writes them (its add_table,
    column widths, row heights and cell merges); only the cells' text is the renderer's."""
    from slidegen.plan.style import deck_style
    from slidegen.render.tables import draw_table
    from slidegen.theme import load_theme

    style = deck_style(load_theme(None))
    header = [[Run("a")], [Run("b")], [Run("c")], [Run("d")]]
    rows = [[[Run("1")], [], [], [Run("4")]], [[Run("5")], [], [], [Run("8")]],
            [[Run("9")], [Run("10")], [Run("11")], [Run("12")]]]
    table = TableShape(Box(40, 80, 600, 200), header, rows, 14.0, [100.0, 150.0, 200.0, 150.0],
                       row_heights=[50.0, 50.0, 50.0, 50.0],
                       merges=[(1, 1, 2, 2), (0, 0, 1, 2)])
    ours_prs = Presentation.read()
    canvas = ours_prs.add_slide(ours_prs.layouts(ours_prs.masters()[0])[6])
    ours = draw_table(canvas, table, style, "Table 1", "en-US")

    prs = PptxPresentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_table(4, 4, Pt(40), Pt(80), Pt(600), Pt(200))
    tbl = frame.table
    tbl._tbl.tblPr.find("a:tableStyleId", NS).text = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
    for i, w in enumerate([100.0, 150.0, 200.0, 150.0]):
        tbl.columns[i].width = Pt(w)
    for i in range(4):
        tbl.rows[i].height = Pt(50)
    for r, c, height, width in [(1, 1, 2, 2), (0, 0, 1, 2)]:
        tbl.cell(r, c).merge(tbl.cell(r + height - 1, c + width - 1))
    for ours_tc, their_tc in zip(ours.iter(f"{{{NS['a']}}}tc"), frame._element.iter(
            f"{{{NS['a']}}}tc"), strict=True):  # the same text and cell properties in both
        their_tc.getparent().replace(their_tc, etree.fromstring(etree.tostring(ours_tc)))
        for key in ("rowSpan", "gridSpan", "hMerge", "vMerge"):
            assert ours_tc.get(key) == their_tc.get(key)
    assert etree.tostring(ours) == etree.tostring(frame._element)


def test_a_template_reads_as_python_pptx_reads_it(kit: bytes) -> None:
    """The parts a package holds and their order: those its relationships reach, depth first
    (a part nothing reaches is left out, as python-pptx leaves it out)."""
    theirs = PptxPresentation(io.BytesIO(kit)).part.package
    ours = Package.read(kit)
    from pptx.opc.package import XmlPart

    assert [part.name for part in ours.parts()] == [str(p.partname) for p in theirs.iter_parts()]
    for part, their_part in zip(ours.parts(), theirs.iter_parts(), strict=True):
        assert (part.element is not None) == isinstance(their_part, XmlPart), part.name
        assert part.blob == their_part.blob, part.name


def test_relationship_ids_fill_gaps_as_python_pptx_does() -> None:
    """A new relationship takes the highest free `rIdN` with N at most one more than the
    count, and the same target twice gets the same id."""
    rels = Rels()
    target, other = Part("/a.xml", "application/xml"), Part("/b.xml", "application/xml")
    assert rels.add("t", target) == "rId1"
    assert rels.add("t", other) == "rId2"
    del rels["rId1"]
    assert rels.add("u", other) == "rId1"
    assert rels.get_or_add("t", other) == "rId2"
    assert rels.get_or_add("t", target) == "rId3"
    assert rels.get_or_add("x", "https://example.org/", external=True) == "rId4"
    assert rels.get_or_add("x", "https://example.org/", external=True) == "rId4"


def test_charts_are_the_only_deck_that_imports_python_pptx(tmp_path: Path) -> None:
    """Drawing a deck without a chart leaves python-pptx out of the process; a chart brings
    it in, for its XML and workbook."""
    import subprocess
    import sys

    note = tmp_path / "note.md"
    note.write_text("# Title\n\n## Part\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
                    encoding="utf-8")
    chart = tmp_path / "chart.md"
    chart.write_text("# Title\n\n## Pie\n\n```mermaid\npie title Pets\n    \"Dogs\" : 386\n"
                     "    \"Cats\" : 85\n```\n", encoding="utf-8")
    code = ("import io, sys\n"
            "from slidegen.diagnostics import Diagnostics\n"
            "from slidegen.pipeline import BuildOptions, plan_note\n"
            "from pathlib import Path\n"
            "deck = plan_note(Path(sys.argv[1]), BuildOptions(write=False), "
            "Diagnostics(sys.argv[1]))\n"
            "before = 'pptx' in sys.modules\n"
            "from slidegen.render import render_deck\n"
            "render_deck(deck, io.BytesIO())\n"
            "print(before, 'pptx' in sys.modules)\n")
    for path, imported in ((note, "False"), (chart, "True")):
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              text=True, check=True)
        assert done.stdout.split() == ["False", imported], done.stderr
