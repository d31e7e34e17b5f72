"""The forked writer: decks it writes are the decks written here, and its failures are ours.

It is a real forked child (Linux); where fork is missing these tests skip.
"""

from __future__ import annotations

import fcntl
import io
import os
import pickle
import signal
import subprocess
import sys
import termios
import textwrap
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage

from slidegen.deck import Box, ImageData, Picture, Slide, TextBox
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


@pytest.mark.skipif(sys.platform != "linux", reason="/proc/loadavg is Linux's")
def test_no_fork_while_every_cpu_is_busy() -> None:
    """With every CPU running something the two processes would share one, and forking
    costs more than it saves: the deck is drawn here."""
    from slidegen.write import _idle_cpu

    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in os.sched_getaffinity(0)]
    try:
        time.sleep(0.3)
        assert not _idle_cpu()
        assert isinstance(open_writer(decks_at_once=1), LocalWriter)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


def test_a_cpu_is_idle_when_fewer_tasks_run_than_there_are_cpus(tmp_path: Path) -> None:
    from slidegen.write import _idle_cpu

    cpus = len(os.sched_getaffinity(0))
    quiet, busy, odd = tmp_path / "quiet", tmp_path / "busy", tmp_path / "odd"
    quiet.write_text("0.10 0.20 0.30 1/120 4242\n", encoding="ascii")
    busy.write_text(f"2.00 2.00 2.00 {cpus + 1}/120 4242\n", encoding="ascii")
    odd.write_text("nothing here\n", encoding="ascii")
    assert _idle_cpu(str(quiet)) == (cpus > 1)
    assert not _idle_cpu(str(busy))
    assert _idle_cpu(str(odd)) == (cpus > 1)  # unreadable: as if this process ran alone
    assert _idle_cpu(str(tmp_path / "absent")) == (cpus > 1)


def test_no_fork_once_the_renderer_is_imported_here() -> None:
    import slidegen.render  # noqa: F401  nothing left to overlap

    assert isinstance(open_writer(decks_at_once=1), LocalWriter)


def _tiny(folder: Path) -> Path:
    path = folder / "tiny.md"
    path.write_text("# Tiny\n\n## One\n\n- a point\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="pipe sizes are Linux's")
def test_the_pipe_to_the_render_process_holds_a_slide_with_its_pictures() -> None:
    """A slide with its pictures goes into the pipe at once, while the planner goes on."""
    read_end, write_end = os.pipe()
    try:
        forked._widen(write_end)
        assert fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ) >= 1 << 20
    finally:
        os.close(read_end)
        os.close(write_end)


def unread(fd: int) -> int:
    """Bytes written to the pipe `fd` and not yet read at its other end."""
    return int.from_bytes(fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"), sys.byteorder)


def test_slides_are_in_the_pipe_when_sent(tmp_path: Path) -> None:
    """The child draws each group of slides while the next is planned, so a group must be in
    the pipe when `slides` returns. A sending thread got the interpreter lock only when
    planning was over: the child waited for the whole plan."""
    deck = plan_note(_tiny(tmp_path), BuildOptions(), Diagnostics("x"))
    read_end, write_end = os.pipe()
    with open(os.devnull, "rb") as answers:
        writer = ForkedWriter(os.getpid(), write_end, answers)  # no child: the test reads
        try:
            writer.slides(deck.info, deck.style, deck.slides)
            sent = os.read(read_end, unread(write_end))
        finally:
            writer.close()
            os.close(read_end)
    assert pickle.loads(sent) == ("slides", deck.info, deck.style, deck.slides)


def test_what_the_pipe_does_not_take_goes_later(tmp_path: Path) -> None:
    """Slides larger than the pipe: `slides` does not wait for the child to read (the planner
    goes on); the rest is written with the next message, or when the writer closes."""
    deck = plan_note(_tiny(tmp_path), BuildOptions(), Diagnostics("x"))
    picture = ImageData(os.urandom(3 << 20), 1000, 1000, "png", "0" * 40)
    slide = Slide("content", None, [Picture(Box(0, 0, 100, 100), picture, "noise")])
    read_end, write_end = os.pipe()
    received = bytearray()
    reader = threading.Thread(target=_read_all, args=(read_end, received), daemon=True)
    with open(os.devnull, "rb") as answers:
        writer = ForkedWriter(os.getpid(), write_end, answers)
        try:
            writer.slides(deck.info, deck.style, [slide])  # returns: nobody reads yet
            in_pipe = unread(write_end)
        finally:
            reader.start()
            writer.close()
            reader.join(timeout=60)
            os.close(read_end)
    assert 0 < in_pipe < len(picture.data)
    assert pickle.loads(bytes(received))[3][0].shapes[0].image.data == picture.data


def _read_all(fd: int, into: bytearray) -> None:
    while chunk := os.read(fd, 1 << 16):
        into += chunk


def test_slides_larger_than_the_pipe_go_in_parts(tmp_path: Path,
                                                 renderer: ForkedWriter) -> None:
    """A picture larger than the pipe: what the pipe does not take now goes with the next
    message, and the deck is the one written here."""
    noise = PILImage.frombytes("RGB", (1100, 1000), os.urandom(1100 * 1000 * 3))
    noise.save(tmp_path / "noise.png")
    assert (tmp_path / "noise.png").stat().st_size > 2 << 20  # twice the pipe (1 MiB)
    note = tmp_path / "big.md"
    note.write_text("# Big\n\n## Noise\n\n![noise](noise.png)\n\n## After\n\n- a point\n",
                    encoding="utf-8")
    there = build_note(note, BuildOptions(), output=tmp_path / "there.pptx", writer=renderer)
    here = build_note(note, BuildOptions(), output=tmp_path / "here.pptx")
    assert there.ok and here.ok, (there.error, here.error)
    assert (tmp_path / "there.pptx").read_bytes() == (tmp_path / "here.pptx").read_bytes()
