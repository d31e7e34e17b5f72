"""Where each note's deck is written: `output/<name>.pptx`, one file per note of a batch.

Site generators name a page by its folder (a Hugo or Quarto page bundle is
`posts/<slug>/index.md`, a study repository has `week1/README.md`, `week2/README.md`): such
notes take their folder's name, and notes of one batch that would still share a deck are told
apart by their folders, so that no deck is silently written over by the next.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

MAX_STEM_BYTES = 240  # a file name holds 255 bytes: room for "-preview.png", "-notes.pdf"
FOLDER_NAMED = {"index", "_index", "readme"}  # the page is its folder


def deck_path(note: Path, output: Path) -> Path:
    """`output/<note>.pptx`; a note name too long for the suffixes is cut to fit."""
    if output.suffix.lower() == ".pptx":
        return output
    return output / f"{_fit(_stem(note))}.pptx"


def deck_paths(notes: list[Path], output: Path) -> dict[Path, Path]:
    """Each note's deck; two notes that `deck_path` gives one deck (two `notes.md` in two
    folders) get their folders' names in front, then numbers if those are the same too."""
    paths = {note: deck_path(note, output) for note in notes}
    if output.suffix.lower() == ".pptx":
        return paths
    for note, path in _shared(paths).items():
        folder = note.absolute().parent.name
        paths[note] = path.with_name(f"{_fit(f'{folder}-{path.stem}')}.pptx")
    for n, (note, path) in enumerate(_shared(paths).items(), start=1):
        paths[note] = path.with_name(f"{_fit(path.stem, 8)}-{n}.pptx")
    return paths


def _stem(note: Path) -> str:
    if note.stem.lower() in FOLDER_NAMED and (folder := note.absolute().parent.name):
        return folder
    return note.stem


def _shared(paths: dict[Path, Path]) -> dict[Path, Path]:
    counts = Counter(paths.values())
    return {note: path for note, path in paths.items() if counts[path] > 1}


def _fit(stem: str, room: int = 0) -> str:
    raw = stem.encode("utf-8", "surrogateescape")
    if len(raw) <= MAX_STEM_BYTES - room:
        return stem
    return raw[:MAX_STEM_BYTES - room].decode("utf-8", "ignore").rstrip() or "deck"
