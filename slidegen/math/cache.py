"""Converted equations on disk, by content, in the user's cache folder.

Converting costs milliseconds a formula, and importing latex2mathml a third of a second; a
rebuild of a note whose formulas have not changed reads them back instead. One small JSON
file per formula, written atomically, so parallel builds never see half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

FORMAT = "5"  # part of every key: change it when the conversion's output changes


def cache_folder() -> Path:
    override = os.environ.get("SLIDEGEN_CACHE_DIR")
    base = Path(override) if override else platformdirs.user_cache_path("slidegen")
    return base / "equations"


def key(*parts: object) -> str:
    return hashlib.sha256(json.dumps([FORMAT, *parts], ensure_ascii=False).encode()).hexdigest()


def load(digest: str) -> dict[str, Any] | None:
    try:
        data = json.loads((cache_folder() / digest[:2] / f"{digest}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def store(digest: str, value: dict[str, Any]) -> None:
    """Write one entry; a cache that cannot be written is no error (the next build converts)."""
    folder = cache_folder() / digest[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(value, out, ensure_ascii=False)
        os.replace(temp, folder / f"{digest}.json")
    except OSError:
        return
