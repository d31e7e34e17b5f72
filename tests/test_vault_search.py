"""The vault search behind `![[name]]`: bounded by what it visits, blind to hidden folders, and
never a walk of the disk for a note that lives outside any vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.images.vault import search_vault
from tests.dialects import all_text, build, leaked_markup, write


def crowded_vault(root: Path, files: int) -> Path:
    for index in range(files):
        write(root / "a-crowd" / f"n{index:04}.md", "x")
    return write(root / "z-last/deep/Target.md", "# Target\n\n찾은 노트\n")


def test_search_finds_a_note_anywhere_in_the_vault(tmp_path: Path) -> None:
    target = crowded_vault(tmp_path, 30)
    assert search_vault(tmp_path, "Target.md") == target
    assert search_vault(tmp_path, "deep/Target.md") == target
    assert search_vault(tmp_path, "other/Target.md") is None  # the path must match as written


def test_search_finds_a_name_written_in_the_other_unicode_form(tmp_path: Path) -> None:
    """A vault synced from a Mac holds `화면.png` decomposed (NFD); the note links it composed."""
    import unicodedata

    stored = write(tmp_path / unicodedata.normalize("NFD", "첨부/화면 1.png"), "x")
    assert search_vault(tmp_path, "화면 1.png") == stored
    assert search_vault(tmp_path, "첨부/화면 1.png") == stored
    assert search_vault(tmp_path, unicodedata.normalize("NFD", "화면 1.png")) == stored


def test_search_stops_after_its_limit_of_entries_not_of_matches(tmp_path: Path) -> None:
    crowded_vault(tmp_path, 30)  # sorted walk: the crowd comes first, the note after it
    assert search_vault(tmp_path, "Target.md", limit=20) is None
    assert search_vault(tmp_path, "Target.md", limit=200) is not None


def test_search_skips_hidden_and_trash_folders(tmp_path: Path) -> None:
    for hidden in (".trash", ".obsidian", ".git", "node_modules"):
        write(tmp_path / hidden / "Gone.md", "x")
    assert search_vault(tmp_path, "Gone.md") is None


def test_embed_found_deep_in_a_marked_vault_but_not_in_its_trash(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write(vault / ".obsidian/app.json", "{}")
    write(vault / "topics/runtime/Namespaces.md", "# Namespaces\n\n네임스페이스는 격리한다.\n")
    write(vault / ".trash/Old.md", "# Old\n\n지운 노트\n")
    note = write(vault / "week1/Study.md", "# 스터디\n\n## 개념\n\n![[Namespaces]]\n\n![[Old]]\n")
    result, prs = build(note, tmp_path / "out")
    text = all_text(prs)
    assert "네임스페이스는 격리한다." in text and "지운 노트" not in text
    assert [w.line for w in result.warnings if "not found" in w.message] == [7]
    assert leaked_markup(prs) == []


@pytest.mark.slow
def test_url_like_embed_outside_any_vault_is_a_warning(tmp_path: Path) -> None:
    """Found by the property-based generator: a note in a temp folder, with no vault marker,
    made the build search every folder up to `/` and fail with 'cannot write the deck'."""
    note = write(tmp_path / "notes/generated.md",
                 "컨테이너 설명\n\n![[file:///etc/hostname|]]\n\n<b>컨테이너</b>\n")
    result, prs = build(note, tmp_path / "out")
    assert result.ok, result.error
    assert any(w.line == 3 and "not found" in w.message for w in result.warnings)
    assert "컨테이너 설명" in all_text(prs) and leaked_markup(prs) == []
