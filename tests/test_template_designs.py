"""The seed post and notes/container-basics.md built on templates shaped like real ones
(tests/template_kit.py): text in the layouts' placeholders at their boxes and in their looks,
slidegen's shapes clear of the templates' artwork, footers filled, and every text readable on
what is under it. Every deck validates against the Office Open XML schemas."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from slidegen.contrast import contrast_ratio
from slidegen.deck import Box
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, BuildResult, build_note
from slidegen.templates import Layout, Template, read_template
from slidegen.templates.look import ink_on, readable
from tests.conftest import ROOT, SEED_POST, _missing
from tests.template_kit import DESIGNS, make_template

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
FOOTER = "Container study group · week 1"
EMU_PER_PT = 12700
READABLE = 4.5
pytestmark = pytest.mark.slow  # ten decks built on five templates


@dataclass
class Built:
    template: Template
    result: BuildResult
    footer: str


def _notes(folder: Path) -> dict[str, Path]:
    if not SEED_POST.is_file():
        _missing(f"the seed post ({SEED_POST})")
    text = (ROOT / "notes" / "container-basics.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "images").symlink_to(ROOT / "notes" / "images")
    basics = folder / "container-basics.md"
    basics.write_text(f"---\nfooter: \"{FOOTER}\"\n" + text[4:], encoding="utf-8")
    return {"seed": SEED_POST, "basics": basics}


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    root = tmp_path_factory.mktemp("designs")
    notes = _notes(root / "notes")
    out: dict[str, Built] = {}
    for name, design in DESIGNS.items():
        path = make_template(root / "templates" / name, design)
        template = read_template(path)
        for key, note in notes.items():
            options = BuildOptions(output=root / "out" / f"{Path(name).stem}-{key}.pptx",
                                   template=str(path), images=ImageOptions(offline=True))
            result = build_note(note, options)
            assert result.ok, (name, key, result.error)
            out[f"{name}:{key}"] = Built(template, result, FOOTER if key == "basics" else "")
    return out


KEYS = [f"{name}:{key}" for name in DESIGNS for key in ("seed", "basics")]


def _box(shape) -> Box:
    return Box(shape.left / EMU_PER_PT, shape.top / EMU_PER_PT, shape.width / EMU_PER_PT,
               shape.height / EMU_PER_PT)


def _layout_of(built: Built, slide) -> Layout:
    part = str(slide.slide_layout.part.partname).lstrip("/")
    return built.template.layout(part)


def _ph(shape):
    return shape._element.find(f"{P}nvSpPr/{P}nvPr/{P}ph")


def _overlap(a: Box, b: Box, tol: float = 0.5) -> bool:
    return (a.x + tol < b.right and b.x + tol < a.right and a.y + tol < b.bottom
            and b.y + tol < a.bottom)


@pytest.mark.parametrize("key", KEYS)
def test_text_sits_in_the_layouts_placeholders(decks: dict[str, Built], key: str) -> None:
    built = decks[key]
    prs = Presentation(str(built.result.output))
    for slide in prs.slides:
        filled = 0
        layout = _layout_of(built, slide)
        for shape in slide.placeholders:
            ph = _ph(shape)
            kind = ph.get("type", "obj")
            own = next(p for p in layout.placeholders
                       if p.idx == int(ph.get("idx", "0")) and (p.kind == kind or kind == "obj"))
            if kind in ("dt", "ftr", "sldNum"):
                assert shape._element.find(f"{P}spPr/{A}xfrm") is None  # the layout's place
                continue
            box = _box(shape)
            for got, want in zip((box.x, box.y, box.w, box.h),
                                 (own.box.x, own.box.y, own.box.w, own.box.h), strict=True):
                assert abs(got - want) < 0.1, (key, slide.slide_id, own.kind, box, own.box)
            assert shape.text_frame.text.strip(), "an empty placeholder was left"
            filled += 1
        title = slide.shapes.title
        assert title is not None and title.is_placeholder
        kind = slide._element.cSld.get("name")
        # the cover's subtitle, the divider's number, the agenda's list are placeholders too
        assert filled == (2 if kind in ("title", "section", "agenda") else 1), (key, kind)


@pytest.mark.parametrize("key", KEYS)
def test_titles_keep_the_placeholders_look(decks: dict[str, Built], key: str) -> None:
    """Font, colour and alignment inherited from the master's styles; the size too unless
    the title had to shrink to fit its placeholder."""
    built = decks[key]
    prs = Presentation(str(built.result.output))
    at_full_size = 0
    for slide in prs.slides:
        layout = _layout_of(built, slide)
        look = layout.title.look
        title = slide.shapes.title
        runs = [r for p in title.text_frame.paragraphs for r in p.runs]
        assert runs
        for run in runs:
            props = run._r.find(f"{A}rPr")
            assert props.find(f"{A}latin").get("typeface") == look.latin
            assert int(props.get("sz")) <= look.size * 100
            at_full_size += int(props.get("sz")) == look.size * 100
            colour = props.find(f"{A}solidFill/{A}srgbClr").get("val")
            under = layout.under(_box(title), "FFFFFF")
            if contrast_ratio(look.color, under) >= READABLE:
                assert colour == look.color, (key, layout.name)
        for p in title.text_frame._txBody.findall(f"{A}p"):
            align = p.find(f"{A}pPr").get("algn")
            assert align == {"left": "l", "center": "ctr", "right": "r"}[look.align or "left"]
    assert at_full_size >= len(prs.slides) // 3, "titles should mostly fit at the designed size"


@pytest.mark.parametrize("key", KEYS)
def test_footers_are_the_templates_placeholders_filled(decks: dict[str, Built],
                                                        key: str) -> None:
    built = decks[key]
    prs = Presentation(str(built.result.output))
    date = built.result.deck.info.date
    for number, slide in enumerate(prs.slides, start=1):
        names = [shape.name for shape in slide.shapes]
        assert "Slide Number" not in names and "Footer" not in names  # none of slidegen's own
        footers = {_ph(s).get("type"): s for s in slide.placeholders
                   if _ph(s).get("type") in ("dt", "ftr", "sldNum")}
        if slide._element.cSld.get("name") == "title":
            assert not footers  # as with "Don't show on title slide"
            continue
        layout = _layout_of(built, slide)
        shown = {kind for kind in ("dt", "ftr", "sldNum") if layout.placeholder(kind)
                 and not _on_artwork(layout, kind)}
        assert shown <= set(footers) | ({"ftr"} if not built.footer else set())
        assert set(footers) <= shown
        if "sldNum" in shown:
            field = footers["sldNum"]._element.find(f".//{A}fld")
            assert field is not None and field.get("type") == "slidenum"
            assert field.findtext(f"{A}t") == str(number)
        if "dt" in shown:
            assert footers["dt"].text_frame.text == date
        if built.footer and "ftr" in shown:
            assert footers["ftr"].text_frame.text == built.footer
        if not built.footer:
            assert "ftr" not in footers
    assert sum(len(s.placeholders) for s in prs.slides) > 2 * len(prs.slides)


def _on_artwork(layout: Layout, kind: str) -> bool:
    """A footer placeholder partly on a picture or on artwork its text cannot be read on is
    left off (the rule of render/template.py)."""
    slot = layout.placeholder(kind)
    under = layout.under(slot.box, "FFFFFF")
    colour = readable([slot.look.color], under, ink_on(under))  # what the deck writes
    return any(_overlap(slot.box, art.box, 0.0) and (
        art.fill is None or contrast_ratio(colour, art.fill) < READABLE)
        for art in layout.artwork)


def _colour_of(run_props, fallback: str | None) -> str | None:
    fill = run_props.find(f"{A}solidFill/{A}srgbClr") if run_props is not None else None
    return fill.get("val") if fill is not None else fallback


def _texts(slide, layout: Layout):
    """(text, colour, colour under it) for every run on the slide."""
    for shape in slide.shapes:
        box = _box(shape)
        if shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    fill = cell._tc.find(f"{A}tcPr/{A}solidFill/{A}srgbClr")
                    under = fill.get("val") if fill is not None else layout.under(box, "FFFFFF")
                    for r in cell._tc.iter(f"{A}r"):
                        yield r.findtext(f"{A}t"), _colour_of(r.find(f"{A}rPr"), None), under
            continue
        if not shape.has_text_frame:
            continue
        own = shape._element.find(f"{P}spPr/{A}solidFill/{A}srgbClr")
        under = own.get("val") if own is not None else layout.under(box, "FFFFFF")
        inherited = None
        ph = _ph(shape)
        if ph is not None:
            slot = next((p for p in layout.placeholders if p.kind == ph.get("type")), None)
            inherited = slot.look.color if slot else None
        for r in shape._element.iter(f"{A}r", f"{A}fld"):
            highlight = r.find(f"{A}rPr/{A}highlight/{A}srgbClr")
            yield (r.findtext(f"{A}t"), _colour_of(r.find(f"{A}rPr"), inherited),
                   highlight.get("val") if highlight is not None else under)


@pytest.mark.parametrize("key", KEYS)
def test_every_text_reads_on_what_is_under_it(decks: dict[str, Built], key: str) -> None:
    built = decks[key]
    prs = Presentation(str(built.result.output))
    checked = 0
    for slide in prs.slides:
        layout = _layout_of(built, slide)
        for text, colour, under in _texts(slide, layout):
            if not (text or "").strip():
                continue
            assert colour, (key, text)
            ratio = contrast_ratio(colour, under)
            assert ratio >= READABLE, (key, layout.name, text, colour, under, round(ratio, 2))
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("key", KEYS)
def test_slidegens_shapes_stay_off_the_artwork(decks: dict[str, Built], key: str) -> None:
    built = decks[key]
    prs = Presentation(str(built.result.output))
    for slide in prs.slides:
        layout = _layout_of(built, slide)
        for shape in slide.shapes:
            if shape.is_placeholder:
                continue
            box = _box(shape)
            for art in layout.artwork:
                assert not _overlap(box, art.box), (key, shape.name, art.name, box, art.box)


@pytest.mark.parametrize("key", KEYS)
def test_the_deck_is_a_consistent_valid_package(decks: dict[str, Built], key: str) -> None:
    try:
        import openxml_audit
    except ImportError:
        _missing("openxml-audit (pip install openxml-audit)")
    built = decks[key]
    path = built.result.output
    result = openxml_audit.validate_pptx(str(path))
    assert result.is_valid, [str(e) for e in result.errors][:5]
    import zipfile

    with zipfile.ZipFile(path) as z:
        app = etree.fromstring(z.read("docProps/app.xml"))
        pres = etree.fromstring(z.read("ppt/presentation.xml"))
        has_notes = any(n.startswith("ppt/notesSlides/") for n in z.namelist())
    ep = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.findtext(f"{ep}Slides") == str(built.result.slides)
    assert app.findtext(f"{ep}Application") == "slidegen"
    assert (pres.find(f"{P}notesMasterIdLst") is not None) == has_notes
    size = pres.find(f"{P}sldSz")
    width = int(size.get("cx")) / EMU_PER_PT
    height = int(size.get("cy")) / EMU_PER_PT
    assert (width, height) == (built.template.width, built.template.height)
    expected = {(720.0, 540.0): "screen4x3", (720.0, 450.0): "screen16x10"}.get((width, height))
    if (width, height) == (960.0, 600.0):
        expected = None  # 16:10 at 10 inches wide is a custom size: no type
    assert size.get("type") == expected


def test_the_designs_cover_what_real_templates_do() -> None:
    sizes = {d.size for d in DESIGNS.values()}
    assert {"4:3", "16:9", "16:10"} <= sizes
    suffixes = {Path(name).suffix for name in DESIGNS}
    assert {".pptx", ".potx", ".pptm", ".potm"} <= suffixes
    assert any(d.band for d in DESIGNS.values()) and any(d.artwork_left for d in DESIGNS.values())
    assert any(d.dark_section for d in DESIGNS.values())
    names = {n for d in DESIGNS.values() for n in d.names}
    assert "Título e Conteúdo" in names and "En-tête de section" in names


def test_band_titles_are_white_in_the_band_in_their_own_font(decks: dict[str, Built]) -> None:
    built = decks["band-16x9.pptx:seed"]
    prs = Presentation(str(built.result.output))
    content = [s for s in prs.slides if s._element.cSld.get("name") == "content"]
    band = next(a for a in _layout_of(built, content[0]).artwork if a.name == "Title Band")
    for slide in content:
        title = slide.shapes.title
        assert _overlap(_box(title), band.box) and _box(title).bottom <= band.box.bottom
        props = title.text_frame.paragraphs[0].runs[0]._r.find(f"{A}rPr")
        assert props.find(f"{A}solidFill/{A}srgbClr").get("val") == "FFFFFF"
        assert props.find(f"{A}latin").get("typeface") == "DejaVu Serif"
        kicker = next((s for s in slide.shapes if s.name.startswith("Kicker")), None)
        if kicker is not None:
            assert _box(kicker).y >= band.box.bottom  # under the band, not in it


def test_cover_and_divider_text_on_the_right_of_their_artwork(decks: dict[str, Built]) -> None:
    built = decks["artwork-16x10.potx:basics"]
    prs = Presentation(str(built.result.output))
    half = built.template.width / 2
    for slide in prs.slides:
        if slide._element.cSld.get("name") not in ("title", "section"):
            continue
        assert _layout_of(built, slide).artwork
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip() and not (
                    _ph(shape) is not None and _ph(shape).get("type") in ("dt", "sldNum")):
                assert _box(shape).x >= half, (shape.name, shape.text_frame.text)


def test_dark_divider_text_is_light(decks: dict[str, Built]) -> None:
    for key in ("dark-divider-4x3.potm:seed", "band-dark-16x9.pptm:basics"):
        built = decks[key]
        prs = Presentation(str(built.result.output))
        dividers = [s for s in prs.slides if s._element.cSld.get("name") == "section"]
        assert dividers
        for slide in dividers:
            background = _layout_of(built, slide).background
            assert contrast_ratio(background, "FFFFFF") > 10
            for text, colour, _ in _texts(slide, _layout_of(built, slide)):
                if text and text.strip():
                    assert contrast_ratio(colour, background) >= READABLE, (key, text)


def test_plain_english_template_footers_match_their_layout(decks: dict[str, Built]) -> None:
    built = decks["plain-4x3.pptx:basics"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", built.result.deck.info.date or "")
    assert replace(built.template.layout_for("content")).placeholder("sldNum") is not None
    assert Emu(1).pt > 0


@pytest.fixture(scope="module")
def rendered(decks: dict[str, Built],
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All ten decks through LibreOffice in one start."""
    import os
    import shutil

    from slidegen.export import convert_to_pdf

    if not (os.environ.get("SOFFICE_PATH") or shutil.which("soffice")):
        _missing("LibreOffice (soffice)")

    pptx = [Path(built.result.output) for built in decks.values()]
    pdfs = convert_to_pdf(pptx, tmp_path_factory.mktemp("pdf"))
    return {key: pdf for key, pdf in zip(decks, pdfs, strict=True)}


