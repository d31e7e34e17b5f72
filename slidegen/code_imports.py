"""VitePress' `<<< @/snippets/app.ts#setup` and VuePress' `@[code{3-10}](./app.js)`, read: the
file's text, one `#region` of it or a range of its lines, as a code block titled as written.

Paths are the note's own (`./`, `../`) or, with `@/`, the site's root's (VitePress' and
VuePress': the folder holding `.vitepress` or `.vuepress`). Like a picture, a file outside the
site (or, outside any site, outside the note's folder) is not read: its line says so, with a
warning.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from slidegen.diagnostics import Diagnostics
from slidegen.document import Block, Code, CodeImport, Paragraph, Span
from slidegen.policy.files import inside
from slidegen.regex import lazy_compile

MAX_CODE_BYTES = 1_000_000
_REGION = lazy_compile(r"#(end)?region\b[ \t]*([\w-]*)")


def imported_code(block: CodeImport, note: Path, root: Path, diagnostics: Diagnostics,
                  read: set[Path]) -> list[Block]:
    """The code block the line stands for; `root` is the site's folder (else the note's).
    The file is added to `read`, found or not (`--watch` waits for it)."""
    path = (root / block.path[2:]) if block.path.startswith("@/") else note.parent / block.path
    shown = [Paragraph([Span(f"{block.title or block.path} (code not shown)")], block.line)]
    if not inside(path, root):
        diagnostics.warn(block.line, f"code file '{block.path}' is outside the notes' folder "
                         f"({root}): not read; copy it in")
        return shown
    read.add(path.resolve())
    try:
        data = path.read_bytes()[: MAX_CODE_BYTES + 1]
    except OSError as exc:
        diagnostics.warn(block.line, f"code file '{block.path}' cannot be read "
                         f"({exc.strerror or exc}): check the path")
        return shown
    text = data[:MAX_CODE_BYTES].decode("utf-8", errors="replace").replace("\r\n", "\n")
    if len(data) > MAX_CODE_BYTES:
        diagnostics.warn(block.line, f"code file '{block.path}' is over 1 MB: its start shown")
    lines = text.rstrip("\n").split("\n")
    if block.region:
        part = _region(lines, block.region)
        if part is None:
            diagnostics.warn(block.line, f"region '{block.region}' not found in "
                             f"'{block.path}': the whole file is shown")
        lines = part if part is not None else _without_markers(lines)
    elif block.lines:
        first, last = block.lines
        lines = lines[first - 1 : last or None]
    else:
        lines = _without_markers(lines)
    language = block.language or path.suffix.lstrip(".").lower()
    code = textwrap.dedent("\n".join(lines)).strip("\n")
    return [Code(text=code, language=language, line=block.line, caption=block.title)]


def _region(lines: list[str], name: str) -> list[str] | None:
    """The lines between `#region name` and its `#endregion`, in any comment style."""
    start = next((n for n, line in enumerate(lines)
                  if (m := _REGION.search(line)) and not m.group(1) and m.group(2) == name), None)
    if start is None:
        return None
    end = next((n for n in range(start + 1, len(lines))
                if (m := _REGION.search(lines[n])) and m.group(1)
                and m.group(2) in ("", name)), len(lines))
    return _without_markers(lines[start + 1 : end])


def _without_markers(lines: list[str]) -> list[str]:
    return [line for line in lines if not _REGION.search(line)]
