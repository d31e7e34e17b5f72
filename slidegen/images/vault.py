"""Obsidian vaults: where one starts, where it keeps attachments, and a bounded search of it.

A search counts the entries it visits, not the matches it finds: a note outside any vault
must not make a build walk a whole disk (or `/proc`, whose files refuse to be listed).
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

OBSIDIAN_FOLDERS = ("", "images", "attachments", "assets", "Attachments", "Assets", "_attachments")
SKIPPED_FOLDERS = frozenset({".obsidian", ".git", ".trash", "node_modules"})
MAX_WALK_UP = 12
MAX_VAULT_FILES = 20000


def find_vault(note_dir: Path) -> Path | None:
    """The nearest folder up with `.obsidian`, else the git work tree's root (many vaults do
    not commit `.obsidian/`)."""
    return nearest_up(note_dir, ".obsidian") or nearest_up(note_dir, ".git")


def nearest_up(note_dir: Path, marker: str) -> Path | None:
    folder = note_dir.resolve()
    for _ in range(MAX_WALK_UP):
        if (folder / marker).exists():
            return folder
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def existing_form(path: Path) -> Path:
    """`path`, or the same name in the other Unicode form if only that exists: macOS writes
    Korean file names decomposed (NFD), most editors and other systems composed (NFC), and a
    note copied between them links to a name its picture no longer has."""
    if path.exists():
        return path
    for form in ("NFC", "NFD"):
        other = Path(unicodedata.normalize(form, str(path)))
        if other != path and other.exists():
            return other
    return path


def attachment_folders(vault: Path) -> list[str]:
    """The vault's `attachmentFolderPath` setting, then the usual folder names."""
    configured: list[str] = []
    settings = vault / ".obsidian" / "app.json"
    if settings.is_file():
        try:
            value = json.loads(settings.read_text(encoding="utf-8")).get("attachmentFolderPath")
        except (OSError, ValueError, AttributeError):
            value = None
        if isinstance(value, str) and value.strip(" ./"):
            configured.append(value.strip().removeprefix("./").strip("/"))
    return [*configured, *OBSIDIAN_FOLDERS]


def search_vault(vault: Path, name: str, limit: int = MAX_VAULT_FILES) -> Path | None:
    """The first file called `name` (a bare name, or ending in `sub/name`) under `vault`.

    Hidden and tool folders are skipped, unreadable folders are passed over, and the walk
    stops after `limit` entries, in a stable order (sorted names)."""
    name = unicodedata.normalize("NFC", name)  # compared in one Unicode form: see existing_form
    wanted = name.rsplit("/", 1)[-1]
    seen = 0
    for folder, dirs, files in os.walk(vault, onerror=lambda _exc: None):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS and not d.startswith("."))
        seen += len(dirs) + len(files)
        match = wanted if wanted in files else next(
            (f for f in files if unicodedata.normalize("NFC", f) == wanted), None)
        if match is not None:
            candidate = Path(folder) / match
            posix = unicodedata.normalize("NFC", candidate.as_posix())
            if ("/" not in name or posix.endswith("/" + name)) and candidate.is_file():
                return candidate
        if seen > limit:
            return None
    return None
