"""Text is measured with HarfBuzz, one font kept per face, cut into script runs as text layout
cuts it. The widths must be those of FreeType's own layout (Pillow's raqm, which this replaced
and which shapes a new font for every string): the same fonts, the same 26.6 rounding, the
same runs. The Noto CJK fonts are installed by `.ci/run`; elsewhere these tests skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ImageFont, features

from slidegen.plan import measure
from slidegen.plan.measure import Faces, script_runs

from .conftest import _missing

# Words as the seed post and notes like it mix them: Hangul with Latin, brackets around either,
# Greek in a formula written as text, ligatures and kerning pairs.
WORDS = ["컨테이너란?", "AWS를", "Fargate의", "(nodeName", "없음)", "올림(ceil)해서", "VPC(Virtual",
         "Dockerfile을", "office", "AVATAR", "Tête-à-tête", "kubectl", "μ=1/n", "日本語テキスト",
         "LTE→5G", "x²+y²", "파드 저장 (nodeName 없음)"]


def _font_file(family: str, bold: bool = False) -> tuple[str, int]:
    found = measure._font_file(family, bold)
    if found is None:
        _missing(f"the font {family!r}")
    assert found is not None
    return found


@pytest.mark.parametrize("family", ["Noto Sans CJK KR", "Noto Serif CJK KR", "DejaVu Sans"])
def test_widths_are_those_of_freetype_layout(family: str) -> None:
    if not features.check("raqm"):
        pytest.skip("Pillow was built without raqm, the layout compared against")
    path, index = _font_file(family)
    freetype = ImageFont.truetype(path, 1000, index=index, layout_engine=ImageFont.Layout.RAQM)
    face = Faces(body=family, code=family).face()
    for word in WORDS:
        assert face.width(word, 1000) == freetype.getlength(word), word


@pytest.mark.parametrize("family", ["Noto Sans CJK KR", "DejaVu Sans Mono"])
def test_line_height_is_freetype_ascent_and_descent(family: str) -> None:
    path, index = _font_file(family)
    ascent, descent = ImageFont.truetype(path, 1000, index=index).getmetrics()
    expected = max(measure.MIN_LINE_HEIGHT, (ascent + descent) / 1000)
    assert Faces(body=family, code=family).face().line_height == expected


def test_runs_are_cut_where_scripts_meet() -> None:
    assert script_runs("AWS를 쓰는") == ["AWS", "를 쓰는"]
    assert script_runs("파드 저장 (nodeName 없음)") == ["파드 저장 (", "nodeName ", "없음)"]
    assert script_runs("z=(x−μ)/σ") == ["z=(x−", "μ", ")/", "σ"]


def test_a_closing_bracket_goes_with_its_opening_one() -> None:
    assert script_runs("올림(ceil)해서") == ["올림(", "ceil", ")해서"]
    assert script_runs("값(a(b)c)") == ["값(", "a(b)c", ")"]


def test_text_of_one_script_is_one_run() -> None:
    assert script_runs("Hello, world (again)") == ["Hello, world (again)"]
    assert script_runs("ＡＢＣ abc") == ["ＡＢＣ abc"]  # full-width Latin is Latin
    assert script_runs("") == [""]


def test_a_file_that_is_not_a_font_falls_back_to_the_width_model(tmp_path, monkeypatch) -> None:
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"this is not a font")
    monkeypatch.setattr(measure, "_font_file", lambda family, bold: (str(not_a_font), 0))
    measure._hb_font.cache_clear()
    try:
        assert measure._hb_font("Fake", False) is None
        assert Faces(body="Fake", code="Fake").face().width("abc", 10) == pytest.approx(18.0)
    finally:
        measure._hb_font.cache_clear()
        measure._unit_width.cache_clear()


def test_a_font_installed_while_watching_is_measured_with_at_the_next_build(
        tmp_path, monkeypatch) -> None:
    """A `--watch` process remembered a missing font until it ended, so installing the font
    the warning named changed nothing. Real fontconfig, with a font folder of the test's own."""
    installed = measure._font_file("DejaVu Sans", False)
    if installed is None:
        pytest.skip("DejaVu Sans is not installed")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir>'
                      f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>\n')
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no fonts.json of the user's

    def fresh() -> None:
        for cached in (measure._font_cache, measure._font_file, measure._hb_font,
                       measure._unit_width):
            cached.cache_clear()

    fresh()
    try:
        assert not measure.font_available("DejaVu Sans")
        (fonts / "DejaVuSans.ttf").write_bytes(Path(installed[0]).read_bytes())
        assert not measure.font_available("DejaVu Sans")  # still what this build found
        measure.forget_missing_fonts()  # what --watch does before each rebuild
        assert measure.font_available("DejaVu Sans")
    finally:
        monkeypatch.undo()
        fresh()
        measure.forget_missing_fonts()
