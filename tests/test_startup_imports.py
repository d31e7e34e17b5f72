"""A one-note build is mostly start-up, so code only some notes need stays out of it: the
planner imports formula conversion, diagrams, the template reader and Pillow where a note
first needs them, and the render process imports neither the template reader nor python-pptx's chart
data for a plain deck. Each case runs in a fresh interpreter and lists what it imported.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from slidegen.diagnostics import Diagnostics
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, plan_note

# Imported only for notes (or decks) that have formulas, diagrams, a template or a chart.
ON_DEMAND_PLANNER = ("lxml", "latex2mathml", "slidegen.math.equations", "slidegen.diagram",
                     "slidegen.templates", "slidegen.plan.on_template", "slidegen.plan.frames",
                     "subprocess")  # an SVG is drawn, a diagram laid out, in a child process
ON_DEMAND_RENDERER = ("yaml", "xlsxwriter", "pptx", "slidegen.templates",
                      "slidegen.diagram", "slidegen.theme")

PLAN = """
import json, sys
from pathlib import Path
from slidegen.diagnostics import Diagnostics
from slidegen.pipeline import BuildOptions, plan_note
note = Path(sys.argv[1])
plan_note(note, BuildOptions(write=False), Diagnostics(str(note)))
print(json.dumps(sorted(sys.modules)))
"""

PLAIN_NOTE = """---
title: Plain
---
# Plain

## A slide

Some text, a list:

- one
- two
"""


def modules_after(code: str, *args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, check=True, timeout=60)
    return set(json.loads(done.stdout))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


@pytest.mark.slow  # a fresh interpreter each: about a second
def test_a_plain_note_is_planned_without_the_on_demand_modules(tmp_path: Path) -> None:
    note = tmp_path / "plain.md"
    note.write_text(PLAIN_NOTE, encoding="utf-8")
    assert loaded(modules_after(PLAN, str(note)), ON_DEMAND_PLANNER) == []


@pytest.mark.slow
def test_ready_pngs_are_planned_without_pillow_and_a_jpeg_loads_it(tmp_path: Path) -> None:
    """Pillow is a tenth of the planner's start-up; the render process needs it anyway, so
    the planner loads it only for a picture it must open: a JPEG, a GIF, a PNG to shrink."""
    from PIL import Image

    assets = tmp_path / "assets"
    assets.mkdir()
    Image.new("RGBA", (320, 200), (20, 120, 200, 255)).save(assets / "diagram.png")
    Image.new("RGB", (320, 200), (200, 120, 20)).save(assets / "photo.jpg")
    with_png = tmp_path / "png.md"
    with_png.write_text(PLAIN_NOTE + "\n## 그림\n\n![구성도](assets/diagram.png)\n",
                        encoding="utf-8")
    with_jpeg = tmp_path / "jpeg.md"
    with_jpeg.write_text(PLAIN_NOTE + "\n## Photo\n\n![photo](assets/photo.jpg)\n",
                         encoding="utf-8")
    assert loaded(modules_after(PLAN, str(with_png)), ("PIL",)) == []
    assert loaded(modules_after(PLAN, str(with_jpeg)), ("PIL",)) == ["PIL"]


@pytest.mark.slow
def test_a_formula_loads_the_conversion_where_it_is_met(tmp_path: Path) -> None:
    note = tmp_path / "formula.md"
    note.write_text(PLAIN_NOTE + "\n$$E = mc^2$$\n", encoding="utf-8")
    found = loaded(modules_after(PLAN, str(note)), ON_DEMAND_PLANNER)
    assert "slidegen.math.equations" in found
    assert "slidegen.diagram" not in found and "slidegen.templates" not in found


DRAW = """
import io, json, pickle, sys
from slidegen.render import render_deck
deck = pickle.loads(sys.stdin.buffer.read())
render_deck(deck, io.BytesIO())
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.slow
def test_drawing_code_and_callouts_needs_no_theme_reader(tmp_path: Path) -> None:
    """Code colours are checked for contrast while drawing: with colour maths of its own
    module, not the theme reader's (which imports PyYAML, a tenth of the render process)."""
    note = tmp_path / "code.md"
    note.write_text(PLAIN_NOTE + "\n> [!note]\n> Run `kubectl get pods` first.\n\n"
                    "```python\nprint('hello')\n```\n", encoding="utf-8")
    deck = plan_note(note, BuildOptions(write=False), Diagnostics(str(note)))
    done = subprocess.run([sys.executable, "-c", DRAW], input=pickle.dumps(deck),
                          capture_output=True, check=True, timeout=60)
    assert loaded(set(json.loads(done.stdout)), ON_DEMAND_RENDERER) == []


