"""Atomic output: killing slidegen at any moment never leaves half a deck nor loses the old one.

The deck is written to a hidden `.<deck>.<pid>.<random>.part` file beside it and renamed over
it. kill -9 cannot clean up, so the next write into that folder removes the temp files of
processes that are gone; these tests kill the real command and look at what is left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from slidegen.pipeline import BuildOptions, build_note
from slidegen.write.atomic import remove_stale_parts

try:
    from tests.imageserver import png_bytes
    from tests.validate import validate_pptx
except ImportError:  # pytest run with tests/ as the root
    from imageserver import png_bytes  # type: ignore[no-redef]
    from validate import validate_pptx  # type: ignore[no-redef]

SLIDES = 600


def big_note(folder: Path) -> Path:
    """A note of about 600 slides, each with a picture (20 distinct PNGs on disk)."""
    pics = folder / "pics"
    pics.mkdir(parents=True, exist_ok=True)
    for n in range(20):
        (pics / f"p{n}.png").write_bytes(png_bytes(320, 240, (n * 12, 100, 255 - n * 12)))
    parts = ["---\ntitle: Big deck\ndate: 2022-02-08\n---\n"]
    for n in range(SLIDES):
        parts.append(f"## Slide {n}\n\n- point {n} 한국어\n- second point\n\n"
                     f"![picture {n}](pics/p{n % 20}.png)\n")
    note = folder / "big.md"
    note.write_text("\n".join(parts), encoding="utf-8")
    return note


def parts_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".part"))


def start(note: Path, out: Path, cwd: Path, session: bool = False) -> subprocess.Popen[bytes]:
    """The real command; with `session`, in a process group of its own, as a terminal runs it."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache"), "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "slidegen", str(note), "-o", str(out), "-q"],
                            cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=session)


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes],
              limit: float = 60) -> bool:
    """Poll until `condition` holds (True) or the process ends first (False)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.002)
    raise AssertionError("timed out waiting for the build")


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """The big note, and an old deck already at its output path (a different, small deck)."""
    note = big_note(tmp_path / "notes")
    out = tmp_path / "out"
    small = tmp_path / "small" / "big.md"
    small.parent.mkdir()
    small.write_text("# Old deck\n\n- kept\n", encoding="utf-8")
    old = build_note(small, BuildOptions(output=out))
    assert old.ok and old.output == out / "big.pptx"
    return note, out, old.output.read_bytes()


@pytest.mark.slow
def test_kill_at_any_moment_keeps_the_old_deck(site: tuple[Path, Path, bytes],
                                               tmp_path: Path) -> None:
    note, out, old = site
    original = old
    deck = out / "big.pptx"
    moments: dict[str, Callable[[], bool]] = {}
    began = 0.0
    moments["0.3 s"] = lambda: time.monotonic() - began > 0.3
    moments["temp file created"] = lambda: bool(parts_in(out))
    moments["temp file being written"] = lambda: any(p.stat().st_size > 0 for p in parts_in(out)
                                                     if p.exists())
    moments["1 s"] = lambda: time.monotonic() - began > 1.0
    moments["2 s"] = lambda: time.monotonic() - began > 2.0
    killed_while_writing = 0
    killed_at = 0.0
    for name, condition in moments.items():
        began = time.monotonic()
        process = start(note, out, tmp_path)
        try:
            reached = wait_for(condition, process)
            if reached:
                writing = bool(parts_in(out))
                killed_at = time.time()
                process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode == -signal.SIGKILL and deck.read_bytes() != old:
            # the kill landed after the new deck was renamed into place, while the command
            # was ending: then it was written whole before the kill, not by a render process
            # that lived on
            assert deck.stat().st_mtime <= killed_at, f"deck written after a kill at {name}"
            assert len(validate_pptx(deck).slides) > SLIDES, f"half a deck after a kill at {name}"
            old = deck.read_bytes()
        elif process.returncode == -signal.SIGKILL:
            killed_while_writing += writing
            visible = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
            assert visible == ["big.pptx"], name
            assert all(p.name.startswith(".big.pptx.") for p in parts_in(out)), name
        else:  # it finished first: then the new deck must be whole
            assert process.returncode == 0, process.stderr.read() if process.stderr else ""
            validate_pptx(deck)
            old = deck.read_bytes()
    assert killed_while_writing >= 1, "no kill landed while the deck was being written"
    # the next run finishes, replaces the deck and sweeps the killed runs' temp files
    final = build_note(note, BuildOptions(output=out))
    assert final.ok, str(final.error)
    assert parts_in(out) == []
    assert sorted(p.name for p in out.iterdir()) == ["big.pptx"]
    prs = validate_pptx(deck)
    assert len(prs.slides) == final.slides > SLIDES
    assert deck.read_bytes() != original


@pytest.mark.slow
def test_ctrl_c_while_writing_leaves_the_old_deck_and_no_temp_file(
        site: tuple[Path, Path, bytes], tmp_path: Path) -> None:
    """Ctrl-C goes to the whole process group: the command and its render process, which may
    be the one writing. Neither may leave a temp file or touch the old deck."""
    note, out, old = site
    process = start(note, out, tmp_path, session=True)
    try:
        if wait_for(lambda: bool(parts_in(out)), process):
            os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if process.returncode == 0:
        pytest.skip("the build finished before the temp file was seen")
    assert process.returncode == 130, err  # as shells report Ctrl-C, and quietly
    assert err == b""  # not even an empty line
    deadline = time.monotonic() + 10  # the render process stops when the command has ended
    while parts_in(out) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert parts_in(out) == []
    assert (out / "big.pptx").read_bytes() == old


@pytest.mark.slow
def test_stale_parts_are_swept_but_live_ones_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)
        dead = out / f".a.pptx.{gone.stdout.strip()}.x1y2.part"
        live = out / f".b.pptx.{sleeper.pid}.k9z.part"
        old = out / f".c.pptx.{sleeper.pid}.old.part"
        mine = out / ".notes.md.swp"
        other = out / "x.part"
        for path in (dead, live, old, mine, other):
            path.write_bytes(b"partial")
        day_ago = time.time() - 2 * 24 * 3600
        os.utime(old, (day_ago, day_ago))
        removed = remove_stale_parts(out)
        assert sorted(removed) == sorted([dead, old])
        assert live.exists() and mine.exists() and other.exists()
        note = tmp_path / "a.md"
        note.write_text("# A\n\ntext\n")
        assert build_note(note, BuildOptions(output=out)).ok
        assert live.exists()
        assert sorted(p.name for p in out.iterdir() if p.suffix == ".pptx") == ["a.pptx"]
    finally:
        sleeper.kill()
        sleeper.wait()
