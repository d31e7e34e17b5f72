"""Nothing ever runs off a slide: decks rendered by a real LibreOffice, checked from the PDF.

Three inputs (the seed post, the project's notes, and tests/data/stress.md, written to be as
hard to fit as real notes get) are built, and each deck is converted twice in ONE LibreOffice
start: as written, and as a copy with the shrink-on-overflow safety net switched off. The
first shows whether LibreOffice had to shrink text (the layout relied on the safety net), the
second shows overflow as text outside its box. Both must have zero problems of every kind.

The checker itself is tested on a deck built broken on purpose (a box too small for its text,
text on a picture, text past the page edge, two boxes on top of each other), converted in the
same LibreOffice start.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from slidegen.deck import (
    Box,
    Deck,
    DeckInfo,
    ImageData,
    Picture,
    Run,
    Slide,
    TableShape,
    TextBox,
    TextParagraph,
)
from slidegen.export import convert_to_pdf
from slidegen.export.preview import contact_sheet
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, BuildResult, build_note
from slidegen.plan.style import deck_style
from slidegen.render import render_deck
from slidegen.theme import Theme
from tests.pdf_check import Problem, check_pdf, small_text, without_autofit

STRESS = Path(__file__).resolve().parent / "data" / "stress.md"
STRUCTURE = Path(__file__).resolve().parent / "data" / "structure"  # every heading structure
LONG = "This sentence is far too long for the small box it was given, so it must spill. " * 6


@dataclass
class Rendered:
    """One deck: its build result, the PPTX/PDF as written, and the no-safety-net copy."""

    result: BuildResult
    pptx: Path
    pdf: Path
    bare_pptx: Path
    bare_pdf: Path


_CACHE: dict[str, object] = {}


# --------------------------------------------------------------------------- the broken deck


def _png(width: int, height: int) -> ImageData:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#1D7FB8").save(buffer, "PNG")
    data = buffer.getvalue()
    return ImageData(data, width, height, "png", hashlib.sha256(data).hexdigest())


def _body(box: Box, text: str, size: float = 20) -> TextBox:
    return TextBox(box, [TextParagraph([Run(text)])], "body", size)


def _title(text: str) -> TextBox:
    return TextBox(Box(48, 34, 864, 50), [TextParagraph([Run(text)])], "title", 32)


def broken_deck() -> Deck:
    """Slide 1 is clean; each later slide has exactly one kind of mistake."""
    slides = [
        Slide("content", _title("Clean"), [_body(Box(48, 120, 400, 60), "Short text, roomy box.")]),
        Slide("content", _title("Too small"), [_body(Box(48, 120, 300, 40), LONG)]),
        Slide("content", _title("On a picture"), [
            Picture(Box(500, 150, 400, 300), _png(400, 300), "blue"),
            _body(Box(520, 200, 300, 60), "Text on the picture"),
        ]),
        Slide("content", _title("Off the page"),
              [_body(Box(860, 440, 300, 40), "Off the page edge text")]),
        Slide("content", _title("Stacked boxes"), [
            _body(Box(48, 150, 600, 40), "First box of text here"),
            _body(Box(48, 156, 600, 40), "Second box on top of it"),
        ]),
        Slide("content", _title("Crowded table"), [
            TableShape(Box(48, 120, 300, 60), [[Run("Key")], [Run("Value")]],
                       [[[Run(f"row {n}")], [Run(LONG[:60])]] for n in range(6)], 14.0,
                       [100.0, 200.0]),
        ]),
    ]
    return Deck(DeckInfo("broken", lang="en-US"), deck_style(Theme()), slides)


# ------------------------------------------------------------------ building and converting


@pytest.fixture
def rendered(seed_post: Path, soffice: str, project_notes: Path,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every deck built and converted once per test session, all in one LibreOffice start."""
    if "decks" in _CACHE:
        return _CACHE["decks"]  # type: ignore[return-value]
    root = tmp_path_factory.mktemp("fit-rendered")
    decks_dir, pdf_dir = root / "decks", root / "pdf"
    notes = {"seed": seed_post, "stress": STRESS}
    for note in sorted(project_notes.glob("*.md")):
        notes[f"notes-{note.stem}"] = note
    for note in sorted(STRUCTURE.glob("*.md")):
        notes[f"structure-{note.stem}"] = note
    options = BuildOptions(output=decks_dir, images=ImageOptions(offline=True))
    results: dict[str, BuildResult] = {}
    for key, note in notes.items():
        result = build_note(note, options, output=decks_dir / f"{key}.pptx")
        assert result.ok, f"{note}: {result.error}"
        results[key] = result
    broken = decks_dir / "broken.pptx"
    render_deck(broken_deck(), broken)
    names = [*results, "broken"]
    bare = [without_autofit(decks_dir / f"{k}.pptx", decks_dir / f"{k}-bare.pptx") for k in names]
    convert_to_pdf([decks_dir / f"{k}.pptx" for k in names] + bare, pdf_dir, soffice=soffice,
                   timeout=240)
    decks = {
        key: Rendered(results.get(key), decks_dir / f"{key}.pptx",  # type: ignore[arg-type]
                      pdf_dir / f"{key}.pdf", decks_dir / f"{key}-bare.pptx",
                      pdf_dir / f"{key}-bare.pdf")
        for key in names
    }
    _CACHE["decks"] = decks
    return decks


