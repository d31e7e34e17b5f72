"""Every kind of template package works, and a file that cannot be one is one clear line.

The templates are made by tests/template_kit.py: .pptx, .potx, .pptm and .potm (with a macro
part), and unusable files: not a zip, encrypted, no slide master, no layouts, a zip bomb.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, build_note
from slidegen.templates import read_template
from slidegen.templates.package import TemplatePackage
from tests.template_kit import DESIGNS, Design, make_template, unusable_files

NOTE = "---\ntitle: Kinds\n---\n# One\n\n## a\n\n- text\n\n# Two\n\n## b\n\n- more\n"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
EXPECTED = {"not a zip": "not a PowerPoint file", "encrypted": "encrypted",
            "no masters": "no slide master", "no layouts": "has no layouts",
            "zip bomb": "zip bomb"}


@pytest.fixture(scope="module")
def unusable(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return unusable_files(tmp_path_factory.mktemp("unusable"))


@pytest.mark.parametrize("suffix", [".pptx", ".potx", ".pptm", ".potm"])
@pytest.mark.slow
def test_every_package_kind_builds_a_plain_deck(suffix: str, tmp_path: Path) -> None:
    template = make_template(tmp_path / f"brand{suffix}", Design(size="4:3"))
    note = tmp_path / "talk.md"
    note.write_text(NOTE, encoding="utf-8")
    result = build_note(note, BuildOptions(output=tmp_path / "talk.pptx", template=str(template),
                                           images=ImageOptions(offline=True)))
    assert result.ok, result.error
    with zipfile.ZipFile(result.output) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
    assert PPTX_MAIN in types and "macroEnabled" not in types and "vbaProject" not in types
    assert not any(n.endswith(".bin") for n in names)
    assert result.slides == 5  # title, two dividers, two content slides
    texts = [n for n in names if n.startswith("ppt/slides/slide")]
    assert len(texts) == result.slides


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_an_unusable_template_is_one_line_naming_it(kind: str, unusable: dict[str, Path],
                                                    tmp_path: Path) -> None:
    note = tmp_path / "talk.md"
    note.write_text(NOTE, encoding="utf-8")
    result = build_note(note, BuildOptions(output=tmp_path, template=str(unusable[kind])))
    assert not result.ok
    assert result.error.file == str(unusable[kind])
    assert EXPECTED[kind] in result.error.message
    assert "\n" not in result.error.message and "internal error" not in result.error.message


@pytest.mark.slow
def test_the_command_line_says_it_in_one_line(unusable: dict[str, Path], tmp_path: Path) -> None:
    note = tmp_path / "talk.md"
    note.write_text(NOTE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "slidegen", str(note), "--template",
                          str(unusable["zip bomb"]), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    lines = [line for line in run.stderr.splitlines() if "bomb.pptx" in line]
    assert len(lines) == 1 and "zip bomb" in lines[0], run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


def test_the_bomb_is_refused_from_the_directory_before_inflating(unusable: dict[str, Path]) -> None:
    bomb = unusable["zip bomb"]
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(bomb) as z:
        assert max(i.file_size for i in z.infolist()) == 1 << 30
    with pytest.raises(Exception, match="zip bomb"):
        TemplatePackage(bomb)


def test_only_the_parts_a_deck_uses_are_read(tmp_path: Path) -> None:
    template = make_template(tmp_path / "macro.potm", DESIGNS["dark-divider-4x3.potm"])
    pkg = TemplatePackage(template)
    kept = pkg.kept_parts()
    assert "ppt/vbaProject.bin" not in kept
    assert not any(p.startswith("ppt/slides/") for p in kept)
    assert any(p.startswith("ppt/slideLayouts/") for p in kept)
    model = read_template(template)
    assert model.size_type == "screen4x3" and (model.width, model.height) == (720.0, 540.0)


def _rewritten(source: Path, target: Path, part: str, edit) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            dst.writestr(item, edit(body) if item.filename == part else body)
    return target


@pytest.mark.parametrize(("case", "part", "edit", "expected"), [
    ("entities", "ppt/slideMasters/slideMaster1.xml",
     lambda b: b.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;">]>',
                         1), "declares a DTD"),
    ("size 0", "ppt/presentation.xml",
     lambda b: re.sub(rb'cx="\d+"', b'cx="0"', b, count=1), "not a valid size"),
    ("size text", "ppt/presentation.xml",
     lambda b: re.sub(rb'cy="\d+"', b'cy="wide"', b, count=1), "not a valid size"),
    ("broken xml", "ppt/slideLayouts/slideLayout2.xml", lambda b: b[: len(b) // 2],
     "not well-formed"),
])
def test_a_damaged_part_is_one_line_naming_the_template(case: str, part: str, edit, expected: str,
                                                         tmp_path: Path) -> None:
    base = make_template(tmp_path / "base.pptx", Design(size="4:3"))
    bad = _rewritten(base, tmp_path / f"{case.replace(' ', '-')}.pptx", part, edit)
    note = tmp_path / "talk.md"
    note.write_text(NOTE, encoding="utf-8")
    result = build_note(note, BuildOptions(output=tmp_path / "out", template=str(bad)))
    assert not result.ok
    assert result.error.file == str(bad) and expected in result.error.message
    assert "\n" not in result.error.message
