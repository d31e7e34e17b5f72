"""The methods `dataclasses` writes, compiled once and kept beside the bytecode.

`dataclasses` writes every `__init__` (and a frozen class's guards) as source text and
compiles it each time a class is made, in every run (Python 3.13 compiles a class's methods
together, still in every run): about 100 M of the 1,700 M instructions a one-note build
executed, a sixth of its start-up before planning.
Python keeps a module's compiled code in `__pycache__`; this does the same for that text. The
code objects are stored by their exact source text next to `slidegen`'s own `.pyc` files
(`PYTHONPYCACHEPREFIX` and `PYTHONDONTWRITEBYTECODE` apply as to them), so what runs is what
`compile` would give for that text: a class whose fields change has new text and is compiled
anew. A missing, unreadable, damaged or stale store only means compiling, as before: a
checksum guards the stored code, which Python would otherwise run as it finds it.
"""

from __future__ import annotations

import atexit
import builtins
import contextlib
import dataclasses
import marshal
import os
import sys
import zlib
from importlib.util import MAGIC_NUMBER, cache_from_source
from types import CodeType
from typing import Any

MOST_KEPT = 2000  # a store that grows past this (old texts while developing) starts again
HEADER = len(MAGIC_NUMBER) + 4  # Python's magic number, then the CRC-32 of what follows

_compiled: dict[str, CodeType] = {}
_new: set[str] = set()  # texts compiled by this process and not saved yet


def store_path() -> str | None:
    """Where the store lives: the folder Python writes this module's `.pyc` to."""
    try:
        folder = os.path.dirname(cache_from_source(__file__))
    except (NotImplementedError, ValueError):  # no cache tag: bytecode is not cached either
        return None
    return os.path.join(folder, f"dataclass-methods.{sys.implementation.cache_tag}.bin")


def _read(path: str | None) -> dict[str, CodeType]:
    """The stored code by source text; empty when missing, damaged (its checksum differs) or
    from another Python (its magic number differs)."""
    try:
        with open(path or "", "rb") as stored:
            data = stored.read()
    except OSError:
        return {}
    head, payload = data[:HEADER], data[HEADER:]
    if head != MAGIC_NUMBER + zlib.crc32(payload).to_bytes(4, "little"):
        return {}
    try:
        codes = marshal.loads(payload)
    except (ValueError, EOFError, TypeError, SystemError):  # what marshal raises on bad data
        return {}
    if not isinstance(codes, dict):
        return {}
    return {text: code for text, code in codes.items()
            if isinstance(text, str) and isinstance(code, CodeType)}


def _exec(source: Any, globals_: Any = None, locals_: Any = None) -> None:
    """`exec` as `dataclasses` calls it, with the text's code taken from the store."""
    if not isinstance(source, str):
        builtins.exec(source, globals_, locals_)
        return
    code = _compiled.get(source)
    if code is None:
        code = _compiled[source] = compile(source, "<string>", "exec")
        if not _new:
            atexit.register(save)
        _new.add(source)
    builtins.exec(code, globals_, locals_)


def save() -> None:
    """Add what this process compiled to the store. Best effort, like writing a `.pyc`: a
    read-only folder only means compiling again next time. A forked process, which does not
    run its parent's exit handlers, calls this itself."""
    path = store_path()
    if not _new or path is None or sys.dont_write_bytecode:
        return
    stored = _read(path)
    if len(stored) + len(_new) > MOST_KEPT:
        stored = {}
    stored.update(_compiled)
    temp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        payload = marshal.dumps(stored)
        with open(temp, "wb") as out:
            out.write(MAGIC_NUMBER + zlib.crc32(payload).to_bytes(4, "little") + payload)
        os.replace(temp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.remove(temp)
        return
    _new.clear()


def install() -> None:
    """Make `dataclasses` take its methods' code from the store, for every class it makes
    from now on (theirs as ours: the code is what compiling the same text gives)."""
    if getattr(dataclasses, "exec", None) is _exec:
        return
    _compiled.update(_read(store_path()))
    dataclasses.exec = _exec  # type: ignore[attr-defined]
