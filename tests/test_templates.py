"""Decks built on a company template: layouts by placeholder type, example slides gone, size kept.

The template is made here from python-pptx's default (4:3) one, with every layout renamed (so
names give no hint), title placeholders moved, a new colour and font scheme and a master
background, plus two example slides (one with a picture) that must not reach the output.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Pt

from slidegen.contrast import contrast_ratio
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, build_note
from slidegen.render.template import open_template
from slidegen.render.xmlstr import qn
from slidegen.templates import read_template, template_theme
from slidegen.theme import load_theme

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
RENAMED = {
    "Title Slide": "Corp Cover",
    "Title and Content": "Corp Body",
    "Section Header": "Corp Divider",
    "Two Content": "Corp Split",
    "Comparison": "Corp Versus",
    "Title Only": "Corp Heading",
    "Blank": "Corp Empty",
    "Content with Caption": "Corp Captioned",
    "Picture with Caption": "Corp Photo",
    "Title and Vertical Text": "Corp Vertical",
    "Vertical Title and Text": "Corp Vertical Title",
}
EXPECTED_LAYOUT = {"title": "Corp Cover", "section": "Corp Divider", "agenda": "Corp Body",
                   "content": "Corp Body"}
SCHEME = {"dk1": "202A33", "lt1": "FFFFFF", "dk2": "0E3B43", "lt2": "E8EEF0",
          "accent1": "B5322E", "hlink": "1C5D99"}
MASTER_BACKGROUND = "F7F4EC"
DARK_DIVIDER = "1F2937"
EXAMPLE_TEXT = "EXAMPLE SLIDE FROM THE TEMPLATE"
POTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def _recolour(prs: Presentation, fonts: tuple[str, str]) -> None:
    """New colour scheme and fonts in the master's theme part, a solid master background."""
    master = prs.slide_master
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    for slot, value in SCHEME.items():
        el = scheme.find(f"{A}{slot}")
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{A}srgbClr").set("val", value)
    for tag, face in zip(("majorFont", "minorFont"), fonts, strict=True):
        root.find(f"{A}themeElements/{A}fontScheme/{A}{tag}/{A}latin").set("typeface", face)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    fill = master.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor.from_string(MASTER_BACKGROUND)


def _drop_layouts(prs: Presentation, keep: set[str]) -> None:
    master = prs.slide_master
    id_list = master._element.find(f"{P}sldLayoutIdLst")
    for entry in list(id_list):
        r_id = entry.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        if master.part.related_part(r_id).slide_layout.name not in keep:
            id_list.remove(entry)
            master.part.rels.pop(r_id)


def make_template(path: Path, *, potx: bool = False, keep: set[str] | None = None,
                  fonts: tuple[str, str] = ("Noto Serif CJK KR", "Noto Sans CJK KR"),
                  dark_divider: bool = False) -> Path:
    """A 4:3 corporate template: renamed, moved and recoloured layouts and two example slides.

    `keep` (original layout names) drops the other layouts; `potx` saves it as a template;
    `dark_divider` gives the section layout a dark background of its own.
    """
    prs = Presentation()
    for layout in prs.slide_layouts:
        title = next((ph for ph in layout.placeholders if ph.placeholder_format.idx == 0), None)
        if title is not None:  # moved: every title sits lower and narrower than the default
            title.left, title.top = Emu(title.left + Pt(30)), Emu(title.top + Pt(20))
            title.width = Emu(title.width - Pt(60))
    examples = [prs.slide_layouts[0], prs.slide_layouts[1]]
    for n, layout in enumerate(examples):
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = f"{EXAMPLE_TEXT} {n + 1}"
        if n == 1:
            picture = io.BytesIO()
            Image.new("RGB", (40, 30), (250, 10, 200)).save(picture, "PNG")
            picture.seek(0)
            slide.shapes.add_picture(picture, Pt(100), Pt(200))
        slide.notes_slide.notes_text_frame.text = "example notes"
    if keep is not None:
        _drop_layouts(prs, keep)
    for layout in prs.slide_layouts:
        if dark_divider and layout.name == "Section Header":
            fill = layout.background.fill
            fill.solid()
            fill.fore_color.rgb = RGBColor.from_string(DARK_DIVIDER)
        layout.name = RENAMED.get(layout.name, layout.name)
    _recolour(prs, fonts)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(path)
    if potx:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w") as dst:
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    body = body.replace(PPTX_TYPE.encode(), POTX_TYPE.encode())
                dst.writestr(item, body)
    return path


