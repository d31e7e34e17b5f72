"""Decks written: the one `DeckWriter` a run uses, chosen once by `open_writer`.

A writer is handed a deck's slides as they are planned (`slides`), then writes the deck
(`finish`) or drops it (`abort`). `LocalWriter` draws in this process once the plan is done;
`ForkedWriter` (slidegen.write.forked) draws in a process forked before planning, on another
core, where that pays. Both write through `write_atomically`: whole or not at all.
"""

from __future__ import annotations

import os
import sys

from slidegen.write.local import DeckWriter, LocalWriter, write_deck

__all__ = ["DeckWriter", "LocalWriter", "open_writer", "write_deck"]


def open_writer(*, decks_at_once: int) -> DeckWriter:
    """The writer of a run, chosen once.

    The forked one pays where decks are written one at a time, fork can start it without
    exec (Linux), a second CPU is idle to draw on, and the renderer is not imported here yet
    (importing it is the child's head start). Otherwise, or if the fork fails, local: with
    every CPU busy the two processes would share one, and forking, copying pages and passing
    slides cost more than they save.
    """
    if (decks_at_once == 1 and sys.platform == "linux" and "slidegen.render" not in sys.modules
            and _idle_cpu()):
        from slidegen.write.forked import ForkedWriter

        forked = ForkedWriter.fork()
        if forked is not None:
            return forked
    return LocalWriter()


def _idle_cpu(loadavg: str = "/proc/loadavg") -> bool:
    """Whether a CPU this process may use is idle now: the tasks runnable at this moment
    (this one among them, the fourth field of /proc/loadavg) are fewer than the CPUs."""
    cpus = len(os.sched_getaffinity(0))
    try:
        with open(loadavg, encoding="ascii") as handle:
            running = int(handle.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        running = 1
    return running < cpus
