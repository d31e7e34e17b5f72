"""Same note, images and theme → byte-identical .pptx, so decks can be diffed and cached.

Builds run through the real pipeline (and once through the command line in another process,
another folder and another second); only SOURCE_DATE_EPOCH or the note's date may date a deck.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, build_note

try:
    from tests.validate import validate_pptx
except ImportError:  # pytest run with tests/ as the root
    from validate import validate_pptx  # type: ignore[no-redef]


def build_bytes(note: Path, out: Path, cache: Path) -> bytes:
    result = build_note(note, BuildOptions(output=out, images=ImageOptions(cache_dir=cache)))
    assert result.ok, str(result.error)
    assert result.output is not None
    return result.output.read_bytes()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@pytest.mark.slow
def test_seed_post_builds_to_identical_bytes(seed_post: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build_bytes(seed_post, tmp_path / "one", cache)
    time.sleep(1.1)  # a clock-stamped zip entry or property would differ now
    second = build_bytes(seed_post, tmp_path / "two", cache)
    assert digest(first) == digest(second)
    validate_pptx(first)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "slidegen", str(seed_post), "-o",
                           str(tmp_path / "cli" / "deck.pptx"), "-q"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert digest((tmp_path / "cli" / "deck.pptx").read_bytes()) == digest(first)


@pytest.mark.slow
def test_project_notes_build_to_identical_bytes(project_notes: Path, tmp_path: Path) -> None:
    notes = sorted(project_notes.glob("*.md"))
    assert notes
    for note in notes:
        first = build_bytes(note, tmp_path / "one", tmp_path / "cache")
        second = build_bytes(note, tmp_path / "two", tmp_path / "cache")
        assert digest(first) == digest(second), note.name
        with zipfile.ZipFile(tmp_path / "one" / f"{note.stem}.pptx") as z:
            stamps = {info.date_time for info in z.infolist()}
            assert len(stamps) == 1 and next(iter(stamps))[3:] == (0, 0, 0)  # a date, no clock


@pytest.mark.parametrize("epoch", ["1644278400", "946684800"])
@pytest.mark.slow
def test_source_date_epoch_dates_an_undated_note(tmp_path: Path, epoch: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    note = tmp_path / "undated.md"
    note.write_text("# Undated\n\n- 한국어 항목\n- item\n\n## Next\n\ntext\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    first = build_bytes(note, tmp_path / "one", tmp_path / "cache")
    time.sleep(1.1)
    second = build_bytes(note, tmp_path / "two", tmp_path / "cache")
    assert first == second
    created = Presentation(str(tmp_path / "one" / "undated.pptx")).core_properties.created
    assert created is not None
    if created.tzinfo is None:  # python-pptx reads W3CDTF as naive UTC
        created = created.replace(tzinfo=dt.UTC)
    assert int(created.timestamp()) == int(epoch)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    third = build_bytes(note, tmp_path / "three", tmp_path / "cache")
    assert (third == first) == (epoch == "946684800")  # without it: the fixed fallback date
