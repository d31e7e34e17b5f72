"""The presenter's controls, checked in the built decks: columns, click-by-click reveal."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, BuildResult, build_note
from tests.validate import validate_pptx

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
EMU_PER_PT = 12700


def _build(tmp_path: Path, text: str, **options: object) -> BuildResult:
    notes = tmp_path / "notes"
    notes.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 600), (200, 80, 80)).save(notes / "red.png")
    Image.new("RGB", (1600, 900), (30, 60, 120)).save(notes / "wide.png")
    note = notes / "talk.md"
    note.write_text(text, encoding="utf-8")
    images = ImageOptions(offline=True, cache_dir=tmp_path / "cache")
    result = build_note(note, BuildOptions(output=tmp_path / "out", images=images,
                                           **options))  # type: ignore[arg-type]
    assert result.ok, str(result.error)
    return result


def _deck(result: BuildResult):  # type: ignore[no-untyped-def]
    assert result.output is not None
    return validate_pptx(result.output)


def _slide(prs, title: str):  # type: ignore[no-untyped-def]
    for slide in prs.slides:
        if any(s.name == "Title" and s.text_frame.text == title for s in slide.shapes):
            return slide
    raise AssertionError(f"no slide titled {title!r}")


def _body(slide) -> list:  # type: ignore[no-untyped-def]
    return [s for s in slide.shapes if s.name.split()[0] in ("Body", "Picture", "Caption")]


def _pt(value: int) -> float:
    return value / EMU_PER_PT


COLUMNS = """---
title: Columns
---

## Forty sixty

:::: columns
::: {.column width="40%"}
- Left point one
- Left point two
:::
::: {.column width="60%"}
![A red square](red.png)
:::
::::

## Three

:::: columns
::: column
Plan it.
:::
::: column
Build it.
:::
::: column
Check it.
:::
::::

Below all three.

## Comments

<!-- columns -->
Left words in a column of their own.
<!-- column -->
Right words.
<!-- end columns -->
"""


@pytest.mark.slow
def test_columns_side_by_side_with_the_widths_asked(tmp_path: Path) -> None:
    prs = _deck(_build(tmp_path, COLUMNS))
    slide = _slide(prs, "Forty sixty")
    text = next(s for s in slide.shapes if s.name == "Body 1")
    picture = next(s for s in slide.shapes if s.name == "Picture 1")
    assert "Left point one" in text.text_frame.text
    assert _pt(text.left + text.width) < _pt(picture.left)  # text left, picture right
    gap = 18.0  # the theme's gap between columns
    room = 960 - 2 * 48 - gap
    assert abs(_pt(text.width) - 0.4 * room) < 1
    assert _pt(picture.left + picture.width) <= _pt(text.left) + room + gap + 1
    assert _pt(picture.width) > _pt(text.width)  # the 60% column holds the picture

    three = _slide(prs, "Three")
    bodies = sorted((s for s in three.shapes if s.name.startswith("Body")), key=lambda s: s.top)
    row = sorted(bodies[:3], key=lambda s: s.left)
    assert [s.text_frame.text for s in row] == ["Plan it.", "Build it.", "Check it."]
    assert len({s.top for s in row}) == 1  # top-aligned in one row
    assert max(s.width for s in row) - min(s.width for s in row) < EMU_PER_PT  # even shares
    assert all(a.left + a.width < b.left for a, b in pairwise(row))
    assert bodies[3].text_frame.text == "Below all three."
    assert bodies[3].top > max(s.top + s.height for s in row)

    comments = _slide(prs, "Comments")
    left, right = sorted((s for s in comments.shapes if s.name.startswith("Body")),
                         key=lambda s: s.left)
    assert left.text_frame.text.startswith("Left words") and right.text_frame.text == "Right words."
    assert left.top == right.top and left.left + left.width < right.left


REVEAL = """---
title: Reveal
---

## Step by step

::: incremental
- First
  - its detail
- Second
- Third
:::

## Pauses

Opening.

. . .

![Wide](wide.png)

. . .

Closing.

## Still

