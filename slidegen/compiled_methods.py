"""The methods `dataclasses` writes, compiled once and kept beside the bytecode.

`dataclasses` writes every `__init__` (and a frozen class's guards) as source text and
compiles it each time a class is made, in every run (Python 3.13 compiles a class's methods
together, still in every run): about 100 M of the 1,700 M instructions a one-note build
executed, a sixth of its start-up before planning. The code objects are kept by their exact
source text (`kept_store`), so what runs is what `compile` would give for that text: a class
whose fields change has new text and is compiled anew.
"""

from __future__ import annotations

import builtins
import dataclasses
from types import CodeType
from typing import Any

from slidegen.kept_store import KeptStore

STORE = KeptStore("dataclass-methods", b"",
                  lambda text, code: isinstance(text, str) and isinstance(code, CodeType))


def store_path() -> str | None:
    return STORE.path()


def _exec(source: Any, globals_: Any = None, locals_: Any = None) -> None:
    """`exec` as `dataclasses` calls it, with the text's code taken from the store."""
    if not isinstance(source, str):
        builtins.exec(source, globals_, locals_)
        return
    code = STORE.get(source)
    if code is None:
        code = compile(source, "<string>", "exec")
        STORE.add(source, code)
    builtins.exec(code, globals_, locals_)


def install() -> None:
    """Make `dataclasses` take its methods' code from the store, for every class it makes
    from now on (theirs as ours: the code is what compiling the same text gives)."""
    if getattr(dataclasses, "exec", None) is _exec:
        return
    STORE.load()
    dataclasses.exec = _exec  # type: ignore[attr-defined]
