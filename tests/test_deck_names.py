"""Deck names: a page named by its folder (Hugo and Quarto bundles, README per folder) and
notes of one batch that would share a deck."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from slidegen.deck_names import MAX_STEM_BYTES, deck_path, deck_paths
from tests.test_cli import slidegen


def test_a_bundle_page_is_named_by_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for name in ("index.md", "_index.md", "README.md", "readme.md", "index.qmd"):
        assert deck_path(tmp_path / "go-context" / name, out) == out / "go-context.pptx"
    assert deck_path(tmp_path / "go-context" / "notes.md", out) == out / "notes.pptx"
    assert deck_path(tmp_path / "index.md", out / "deck.pptx") == out / "deck.pptx"


def test_notes_of_one_batch_never_share_a_deck(tmp_path: Path) -> None:
    out = tmp_path / "out"
    notes = [tmp_path / "week1" / "notes.md", tmp_path / "week2" / "notes.md",
             tmp_path / "a" / "x" / "summary.md", tmp_path / "b" / "x" / "summary.md",
             tmp_path / "docker.md", tmp_path / "week1" / "docker.md", tmp_path / "k8s.md"]
    paths = deck_paths(notes, out)
    assert len(set(paths.values())) == len(notes)
    assert paths[notes[0]].name == "week1-notes.pptx"
    assert paths[notes[1]].name == "week2-notes.pptx"
    assert {paths[notes[2]].name, paths[notes[3]].name} == {"x-summary-1.pptx",
                                                            "x-summary-2.pptx"}
    assert paths[notes[6]].name == "k8s.pptx"  # alone with its name: unchanged
    assert all(p.parent == out for p in paths.values())


def test_a_long_shared_name_still_fits(tmp_path: Path) -> None:
    long = "가" * 100  # 300 bytes
    notes = [tmp_path / "x" / f"{long}.md", tmp_path / "y" / f"{long}.md"]
    paths = deck_paths(notes, tmp_path / "out")
    assert len(set(paths.values())) == 2
    assert all(len(p.stem.encode()) <= MAX_STEM_BYTES for p in paths.values())


def test_two_hugo_bundles_give_two_decks(tmp_path: Path) -> None:
    """`content/posts/<slug>/index.md` twice: the second deck was written over the first
    (`index.pptx`), and the run said both were built."""
    site = tmp_path / "blog"
    (site / "hugo.toml").parent.mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "블로그"\n')
    for slug, title in (("go-concurrency", "Go 동시성"), ("go-context", "context 패키지")):
        bundle = site / "content" / "posts" / slug
        bundle.mkdir(parents=True)
        (bundle / "index.md").write_text(
            f"+++\ntitle = \"{title}\"\ndate = 2024-03-01\n+++\n\n## 요약\n\n"
            f"{title} 정리: goroutine 과 channel.\n", encoding="utf-8")
    done = slidegen(tmp_path, *sorted(site.glob("content/posts/*/index.md")), "-o", "out")
    assert done.returncode == 0, done.stderr
    decks = sorted(p.name for p in (tmp_path / "out").glob("*.pptx"))
    assert decks == ["go-concurrency.pptx", "go-context.pptx"]
    first = Presentation(str(tmp_path / "out" / "go-concurrency.pptx"))
    text = " ".join(s.text_frame.text for sl in first.slides for s in sl.shapes
                    if s.has_text_frame)
    assert "Go 동시성" in text and "context 패키지" not in text