@pytest.mark.slow
def test_the_renderer_imports_no_template_reader_or_chart_data() -> None:
    code = "import json, sys, slidegen.render; print(json.dumps(sorted(sys.modules)))"
    assert loaded(modules_after(code), ON_DEMAND_RENDERER) == []


DRAW_FORKED = """
import io, json, pickle, sys
from slidegen.render import render_deck
deck = pickle.loads(sys.stdin.buffer.read())
render_deck(deck, io.BytesIO())
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.slow
def test_the_render_process_draws_without_python_pptx_or_the_network(tmp_path: Path) -> None:
    """The renderer writes its package itself: drawing a deck with links, a table and a
    missing picture loads neither python-pptx (a quarter of a build, for its element classes
    and enumerations) nor the network modules (python-pptx's `xml.sax.saxutils` imports
    urllib.request, with http.client, email and ssl)."""
    note = tmp_path / "links.md"
    note.write_text(PLAIN_NOTE + "\n## Links\n\nSee [the docs](https://example.org/a?b=1&c=<2>) "
                    "and ![a missing picture](https://example.org/x.png).\n\n| a | b |\n"
                    "|---|---|\n| 1 | 2 |\n", encoding="utf-8")
    deck = plan_note(note, BuildOptions(write=False, images=ImageOptions(offline=True)),
                     Diagnostics(str(note)))
    done = subprocess.run([sys.executable, "-c", DRAW_FORKED], input=pickle.dumps(deck),
                          capture_output=True, check=True, timeout=60)
    drawn = set(json.loads(done.stdout))
    assert loaded(drawn, ("pptx", "urllib.request", "http", "email", "ssl", "socket")) == []


@pytest.mark.slow
def test_pictures_are_drawn_without_pillow_opening_them(tmp_path: Path) -> None:
    """The planner knows each picture's format (PNG or JPEG); python-pptx would open every
    picture with Pillow to learn it, loading Pillow's format plugins in the render process."""
    from PIL import Image

    Image.new("RGB", (320, 200), (20, 120, 200)).save(tmp_path / "diagram.png")
    Image.new("RGB", (320, 200), (200, 120, 20)).save(tmp_path / "photo.jpg")
    note = tmp_path / "pictures.md"
    note.write_text(PLAIN_NOTE + "\n## Two pictures\n\n![diagram](diagram.png)\n\n"
                    "![photo](photo.jpg)\n", encoding="utf-8")
    deck = plan_note(note, BuildOptions(write=False), Diagnostics(str(note)))
    media, modules = media_and_modules(deck)
    assert media == ["ppt/media/image1.png", "ppt/media/image2.jpg"]
    assert "PIL._imaging" not in modules  # PIL.Image, which python-pptx imports, is not loaded
    assert [m for m in modules if m.startswith("PIL.") and m.endswith("ImagePlugin")] == []


def media_and_modules(deck: object) -> tuple[list[str], list[str]]:
    """The deck's media parts and the modules loaded, drawn as the render process draws."""
    code = DRAW_FORKED.split("render_deck(deck, io.BytesIO())")[0] + (
        "out = io.BytesIO(); render_deck(deck, out)\n"
        "import zipfile; names = zipfile.ZipFile(out).namelist()\n"
        "print(json.dumps(sorted(n for n in names if 'media' in n)))\n"
        "print(json.dumps(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(deck),
                          capture_output=True, check=True, timeout=60)
    media, modules = (json.loads(line) for line in done.stdout.splitlines())
    return media, modules


@pytest.mark.slow
def test_pillow_is_loaded_for_a_theme_logo_and_background(tmp_path: Path) -> None:
    """A theme's logo and background files are read with Pillow (for their format), which the
    render process then loads on that first use."""
    from PIL import Image

    Image.new("RGBA", (200, 50), (200, 30, 30, 255)).save(tmp_path / "logo.png")
    Image.new("RGB", (160, 90), (230, 240, 250)).save(tmp_path / "bg.jpg")
    theme = tmp_path / "corp.yaml"
    theme.write_text("logo: logo.png\nbackground_image: bg.jpg\n", encoding="utf-8")
    note = tmp_path / "plain.md"
    note.write_text(PLAIN_NOTE, encoding="utf-8")
    deck = plan_note(note, BuildOptions(write=False, theme=str(theme)), Diagnostics(str(note)))
    media, modules = media_and_modules(deck)
    assert media == ["ppt/media/image1.jpg", "ppt/media/image2.png"]
    assert "PIL._imaging" in modules and "PIL.JpegImagePlugin" in modules