@pytest.mark.libreoffice
@pytest.mark.parametrize("key", KEYS)
def test_rendered_pages_have_no_problems(decks: dict[str, Built], rendered: dict[str, Path],
                                         key: str) -> None:
    """Nothing over the templates' bands, panels, pictures or logos, nothing off its box."""
    from slidegen.check import check_pdf

    problems = check_pdf(rendered[key], Path(decks[key].result.output))
    assert problems == [], [str(p) for p in problems]


def test_the_check_reports_text_on_master_shapes(decks: dict[str, Built], soffice: str,
                                                 tmp_path: Path) -> None:
    """A text box moved onto the band, and a title in the band made dark: both reported."""
    from slidegen.check import check_pdf
    from slidegen.export import convert_to_pdf

    built = decks["band-16x9.pptx:basics"]
    prs = Presentation(str(built.result.output))
    slide = next(s for s in prs.slides if s._element.cSld.get("name") == "content")
    body = next(s for s in slide.shapes if not s.is_placeholder and s.has_text_frame
                and s.text_frame.text.strip())
    body.top = Emu(12700 * 20)
    for run in slide.shapes.title._element.iter(f"{A}srgbClr"):
        run.set("val", "1F2A44")
    broken = tmp_path / "broken.pptx"
    prs.save(str(broken))
    [pdf] = convert_to_pdf([broken], tmp_path)
    number = list(prs.slides).index(slide) + 1
    found = [p for p in check_pdf(pdf, broken) if p.page == number and p.kind == "over-artwork"]
    texts = " ".join(p.text for p in found)
    assert found and "Title Band" in found[0].detail
    assert body.text_frame.text.split()[0].replace(" ", "")[:4] in texts.replace(" ", "")
