"""Built-in themes: readable, clearly different, complete; theme files: paths, errors, warnings;
what themes draw: logo, background image, footer, slide numbers, slide sizes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pygments.token as T
import pytest
from PIL import Image, ImageStat
from pptx import Presentation
from pptx.util import Pt
from pygments.styles import get_style_by_name

from slidegen.contrast import contrast_ratio, relative_luminance
from slidegen.diagnostics import SlidegenError
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, build_note
from slidegen.plan.measure import font_warnings
from slidegen.plan.style import logo_box
from slidegen.theme import builtin_theme_names, contrast_pairs, load_theme

BUILTINS = builtin_theme_names()
CODE_TOKENS = [T.Keyword, T.Keyword.Constant, T.Keyword.Type, T.Name.Function, T.Name.Class,
               T.Name.Builtin, T.Name.Tag, T.Name.Attribute, T.Name.Decorator, T.Name.Variable,
               T.Name.Namespace, T.Name.Exception, T.String, T.String.Escape, T.Number,
               T.Operator, T.Comment, T.Comment.Preproc]
NOTE = """---
title: 테마 시험 Theme test
---
# 첫 부분

## 하나

- 항목 one with a [link](https://example.com)
- 항목 two

※ 참고: a callout

```python
def f(x):  # comment
    return "s" + str(42)
```

## 둘

| 열 | col |
| --- | --- |
| a | b |
"""


def test_three_or_more_builtins_including_a_dark_one() -> None:
    assert {"default", "dark"} <= set(BUILTINS) and len(BUILTINS) >= 3
    dark = load_theme("dark")
    assert dark.dark and not load_theme("default").dark
    assert relative_luminance(dark.colors.background) < 0.05
    assert relative_luminance(dark.colors.plate) > 0.8  # transparent diagrams get a light plate
    style = get_style_by_name(dark.code_style)
    assert relative_luminance(style.background_color.lstrip("#")) < 0.1  # a dark Pygments style


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_text_contrast_is_at_least_4_5(name: str) -> None:
    theme = load_theme(name)
    low = {pair: round(contrast_ratio(fg, bg), 2)
           for pair, (fg, bg) in contrast_pairs(theme).items() if contrast_ratio(fg, bg) < 4.5}
    assert not low, f"{name}: {low}"


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_code_colours_are_readable_on_the_code_background(name: str) -> None:
    theme = load_theme(name)
    style = get_style_by_name(theme.code_style)
    low = {}
    for token in CODE_TOKENS:
        color = style.style_for_token(token)["color"] or theme.colors.code_text
        if contrast_ratio(color, theme.colors.code_background) < 4.5:
            low[str(token)] = color
    assert not low, f"{name} ({theme.code_style}): {low}"


def test_builtins_look_clearly_different() -> None:
    themes = [load_theme(n) for n in BUILTINS]
    for n, a in enumerate(themes):
        for b in themes[n + 1:]:
            differs = (contrast_ratio(a.colors.background, b.colors.background) > 1.04
                       or a.fonts.title != b.fonts.title or a.size != b.size
                       or contrast_ratio(a.colors.accent, b.colors.accent) > 1.3)
            assert differs, (a.name, b.name)


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_fonts_have_hangul_and_are_installed(name: str) -> None:
    theme = load_theme(name)
    for pair in (theme.fonts.title, theme.fonts.body, theme.fonts.code):
        assert "CJK KR" in pair.ea
    assert font_warnings(theme) == []


@pytest.mark.slow
def test_list_themes_shows_every_builtin() -> None:
    done = subprocess.run([sys.executable, "-m", "slidegen", "--list-themes"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    for name in BUILTINS:
        assert name in done.stdout


def test_missing_font_is_a_warning_naming_it(tmp_path: Path) -> None:
    theme_file = tmp_path / "t.yaml"
    theme_file.write_text('fonts:\n  title: {latin: "Nonexistent Grotesk", '
                          'ea: "Noto Sans CJK KR"}\n', encoding="utf-8")
    theme = load_theme(theme_file)
    [message] = font_warnings(theme)
    assert "'Nonexistent Grotesk'" in message and "title.latin" in message
    note = tmp_path / "n.md"
    note.write_text("# T\n\ntext\n", encoding="utf-8")
    result = build_note(note, BuildOptions(output=tmp_path, theme=str(theme_file)))
    assert result.ok and any("Nonexistent Grotesk" in w.message for w in result.warnings)


@pytest.mark.parametrize(("text", "line", "words"), [
    ("colors:\n  accnt: \"#112233\"\n", 2, "did you mean 'accent'"),
    ("colors:\n  accent: \"blue-ish\"\n", 2, "must be a colour"),
    ("slide_numbers: 3\n", 1, "true or false"),
    ("code_style: monokay\n", 1, "did you mean 'monokai'"),
    ("logo_position: top-rigth\n", 1, "did you mean 'top-right'"),
    ("size: \"5:4\"\n", 1, "'size' must be one of"),
    ("\nlogo: missing.png\n", 2, "'logo' file not found"),
])
def test_theme_mistakes_name_file_and_line(tmp_path: Path, text: str, line: int,
                                           words: str) -> None:
    theme_file = tmp_path / "bad.yaml"
    theme_file.write_text(text, encoding="utf-8")
    with pytest.raises(SlidegenError) as info:
        load_theme(theme_file)
    assert info.value.diagnostic.file == str(theme_file)
    assert info.value.diagnostic.line == line
    assert words in info.value.diagnostic.message


def test_extends_a_builtin_and_resolves_images_beside_the_theme(tmp_path: Path) -> None:
    (tmp_path / "brand").mkdir()
    Image.new("RGBA", (200, 50), (200, 30, 30, 255)).save(tmp_path / "brand" / "logo.png")
    Image.new("RGB", (160, 90), (30, 40, 60)).save(tmp_path / "brand" / "bg.png")
    theme_file = tmp_path / "brand" / "corp.yaml"
    theme_file.write_text("extends: dark\nlogo: logo.png\nlogo_position: bottom-right\n"
                          "background_image: bg.png\nfooter: \"ACME · 사내용\"\n",
                          encoding="utf-8")
    theme = load_theme(theme_file)
    assert theme.dark and theme.colors == load_theme("dark").colors
    assert Path(theme.logo) == (tmp_path / "brand" / "logo.png").resolve()
    assert Path(theme.background_image).is_file()


def _note(tmp_path: Path) -> Path:
    note = tmp_path / "note.md"
    note.write_text(NOTE, encoding="utf-8")
    return note


@pytest.mark.slow
def test_logo_background_footer_and_numbers_are_drawn(tmp_path: Path) -> None:
    Image.new("RGBA", (200, 50), (200, 30, 30, 255)).save(tmp_path / "logo.png")
    Image.new("RGB", (160, 90), (230, 240, 250)).save(tmp_path / "bg.png")
    theme_file = tmp_path / "corp.yaml"
    theme_file.write_text("logo: logo.png\nlogo_position: bottom-right\nbackground_image: bg.png\n"
                          "footer: \"ACME · 사내용\"\n", encoding="utf-8")
    result = build_note(_note(tmp_path), BuildOptions(output=tmp_path / "out",
                                                      theme=str(theme_file)))
    assert result.ok, result.error
    theme = result.theme
    prs = Presentation(str(result.output))
    for number, slide in enumerate(prs.slides, start=1):
        shapes = {s.name: s for s in slide.shapes}
        first = next(iter(slide.shapes))
        assert first.name == "Background Image"  # behind everything
        assert (first.width, first.height) == (prs.slide_width, prs.slide_height)
        logo = shapes["Logo"]
        box = logo_box(theme)
        assert box is not None and box.y >= theme.height - theme.margins.bottom  # in the margin
        assert abs(logo.width / logo.height - 4.0) < 0.02  # aspect kept
        if number == 1:
            continue  # the title slide has no footer
        assert shapes["Footer"].text_frame.text == "ACME · 사내용"
        num = shapes["Slide Number"]
        assert num.left + num.width <= logo.left  # pushed aside by the logo
        assert b'type="slidenum"' in num._element.xml.encode()


@pytest.mark.slow
def test_slide_numbers_off_and_sizes(tmp_path: Path) -> None:
    theme_file = tmp_path / "plain.yaml"
    theme_file.write_text("slide_numbers: false\nsize: [800, 600]\n", encoding="utf-8")
    result = build_note(_note(tmp_path), BuildOptions(output=tmp_path / "a",
                                                      theme=str(theme_file)))
    prs = Presentation(str(result.output))
    assert (prs.slide_width, prs.slide_height) == (Pt(800), Pt(600))
    assert not any(s.name == "Slide Number" for slide in prs.slides for s in slide.shapes)


@pytest.mark.parametrize("name", BUILTINS)
@pytest.mark.slow
def test_planner_fits_each_builtin_slide_size(tmp_path: Path, name: str) -> None:
    from tests.conftest import SEED_POST

    note = SEED_POST if SEED_POST.is_file() else _note(tmp_path)
    result = build_note(note, BuildOptions(output=tmp_path, theme=name,
                                           images=ImageOptions(offline=True)))
    assert result.ok, result.error
    theme = result.theme
    prs = Presentation(str(result.output))
    assert (prs.slide_width, prs.slide_height) == (Pt(theme.width), Pt(theme.height))
    for slide in result.deck.slides:
        for shape in [slide.title, slide.kicker, *slide.shapes]:
            if shape is None:
                continue
            b = shape.box
            assert b.x >= 0 and b.y >= 0, (name, slide.kind)
            assert b.right <= theme.width - theme.margins.right + 0.5, (name, slide.kind)
            assert b.bottom <= theme.height - theme.margins.bottom + 0.5, (name, slide.kind)


@pytest.mark.libreoffice
def test_dark_theme_shows_transparent_diagrams_on_a_light_plate(seed_post: Path, soffice: str,
                                                                 tmp_path: Path) -> None:
    """Rendered by LibreOffice: inside each picture the page is light, around it dark."""
    from slidegen.export import convert_to_pdf

    result = build_note(seed_post, BuildOptions(output=tmp_path, theme="dark",
                                                images=ImageOptions(offline=True)))
    assert result.ok, result.error
    [pdf] = convert_to_pdf([Path(result.output)], tmp_path)
    theme = result.theme
    checked = 0
    for number, slide in enumerate(result.deck.slides, start=1):
        # a plate shape, or the normaliser's flattening onto white: either way the diagram
        # must sit on light ground
        pics = [s for s in slide.shapes if type(s).__name__ == "Picture"]
        if not pics:
            continue
        subprocess.run(["pdftoppm", "-png", "-r", "36", "-f", str(number), "-l", str(number),
                        str(pdf), str(tmp_path / "page")], check=True, timeout=120)
        [png] = sorted(tmp_path.glob("page-*.png"))
        page = Image.open(png).convert("L")
        scale = page.width / theme.width
        for pic in pics:
            b = pic.box
            inside = page.crop((int((b.x + 2) * scale), int((b.y + 2) * scale),
                                int((b.right - 2) * scale), int((b.bottom - 2) * scale)))
            mean = ImageStat.Stat(inside).mean[0]
            assert mean > 170, f"slide {number}: picture area mean grey {mean:.0f}"
            checked += 1
        corner = page.getpixel((3, 3))
        assert corner < 60, f"slide {number}: background grey {corner}"
        png.unlink()
    assert checked >= 5
