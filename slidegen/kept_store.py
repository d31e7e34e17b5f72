"""What a run compiled and the next run can reuse, kept in a file beside the bytecode.

Python keeps a module's compiled code in `__pycache__` and compiles it again only when the
source changes. Two other compiles happen in every run: the methods `dataclasses` writes as
text (`compiled_methods`) and the regular expressions slidegen and its libraries compile at
import (`compiled_patterns`). Each keeps its results in one of these stores, by the exact text
compiled, next to `slidegen`'s own `.pyc` files: `PYTHONPYCACHEPREFIX` and
`PYTHONDONTWRITEBYTECODE` apply as to them. A missing, unreadable, damaged or stale store only
means compiling, as before: a checksum guards what Python would otherwise run as it finds it.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
import zlib
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER, cache_from_source
from typing import Any

MOST_KEPT = 2000  # a store that would grow past this keeps only what the last run used

Check = Callable[[Any, Any], bool]
_STORES: list[KeptStore] = []  # every store made, for `save_all`


class KeptStore:
    """One kind of compiled result by its text; `get` from the last runs, `add` for the next."""

    def __init__(self, name: str, version: bytes, valid: Check) -> None:
        self._name = name
        self._header = MAGIC_NUMBER + version  # another Python or `re` engine: another store
        self._valid = valid
        self._kept: dict[Any, Any] = {}
        self._new: set[Any] = set()  # keys added by this process and not saved yet
        self._used: set[Any] = set()  # keys this process asked for
        _STORES.append(self)

    def path(self) -> str | None:
        """The folder Python writes this module's `.pyc` to, or None where it writes none."""
        try:
            folder = os.path.dirname(cache_from_source(__file__))
        except (NotImplementedError, ValueError):  # no cache tag: bytecode is not cached
            return None
        return os.path.join(folder, f"{self._name}.{sys.implementation.cache_tag}.bin")

    def load(self) -> None:
        self._kept.update(self._read())

    def get(self, key: Any) -> Any:
        value = self._kept.get(key)
        if value is not None:
            self._used.add(key)
        return value

    def add(self, key: Any, value: Any) -> None:
        self._kept[key] = value
        if not self._new:
            atexit.register(self.save)
        self._new.add(key)
        self._used.add(key)

    def kept(self) -> dict[Any, Any]:
        """Everything loaded or added so far."""
        return dict(self._kept)

    def _read(self) -> dict[Any, Any]:
        """The stored results; empty when missing, damaged (the checksum differs) or written
        by another Python."""
        try:
            with open(self.path() or "", "rb") as stored:
                data = stored.read()
        except OSError:
            return {}
        size = len(self._header) + 4
        head, payload = data[:size], data[size:]
        if head != self._header + zlib.crc32(payload).to_bytes(4, "little"):
            return {}
        try:
            kept = marshal.loads(payload)
        except (ValueError, EOFError, TypeError, SystemError):  # what marshal raises on bad data
            return {}
        if not isinstance(kept, dict):
            return {}
        return {key: value for key, value in kept.items() if self._valid(key, value)}

    def save(self) -> None:
        """Add what this process compiled to the store. Best effort, like writing a `.pyc`: a
        read-only folder only means compiling again next time. A forked process, which does
        not run its parent's exit handlers, calls this itself."""
        path = self.path()
        if not self._new or path is None or sys.dont_write_bytecode:
            return
        stored = self._read()  # with what other processes saved since this one loaded it
        if len(stored) + len(self._new) > MOST_KEPT:  # texts of old code, patterns made anew
            stored = {key: self._kept[key] for key in self._used}
        else:
            stored.update((key, self._kept[key]) for key in self._new)
        temp = f"{path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            payload = marshal.dumps(stored)
            with open(temp, "wb") as out:
                out.write(self._header + zlib.crc32(payload).to_bytes(4, "little") + payload)
            os.replace(temp, path)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.remove(temp)
            return
        self._new.clear()


def save_all() -> None:
    """Save every store: what a forked process compiled (it runs no exit handlers)."""
    for store in _STORES:
        store.save()
