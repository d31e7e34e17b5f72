"""What NOTES on the command line mean: files, folders of notes, or globs the shell left alone.

Mistakes here are usage errors (exit 2) because they are about what was typed, not a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from slidegen.app.usage import UsageError


def expand_notes(notes: Sequence[Path]) -> list[Path]:
    """Files as given, folders as the .md files inside, globs (for shells that don't) expanded."""
    files: list[Path] = []
    for note in notes:
        if note.is_dir():
            found = sorted(p for p in note.rglob("*.md") if p.is_file() and not _hidden(p, note))
            if not found:
                raise UsageError(f"{note}: no .md notes in this folder")
            files.extend(found)
        elif not note.exists() and any(ch in str(note) for ch in "*?["):
            matches = sorted(Path().glob(str(note))) if not note.is_absolute() else sorted(
                Path(note.anchor).glob(str(note.relative_to(note.anchor))))
            matches = [m for m in matches if m.is_file()] + [
                p for m in matches if m.is_dir() for p in sorted(m.rglob("*.md"))]
            if not matches:
                raise UsageError(f"{note}: no notes match this pattern")
            files.extend(matches)
        else:
            if not note.exists():
                raise UsageError(f"{note}: no such file; check the path")
            files.append(note)
    return list(dict.fromkeys(files))


def _hidden(path: Path, root: Path) -> bool:
    """Skip .git, .obsidian and the like: their Markdown is not notes."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def default_title(notes: Sequence[Path]) -> str:
    """A single folder names the session; anything else is a plain "Study session"."""
    if len(notes) == 1 and notes[0].is_dir():
        return notes[0].resolve().name.replace("-", " ").replace("_", " ").strip() or \
            "Study session"
    return "Study session"
