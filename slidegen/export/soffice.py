"""Finding LibreOffice's soffice: SOFFICE_PATH, the configuration, PATH, then where each
platform's installers put it."""

from __future__ import annotations

import glob
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from slidegen.export.errors import ExportError


def install_hint() -> str:
    """How to get LibreOffice on this platform; part of the 'not found' message."""
    if sys.platform == "darwin":
        how = "brew install --cask libreoffice"
    elif sys.platform.startswith("win"):
        how = "download it from https://www.libreoffice.org/download/"
    else:
        how = "sudo apt-get install libreoffice-impress (Debian/Ubuntu)"
    return f"install LibreOffice ({how}) or set SOFFICE_PATH to its soffice program"


def _usable(candidate: str | os.PathLike[str] | None) -> str | None:
    """The full path of an executable file for ``candidate`` (a path or a name on PATH)."""
    if not candidate:
        return None
    text = os.fspath(candidate)
    if os.sep in text or (os.altsep and os.altsep in text):
        path = Path(text).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        return None
    return shutil.which(text)


def _usual_places() -> Iterable[str]:
    """Where installers put soffice, per platform, most common first."""
    if sys.platform.startswith("win"):
        roots = [
            os.environ.get(var)
            for var in ("PROGRAMFILES", "PROGRAMW6432", "PROGRAMFILES(X86)", "LOCALAPPDATA")
        ]
        roots += [r"C:\Program Files", r"C:\Program Files (x86)"]
        for root in dict.fromkeys(r for r in roots if r):
            program = Path(root) / "LibreOffice" / "program"
            # soffice.com is the console flavour: it waits for the conversion to finish.
            yield str(program / "soffice.com")
            yield str(program / "soffice.exe")
        return
    if sys.platform == "darwin":
        for apps in ("/Applications", str(Path.home() / "Applications")):
            yield f"{apps}/LibreOffice.app/Contents/MacOS/soffice"
        return
    yield from (
        "/usr/bin/soffice",
        "/usr/local/bin/soffice",
        "/usr/bin/libreoffice",
        "/usr/lib/libreoffice/program/soffice",
        "/usr/lib64/libreoffice/program/soffice",
        "/usr/local/lib/libreoffice/program/soffice",
    )
    # Upstream .deb/.rpm builds install as /opt/libreoffice7.6 etc.; prefer the newest.
    yield from sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True)
    yield "/snap/bin/libreoffice"
    yield "/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice"
    yield str(Path.home() / ".local/share/flatpak/exports/bin/org.libreoffice.LibreOffice")


def find_soffice(configured: str | None = None) -> str | None:
    """Locate LibreOffice's soffice: SOFFICE_PATH, then config, then PATH, then usual places."""
    for candidate in (os.environ.get("SOFFICE_PATH"), configured, "soffice", "libreoffice"):
        found = _usable(candidate)
        if found:
            return found
    for place in _usual_places():
        found = _usable(place)
        if found:
            return found
    return None


def resolve_soffice(soffice: str | None) -> str:
    """The soffice to run, or an ExportError saying how to get one."""
    if soffice is not None:
        found = _usable(soffice)
        if not found:
            raise ExportError(f"LibreOffice not found at {soffice!r}: {install_hint()}")
        return found
    env_value = os.environ.get("SOFFICE_PATH")
    if env_value and not _usable(env_value):
        raise ExportError(
            f"SOFFICE_PATH={env_value!r} is not an executable soffice: fix it or unset it"
        )
    found = find_soffice()
    if not found:
        raise ExportError(f"LibreOffice (soffice) not found: {install_hint()}")
    return found
