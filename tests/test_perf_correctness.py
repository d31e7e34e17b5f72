"""The renderer's fast paths (copied blank slides and notes slides, text boxes from one parsed
copy, counter shape ids, relationship XML without python-pptx's per-relationship parse, one-pass
reproducible zip) must give decks python-pptx itself would write. Not timed: correctness only.

A 400-slide note with speaker notes on every slide and a few pictures used again and again is
built through the real pipeline and read back as a zip, as XML and with python-pptx.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.shapes.autoshape import Shape
from pptx.util import Emu

from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, build_note
from slidegen.render.archive import write_package
from slidegen.render.package import SlideAdder
from slidegen.render.shapes import add_textbox

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
SECTIONS = 400
COLOURS = [(200, 60, 60), (60, 160, 60), (60, 60, 200), (220, 180, 40)]


def _png(color: tuple[int, int, int], n: int) -> bytes:
    im = Image.new("RGB", (320 + 16 * n, 200), color)
    ImageDraw.Draw(im).rectangle([6, 6, 100, 60], outline=(0, 0, 0), width=3)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def _large_note(folder: Path) -> tuple[Path, dict[str, bytes]]:
    """SECTIONS short sections, each with unique speaker notes; every third has a picture."""
    pics = folder / "pics"
    pics.mkdir(parents=True)
    images: dict[str, bytes] = {}
    for n, color in enumerate(COLOURS):
        images[f"p{n}.png"] = _png(color, n)
        (pics / f"p{n}.png").write_bytes(images[f"p{n}.png"])
    lines = ["---", "title: Many slides", "date: 2024-03-01", "---", ""]
    for n in range(1, SECTIONS + 1):
        lines += [f"## Section {n}", "", f"- point {n} about containers", "- 컨테이너 설명", ""]
        if n % 3 == 0:
            lines += [f"![picture {n}](pics/p{n % len(COLOURS)}.png)", ""]
        lines += ["::: notes", f"Speaker note {n}: say it slowly.", ":::", ""]
    note = folder / "large.md"
    note.write_text("\n".join(lines), encoding="utf-8")
    return note, images


def _rels_target(rels_name: str, target: str) -> str:
    """Zip member name a relationship's Target points to."""
    source_dir = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(source_dir, target)).lstrip("/")


