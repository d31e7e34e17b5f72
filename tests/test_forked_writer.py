"""The forked writer: decks it writes are the decks written here, and its failures are ours.

It is a real forked child (Linux); where fork is missing these tests skip.
"""

from __future__ import annotations

import fcntl
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage

from slidegen.deck import Box, Slide, TextBox
from slidegen.diagnostics import Diagnostics, ReportedBug
from slidegen.pipeline import BuildOptions, build_note, plan_note
from slidegen.write import LocalWriter, forked, open_writer, write_deck
from slidegen.write.forked import ForkedWriter

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (Linux, macOS)")

NOTE = """---
title: 렌더 프로세스
---

## 컨테이너

- 격리된 프로세스 one
- second point

![diagram](pic.png)

## Next

Some text.
"""


@pytest.fixture
def note(tmp_path: Path) -> Path:
    PILImage.new("RGBA", (120, 80), (30, 120, 200, 255)).save(tmp_path / "pic.png")
    path = tmp_path / "note.md"
    path.write_text(NOTE, encoding="utf-8")
    return path


@pytest.fixture
def renderer() -> Iterator[ForkedWriter]:
    started = ForkedWriter.fork()
    assert started is not None
    yield started
    started.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); it has ended all the same
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ")[1][0] != "Z"


@pytest.mark.slow
def test_decks_from_the_child_are_byte_identical(note: Path, renderer: ForkedWriter,
                                                  tmp_path: Path) -> None:
    deck = plan_note(note, BuildOptions(), Diagnostics(str(note)))
    here, there = tmp_path / "here.pptx", tmp_path / "there.pptx"
    write_deck(deck, here)
    renderer.write(deck, there)
    renderer.write(deck, tmp_path / "again.pptx")  # the child serves more than one deck
    assert there.read_bytes() == here.read_bytes() == (tmp_path / "again.pptx").read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.slow
def test_slides_drawn_while_planned_give_the_same_deck(tmp_path: Path,
                                                       renderer: ForkedWriter) -> None:
    """Slides go to the child as they are planned; a picture downscaled only once the whole
    deck is known (shown small twice here) gets its new bytes at the end."""
    PILImage.new("RGB", (3000, 1500), (200, 90, 30)).save(tmp_path / "wide.png")
    note = tmp_path / "two.md"
    note.write_text("# Two\n\n## One\n\n- a point\n\n![w](wide.png)\n\n"
                    "## Again\n\n![w](wide.png)\n", encoding="utf-8")
    streamed = build_note(note, BuildOptions(), output=tmp_path / "streamed.pptx",
                          writer=renderer)
    here = build_note(note, BuildOptions(), output=tmp_path / "here.pptx")
    assert streamed.ok and here.ok, (streamed.error, here.error)
    assert (tmp_path / "streamed.pptx").read_bytes() == (tmp_path / "here.pptx").read_bytes()
    with zipfile.ZipFile(tmp_path / "here.pptx") as deck:
        media = [n for n in deck.namelist() if n.startswith("ppt/media/")]
        assert len(media) == 1
        with PILImage.open(io.BytesIO(deck.read(media[0]))) as stored:
            assert stored.width < 2560  # fitted to its display size, not as read (2560)


def test_a_deck_refused_after_its_slides_were_sent_is_not_written(
        tmp_path: Path, renderer: ForkedWriter) -> None:
    long = tmp_path / "long.md"
    long.write_text("# Long\n\n## Many\n\n" + "".join(f"- point {n} with some words\n"
                                                     for n in range(60)), encoding="utf-8")
    refused = build_note(long, BuildOptions(strict=True), output=tmp_path / "long.pptx",
                         writer=renderer)
    assert refused.error is not None and "--strict" in refused.error.message
    assert not (tmp_path / "long.pptx").exists()
    fine = build_note(_tiny(tmp_path), BuildOptions(), output=tmp_path / "tiny.pptx",
                      writer=renderer)  # the child goes on with the next deck
    assert fine.ok and (tmp_path / "tiny.pptx").stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_write_error_in_the_child_is_the_same_error(note: Path, renderer: ForkedWriter,
                                                     tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    target = tmp_path / "file" / "deck.pptx"
    here = build_note(note, BuildOptions(), output=target)
    there = build_note(note, BuildOptions(), output=target, writer=renderer)
    assert here.error is not None and there.error is not None
    assert str(there.error) == str(here.error)
    assert "a part of the output path is a file" in str(there.error)


def test_a_bug_in_the_child_is_one_line_naming_where(renderer: ForkedWriter,
                                                     tmp_path: Path) -> None:
    deck = plan_note(_tiny(tmp_path), BuildOptions(), Diagnostics("x"))
    broken = TextBox(Box(0, 0, 100, 20), "not a list of paragraphs", "body", 18)  # type: ignore[arg-type]
    deck.slides.append(Slide("content", None, [broken]))
    with pytest.raises(ReportedBug) as caught:
        renderer.write(deck, tmp_path / "deck.pptx")
    message = str(caught.value)
    assert message.startswith("internal error ") and " at " in message and ".py:" in message
    assert "\n" not in message
    assert not (tmp_path / "deck.pptx").exists()
    renderer.write(plan_note(_tiny(tmp_path), BuildOptions(), Diagnostics("x")),
                   tmp_path / "fine.pptx")  # and it goes on serving
    assert (tmp_path / "fine.pptx").stat().st_size > 0


def test_a_killed_child_means_rendering_here(note: Path, renderer: ForkedWriter,
                                            tmp_path: Path) -> None:
    os.kill(renderer.pid, signal.SIGKILL)
    deck = plan_note(note, BuildOptions(), Diagnostics(str(note)))
    renderer.write(deck, tmp_path / "deck.pptx")
    write_deck(deck, tmp_path / "here.pptx")
    assert (tmp_path / "deck.pptx").read_bytes() == (tmp_path / "here.pptx").read_bytes()
    assert not alive(renderer.pid)


def test_the_child_ends_with_its_parent(tmp_path: Path) -> None:
    """A parent killed with -9 cannot close the pipe first; the child must not live on."""
    script = textwrap.dedent("""\
        import sys, time
        from slidegen.write.forked import ForkedWriter
        child = ForkedWriter.fork()
        print(child.pid, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert alive(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive(child) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not alive(child)
    finally:
        parent.kill()
        parent.wait()


def test_no_fork_once_the_renderer_is_imported_here() -> None:
    import pptx  # noqa: F401  nothing left to overlap

    assert isinstance(open_writer(decks_at_once=1), LocalWriter)


def _tiny(folder: Path) -> Path:
    path = folder / "tiny.md"
    path.write_text("# Tiny\n\n## One\n\n- a point\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="pipe sizes are Linux's")
def test_the_pipe_to_the_render_process_holds_a_slide_with_its_pictures() -> None:
    """Written 64 KiB at a time, each picture's bytes waited for the planner to let the
    sending thread run again between writes: the render process got its first slides only
    when planning ended."""
    read_end, write_end = os.pipe()
    try:
        forked._widen(write_end)
        assert fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ) >= 1 << 20
    finally:
        os.close(read_end)
        os.close(write_end)