- all at once
- together
"""


def _timing(slide) -> list[tuple[str, int, int | None]]:  # type: ignore[no-untyped-def]
    """(node type, shape id, paragraph) of each effect, in order."""
    found = []
    for ctn in slide._element.iter(f"{P}cTn"):
        kind = ctn.get("nodeType")
        if kind not in ("clickEffect", "withEffect"):
            continue
        target = next(ctn.iter(f"{P}spTgt"))
        rng = next(target.iter(f"{P}pRg"), None)
        found.append((kind, int(target.get("spid")), None if rng is None else int(rng.get("st"))))
    return found


@pytest.mark.slow
def test_incremental_list_one_click_per_item_in_order(tmp_path: Path) -> None:
    prs = _deck(_build(tmp_path, REVEAL))
    slide = _slide(prs, "Step by step")
    body = next(s for s in slide.shapes if s.name == "Body 1")
    effects = _timing(slide)
    # item 1 and its sub-item on the first click, then one click per item
    assert effects == [("clickEffect", body.shape_id, 0), ("withEffect", body.shape_id, 1),
                       ("clickEffect", body.shape_id, 2), ("clickEffect", body.shape_id, 3)]
    builds = slide._element.findall(f"{P}timing/{P}bldLst/{P}bldP")
    assert [(b.get("spid"), b.get("build")) for b in builds] == [(str(body.shape_id), "p")]
    assert not _timing(_slide(prs, "Still"))
    # element order PowerPoint requires: timing after the colour map, before any extLst
    children = [etree.QName(c).localname for c in slide._element]
    assert children.index("timing") > children.index("clrMapOvr")


def test_pauses_reveal_blocks_in_order(tmp_path: Path) -> None:
    prs = _deck(_build(tmp_path, REVEAL))
    slide = _slide(prs, "Pauses")
    picture = next(s for s in slide.shapes if s.name == "Picture 1")
    texts = [s for s in slide.shapes if s.name.startswith("Body")]
    effects = _timing(slide)
    assert [kind for kind, _, _ in effects] == ["clickEffect", "clickEffect"]
    assert effects[0] == ("clickEffect", picture.shape_id, None)
    closing = effects[1]
    shape = next(s for s in texts if s.shape_id == closing[1])
    paragraph = shape.text_frame.paragraphs[closing[2] or 0]
    assert paragraph.text == "Closing."
    assert "Opening." in texts[0].text_frame.text  # shown from the start


@pytest.mark.slow
def test_incremental_everywhere_from_front_matter_or_option(tmp_path: Path) -> None:
    text = "---\ntitle: T\nincremental: true\n---\n\n## A\n\n- one\n- two\n"
    effects = _timing(_slide(_deck(_build(tmp_path / "fm", text)), "A"))
    assert [p for _, _, p in effects] == [0, 1]
    plain = text.replace("incremental: true\n", "")
    assert not _timing(_slide(_deck(_build(tmp_path / "off", plain)), "A"))
    effects = _timing(_slide(_deck(_build(tmp_path / "cli", plain, incremental=True)), "A"))
    assert [p for _, _, p in effects] == [0, 1]


AGENDA = """---
title: Sections
---

# Install

## Download

text

# Configure

## Settings

text

# Run

## Start

text
"""


def _jumps(slide) -> list[str]:  # type: ignore[no-untyped-def]
    """Names of the slides the slide's runs jump to, in order."""
    out = []
    for run in slide._element.iter(f"{A}r"):
        link = run.find(f"{A}rPr/{A}hlinkClick")
        if link is not None and link.get("action") == "ppaction://hlinksldjump":
            out.append(_title_of(slide.part.related_part(link.get(f"{R}id")).slide))
    return out


def _title_of(slide) -> str:  # type: ignore[no-untyped-def]
    return next(s.text_frame.text for s in slide.shapes if s.name == "Title")


@pytest.mark.slow
def test_agenda_items_jump_to_their_section_dividers(tmp_path: Path) -> None:
    prs = _deck(_build(tmp_path, AGENDA))
    agenda = next(s for s in prs.slides if s._element.cSld.get("name") == "agenda")
    assert _jumps(agenda) == ["Install", "Configure", "Run"]
    for slide in prs.slides:
        for link in slide._element.iter(f"{A}hlinkClick"):
            target = slide.part.related_part(link.get(f"{R}id")).slide
            assert target._element.cSld.get("name") == "section"


