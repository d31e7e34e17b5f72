"""Regular expressions compiled where they are first used, not when their module is imported.

CPython compiles a pattern in Python code (0.1-2 ms each). The readers and parser rules hold
about two hundred, most for dialects a given note does not use: compiling them all at import
was a tenth of a one-note build. A pattern made here compiles on its first match, search or
substitution and is then the compiled pattern's own methods, at no further cost.
"""

from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer",
            "groups", "groupindex", "scanner")


class _OnFirstUse:
    def __init__(self, source: str, flags: int) -> None:
        self.pattern = source
        self.flags = flags

    def __getattr__(self, name: str) -> Any:  # only while not yet compiled
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        self.flags = compiled.flags  # with the flags the pattern sets inline
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self.flags!r})"


def lazy_compile(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, done on first use; the source's syntax is checked then."""
    return cast("re.Pattern[str]", _OnFirstUse(source, int(flags)))
