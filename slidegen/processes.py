"""Is the run that left a temporary file still going? Lets a new run sweep a dead one's files."""

from __future__ import annotations

import os


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