def _build(note: Path, out: Path, template: Path | None, theme: str | None = None):
    options = BuildOptions(output=out, theme=theme, template=str(template) if template else None,
                           images=ImageOptions(offline=True))
    result = build_note(note, options)
    assert result.ok, result.error
    return result


@pytest.fixture(scope="module")
def corp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("tpl") / "corp.pptx")


@pytest.fixture(scope="module")
def built(corp: Path, tmp_path_factory: pytest.TempPathFactory):
    from tests.conftest import SEED_POST, _missing

    if not SEED_POST.is_file():
        _missing(f"the seed post ({SEED_POST})")
    out = tmp_path_factory.mktemp("built") / "seed.pptx"
    return _build(SEED_POST, out, corp)


def test_template_size_is_read_before_planning(corp: Path) -> None:
    template = read_template(corp)
    assert (template.width, template.height) == (720.0, 540.0)
    theme = template_theme(template, None)
    assert (theme.width, theme.height) == (720.0, 540.0)


@pytest.mark.slow
def test_each_kind_uses_the_layout_with_matching_placeholders(built) -> None:
    prs = Presentation(str(built.output))
    kinds = [slide._element.cSld.get("name") for slide in prs.slides]
    assert {"title", "section", "agenda", "content"} <= set(kinds)
    for kind, slide in zip(kinds, prs.slides, strict=True):
        assert slide.slide_layout.name == EXPECTED_LAYOUT[kind], kind


def test_size_kept_and_the_plan_fits_it(built) -> None:
    prs = Presentation(str(built.output))
    assert (prs.slide_width, prs.slide_height) == (Pt(720), Pt(540))
    deck = built.deck
    assert (deck.style.width, deck.style.height) == (720.0, 540.0)
    for slide in deck.slides:
        for shape in [slide.title, *slide.shapes]:
            if shape is not None:
                assert shape.box.right <= 720.0 + 0.5 and shape.box.bottom <= 540.0 + 0.5


