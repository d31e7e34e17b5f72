"""Decks rendered by a second process, started before any note is planned.

Importing python-pptx is a third of a one-note build. Forked at the start, the child imports
it on another core while this process reads, parses and plans; then it renders and writes each
deck it is sent, atomically as `write_deck` does here, and answers with nothing or the error.
Only where that is safe and pays: Linux (fork without exec), at least two CPUs, and before
python-pptx is imported here. If the child is gone (killed, out of memory) decks are rendered
here again, so a run never fails because of it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

from slidegen.diagnostics import ReportedBug, describe_bug

if TYPE_CHECKING:
    from slidegen.deck import Deck

PR_SET_PDEATHSIG = 1  # linux/prctl.h


class RenderProcess:
    """The child, seen from the parent: `write(deck, target)` for each deck, then `close()`."""

    def __init__(self, pid: int, requests: IO[bytes], answers: IO[bytes]) -> None:
        self.pid = pid
        self._requests: IO[bytes] | None = requests
        self._answers = answers

    @classmethod
    def start(cls) -> RenderProcess | None:
        """The child, or None where rendering here is as fast (see the module's docstring)."""
        if (sys.platform != "linux" or "pptx" in sys.modules
                or len(os.sched_getaffinity(0)) < 2):
            return None
        return cls.fork()

    @classmethod
    def fork(cls) -> RenderProcess | None:
        """The child, whatever has been imported; None where there is no fork or it failed."""
        if not hasattr(os, "fork"):
            return None
        request_out, request_in = os.pipe()
        answer_out, answer_in = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be printed twice
            stream.flush()
        try:
            pid = os.fork()
        except OSError:
            for fd in (request_out, request_in, answer_out, answer_in):
                os.close(fd)
            return None
        if pid == 0:
            os.close(request_in)
            os.close(answer_out)
            _serve(request_out, answer_in, parent=os.getppid())
        os.close(request_out)
        os.close(answer_in)
        return cls(pid, os.fdopen(request_in, "wb"), os.fdopen(answer_out, "rb"))

    def write(self, deck: Deck, target: Path) -> None:
        """Render `deck` into `target`; raises what `write_deck` would raise here."""
        from slidegen.write import write_deck

        if self._requests is None:
            write_deck(deck, target)
            return
        try:
            pickle.dump((deck, target), self._requests, protocol=pickle.HIGHEST_PROTOCOL)
            self._requests.flush()
            error = pickle.load(self._answers)
        except (OSError, EOFError, pickle.UnpicklingError):  # the child is gone
            self.close()
            write_deck(deck, target)
            return
        if error is not None:
            raise error

    def close(self) -> None:
        """End the child: it stops at the end of its input.

        It is collected if it has already gone; waiting for it to free its memory would add
        to every run, so otherwise the system collects it when this process ends.
        """
        if self._requests is None:
            return
        for stream in (self._requests, self._answers):
            with contextlib.suppress(OSError):
                stream.close()
        self._requests = None
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, os.WNOHANG)


def _serve(requests: int, answers: int, parent: int) -> NoReturn:
    """The child's whole life: render what arrives until the parent closes the pipe."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
        signal.signal(signal.SIGTERM, _stop)
        _end_with(parent)
        from slidegen.render import prepare  # python-pptx: the import this process is for
        from slidegen.write import write_deck

        _load_image_formats()
        prepare()

        with os.fdopen(requests, "rb") as inbox, os.fdopen(answers, "wb") as outbox:
            while True:
                try:
                    deck, target = pickle.load(inbox)
                except EOFError:
                    break
                error: BaseException | None = None
                try:
                    write_deck(deck, target)
                except OSError as exc:
                    error = exc
                except Exception as exc:
                    error = ReportedBug(describe_bug(exc))
                pickle.dump(_portable(error), outbox, protocol=pickle.HIGHEST_PROTOCOL)
                outbox.flush()
                prepare()  # for the next deck, while this one is reported
    except BaseException:
        code = 1
    os._exit(code)  # neither the parent's exit handlers nor its unflushed output


def _load_image_formats() -> None:
    """Pillow loads its format plugins when it first opens an image (python-pptx opens each
    picture): here, while the first deck is still being planned, not while it waits."""
    from PIL import Image

    Image.preinit()


def _portable(error: BaseException | None) -> BaseException | None:
    """`error` if it survives pickling (an OSError with its errno and file does), else its
    description."""
    if error is None:
        return None
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return ReportedBug(describe_bug(error))
    return error


def _stop(signum: int, frame: object) -> NoReturn:
    """SIGTERM (also what the parent's death sends): stop as an exception, so that a deck
    being written removes its temp file on the way out."""
    raise SystemExit(1)


def _end_with(parent: int) -> None:
    """Be stopped when the parent dies (Ctrl-C, kill -9), so that no deck is left being
    written for a run that is over."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)
