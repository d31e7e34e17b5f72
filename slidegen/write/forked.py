"""Decks rendered by a second process, started before any note is planned.

Importing the renderer and drawing the slides are a third of a one-note build. Forked at the
start, the child imports the renderer on another core while this process reads,
parses and plans; it draws each group of slides as soon as it is planned, and writes the deck
(atomically, as `write_deck` does here) when the plan is finished, answering with nothing or
the error. `open_writer` chooses it where that is safe and pays: Linux (fork without exec),
a CPU idle to draw on, and before the renderer is imported here. If the child is gone (killed,
out of memory) decks are rendered here again, so a run never fails because of it.

Messages are pickled by one pickler per deck, so a picture or style shown on many slides
crosses the pipe once: ("slides", info, style, slides)…, then ("finish", target, replaced)
or ("abort",).
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import pickle
import signal
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from slidegen import kept_store
from slidegen.diagnostics import ReportedBug, describe_bug
from slidegen.write.local import DeckWriter, write_deck

if TYPE_CHECKING:
    from slidegen.deck import Deck, DeckInfo, DeckStyle, ImageData, Slide
    from slidegen.render import DeckRenderer

PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ForkedWriter(DeckWriter):
    """The child, seen from the parent: a `DeckWriter` (slides, then finish or abort, for
    each deck; then close)."""

    def __init__(self, pid: int, requests: int, answers: IO[bytes]) -> None:
        self.pid = pid
        self._answers = answers
        self._open = False  # slides of a deck have been sent, and no finish or abort yet
        # Messages are pickled when sent (later changes to the plan are not theirs) and
        # written as far as the pipe takes them at once: the planner must not wait for the
        # child to take a picture while it is drawing the slides before. The rest goes with
        # the next message. No thread writes them: one waiting for the interpreter lock
        # while this one plans got it only when planning was over.
        self._buffer = io.BytesIO()
        self._pickler = pickle.Pickler(self._buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self._requests: int | None = requests  # None once closed, or the child is gone
        self._unsent = bytearray()

    @classmethod
    def fork(cls) -> ForkedWriter | None:
        """The child, whatever has been imported; None where there is no fork or it failed."""
        if not hasattr(os, "fork"):
            return None
        _import_shared()
        request_out, request_in = os.pipe()
        answer_out, answer_in = os.pipe()
        _widen(request_in)
        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be printed twice
            stream.flush()
        # What both processes share lives to the end: frozen, neither process's collector
        # goes through it again, nor copies its pages by marking them (as Python advises).
        gc.freeze()
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
        return cls(pid, request_in, os.fdopen(answer_out, "rb"))

    def slides(self, info: DeckInfo, style: DeckStyle, slides: list[Slide]) -> None:
        """Have these slides drawn now; the deck is written by `finish`."""
        self._open = True
        self._send(("slides", info, style, slides))

    def finish(self, deck: Deck, target: Path, replaced: Mapping[str, ImageData]) -> None:
        """Write the deck whose slides were sent; raises what `write_deck` would here."""
        self._open = False
        if self._send(("finish", target, dict(replaced))):
            try:
                error = pickle.load(self._answers)
            except (OSError, EOFError, pickle.UnpicklingError):
                self.close()  # the child is gone: what it drew is lost
            else:
                if error is not None:
                    raise error
                return
        write_deck(deck, target)

    def abort(self) -> None:
        """Drop the slides sent for a deck that will not be written."""
        if self._open:
            self._open = False
            self._send(("abort",))

    def close(self) -> None:
        """End the child: it stops at the end of its input.

        It is collected if it has already gone; waiting for it to free its memory would add
        to every run, so otherwise the system collects it when this process ends.
        """
        if self._requests is None:
            return
        self._flush(wait=True)
        self._closed()
        with contextlib.suppress(OSError):
            self._answers.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, os.WNOHANG)

    def _send(self, message: tuple[Any, ...]) -> bool:
        """False if the child is gone (then decks are rendered here). Slides are written as
        far as the pipe takes them now; the end of a deck is written whole."""
        if self._requests is None:
            return False
        self._pickler.dump(message)
        self._unsent += self._buffer.getbuffer()
        self._buffer.seek(0)
        self._buffer.truncate()
        if message[0] != "slides":  # a deck ends: the next one starts a fresh memo
            self._pickler.clear_memo()
        return self._flush(wait=message[0] != "slides")

    def _flush(self, *, wait: bool) -> bool:
        """Write what the pipe takes now (all of it if `wait`); False if the child is gone."""
        if self._requests is None:
            return False
        try:
            os.set_blocking(self._requests, wait)
            while self._unsent:
                del self._unsent[:os.write(self._requests, self._unsent)]
        except BlockingIOError:
            pass  # the pipe is full: the rest goes with the next message
        except OSError:  # the pipe is broken: the child is gone
            self._closed()
            return False
        return True

    def _closed(self) -> None:
        """No more requests: the child's input ends."""
        if self._requests is not None:
            with contextlib.suppress(OSError):
                os.close(self._requests)
            self._requests = None
            self._unsent.clear()


