"""SVG pictures are drawn within limits: a `<use>` bomb, entities, outside files, a drawing
far taller than wide and one that burns CPU each end as a placeholder or a bounded picture,
and the deck is written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from slidegen.images.normalise import normalise
from slidegen.images.svg import SvgRefused, rasterise

try:
    from tests.test_hostile import build, deck_of
except ImportError:  # pytest run with tests/ as the root
    from test_hostile import build, deck_of  # type: ignore[no-redef]

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '


def use_bomb(levels: int = 9) -> bytes:
    """About 1.4 KB standing for 10**9 rectangles."""
    parts = [SVG + 'width="100" height="100"><defs><g id="a0"><rect width="1" height="1"/></g>']
    for i in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#a{i - 1}"/>' for _ in range(10))
        parts.append(f'<g id="a{i}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#a{levels}"/></svg>')
    return "".join(parts).encode()


ENTITIES = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<text>&b;</text></svg>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
       b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>')
OUTSIDE = (SVG + 'width="10" height="10"><image xlink:href="/etc/secret.png" width="10" '
           'height="10"/></svg>').encode()
LOOP = (SVG + 'width="10" height="10"><g id="a"><use xlink:href="#a"/></g></svg>').encode()


@pytest.mark.parametrize(("data", "words"), [
    (use_bomb(), "<use>"), (LOOP, "<use>"), (ENTITIES, "entities"), (XXE, "entities"),
    (OUTSIDE, "outside it"),
], ids=["use-bomb", "use-loop", "entities", "xxe", "outside-file"])
def test_hostile_svg_is_refused_before_drawing(data: bytes, words: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def no_drawing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the SVG reached the renderer")

    monkeypatch.setattr(subprocess, "run", no_drawing)
    out = rasterise(data, 1600)
    assert isinstance(out, SvgRefused) and words in out.reason


@pytest.mark.slow
def test_six_bombs_in_one_note_give_placeholders_and_a_deck(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    lines = ["# Bombs", ""]
    for i in range(6):
        (notes / f"b{i}.svg").write_bytes(use_bomb())
        lines += [f"![bomb {i}](b{i}.svg)", ""]
    result = build(tmp_path, "\n".join(lines) + "\n## Fine\n\ntext\n")
    deck_of(result)
    assert result.placeholders == 6
    assert len([w for w in result.warnings if "<use>" in w.message]) == 6


@pytest.mark.slow
def test_a_very_tall_svg_is_drawn_with_bounded_pixels() -> None:
    tall = (SVG + 'width="100" height="2400"><rect width="100" height="2400" '
            'fill="#36c"/></svg>').encode()
    out = normalise(tall)
    assert out.image is not None, out.reason
    assert out.image.height / out.image.width == pytest.approx(24, rel=0.05)
    assert out.image.width * out.image.height <= 4_000_000


@pytest.mark.slow
def test_an_svg_that_burns_cpu_is_stopped_at_its_limit() -> None:
    blurs = "".join(f'<rect x="{i % 50}" width="1600" height="1000" fill="#{i % 9}{i % 7}0" '
                    'filter="url(#f)"/>' for i in range(3000))
    heavy = (SVG + 'width="1600" height="1000"><defs><filter id="f"><feGaussianBlur '
             f'stdDeviation="40"/><feMorphology radius="30"/></filter></defs>{blurs}</svg>')
    out = rasterise(heavy.encode(), 1600)
    assert isinstance(out, SvgRefused)
    assert "limits" in out.reason or "longer than" in out.reason


PLAIN = (SVG + 'width="40" height="20"><rect width="40" height="20" fill="#36c"/></svg>').encode()


def test_a_notes_svgs_share_one_budget_of_drawing_time() -> None:
    """Each drawing spends what it took; once the note's budget is spent, an SVG is a
    placeholder saying so, without starting a child."""
    from slidegen.images.svg import SvgBudget

    budget = SvgBudget(30.0)
    assert isinstance(rasterise(PLAIN, 80, budget), bytes)
    assert 0 < budget.left < 30.0
    spent = SvgBudget(0.0)
    refused = rasterise(PLAIN, 80, spent)
    assert isinstance(refused, SvgRefused)
    assert refused.reason == "not drawn: the note's SVGs took over 0 s together"
    out = normalise(PLAIN, svg_budget=SvgBudget(0.0))  # what resolve_images passes
    assert out.image is None and "the note's SVGs took over" in out.reason


@pytest.mark.slow
def test_svg_text_in_fonts_that_are_not_installed_is_drawn() -> None:
    """draw.io writes `font-family="Helvetica"`, Windows drawings `맑은 고딕`: resvg drew no
    text at all in fonts it cannot find (a diagram lost every label). Each line is drawn now,
    in the installed sans-serif."""
    import io

    from PIL import Image as PILImage

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90">'
           '<rect width="300" height="90" fill="#fff"/>'
           '<text x="10" y="25" font-family="Helvetica" font-size="20">Helvetica</text>'
           '<text x="10" y="55" style="font-family:&quot;Malgun Gothic&quot;;font-size:20px">'
           '맑은 고딕 글자</text>'
           "<text x=\"10\" y=\"85\" font-family=\"'Segoe UI', Arial\" font-size=\"20\">Arial"
           "</text></svg>").encode()
    png = rasterise(svg, 300)
    assert isinstance(png, bytes), png
    gray = PILImage.open(io.BytesIO(png)).convert("L")
    for top in (0, 30, 60):  # each line's band has ink
        band = gray.crop((0, top, 300, top + 30))
        assert sum(band.histogram()[:128]) > 30, top
