"""`slidegen NOTE --check --pdf`: the deck drawn by LibreOffice in a scratch folder and its
pages checked; each slide with a problem is one warning line saying what to do, the exit
status says whether there were any, and nothing is written beside the note."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from slidegen.check import Problem, page_lines
from tests.template_kit import DESIGNS, make_template

LONG_TITLE_NOTE = """\
---
title: Release review
---

# Why the deployment pipeline took three hours on the Tuesday release and what we changed

- The build cache was cold after the runner upgrade
- Image layers were pulled from the far registry

# Short one

Plain text.
"""


def _check(tmp_path: Path, template: Path) -> subprocess.CompletedProcess[str]:
    note = tmp_path / "notes" / "review.md"
    note.parent.mkdir(exist_ok=True)
    note.write_text(LONG_TITLE_NOTE, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "slidegen", str(note), "--template",
                           str(template), "--check", "--pdf", "--offline"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_check_pdf_reports_text_over_the_templates_logo(tmp_path: Path, soffice: str) -> None:
    """A company template whose title placeholder runs on under the logo in its band: a long
    title's last word is drawn on the logo, and the rendered check says so."""
    design = DESIGNS["band-16x9.pptx"]
    from dataclasses import replace

    template = make_template(tmp_path / "logo-over.pptx", replace(design, title_over_logo=True))
    run = _check(tmp_path, template)
    assert run.returncode == 1, run.stderr
    problems = [line for line in run.stderr.splitlines() if "slide " in line]
    assert len(problems) == 1, run.stderr
    assert "review.md: slide 2: text on the template's Logo:" in problems[0]
    assert "use a template whose layouts keep text clear" in problems[0]
    assert "rendered 3 pages, 1 with problems" in run.stdout
    assert not (tmp_path / "output").exists()  # --check writes nothing
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.slow
def test_check_pdf_checks_notes_of_one_name_in_two_folders(tmp_path: Path, soffice: str) -> None:
    """Notes are often named alike in a site (Hugo's index.md, a vault's k8s.md twice): each
    is drawn and checked on its own, not refused as two PDFs of one name."""
    notes = [tmp_path / folder / "index.md" for folder in ("pods", "nodes")]
    for note, topic in zip(notes, ("Pods", "Nodes"), strict=True):
        note.parent.mkdir()
        note.write_text(f"# {topic}\n\n## What\n\nA short slide about {topic}.\n",
                        encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "slidegen", *map(str, notes), "--check",
                          "--pdf", "--offline"], cwd=tmp_path,
                         env={**os.environ, "NO_COLOR": "1"}, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    for note in notes:
        assert f"{note}: rendered 2 pages, none with problems" in run.stdout
    assert not list(tmp_path.rglob("*.pdf")) and not list(tmp_path.rglob("*.pptx"))


@pytest.mark.slow
def test_check_pdf_passes_a_deck_that_reads(tmp_path: Path, soffice: str) -> None:
    """The same note on the template as its designer meant it (titles stop short of the logo)."""
    template = make_template(tmp_path / "band.pptx", DESIGNS["band-16x9.pptx"])
    run = _check(tmp_path, template)
    assert run.returncode == 0, run.stderr
    assert "rendered 3 pages, none with problems" in run.stdout
    assert "slide " not in run.stderr
    assert not (tmp_path / "output").exists()