def _problems(deck: Rendered) -> list[Problem]:
    return check_pdf(deck.pdf, deck.pptx) + check_pdf(deck.bare_pdf, deck.bare_pptx)


def _report(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


# --------------------------------------------------------------------------- the three inputs


@pytest.mark.libreoffice
@pytest.mark.parametrize("key", ["seed", "notes", "stress", "structure"])
def test_rendered_decks_have_no_problems(rendered: dict[str, Rendered], key: str) -> None:
    decks = [d for k, d in rendered.items() if k == key or k.startswith(f"{key}-")]
    assert decks, f"no deck for {key}"
    for deck in decks:
        problems = _problems(deck)
        assert problems == [], f"{deck.pptx.name}:\n{_report(problems)}"


@pytest.mark.libreoffice
@pytest.mark.parametrize("key", ["seed", "notes", "stress"])
def test_no_text_below_the_theme_minimum(rendered: dict[str, Rendered], key: str) -> None:
    for name, deck in rendered.items():
        if name == key or name.startswith(f"{key}-"):
            assert deck.result.deck is not None
            problems = small_text(deck.pptx, deck.result.theme)
            assert problems == [], _report(problems)


@pytest.mark.libreoffice
def test_stress_note_really_stresses_the_planner(rendered: dict[str, Rendered]) -> None:
    """The stress deck must split lists, tables and code, and show all eight pictures."""
    result = rendered["stress"].result
    assert result.deck is not None
    titles = [s.title.paragraphs[0].runs for s in result.deck.slides if s.title]
    texts = ["".join(r.text for r in runs) for runs in titles]
    assert any(re.search(r"\(\d+/\d+\)$", t) for t in texts), texts  # a block over pages
    assert texts.count("열여섯 개의 bullet") >= 2, "the long list was not split"  # by items
    assert sum("마흔 줄짜리 긴 표" in t for t in texts) >= 2, "the 40-row table was not split"
    assert sum("예순 줄 Python" in t for t in texts) >= 2, "the 60-line code was not split"
    tables = [s for slide in result.deck.slides for s in slide.shapes
              if isinstance(s, TableShape) and len(s.col_widths) == 3]
    assert len(tables) >= 2 and all(t.header for t in tables), "continued tables keep a header"
    assert result.placeholders == 0
    assert result.pictures >= 8


# --------------------------------------------------------------------------- the checker itself


def _kinds(problems: list[Problem], page: int) -> set[str]:
    return {p.kind for p in problems if p.page == page}


@pytest.mark.libreoffice
def test_checker_passes_a_clean_slide(rendered: dict[str, Rendered]) -> None:
    deck = rendered["broken"]
    assert _kinds(check_pdf(deck.pdf, deck.pptx), 1) == set()
    assert _kinds(check_pdf(deck.bare_pdf, deck.bare_pptx), 1) == set()


@pytest.mark.libreoffice
def test_checker_catches_text_too_big_for_its_box(rendered: dict[str, Rendered]) -> None:
    deck = rendered["broken"]
    # as written, LibreOffice's shrink-on-overflow rescues it: the text is drawn far smaller
    shrunk = [p for p in check_pdf(deck.pdf, deck.pptx) if p.page == 2]
    assert [p.kind for p in shrunk] == ["shrunk"], _report(shrunk)
    assert "asked for 20 pt" in shrunk[0].detail
    # without the safety net, the text runs out of its box
    spilled = [p for p in check_pdf(deck.bare_pdf, deck.bare_pptx) if p.page == 2]
    assert {p.kind for p in spilled} == {"outside-box"}, _report(spilled)
    assert "Body 1" in spilled[0].detail


@pytest.mark.libreoffice
def test_checker_catches_text_on_a_picture(rendered: dict[str, Rendered]) -> None:
    deck = rendered["broken"]
    problems = check_pdf(deck.pdf, deck.pptx)
    assert _kinds(problems, 3) == {"over-picture"}, _report(problems)
    assert [p.text for p in problems if p.page == 3] == ["Textonthepicture"]
    # the PDF alone (its image positions) is enough for this one
    assert _kinds(check_pdf(deck.pdf), 3) == {"over-picture"}


@pytest.mark.libreoffice
def test_checker_catches_text_off_the_page(rendered: dict[str, Rendered]) -> None:
    deck = rendered["broken"]
    problems = [p for p in check_pdf(deck.pdf, deck.pptx) if p.page == 4]
    assert {p.kind for p in problems} == {"off-page"}, _report(problems)
    assert problems[0].text.endswith("text")  # the end of "Off the page edge text"
    assert _kinds(check_pdf(deck.pdf), 4) == {"off-page"}


@pytest.mark.libreoffice
def test_checker_catches_boxes_on_top_of_each_other(rendered: dict[str, Rendered]) -> None:
    deck = rendered["broken"]
    problems = [p for p in check_pdf(deck.pdf, deck.pptx) if p.page == 5]
    assert {p.kind for p in problems} == {"collision"}, _report(problems)
    assert any("two text lines overlap" in p.detail for p in problems)
    assert _kinds(check_pdf(deck.pdf), 5) == {"collision"}  # lines overlap in the PDF alone


@pytest.mark.libreoffice
def test_checker_catches_a_table_taller_than_planned(rendered: dict[str, Rendered]) -> None:
    deck = rendered["broken"]
    problems = [p for p in check_pdf(deck.pdf, deck.pptx) if p.page == 6]
    assert "outside-box" in {p.kind for p in problems}, _report(problems)


def test_small_text_flags_runs_below_the_minimum(tmp_path: Path) -> None:
    theme = Theme()
    deck = Deck(DeckInfo("sizes"), deck_style(theme), [Slide("content", _title("Sizes"), [
        _body(Box(48, 120, 600, 40), "fine", size=14),
        _body(Box(48, 200, 600, 40), "too small", size=11),
    ])])
    path = tmp_path / "sizes.pptx"
    render_deck(deck, path)
    problems = small_text(path, theme)
    assert [(p.page, p.text) for p in problems] == [(1, "too small")]
    assert "11 pt < 14 pt" in problems[0].detail


# --------------------------------------------------------------------------- the contact sheet


@pytest.mark.libreoffice
def test_contact_sheet_shows_every_slide(rendered: dict[str, Rendered], tmp_path: Path) -> None:
    deck = rendered["stress"]
    assert deck.result.deck is not None
    count = len(deck.result.deck.slides)
    out = contact_sheet(deck.pdf, tmp_path / "sheet.png", columns=5, width=200)
    with Image.open(out) as sheet:
        rows = -(-count // 5)
        thumb_h = round(200 * 540 / 960)
        assert sheet.width == 12 + 5 * (200 + 12)
        assert abs(sheet.height - (12 + rows * (thumb_h + 22 + 12))) <= rows
        # first thumbnail is a rendered slide (white with dark text), not the grey background
        first = sheet.crop((12, 12, 212, 12 + thumb_h)).convert("L")
        assert first.getextrema()[0] < 100 and first.getextrema()[1] > 240
        # a cell after the last slide stays empty background
        if count % 5:
            x = 12 + (count % 5) * 212
            empty = sheet.crop((x, sheet.height - thumb_h - 40, x + 200, sheet.height - 40))
            assert empty.convert("L").getextrema()[0] > 200
