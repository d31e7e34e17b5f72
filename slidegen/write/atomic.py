"""Decks written whole or not at all: a hidden temp file beside the deck, then a rename.

Apart from the planner, so that the forked writer imports the renderer and this, not the
whole pipeline.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from slidegen.processes import sweep_leftovers
from slidegen.regex import lazy_compile

# Temp decks are `.<deck name>.<pid>.<random>.part` beside the deck, so os.replace stays on one
# file system. A kill -9 cannot clean up, so every write first removes the temp files of
# processes that no longer exist (or that are a day old: a recycled pid).
writing: str | None = None  # the temp file being written, for a stop that cannot unwind

_PART = lazy_compile(r"^\..+\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.part$")


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write a hidden temp file next to the target, then rename: a failure or a kill never
    leaves half a deck and never removes the previous one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(target.parent)
    fd, temp = tempfile.mkstemp(prefix=f".{_short(target.name)}.{os.getpid()}.",
                                suffix=".part", dir=target.parent)
    global writing
    writing = temp
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    finally:
        writing = None
    _fsync_folder(target.parent)


def _short(name: str, limit: int = 200) -> str:
    """The deck's name cut to `limit` bytes, so the temp name (pid, random part, `.part`) fits
    the 255 bytes a file name may have."""
    raw = name.encode("utf-8", "surrogateescape")
    return name if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def remove_stale_parts(folder: Path) -> list[Path]:
    """Delete temp decks left by killed runs in `folder`; returns what was removed."""
    return sweep_leftovers(folder, _PART)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