@pytest.mark.slow
def test_combined_deck_agenda_jumps_to_each_note(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("---\ntitle: First note\n---\n\n## Only\n\ntext\n", "utf-8")
    (notes / "b.md").write_text(AGENDA.replace("Sections", "Second note"), "utf-8")
    deck = tmp_path / "session.pptx"
    done = subprocess.run([sys.executable, "-m", "slidegen", "a.md", "b.md", "--combine",
                           str(deck), "--offline", "-q"], cwd=notes, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    prs = validate_pptx(deck)
    agendas = [s for s in prs.slides if s._element.cSld.get("name") == "agenda"]
    assert _jumps(agendas[0]) == ["First note", "Second note"]
    # the second note's own agenda still leads to its own sections
    assert _jumps(agendas[1]) == ["Install", "Configure", "Run"]
    position = {id(s.part): n for n, s in enumerate(prs.slides)}
    links = [agendas[1].part.related_part(link.get(f"{R}id"))
             for link in agendas[1]._element.iter(f"{A}hlinkClick")]
    assert all(position[id(part)] > position[id(agendas[1].part)] for part in links)


LAYOUTS = """---
title: Layouts
---

## Side by side {layout="two-content"}

- left one
- left two

A paragraph that goes to the right column.

## Team {.full}

![The team](red.png)

## Divider

<!-- layout: section -->

After the divider.

## Quiet

<!-- background: red.png -->

Text over a faded picture.

## Nonsense

<!-- layout: triple-decker -->

Still here.
"""


@pytest.mark.slow
def test_chosen_layouts_on_the_built_in_theme(tmp_path: Path) -> None:
    result = _build(tmp_path, LAYOUTS)
    prs = _deck(result)
    two = _slide(prs, "Side by side")
    left, right = sorted((s for s in two.shapes if s.name.startswith("Body")),
                         key=lambda s: s.left)
    assert "left one" in left.text_frame.text and "right column" in right.text_frame.text
    assert left.top == right.top and left.left + left.width < right.left

    full = _slide(prs, "Team")
    picture = next(iter(full.shapes))  # drawn first, behind the title band
    assert picture.shape_type == 13 and (picture.left, picture.top) == (0, 0)
    assert (picture.width, picture.height) == (prs.slide_width, prs.slide_height)
    assert picture.crop_top > 0.1 and picture.crop_left == 0  # 4:3 cropped to 16:9, not squashed
    assert abs(picture.crop_top - picture.crop_bottom) < 1e-6
    title = next(s for s in full.shapes if s.name == "Title")
    assert title.top > prs.slide_height / 2  # on a band at the bottom

    slides = list(prs.slides)
    divider = next(n for n, s in enumerate(slides) if s._element.cSld.get("name") == "section")
    assert _title_of(slides[divider]) == "Divider"
    assert _title_of(slides[divider + 1]) == "Divider"  # its content follows
    assert "After the divider." in " ".join(
        s.text_frame.text for s in slides[divider + 1].shapes if s.has_text_frame)

    quiet = _slide(prs, "Quiet")
    backdrop = next(iter(quiet.shapes))
    assert backdrop.shape_type == 13 and backdrop.width == prs.slide_width
    drawn = sum(shape.shape_type == 13 for slide in prs.slides for shape in slide.shapes)
    assert result.pictures == drawn  # the summary counts backdrops too

    warning = next(w for w in result.warnings if "triple-decker" in w.message)
    assert warning.line == LAYOUTS.split("\n").index("<!-- layout: triple-decker -->") + 1
    assert all(name in warning.message for name in ("section", "two-content", "picture"))
    assert "Still here." in " ".join(s.text_frame.text for s in _slide(prs, "Nonsense").shapes
                                     if s.has_text_frame)


@pytest.mark.slow
def test_chosen_layouts_on_a_template(tmp_path: Path) -> None:
    from tests.template_kit import Design, make_template

    template = make_template(tmp_path / "kit.pptx", Design())
    note = ("---\ntitle: On a template\n---\n\n## Plain\n\ntext\n\n"
            "## Named {layout=\"Title Only\"}\n\ntext\n\n"
            "## Two\n\n<!-- layout: two content -->\n\n- a\n- b\n\nmore\n\n"
            "## Wrong {layout=\"Nope\"}\n\ntext\n\n## Cols\n\n"
            ":::: columns\n::: column\nleft\n:::\n::: column\nright\n:::\n::::\n")
    result = _build(tmp_path, note, template=str(template))
    prs = _deck(result)
    assert _slide(prs, "Named").slide_layout.name == "Title Only"
    assert _slide(prs, "Two").slide_layout.name == "Two Content"
    assert _slide(prs, "Cols").slide_layout.name == "Two Content"  # columns use it
    assert _slide(prs, "Plain").slide_layout.name != "Two Content"
    warning = next(w for w in result.warnings if "Nope" in w.message)
    assert "Two Content" in warning.message and "Comparison" in warning.message


@pytest.mark.slow
def test_presenter_decks_render_cleanly(tmp_path: Path, soffice: str) -> None:
    """Columns, chosen layouts (full bleed, background, divider) drawn by LibreOffice: every
    character inside its box, nothing over a picture but the slide's own backdrop."""
    from slidegen.export import convert_to_pdf
    from tests.pdf_check import check_pdf

    decks = []
    for name, text in (("columns", COLUMNS), ("layouts", LAYOUTS)):
        result = _build(tmp_path / name, text)
        assert result.output is not None
        decks.append(result.output.rename(tmp_path / f"{name}.pptx"))
    convert_to_pdf(decks, tmp_path / "pdf", soffice=soffice, timeout=300)
    for deck in decks:
        assert check_pdf(tmp_path / "pdf" / f"{deck.stem}.pdf", deck) == [], deck.name
