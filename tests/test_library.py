"""The library API scripts use: `slidegen.build(...)`."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

import slidegen


def test_build_returns_what_it_built(tmp_path: Path) -> None:
    note = tmp_path / "week1.md"
    note.write_text("---\ntitle: 첫 주\n---\n## 컨테이너\n- 가볍다\n- 빠르다\n", encoding="utf-8")
    result = slidegen.build(note, theme="dark", output=tmp_path / "decks")
    assert result.ok and result.error is None
    assert result.output == tmp_path / "decks" / "week1.pptx"
    assert result.slides == 2 == len(Presentation(str(result.output)).slides)
    assert result.warnings == []


def test_build_reports_bad_input_instead_of_raising(tmp_path: Path) -> None:
    note = tmp_path / "broken.md"
    note.write_text("---\ntitle: [unclosed\n---\ntext\n", encoding="utf-8")
    result = slidegen.build(note, output=tmp_path)
    assert not result.ok and result.output is None
    assert result.error is not None and result.error.line == 2
    assert str(result.error).startswith(str(note))
    assert not (tmp_path / "broken.pptx").exists()
