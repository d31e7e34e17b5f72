"""slidegen: Markdown study notes in, editable PowerPoint decks out.

For scripts: `slidegen.build("notes/x.md", theme="dark", output="decks")` builds one deck and
returns a `BuildResult` (its path, slide and picture counts, warnings, or the error).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slidegen.pipeline import BuildResult

__version__ = "0.1.0"

__all__ = ["__version__", "build"]


def build(path: str | Path, *, theme: str | None = None, template: str | Path | None = None,
          output: str | Path = "output", offline: bool = False,
          strict: bool = False) -> BuildResult:
    """Build one note into `output/<note>.pptx` (or `output` itself when it ends in .pptx).

    Never raises for bad input: `result.error` holds the one-line problem, `result.warnings`
    the rest. The pipeline is imported on first use so `import slidegen` stays cheap.
    """
    from slidegen.pipeline import build as build_one

    return build_one(path, theme=theme, template=template, output=output, offline=offline,
                     strict=strict)
