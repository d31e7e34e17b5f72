"""One rule for the files slidegen reads: inside the allowed root after following links, or
refused with a message; settings that widen access only from the command line or a config
the person named (or keeps in the current folder).

Sites, vaults and themes are laid out as Jekyll, Hugo and Obsidian lay them out, with a
secret picture outside them that must never reach a deck.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, build_note

try:
    from tests.imageserver import png_bytes
    from tests.test_hostile import assert_error, deck_of, error_lines, run_cli, write_note
except ImportError:  # pytest run with tests/ as the root
    from imageserver import png_bytes  # type: ignore[no-redef]
    from test_hostile import (  # type: ignore[no-redef]
        assert_error,
        deck_of,
        error_lines,
        run_cli,
        write_note,
    )

SECRET = png_bytes(31, 17, (250, 0, 0))


def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(SECRET)
    return path


def build_one(note: Path, out: Path, **images: object):  # type: ignore[no-untyped-def]
    options = BuildOptions(output=out, images=ImageOptions(offline=True, cache_dir=out / ".c",
                                                           **images))  # type: ignore[arg-type]
    return build_note(note, options)


def media_of(deck: Path) -> list[bytes]:
    with zipfile.ZipFile(deck) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("ppt/media/")]


# --- themes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["logo: {secret}", "logo: ../outside/secret.png",
                                  "logo: linked.png", "extends: ../outside/base.yaml",
                                  "background_image: {secret}"])
@pytest.mark.slow
def test_theme_files_cannot_reach_outside_their_folder(tmp_path: Path, line: str) -> None:
    path = secret(tmp_path)
    (tmp_path / "outside" / "base.yaml").write_text("extends: default\n")
    notes = tmp_path / "notes"
    write_note(notes, "good.md", "# Good\n\nfine\n")
    note = write_note(notes, "note.md", "---\ntheme: mine.yaml\n---\n# Themed\n\ntext\n")
    os.symlink(path, notes / "linked.png")
    (notes / "mine.yaml").write_text("sizes: {body: 20}\n" + line.format(secret=path) + "\n")
    done = run_cli(note, notes / "good.md", "-o", "out", cwd=tmp_path)
    errors = error_lines(done)
    assert done.returncode == 1 and len(errors) == 1, done.stderr
    assert "mine.yaml:2:" in errors[0] and "outside the theme's folder" in errors[0]
    assert (tmp_path / "out" / "good.pptx").is_file()
    assert not (tmp_path / "out" / "note.pptx").exists()


def test_theme_file_with_its_logo_beside_it_is_fine(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "brand").mkdir(parents=True)
    (notes / "brand" / "logo.png").write_bytes(png_bytes(40, 40))
    (notes / "brand" / "mine.yaml").write_text("extends: dark\nlogo: logo.png\n")
    note = write_note(notes, "note.md", "---\ntheme: brand/mine.yaml\n---\n# T\n\n## S\n\nx\n")
    deck_of(build_one(note, tmp_path / "out"))


@pytest.mark.parametrize("ref", ["../x.pptx", "{abs}"])
def test_front_matter_template_outside_is_refused(tmp_path: Path, ref: str) -> None:
    outside = tmp_path / "x.pptx"
    outside.write_bytes(b"not read")
    shown = ref.format(abs=outside)
    note = write_note(tmp_path / "notes", "note.md",
                      f"---\ntitle: T\ntemplate: {shown}\n---\n# B\n")
    result = build_one(note, tmp_path / "out")
    assert "outside the note's folder" in assert_error(result, note, 3)


# --- sites and vaults --------------------------------------------------------------------------


def test_hugo_static_linked_to_the_root_is_not_followed(tmp_path: Path) -> None:
    path = secret(tmp_path)
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://me.example.org/"\n')
    os.symlink("/", site / "static")
    note = write_note(site / "content" / "posts", "p.md",
                      f"# Post\n\n## Pic\n\n![s]({path})\n\n![u](https://me.example.org{path})\n")
    result = build_one(note, tmp_path / "out")
    deck_of(result)
    assert result.pictures == 0 and result.placeholders == 2
    assert SECRET not in media_of(result.output)


@pytest.mark.parametrize("marker", [".obsidian", "_config.yml", "hugo.toml", "mkdocs.yml",
                                    "_quarto.yml", ".vitepress", ".vuepress", ".gitbook",
                                    "SUMMARY.md", "docusaurus.config.js"])
def test_site_or_vault_markers_far_above_do_not_widen_the_root(tmp_path: Path,
                                                               marker: str) -> None:
    top = tmp_path / "top"
    (top / "pics").mkdir(parents=True)
    (top / "pics" / "far.png").write_bytes(SECRET)
    if marker.startswith("."):
        (top / marker).mkdir()
    else:
        (top / marker).write_text("url: https://me.example.org\n" if marker.endswith("yml")
                                  else 'baseURL = "https://me.example.org/"\n')
    deep = top / "a" / "b" / "c" / "d" / "e" / "f"
    note = write_note(deep, "note.md", "# Far\n\n## Pic\n\n![[far.png]]\n\n"
                      "![x](/pics/far.png)\n\n![y](../../../../../../pics/far.png)\n")
    result = build_one(note, tmp_path / "out")
    deck_of(result)
    assert result.pictures == 0 and SECRET not in media_of(result.output)


def test_a_site_close_above_the_note_still_serves_its_pictures(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    (site / "assets" / "images").mkdir(parents=True)
    (site / "assets" / "images" / "d.png").write_bytes(png_bytes(50, 30))
    (site / "_config.yml").write_text("url: https://me.github.io\n")
    note = write_note(site / "_posts" / "2024", "2024-01-02-p.md",
                      "# P\n\n## A\n\n![a](/assets/images/d.png)\n\n"
                      "![b](https://me.github.io/assets/images/d.png)\n\n"
                      "![c](../../assets/images/d.png)\n")
    result = build_one(note, tmp_path / "out")
    deck_of(result)
    assert result.pictures == 3 and result.placeholders == 0


# --- configuration files -----------------------------------------------------------------------


@pytest.mark.slow
def test_config_found_above_the_notes_cannot_widen_access(tmp_path: Path) -> None:
    path = secret(tmp_path)
    project = tmp_path / "project"
    (project / "slidegen.yaml").parent.mkdir(parents=True)
    (project / "slidegen.yaml").write_text(
        "allow_local_files: true\nallow_private_hosts: true\noutput: ../../anywhere\n"
        "site_map:\n  https://me.example.org: /\n")
    note = write_note(project / "notes", "n.md",
                      f"# N\n\n## P\n\n![a]({path})\n\n![b](https://me.example.org{path})\n")
    work = project / "notes"
    done = run_cli("n.md", cwd=work)
    assert done.returncode == 0, done.stderr
    warned = [ln for ln in done.stderr.splitlines() if "cannot widen access" in ln]
    assert len(warned) == 4, done.stderr  # the two allow_*, the output, the site_map
    deck = work / "output" / "n.pptx"
    assert deck.is_file() and not (tmp_path / "anywhere").exists()
    assert SECRET not in media_of(deck)
    named = run_cli("n.md", "--config", project / "slidegen.yaml", "-o", "named", cwd=work)
    assert named.returncode == 0 and "cannot widen" not in named.stderr
    assert SECRET in media_of(work / "named" / "n.pptx")
    assert note.is_file()
