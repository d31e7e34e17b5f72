"""Leftovers of killed runs: a new run tells them from a live run's files by process id."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

STALE_SECONDS = 24 * 3600  # older than this, a leftover goes whatever its process


def process_alive(pid: int) -> bool:
    """True unless `pid` is certainly gone; when in doubt (another user's process), True."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError, OSError):
        return True  # someone else's live process, or a number we cannot judge: keep it
    return True


def sweep_leftovers(folder: Path, name: re.Pattern[str], *, folders: bool = False,
                    max_age: float = STALE_SECONDS) -> list[Path]:
    """Delete the files (or `folders`) in `folder` whose names match `name` and whose run is
    gone: the pattern's `pid` group names a dead process, or the entry is older than
    `max_age`. Returns what was removed; anything that cannot be judged or removed stays."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = name.match(entry.name)
        if not match:
            continue
        try:
            if not (entry.is_dir if folders else entry.is_file)(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > max_age
            pid = match.group("pid")
            if old or (pid is not None and not process_alive(int(pid))):
                if folders:
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # another run removed it, or we may not: leave it
    return removed
