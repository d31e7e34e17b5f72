"""Ordinary mistakes and bombs in the files slidegen reads: one line naming the file (and line),
that note alone fails or warns, and the rest of the batch is built.

Covers YAML bombs and deep nesting in every YAML or TOML read (front matter, slidegen.yaml,
pyproject.toml, theme files, a site's _config.yml), echoed values cut short, bad dates,
surrogates, NUL bytes, wrong `theme:` values, SOURCE_DATE_EPOCH and very long note names.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from slidegen.yamlnodes import compose, value_of

try:
    from tests.test_hostile import (
        all_text,
        assert_error,
        build,
        deck_of,
        error_lines,
        run_cli,
        write_note,
    )
except ImportError:  # pytest run with tests/ as the root
    from test_hostile import (  # type: ignore[no-redef]
        all_text,
        assert_error,
        build,
        deck_of,
        error_lines,
        run_cli,
        write_note,
    )

BOMB = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi",
                                                                  strict=True)]
) + "\n"
DEEP = "x: " + "[" * 20_000 + "]" * 20_000 + "\n"


def batch(tmp_path: Path, bad: str, name: str = "bad.md") -> tuple[Path, Path]:
    """A folder with the bad note and a good one next to it."""
    notes = tmp_path / "notes"
    write_note(notes, "good.md", "# Good\n\nfine\n")
    return write_note(notes, name, bad), notes / "good.md"


def assert_one_error(done: subprocess.CompletedProcess[str], where: str, code: int = 1) -> str:
    errors = error_lines(done)
    assert done.returncode == code, done.stderr
    assert len(errors) == 1, done.stderr
    assert where in errors[0], errors[0]
    assert len(errors[0]) < 400, errors[0]  # nothing echoed back at length
    assert len(done.stderr) < 4000
    return errors[0]


# --- YAML and TOML everywhere ------------------------------------------------------------------


@pytest.mark.parametrize("body", [BOMB, DEEP, "a: &a [*a]\n"], ids=["bomb", "deep", "loop"])
@pytest.mark.slow
def test_slidegen_yaml_found_beside_the_notes_is_guarded(tmp_path: Path, body: str) -> None:
    batch(tmp_path, "# Bad\n")
    (tmp_path / "notes" / "slidegen.yaml").write_text(body)
    done = run_cli("notes/good.md", "-o", "out", cwd=tmp_path, timeout=30)
    assert_one_error(done, "slidegen.yaml:", code=2)


@pytest.mark.slow
def test_pyproject_settings_are_guarded(tmp_path: Path) -> None:
    batch(tmp_path, "# Bad\n")
    pyproject = tmp_path / "notes" / "pyproject.toml"
    pyproject.write_text("[tool.slidegen]\ntheme = \"" + "x" * 100_000 + "\"\n"
                         "jobs = \"" + "y" * 100_000 + "\"\n")
    done = run_cli("notes/good.md", "-o", "out", cwd=tmp_path, timeout=30)
    line = assert_one_error(done, "pyproject.toml:3:", code=2)
    assert "yyyyy..." in line
    pyproject.write_text("[tool.slidegen]\ntheme = " + "[" * 5000 + "]" * 5000 + "\n")
    done = run_cli("notes/good.md", "-o", "out", cwd=tmp_path, timeout=30)
    assert_one_error(done, "pyproject.toml", code=2)


@pytest.mark.parametrize("body", [f"sizes:\n  body: 20\nx: {{}}\n{BOMB}", "colors: " + DEEP])
@pytest.mark.slow
def test_theme_file_bombs_fail_only_their_note(tmp_path: Path, body: str) -> None:
    bad, good = batch(tmp_path, "---\ntheme: bomb.yaml\n---\n# Bad\n")
    (tmp_path / "notes" / "bomb.yaml").write_text(body)
    done = run_cli(bad, good, "-o", "out", cwd=tmp_path, timeout=30)
    assert_one_error(done, "bomb.yaml:")
    assert (tmp_path / "out" / "good.pptx").is_file()
    done = run_cli(good, "--theme", "notes/bomb.yaml", "-o", "out", cwd=tmp_path, timeout=30)
    assert_one_error(done, "bomb.yaml:", code=2)


@pytest.mark.slow
def test_site_config_bomb_names_the_site_config(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_note(site, "_config.yml", BOMB)
    note = write_note(site / "_posts", "2024-01-02-post.md", "# Post\n\ntext\n")
    deck_of(build(tmp_path / "elsewhere", "# Post\n"))  # a note outside the site: fine
    done = run_cli(note, "-o", "out", cwd=tmp_path, timeout=30)
    assert_one_error(done, "_config.yml:")


@pytest.mark.slow
def test_front_matter_nested_twenty_thousand_deep(tmp_path: Path) -> None:
    bad, good = batch(tmp_path, "---\ntitle: deep\n" + DEEP + "---\n# Body\n")
    done = run_cli(bad, good, "-o", "out", cwd=tmp_path, timeout=30)
    line = assert_one_error(done, "bad.md:3:")
    assert "nested" in line
    assert (tmp_path / "out" / "good.pptx").is_file()


def test_echoed_values_are_cut_short(tmp_path: Path) -> None:
    batch(tmp_path, "# Bad\n")
    (tmp_path / "notes" / "slidegen.yaml").write_text("jobs: " + "9" * 50_000 + "x\n")
    done = run_cli("notes/good.md", "-o", "out", cwd=tmp_path, timeout=30)
    line = assert_one_error(done, "slidegen.yaml:1:", code=2)
    assert len(line) < 250 and "..." in line


# --- front matter values ---------------------------------------------------------------------


@pytest.mark.parametrize("date", ["2024-13-45", "2024-02-30", "2024-12-31 25:61:00",
                                  "'2024-02-30'"])
def test_impossible_dates_are_left_off_with_a_warning(tmp_path: Path, date: str) -> None:
    result = build(tmp_path, f"---\ntitle: Dated\ndate: {date}\n---\n# Body\n\ntext\n")
    prs = deck_of(result)
    warned = [w for w in result.warnings if "date" in w.message]
    assert [w.line for w in warned] == [3], result.warnings
    title_slide = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "2024" not in title_slide
    assert prs.core_properties.created.year == 2000  # the fixed fallback, not a made-up date


def test_a_real_date_and_time_is_kept(tmp_path: Path) -> None:
    result = build(tmp_path, "---\ndate: 2022-02-08 10:30:00 +0900\n---\n# Body\n\ntext\n")
    prs = deck_of(result)
    assert not [w for w in result.warnings if "date" in w.message]
    assert "2022-02-08" in " ".join(s.text_frame.text for s in prs.slides[0].shapes
                                    if s.has_text_frame)


def test_lone_surrogate_in_front_matter(tmp_path: Path) -> None:
    """libyaml refuses the escape (no file can hold it); PyYAML's own parser, where libyaml is
    missing, reads it, and then it is shown as U+FFFD with a warning."""
    note = '---\ntitle: "A \\ud800 B"\n---\n# Body\n\ntext\n'
    result = build(tmp_path, note)
    if result.ok:
        assert [w.line for w in result.warnings if "surrogate" in w.message] == [2]
        assert "A \ufffd B" in all_text(deck_of(result))
    else:
        assert "escape" in assert_error(result, tmp_path / "notes" / "note.md", 2)
    warnings: list[tuple[int, str]] = []
    try:
        node = compose('t: "A \\ud800 B \\ud83d\\ude00"', "t.yaml", "front matter", 2,
                       lambda line, message: warnings.append((line, message)))
    except yaml.YAMLError:
        return  # libyaml
    assert value_of(node) == {"t": "A \ufffd B \U0001f600"}
    assert [line for line, _ in warnings] == [2]


def test_theme_that_does_not_exist_names_the_note_and_line(tmp_path: Path) -> None:
    result = build(tmp_path, "---\ntitle: x\ntheme: nosuch\n---\n# Body\n")
    text = assert_error(result, tmp_path / "notes" / "note.md", 3)
    assert "nosuch" in text


@pytest.mark.parametrize("value", ["[a, b]", "{name: dark}", "42"])
def test_theme_that_is_not_one_name_is_an_error(tmp_path: Path, value: str) -> None:
    result = build(tmp_path, f"---\ntitle: x\n\ntheme: {value}\n---\n# Body\n")
    assert "theme" in assert_error(result, tmp_path / "notes" / "note.md", 4)


def test_nul_byte_is_dropped_with_a_warning(tmp_path: Path) -> None:
    result = build(tmp_path, b"# Title\n\nfirst\n\nsec\x00ond line\n")
    prs = deck_of(result)
    assert [w.line for w in result.warnings if "NUL" in w.message] == [5]
    assert "second line" in all_text(prs)


# --- the environment and the file system -------------------------------------------------------


@pytest.mark.parametrize("epoch", ["300000000000", "-5", "soon"])
@pytest.mark.slow
def test_source_date_epoch_out_of_range(tmp_path: Path, epoch: str) -> None:
    _, good = batch(tmp_path, "# Bad\n")
    done = run_cli(good, "-o", "out", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": epoch})
    line = assert_one_error(done, "good.md:")
    assert "SOURCE_DATE_EPOCH" in line


@pytest.mark.slow
def test_note_name_of_250_bytes(tmp_path: Path) -> None:
    name = "노트" * 40 + "x" * 7 + ".md"  # 240 + 7 + 3 bytes
    assert len(name.encode()) == 250
    note = write_note(tmp_path / "notes", name, "# Long name\n\ntext\n")
    done = run_cli(note, "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    decks = list((tmp_path / "out").glob("*.pptx"))
    assert len(decks) == 1 and len(decks[0].name.encode()) <= 245
    deck_of(build(tmp_path / "lib", "# Long\n\ntext\n", name=name))


@pytest.mark.slow
def test_pure_python_yaml_parser_is_guarded_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where libyaml is missing: deep nesting ends in one error, surrogates are mended."""
    import slidegen.yamlnodes as yamlnodes
    from slidegen.diagnostics import SlidegenError

    monkeypatch.setattr(yamlnodes, "_LOADER", yaml.SafeLoader)
    with pytest.raises(SlidegenError, match="nested more than"):
        compose(DEEP, "t.yaml", "the theme")
    warnings: list[int] = []
    node = compose('t: "A \\ud800 B \\ud83d\\ude00"', "t.yaml", "front matter", 2,
                   lambda line, message: warnings.append(line))
    assert node is not None
    assert value_of(node) == {"t": "A \ufffd B \U0001f600"}
    assert warnings == [2]


def test_a_dependency_missing_from_the_environment_says_how_to_install_it(
        tmp_path: Path) -> None:
    """An editable install updated with git, not pip, lacked the new `uharfbuzz` and printed
    "internal error ModuleNotFoundError ...; please report it". It is no bug: one line says
    what is missing and how to bring it in, and the run fails."""
    import sys

    note = write_note(tmp_path, "note.md", "# 노트\n\n## 하나\n\n본문\n")
    code = ("import sys; sys.modules['uharfbuzz'] = None\n"  # as if it were not installed
            "from slidegen.app.cli import run\n"
            f"sys.argv = ['slidegen', {str(note)!r}, '-o', {str(tmp_path / 'x.pptx')!r}]\n"
            "run()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    error = assert_one_error(done, "'uharfbuzz'")
    assert "pip install" in error
    assert "internal error" not in error and "please report" not in error