@pytest.mark.slow
def test_large_deck_is_complete_and_valid(tmp_path: Path) -> None:
    note, images = _large_note(tmp_path / "notes")
    options = BuildOptions(output=tmp_path / "out", images=ImageOptions(offline=True))
    result = build_note(note, options)
    assert result.ok, result.error
    assert result.output is not None
    data = result.output.read_bytes()
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert len(names) == len(set(names)), "duplicate zip entries"
    assert names[0] == "[Content_Types].xml"

    # part names unique and sequential: slide1..slideN, notesSlide1..notesSlideM, image1..K
    for prefix in ("ppt/slides/slide", "ppt/notesSlides/notesSlide", "ppt/media/image"):
        numbers = sorted(int(m.group(1)) for n in names
                         if (m := re.fullmatch(re.escape(prefix) + r"(\d+)\.\w+", n)))
        assert numbers == list(range(1, len(numbers) + 1)), prefix
    slides = [n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    assert len(slides) == result.slides >= SECTIONS

    # every relationship resolves, ids are unique per part, content types cover every part
    types = etree.fromstring(z.read("[Content_Types].xml"))
    overrides = {o.get("PartName").lstrip("/") for o in types.findall("ct:Override", NS)}
    defaults = {d.get("Extension").lower() for d in types.findall("ct:Default", NS)}
    for name in names:
        if not name.endswith(".rels"):
            assert name in overrides or name.rsplit(".", 1)[-1].lower() in defaults, name
            continue
        rels = etree.fromstring(z.read(name)).findall("rel:Relationship", NS)
        ids = [r.get("Id") for r in rels]
        assert len(ids) == len(set(ids)), name
        for rel in rels:
            if rel.get("TargetMode") != "External":
                assert _rels_target(name, rel.get("Target")) in names, (name, rel.get("Target"))

    # each distinct picture stored once, byte for byte, however often it is shown
    media = [n for n in names if n.startswith("ppt/media/")]
    stored = Counter(hashlib.sha256(z.read(n)).hexdigest() for n in media)
    assert sorted(stored) == sorted(hashlib.sha256(b).hexdigest() for b in images.values())
    assert all(count == 1 for count in stored.values())
    assert result.pictures == SECTIONS // 3

    # slide ids and shape ids unique; every section's notes on exactly one slide
    pres = etree.fromstring(z.read("ppt/presentation.xml"))
    slide_ids = [int(s.get("id")) for s in pres.iterfind("p:sldIdLst/p:sldId", NS)]
    assert len(slide_ids) == len(slides) and slide_ids == sorted(set(slide_ids))
    for name in slides:
        shape_ids = [c.get("id") for c in etree.fromstring(z.read(name)).iterfind(".//p:cNvPr",
                                                                                  NS)]
        assert len(shape_ids) == len(set(shape_ids)), name
    prs = Presentation(io.BytesIO(data))
    notes = Counter()
    for slide in prs.slides:
        if slide.has_notes_slide:
            text = slide.notes_slide.notes_text_frame.text
            notes.update(re.findall(r"Speaker note (\d+):", text))
            assert slide.notes_slide.part.partname.startswith("/ppt/notesSlides/")
    assert notes == Counter(str(n) for n in range(1, SECTIONS + 1))

    # the same note gives the same bytes
    again = build_note(note, BuildOptions(output=tmp_path / "again",
                                          images=ImageOptions(offline=True)))
    assert again.output is not None and again.output.read_bytes() == data


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


# the body python-pptx gives a new text box
PPTX_TEXTBOX_BODY = ('<p:txBody><a:bodyPr wrap="none"><a:spAutoFit/></a:bodyPr><a:lstStyle/>'
                     "<a:p/></p:txBody>")


@pytest.mark.slow
def test_fast_slides_and_notes_equal_python_pptx(tmp_path: Path) -> None:
    """SlideAdder and add_textbox against python-pptx's own add_slide, notes_slide and
    add_textbox: every part of the two packages is the same XML."""
    import datetime as dt

    when = dt.datetime(2024, 1, 2, 3, 4, 5)
    decks: list[bytes] = []
    for fast in (False, True):
        prs = Presentation()
        layouts = [prs.slide_layouts[6], prs.slide_layouts[1], prs.slide_layouts[6]]
        adder = SlideAdder(prs)
        for n in range(30):
            layout = layouts[n % len(layouts)]
            if fast:
                slide = adder.add(layout)
                body = adder.notes_body(slide)
                sp = add_textbox(slide.shapes, 12700 * n, 25400, 914400, 457200, f"Body {n}",
                                 PPTX_TEXTBOX_BODY)
                box = Shape(sp, slide.shapes)
            else:
                slide = prs.slides.add_slide(layout)
                body = slide.notes_slide.notes_text_frame._txBody
                box = slide.shapes.add_textbox(Emu(12700 * n), Emu(25400), Emu(914400),
                                               Emu(457200))
                box.name = f"Body {n}"
            box.text_frame.text = f"text {n}"
            etree.SubElement(etree.SubElement(body.find("a:p", NS), f"{{{NS['a']}}}r"),
                             f"{{{NS['a']}}}t").text = f"notes {n}"
        out = io.BytesIO()
        write_package(prs, when, out)
        decks.append(out.getvalue())
    plain, fast_parts = _parts(decks[0]), _parts(decks[1])
    assert list(plain) == list(fast_parts)
    for name, blob in plain.items():
        assert fast_parts[name] == blob, name


def test_one_pass_zip_equals_save_then_repack() -> None:
    """write_package gives the bytes python-pptx's save followed by reproducible_zip gave."""
    import datetime as dt

    from slidegen.render.archive import reproducible_zip

    when = dt.datetime(2023, 5, 6, 7, 8, 9)
    prs = Presentation()
    for n in range(5):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Slide {n}"
        slide.notes_slide.notes_text_frame.text = f"notes {n}"
        buf = io.BytesIO()
        Image.new("RGB", (40 + n % 2, 30), COLOURS[n % 2]).save(buf, "PNG")
        slide.shapes.add_picture(io.BytesIO(buf.getvalue()), 0, 0)
        slide.shapes.add_textbox(0, 0, 100, 100).text_frame.text = "link"
        slide.shapes[-1].text_frame.paragraphs[0].runs[0].hyperlink.address = "https://x.org/"
    saved = io.BytesIO()
    prs.save(saved)
    repacked, direct = io.BytesIO(), io.BytesIO()
    reproducible_zip(saved.getvalue(), when, repacked)
    write_package(prs, when, direct)
    assert direct.getvalue() == repacked.getvalue()


def test_relative_refs_are_python_pptx_own() -> None:
    """Relationship targets worked out once per pair of folders read as PackURI.relative_ref
    gives them, for every kind of place a part can be."""
    from pptx.opc.packuri import PackURI

    from slidegen.render.archive import relative_ref

    partnames = ["/ppt/presentation.xml", "/ppt/slides/slide12.xml", "/ppt/media/image3.png",
                 "/ppt/slideLayouts/slideLayout2.xml", "/docProps/core.xml",
                 "/ppt/embeddings/Microsoft_Excel_Sheet1.xlsx", "/ppt/charts/chart1.xml",
                 "/ppt/theme/theme1.xml", "/ppt/notesSlides/notesSlide4.xml", "/x.xml"]
    bases = ["/", "/ppt", "/ppt/slides", "/ppt/notesSlides", "/ppt/charts", "/docProps"]
    for _ in range(2):  # the second time from the folder cache
        for base in bases:
            for name in partnames:
                assert relative_ref(name, base) == PackURI(name).relative_ref(base), (name, base)


@pytest.mark.parametrize("rounded", [None, 8.0, 400.0], ids=["square", "rounded", "round-end"])
@pytest.mark.parametrize("fill", ["#fafafa", "1F2937", None], ids=["hash", "plain", "none"])
def test_rectangles_equal_python_pptx_autoshapes(fill: str | None,
                                                 rounded: float | None) -> None:
    """add_rect writes its autoshape as one string: the XML python-pptx's add_shape gives
    once its theme style is removed and its fill, line and corner are set."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE

    from slidegen.deck import Box
    from slidegen.render.shapes import add_rect

    box = Box(12.5, 30.25, 200.0, 90.5)
    prs = Presentation()
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
    ours = add_rect(slide.shapes, box, "Plate & <frame>", fill, rounded)
    assert ours.shape_id == theirs.shape_id + 1
    ours._element.find("p:nvSpPr/p:cNvPr", NS).set("id", str(theirs.shape_id))
    assert etree.tostring(ours._element) == etree.tostring(theirs._element)
    assert isinstance(ours, Shape) and ours.name == "Plate & <frame>"
