"""Which files slidegen reads and writes: one rule for every path, judged after symlinks.

A path is used only if, once resolved (symlinks followed, `..` gone), it lies inside its
allowed root; otherwise it is refused with a warning. The roots:

- a note's pictures: the note's folder, or the Jekyll/Hugo site or Obsidian vault it belongs
  to, or the git work tree holding it; a site or vault root counts only where the person
  chose to work (inside the current folder or the note's git work tree) and never as the
  file system's root or the home folder, so a `_config.yml` or `.obsidian/` planted far above
  a note cannot widen what the note may read;
- a theme's logo, background, template and `extends:` file: the theme file's folder;
- a note's `theme:` and `template:`: the note's folder.

Settings that widen access (`allow_local_files`, `allow_private_hosts`, `site_map`, an output
outside the config's folder) come from the command line or a config file the person named or
keeps in the current folder, never from one found above the notes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["WIDENING_KEYS", "git_root", "inside", "outside_message", "trusted_config",
           "trusted_root"]

WIDENING_KEYS = ("allow_local_files", "allow_private_hosts")


def inside(path: Path, root: Path) -> bool:
    """True when `path`, symlinks followed, is `root` or under it (also resolved)."""
    try:
        Path(path).resolve().relative_to(Path(root).resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return True


def outside_message(what: str, shown: str, root: Path) -> str:
    return (f"{what} {shown} is outside {root} (after following links), so it was not read: "
            "move it inside, or pass --allow-local-files if you trust it")


def git_root(folder: Path) -> Path | None:
    """The work tree holding `folder` (the nearest folder up with a `.git`), or None."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


MAX_SITE_LEVELS = 4  # content/posts/name/index.md is three levels below a Hugo site


def trusted_root(candidate: Path, note_dir: Path, cwd: Path | None = None) -> bool:
    """May a site or vault root found above a note widen what the note reads?

    Never the file system's root, the home folder or above, or a shared temp folder (sticky
    and writable by all, where anyone may plant a `_config.yml`). Otherwise when it is close
    to the note (a few levels up) or where the person works: inside the current folder or
    the note's git work tree.
    """
    candidate, note_dir = candidate.resolve(), note_dir.resolve()
    if candidate == note_dir:
        return True
    home = Path.home().resolve()
    if candidate.parent == candidate or home.is_relative_to(candidate) or _shared(candidate):
        return False
    if not note_dir.is_relative_to(candidate):
        return False
    if len(note_dir.relative_to(candidate).parts) <= MAX_SITE_LEVELS:
        return True
    tree = git_root(note_dir)
    return candidate.is_relative_to((cwd or Path.cwd()).resolve()) or (
        tree is not None and candidate.is_relative_to(tree))


def _shared(folder: Path) -> bool:
    try:
        mode = folder.stat().st_mode
    except OSError:
        return True
    return bool(mode & stat.S_ISVTX and mode & stat.S_IWOTH)


def trusted_config(path: Path, named: bool, cwd: Path | None = None) -> bool:
    """A config file may widen access when the person named it (`--config`) or keeps it in
    the current folder; one found above the notes may not."""
    if named:
        return True
    here = (cwd or Path.cwd()).resolve()
    return path.resolve().parent == here or os.path.samefile(path.parent, here)