def _widen(pipe: int) -> None:
    """Let the pipe hold a slide with its pictures (1 MiB, Linux's default limit)."""
    with contextlib.suppress(ImportError, AttributeError, OSError):  # Linux only
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)


def _serve(requests: int, answers: int, parent: int) -> NoReturn:
    """The child's whole life: draw and write what arrives until the parent closes the pipe."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
        signal.signal(signal.SIGTERM, _stop)
        sys.unraisablehook = _stop_unraisable
        _end_with(parent)
        gc.disable()  # what the renderer's import makes lives to the end: nothing to collect
        from slidegen.render import open_blank_ahead  # this process's import

        open_blank_ahead()
        gc.freeze()
        gc.enable()
        kept_store.save_all()  # what this process compiled, while it waits for slides
        with os.fdopen(requests, "rb") as inbox, os.fdopen(answers, "wb") as outbox:
            _draw_decks(inbox, outbox)
    except BaseException:
        code = 1
    kept_store.save_all()
    os._exit(code)  # neither the parent's exit handlers nor its unflushed output


def _draw_decks(inbox: IO[bytes], outbox: IO[bytes]) -> None:
    from slidegen.render import DeckRenderer

    unpickler = pickle.Unpickler(inbox)
    renderer: DeckRenderer | None = None
    failed: BaseException | None = None  # a bug while drawing: reported at finish
    while True:
        try:
            message = unpickler.load()
        except EOFError:
            return
        if message[0] == "slides":
            _, info, style, slides = message
            if failed is None:
                try:
                    renderer = renderer or DeckRenderer(info, style)
                    for slide in slides:
                        renderer.add(slide)
                except Exception as exc:
                    failed = ReportedBug(describe_bug(exc))
            continue
        if message[0] == "finish":  # else "abort": the deck is dropped
            _, target, replaced = message
            error = failed or _write(renderer, target, replaced)
            pickle.dump(_portable(error), outbox, protocol=pickle.HIGHEST_PROTOCOL)
            outbox.flush()
        renderer, failed = None, None
        unpickler = pickle.Unpickler(inbox)  # the parent starts a fresh memo too


def _write(renderer: DeckRenderer | None, target: Path,
           replaced: Mapping[str, ImageData]) -> BaseException | None:
    """Write the drawn deck; the error, as the parent is to raise it, or None."""
    from slidegen.write import atomic  # looked up now: tests replace write_atomically

    if renderer is None:
        return ReportedBug("internal error: a deck with no slides")
    try:
        renderer.replace_images(replaced)
        atomic.write_atomically(target, renderer.write)
    except OSError as exc:
        return exc
    except Exception as exc:
        return ReportedBug(describe_bug(exc))
    return None


def _import_shared() -> None:
    """What both processes import, imported once before the fork instead of once in each: the
    deck model (its frozen dataclasses are made at import), the Hangul pattern (both test text
    with it, and it is slow to compile), the TeX tables (equations are planned here and drawn
    there), and three standard modules both load anyway: hashlib (picture digests here,
    image parts there), datetime (the note's date, the deck's properties) and
    logging (markdown-it, Pillow). Pillow is not among them: the planner needs it only for a
    picture it must convert, so a note of ready PNGs plans without it."""
    import datetime  # noqa: F401
    import hashlib  # noqa: F401
    import logging  # noqa: F401

    import slidegen.deck
    import slidegen.hangul
    import slidegen.math.tex  # noqa: F401


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


def _stop_unraisable(args: Any) -> None:
    """A SIGTERM that lands in a finaliser (the zip being closed) cannot unwind the stack, and
    Python would print "Exception ignored ... SystemExit" and go on: stop here instead, leaving
    no temp file."""
    if isinstance(args.exc_value, SystemExit):
        from slidegen.write import atomic

        if atomic.writing:
            with contextlib.suppress(OSError):
                os.unlink(atomic.writing)
        os._exit(1)
    sys.__unraisablehook__(args)


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
