"""Regular expressions compiled once and kept beside the bytecode.

A build of one note compiles about 200 regular expressions, slidegen's and its libraries'
(the YAML reader's, markdown-it's, python-pptx's), in every run: `re` parses each in Python
and keeps the result only for the life of the process. That was 176 M of the 1,388 M
instructions the seed post's build executed. The engine's program for each pattern is kept by
the pattern's text and flags (`kept_store`), so a later run hands `_sre.compile` the arguments
`re` would have worked out: the Pattern objects are equal, which for `re` means the same
text, flags and program. The store belongs to the Python that wrote it and to the engine's
version (`_sre.MAGIC`). slidegen makes no pattern from a note's text, so none is kept.
"""

from __future__ import annotations

import _sre
import re
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

from slidegen.kept_store import KeptStore

STORE = KeptStore("regex-programs", str(_sre.MAGIC).encode(), lambda key, value: (
    isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], str | bytes)
    and isinstance(key[1], int) and isinstance(value, tuple) and len(value) == 5))
_ORIGINAL = _compiler.compile


def _arguments(pattern: str | bytes, flags: int) -> tuple[Any, ...]:
    """What `re._compiler.compile` passes to `_sre.compile` after the pattern, as plain
    values `marshal` can store."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def _compile(pattern: Any, flags: int = 0) -> Any:
    """`re._compiler.compile`, with the program of a pattern compiled before taken from the
    store."""
    if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
        return _ORIGINAL(pattern, flags)
    key = (pattern, int(flags))
    arguments = STORE.get(key)
    if arguments is None:
        arguments = _arguments(pattern, flags)
        STORE.add(key, arguments)
    return _sre.compile(pattern, *arguments)


def install() -> None:
    """Compile every regular expression through the store from now on (the libraries' as
    slidegen's: the Pattern is the one `re` would make)."""
    if _compiler.compile is not _compile:
        STORE.load()
        _compiler.compile = _compile
