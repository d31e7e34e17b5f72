"""The renderer's fast paths (copied blank slides and notes slides, counter shape ids,
relationship XML written as strings, one-pass reproducible zip) must give decks that are
complete and valid (tests/test_package_writer.py compares them with python-pptx's own).
Not timed: correctness only.

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

from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, build_note

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