def test_example_slides_and_their_parts_are_gone(built) -> None:
    prs = Presentation(str(built.output))
    assert len(prs.slides) == built.slides
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert not any(EXAMPLE_TEXT in t for t in texts)
    with zipfile.ZipFile(built.output) as z:
        names = z.namelist()
        slide_parts = [n for n in names if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
        assert len(slide_parts) == built.slides
        notes = [n for n in names if n.startswith("ppt/notesSlides/") and n.endswith(".xml")]
        assert all(b"example notes" not in z.read(n) for n in notes)
        media = [z.read(n) for n in names if n.startswith("ppt/media/")]
    pink = [m for m in media if (Image.open(io.BytesIO(m)).size == (40, 30))]
    assert not pink, "the example slide's picture is still in the package"


def test_titles_are_real_title_placeholders_at_the_planned_box(built) -> None:
    prs = Presentation(str(built.output))
    for planned, slide in zip(built.deck.slides, prs.slides, strict=True):
        title = slide.shapes.title
        assert title is not None, planned.kind
        assert title.text_frame.text.replace("\v", "\n").strip() == "".join(
            r.text for p in planned.title.paragraphs for r in p.runs).strip()
        assert abs(title.left - Pt(planned.title.box.x)) <= 1
        assert abs(title.top - Pt(planned.title.box.y)) <= 1
        # no leftover empty placeholders ("Click to add text")
        for shape in slide.placeholders:
            assert shape.has_text_frame and shape.text_frame.text.strip()


def test_template_look_is_used_without_a_theme(built) -> None:
    theme = built.theme
    assert theme.colors.accent == SCHEME["accent1"]
    assert theme.colors.title == SCHEME["dk1"]  # the master title style: tx1
    assert theme.colors.background == MASTER_BACKGROUND
    assert theme.fonts.title.latin == "Noto Serif CJK KR"
    # python-pptx's default template names a Hangul face (its script='Hang' font): kept, and
    # reported when this machine does not have it
    assert theme.fonts.body.ea == "맑은 고딕"
    assert any("'맑은 고딕'" in w.message and "not installed" in w.message
               for w in built.warnings)
    assert not theme.draw_background
    for fg, bg in ((theme.colors.text, theme.colors.background),
                   (theme.colors.title, theme.colors.background),
                   (theme.colors.table_header_text, theme.colors.table_header)):
        assert contrast_ratio(fg, bg) >= 4.5
    prs = Presentation(str(built.output))
    for slide in prs.slides:  # no slide paints over the master's background
        assert slide._element.cSld.find(f"{P}bg") is None


@pytest.mark.slow
def test_an_explicit_theme_wins_for_colours_but_keeps_the_template(corp: Path,
                                                                   tmp_path: Path) -> None:
    from tests.conftest import SEED_POST, _missing

    if not SEED_POST.is_file():
        _missing(f"the seed post ({SEED_POST})")
    result = _build(SEED_POST, tmp_path / "dark.pptx", corp, theme="dark")
    assert result.theme.colors.background == load_theme("dark").colors.background
    prs = Presentation(str(result.output))
    assert (prs.slide_width, prs.slide_height) == (Pt(720), Pt(540))
    assert prs.slides[0].slide_layout.name == "Corp Cover"
    fill = prs.slides[1].background.fill
    assert str(fill.fore_color.rgb) == load_theme("dark").colors.background


@pytest.mark.slow
def test_potx_template(tmp_path: Path) -> None:
    potx = make_template(tmp_path / "corp.potx", potx=True)
    with zipfile.ZipFile(potx) as z:
        assert POTX_TYPE in z.read("[Content_Types].xml").decode()
    built = open_template(potx)
    assert list(built.presentation.element.iter(qn("p:sldId"))) == []  # no example slides
    assert read_template(potx).layout_for("title").name == "Corp Cover"
    out = tmp_path / "deck.pptx"
    note = tmp_path / "n.md"
    note.write_text("# 제목\n\n## 하나\n\n- 항목 one\n", encoding="utf-8")
    result = _build(note, out, potx)
    with zipfile.ZipFile(out) as z:
        assert PPTX_TYPE in z.read("[Content_Types].xml").decode()
    assert Presentation(str(out)).slides[0].slide_layout.name == "Corp Cover"
    assert result.slides >= 2


@pytest.mark.slow
def test_missing_layouts_fall_back_with_a_warning(tmp_path: Path) -> None:
    sparse = make_template(tmp_path / "sparse.pptx", keep={"Title Only", "Blank"})
    note = tmp_path / "n.md"
    note.write_text("---\ntitle: Talk\n---\n# A\n\n## a1\n\ntext\n\n# B\n\n## b1\n\ntext\n\n"
                    "# C\n\n## c1\n\ntext\n", encoding="utf-8")
    result = _build(note, tmp_path / "sparse-deck.pptx", sparse)
    messages = [w.message for w in result.warnings]
    for kind in ("title", "section", "agenda"):
        assert any(f"no layout for {kind} slides" in m and "'Corp Heading'" in m
                   for m in messages), messages
    prs = Presentation(str(result.output))
    assert {s.slide_layout.name for s in prs.slides} == {"Corp Heading"}


def test_template_named_in_front_matter(corp: Path, tmp_path: Path) -> None:
    target = tmp_path / "brand" / "corp.pptx"
    target.parent.mkdir()
    target.write_bytes(corp.read_bytes())
    note = tmp_path / "n.md"
    note.write_text("---\ntitle: Talk\ntemplate: brand/corp.pptx\n---\n## 하나\n\ntext\n",
                    encoding="utf-8")
    result = _build(note, tmp_path / "fm.pptx", None)
    assert Presentation(str(result.output)).slides[0].slide_layout.name == "Corp Cover"


def test_a_broken_template_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(b"not a zip at all")
    note = tmp_path / "n.md"
    note.write_text("# T\n\ntext\n", encoding="utf-8")
    result = build_note(note, BuildOptions(output=tmp_path, template=str(bad)))
    assert not result.ok
    assert result.error.file == str(bad) and "not a PowerPoint file" in result.error.message
    missing = build_note(note, BuildOptions(output=tmp_path, template=str(tmp_path / "no.pptx")))
    assert not missing.ok and "cannot read the template" in missing.error.message


@pytest.mark.libreoffice
def test_template_deck_renders_in_libreoffice(built, soffice: str, tmp_path: Path) -> None:
    import pdfplumber

    from slidegen.export import convert_to_pdf

    [pdf] = convert_to_pdf([Path(built.output)], tmp_path)
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == built.slides
        page = doc.pages[0]
        assert abs(page.width / page.height - 4 / 3) < 0.01
        words = " ".join(w["text"] for w in doc.pages[1].extract_words())
        assert words.strip()


@pytest.mark.slow
def test_a_theme_file_can_name_its_template(corp: Path, tmp_path: Path) -> None:
    (tmp_path / "corp.pptx").write_bytes(corp.read_bytes())
    theme_file = tmp_path / "brand.yaml"
    theme_file.write_text("extends: paper\ntemplate: corp.pptx\n", encoding="utf-8")
    assert load_theme(theme_file).template == str((tmp_path / "corp.pptx").resolve())
    note = tmp_path / "n.md"
    note.write_text("# 제목\n\n## 하나\n\ntext\n", encoding="utf-8")
    result = build_note(note, BuildOptions(output=tmp_path / "o", theme=str(theme_file)))
    assert result.ok, result.error
    assert result.theme.fonts.title == load_theme("paper").fonts.title  # the theme wins
    assert (result.theme.width, result.theme.height) == (720.0, 540.0)
    assert Presentation(str(result.output)).slides[0].slide_layout.name == "Corp Cover"


def _run_colours(shape) -> set[str]:
    return {el.get("val") for el in shape._element.iter(f"{A}srgbClr")
            if el.getparent().getparent().tag == f"{A}rPr"}


@pytest.mark.slow
def test_a_layout_with_a_dark_background_of_its_own_gets_light_text(tmp_path: Path) -> None:
    """A light template whose section divider is dark: the divider's title must be readable
    there, and the other slides keep the template's own colours."""
    template = make_template(tmp_path / "dark-divider.pptx", dark_divider=True)
    note = tmp_path / "note.md"
    note.write_text("# Sessions\n\n" + "".join(f"## Part {n}\n\n### Point {n}\n\n- text {n}\n\n"
                                               for n in range(3)), encoding="utf-8")
    result = _build(note, tmp_path / "out.pptx", template)
    prs = Presentation(str(result.output))
    kinds = [slide._element.cSld.get("name") for slide in prs.slides]
    assert kinds.count("section") == 3
    for kind, slide in zip(kinds, prs.slides, strict=True):
        colours = _run_colours(slide.shapes.title)
        assert colours, kind
        background = DARK_DIVIDER if kind == "section" else MASTER_BACKGROUND
        assert all(contrast_ratio(c, background) >= 4.5 for c in colours), (kind, colours)
        if kind == "content":
            assert colours == {SCHEME["dk1"]}  # the title style, where the master shows