@pytest.mark.slow
def test_formulas_drawn_by_libreoffice_are_not_problems(tmp_path: Path, soffice: str) -> None:
    """LibreOffice draws a formula's stretched brackets taller than its box, scripts of
    scripts smaller than any size it asks for, and hats over letters as lines of their own:
    --check --pdf reported five of the eight slides of a note of formulas that read well."""
    note = Path(__file__).parent / "data" / "math_note.md"
    run = subprocess.run([sys.executable, "-m", "slidegen", str(note), "--check", "--pdf",
                          "--offline"], cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"},
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "rendered 8 pages, none with problems" in run.stdout


def test_brackets_accents_and_scripts_of_a_formula_are_its_own() -> None:
    """The same, on the page's characters: a bracket taller than a formula's box, a hat line
    over a letter, a script of a script; a bracket or a small letter in plain text still is."""
    from slidegen.check.boxes import ShapeBox
    from slidegen.check.rendered import _Page

    def char(text: str, x0: float, top: float, size: float = 20.0) -> dict[str, object]:
        return {"text": text, "x0": x0, "x1": x0 + size * 0.5, "top": top,
                "bottom": top + size, "size": size, "non_stroking_color": (0, 0, 0)}

    class PdfPage:  # what pdfplumber gives for one page
        width, height, images, rects, curves = 960.0, 540.0, [], [], []

        def __init__(self, chars: list[dict[str, object]]) -> None:
            self.chars = chars

    formula = ShapeBox("Equation 1", "text", 100, 100, 400, 130, (20.0,), formula=True)
    text = ShapeBox("Body 1", "text", 100, 200, 400, 230, (20.0,))
    drawn = [char("x", 130, 108), char("^", 131, 99), char("i", 150, 121, 7.5),
             char("(", 110, 92, 36), char(")", 380, 92, 36)]
    assert _Page(PdfPage(drawn), 1, [formula], 2.0).problems() == []
    spilled = [char("(", 110, 192, 36), char("i", 150, 205, 7.5)]
    kinds = {p.kind for p in _Page(PdfPage(spilled), 1, [text], 2.0).problems()}
    assert kinds == {"outside-box", "shrunk"}


def test_one_line_per_slide_worst_first() -> None:
    found = page_lines([
        Problem("shrunk", 4, "long body", "drawn at 14.0 pt, asked for 20 pt"),
        Problem("over-artwork", 4, "Title", "on the template's Title Band"),
        Problem("low-contrast", 2, "pale", "#EEEEEE on #FFFFFF, 1.1:1"),
    ])
    assert [page for page, _ in found] == [2, 4]
    assert found[0][1].startswith("text hard to read on what is under it (#EEEEEE on #FFFFFF")
    line = found[1][1]
    assert line.index("on the template's Title Band") < line.index("text shrunk to fit")
    assert line.count(" — ") == 1 and "split it with a heading" in line


@pytest.mark.slow
def test_a_session_deck_on_a_template_reads(tmp_path: Path, soffice: str) -> None:
    """--combine on a template: the session's title, agenda and note dividers use the
    template's layouts (the agenda title was drawn dark on the band, unreadable)."""
    template = make_template(tmp_path / "band.pptx", DESIGNS["band-16x9.pptx"])
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(LONG_TITLE_NOTE.replace("title: Release review",
                                                        "title: Short review")
                                .replace(" and what we changed", ""), encoding="utf-8")
    (notes / "b.md").write_text("---\ntitle: Second note\n---\n\n## Only\n\ntext\n",
                                encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "slidegen", "a.md", "b.md", "--combine",
                          "session.pptx", "--template", str(template), "--check", "--pdf",
                          "--offline"], cwd=notes, env={**os.environ, "NO_COLOR": "1"},
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "session.pptx: rendered 7 pages, none with problems" in run.stdout, run.stdout
    assert not (notes / "session.pptx").exists()


def test_a_card_under_the_content_placeholder_is_written_on(tmp_path: Path) -> None:
    """A light card behind the content layout's body (common in company templates) is where
    the content goes, not an obstacle that leaves a sliver beside it (the notes came out as
    2,445 slides with text lost); a logo on the card is still kept clear of."""
    from dataclasses import replace

    from slidegen.plan.frames import content_region
    from slidegen.templates import Artwork, read_template
    from slidegen.theme import load_theme

    path = make_template(tmp_path / "card.pptx",
                         replace(DESIGNS["plain-4x3.pptx"], content_card="F2F2F2"))
    template = read_template(path)
    layout = template.layout_for("content")
    assert [a.name for a in layout.artwork] == ["Content Card"]
    body = layout.body
    assert body is not None
    theme = load_theme()
    region = content_region(layout, theme, "content")
    assert (region.x, region.y, region.w, region.h) == (body.box.x, body.box.y, body.box.w,
                                                        body.box.h)
    logo = Artwork(replace(body.box, x=body.box.right - 80, w=80, h=40), "picture", None, "Logo")
    beside = content_region(replace(layout, artwork=(*layout.artwork, logo)), theme, "content")
    assert beside.w * beside.h > 0.5 * body.box.w * body.box.h
    assert beside.y >= logo.box.bottom or beside.x + beside.w <= logo.box.x


@pytest.mark.slow
def test_check_pdf_passes_the_notes_on_a_carded_template(tmp_path: Path, soffice: str) -> None:
    from dataclasses import replace

    from tests.conftest import ROOT

    template = make_template(tmp_path / "card.pptx",
                             replace(DESIGNS["plain-4x3.pptx"], content_card="F2F2F2"))
    run = subprocess.run([sys.executable, "-m", "slidegen", str(ROOT / "notes" /
                          "container-basics.md"), "--template", str(template), "--check",
                          "--pdf", "--offline"], cwd=tmp_path,
                         env={**os.environ, "NO_COLOR": "1"}, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert "container-basics.md: rendered 25 pages, none with problems" in run.stdout
    assert "not on any slide" not in run.stderr


def test_inline_code_in_a_callout_reads_on_its_fill(tmp_path: Path) -> None:
    """Inline code has no highlight in a filled box; its colour (made for the code highlight)
    must not be drawn on the box's fill unreadably (paper theme: #F3EBDD on #F5E7CF)."""
    import zipfile

    from lxml import etree

    from slidegen.contrast import contrast_ratio
    from slidegen.images import ImageOptions
    from slidegen.pipeline import BuildOptions, build_note

    note = tmp_path / "note.md"
    note.write_text("## Tags\n\n> [!NOTE]\n> `latest` is only the default name of a tag.\n\n"
                    "| tag | use |\n|---|---|\n| `latest` | default |\n", encoding="utf-8")
    result = build_note(note, BuildOptions(output=tmp_path / "out", theme="paper",
                                           images=ImageOptions(offline=True)))
    assert result.ok, result.error
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    with zipfile.ZipFile(result.output) as deck:
        root = etree.fromstring(deck.read("ppt/slides/slide2.xml"))
    checked = 0
    for run in root.iter(f"{a}r"):
        if "".join(run.itertext()) != "latest":
            continue
        colour = run.find(f"{a}rPr/{a}solidFill/{a}srgbClr").get("val")
        holder = next(p for p in run.iterancestors() if p.tag.endswith(("}sp", "}tc")))
        own = "{http://schemas.openxmlformats.org/presentationml/2006/main}spPr"
        fill = holder.find(f"{own}/{a}solidFill/{a}srgbClr" if holder.tag.endswith("}sp")
                           else f"{a}tcPr/{a}solidFill/{a}srgbClr")
        if run.find(f"{a}rPr/{a}highlight") is None and fill is not None:
            assert contrast_ratio(colour, fill.get("val")) >= 4.5, (colour, fill.get("val"))
            checked += 1
    assert checked == 2  # in the callout and in the table cell


@pytest.mark.parametrize("theme", ["dark", "default"])
def test_a_node_filled_by_the_note_gets_text_that_reads_on_it(tmp_path: Path, theme: str) -> None:
    """`classDef wait fill:#FDECEA` on the dark theme drew the theme's light text on the pale
    fill (1.0:1, found by --check --pdf); a fill without a text colour gets one that reads."""
    from slidegen.contrast import contrast_ratio
    from slidegen.deck import DiagramShape
    from slidegen.diagnostics import Diagnostics
    from slidegen.images import ImageOptions
    from slidegen.pipeline import BuildOptions, plan_note

    note = tmp_path / "note.md"
    note.write_text("## Cycle\n\n```mermaid\nflowchart LR\n  F{Filter} -. none .-> P([Pending])\n"
                    "  classDef wait fill:#FDECEA,stroke:#C0392B\n  classDef hot fill:#7B2C2C\n"
                    "  class P wait\n  class F hot\n```\n", encoding="utf-8")
    deck = plan_note(note, BuildOptions(theme=theme, images=ImageOptions(offline=True)),
                     Diagnostics(str(note)))
    [diagram] = [s for slide in deck.slides for s in slide.shapes if isinstance(s, DiagramShape)]
    nodes = {n.text: n for n in diagram.nodes}
    for name in ("Pending", "Filter"):
        node = nodes[name]
        assert node.fill is not None
        assert contrast_ratio(node.text_color, node.fill) >= 4.5, (name, node)
