"""Where an image `src` points: a local file, a file of the note's own site, a URL, or nowhere.

Site mapping lets a Jekyll or Hugo post that links its diagrams by absolute URL build offline
from the files next to it; refusals keep a note from pulling arbitrary local files into a deck.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

import yaml

from slidegen.images.vault import (
    MAX_WALK_UP,
    OBSIDIAN_FOLDERS,
    attachment_folders,
    existing_form,
    find_vault,
    nearest_up,
    search_vault,
)
from slidegen.parse.obsidian import DRAWING_SUFFIXES
from slidegen.policy.files import inside, trusted_root
from slidegen.yamlnodes import compose, load_toml, value_of

TargetKind = Literal["file", "url", "data", "refused", "missing"]

HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml")
DOCUSAURUS_CONFIGS = tuple(f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "cjs"))
MAX_UNMARKED_UP = 4  # folders above a note searched for its attachments when no vault is marked

REFUSED_HINT = "pass --allow-local-files if you trust this note"


@dataclass(frozen=True)
class Target:
    """What a src resolved to; `reason` and `hint` are set when it cannot be used."""

    kind: TargetKind
    path: Path | None = None
    url: str = ""
    origin: str = ""
    reason: str = ""
    hint: str = ""


@dataclass(frozen=True)
class SiteMount:
    """A URL prefix (scheme+host+path) served from a local folder."""

    prefix: str
    folder: Path


@dataclass
class ResolveContext:
    """Everything a src is resolved against, worked out once per note."""

    note_dir: Path
    root: Path
    allow_local_files: bool = False
    mounts: list[SiteMount] = field(default_factory=list)
    site_paths: list[SiteMount] = field(default_factory=list)  # "/baseurl" -> folder, for "/x.png"
    vault: Path | None = None


def _norm_prefix(url: str) -> str:
    """Scheme and host lower-cased, no trailing slash: "https://Site.io/blog/" -> "https://site.io/blog"."""
    parts = urlsplit(url.strip())
    host = (parts.netloc or "").lower()
    scheme = (parts.scheme or "https").lower()
    path = parts.path.rstrip("/")
    return f"{scheme}://{host}{path}" if host else ""


def _read_yaml(path: Path) -> dict[str, object]:
    """A site's config; one Jekyll or Hugo cannot read either is taken as empty. Too large or
    deep (an alias bomb) is a SlidegenError naming it."""
    try:
        node = compose(path.read_text(encoding="utf-8-sig"), path, "the site's config")
        data = None if node is None else value_of(node)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_toml(path: Path) -> dict[str, object]:
    import tomllib

    try:
        return load_toml(path.read_text(encoding="utf-8-sig"), path, "the site's config")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")


def _jekyll_config(folder: Path) -> dict[str, object] | None:
    """The Jekyll config in `folder` (an empty mapping when unreadable), or None if none."""
    for name in JEKYLL_CONFIGS:
        if (folder / name).is_file():
            return _read_yaml(folder / name)
    return None


def site_config(note_dir: Path) -> dict[str, object] | None:
    """The settings of the Jekyll (or Hugo) site a note lives in (its `locale`, `url`…)."""
    folder = note_dir.resolve()
    for _ in range(MAX_WALK_UP):
        if any((folder / name).is_file() for name in JEKYLL_CONFIGS):
            return _jekyll_config(folder) if trusted_root(folder, note_dir) else None
        hugo = _hugo_config(folder)
        if hugo is not None and trusted_root(folder, note_dir):  # `languageCode` is the lang
            code = hugo.get("languageCode") or hugo.get("defaultContentLanguage")
            return {"lang": code} if isinstance(code, str) else {}
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def find_site(note_dir: Path) -> tuple[list[SiteMount], list[SiteMount]]:
    """Walk up to a Jekyll `_config.yml` or a Hugo config; return its URL and path mounts.

    A site found where it may not widen the note's root (policy.files.trusted_root) is none.
    """
    folder = note_dir.resolve()
    for _ in range(MAX_WALK_UP):
        if _site_marker(folder) and not trusted_root(folder, note_dir):
            return [], []
        cfg = _jekyll_config(folder)
        if cfg is not None:
            url = str(cfg.get("url") or "")
            baseurl = "/" + str(cfg.get("baseurl") or "").strip("/")
            baseurl = baseurl.rstrip("/")
            mounts = [SiteMount(_norm_prefix(url + baseurl), folder)] if _norm_prefix(url) else []
            paths = [SiteMount(baseurl, folder)]
            if baseurl:
                paths.append(SiteMount("", folder))
            return [m for m in mounts if m.prefix], paths
        hugo = _hugo_config(folder)
        if hugo is not None:
            return _hugo_mounts(folder, hugo) if trusted_root(folder, note_dir) else ([], [])
        if any((folder / name).is_file() for name in DOCUSAURUS_CONFIGS):
            # Docusaurus serves `static/` at the site's root: `/img/x.png` is `static/img/x.png`
            served = [folder / "static"] if inside(folder / "static", folder) else []
            return [], [SiteMount("", serve) for serve in (*served, folder)]
        if folder.parent == folder:
            break
        folder = folder.parent
    return [], []


def _site_marker(folder: Path) -> bool:
    return any((folder / name).is_file()
               for name in (*JEKYLL_CONFIGS, *HUGO_CONFIGS, *DOCUSAURUS_CONFIGS))


def _hugo_config(folder: Path) -> dict[str, object] | None:
    for name in HUGO_CONFIGS:
        hugo = folder / name
        if hugo.is_file() and (name.startswith("hugo") or (folder / "content").is_dir()):
            return _read_toml(hugo) if name.endswith(".toml") else _read_yaml(hugo)
    if (folder / "config" / "_default").is_dir() and (folder / "content").is_dir():
        return {}
    return None


def _hugo_mounts(folder: Path, cfg: dict[str, object]) -> tuple[list[SiteMount], list[SiteMount]]:
    """A Hugo site serves `static/` and `assets/` at its root, and a page bundle's files
    beside its `index.md` under the page's path in `content/`."""
    base = str(cfg.get("baseURL") or cfg.get("baseurl") or "")
    served = [folder / sub for sub in ("static", "assets", "content")  # links out not followed
              if (folder / sub).is_dir() and inside(folder / sub, folder)]
    served = served or [folder]
    prefix = _norm_prefix(base)
    base_path = urlsplit(base).path.rstrip("/") if base else ""
    mounts = [SiteMount(prefix, serve) for serve in served] if prefix else []
    paths = [SiteMount(base_path, serve) for serve in served]
    if base_path:
        paths += [SiteMount("", serve) for serve in served]
    return mounts, paths


def make_context(
    note_path: Path,
    root: Path | None,
    allow_local_files: bool,
    site_map: dict[str, Path],
) -> ResolveContext:
    note_dir = note_path.resolve().parent
    mounts, paths = find_site(note_dir)
    vault = nearest_up(note_dir, ".obsidian") or (None if paths else find_vault(note_dir))
    if vault is not None and not trusted_root(vault, note_dir):
        vault = None  # a vault marker far above the note does not widen what it reads
    # A note inside a site may reach the site's other folders (`../assets/x.png` from _posts/).
    folders = [str(m.folder) for m in [*paths, *mounts]]
    site_root = Path(os.path.commonpath(folders)) if folders else None
    root_dir = (root or vault or site_root or note_dir).resolve()
    explicit = [
        SiteMount(_norm_prefix(url), Path(folder).expanduser().resolve())
        for url, folder in site_map.items()
        if _norm_prefix(url)
    ]
    ordered = sorted(explicit, key=lambda m: -len(m.prefix)) + sorted(
        mounts, key=lambda m: -len(m.prefix)
    )
    return ResolveContext(
        note_dir=note_dir,
        root=root_dir,
        allow_local_files=allow_local_files,
        mounts=ordered,
        site_paths=sorted(paths, key=lambda m: -len(m.prefix)),
        vault=vault or root_dir,
    )


def _under_mount(rel_path: str, mount: SiteMount) -> Path | None:
    """The file a site path names inside the mount, if it exists and stays inside it."""
    rel = unquote(rel_path).lstrip("/")
    if not rel or rel.endswith("/"):
        return None
    candidate = mount.folder / rel
    if not inside(candidate, mount.folder):
        return None
    return candidate if candidate.is_file() else None


def _map_url(url: str, ctx: ResolveContext) -> Path | None:
    parts = urlsplit(url)
    norm = f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}"
    for mount in ctx.mounts:
        if norm == mount.prefix or norm.startswith(mount.prefix + "/"):
            found = _under_mount(norm[len(mount.prefix) :], mount)
            if found:
                return found
    return None


def _map_site_path(path: str, ctx: ResolveContext) -> Path | None:
    for mount in ctx.site_paths:
        if not mount.prefix or path == mount.prefix or path.startswith(mount.prefix + "/"):
            found = _under_mount(path[len(mount.prefix) :], mount)
            if found:
                return found
    return None


def _local(path: Path, ctx: ResolveContext, shown: str) -> Target:
    """A file path after the allow check."""
    path = existing_form(path)
    if not ctx.allow_local_files and not inside(path, ctx.root):
        return Target("refused", reason="refused: outside the notes' folder", hint=REFUSED_HINT)
    if path.is_file():
        return Target("file", path=path, origin="local")
    return Target(
        "missing",
        reason=f"file not found ({shown})",
        hint="check the path; it is read relative to the note's folder",
    )


def _find_bare(name: str, ctx: ResolveContext) -> Path | None:
    """Obsidian `![[name.png]]`: the note folder and its attachment folders, the vault's
    attachment folders, then the file name anywhere in the vault."""
    places = [ctx.note_dir / sub for sub in OBSIDIAN_FOLDERS]
    if ctx.vault:
        places += [ctx.vault / sub for sub in attachment_folders(ctx.vault)]
    for place in places:
        candidate = place / name
        if candidate.is_file():
            return candidate
    if ctx.vault and (ctx.vault != ctx.note_dir or (ctx.vault / ".obsidian").is_dir()):
        return search_vault(ctx.vault, name)  # a note at the vault's top searches it too
    return None


def _held_above(name: str, ctx: ResolveContext) -> Path | None:
    """No vault marker: the nearest folder above the note that holds the attachment (itself,
    or in an attachment folder) is taken as the vault. Only those folders are looked in (no
    search through their trees: that could find someone else's file of the same name)."""
    folder = ctx.note_dir
    for _ in range(MAX_UNMARKED_UP):
        for sub in OBSIDIAN_FOLDERS:
            candidate = folder / sub / name
            if candidate.is_file():
                return candidate
        if folder.parent == folder:
            break
        folder = folder.parent
    return None


def _attachment_path(path: Path, ctx: ResolveContext) -> bool:
    """`../../images/x.png` from a vault without a marker: allowed when the path goes up to a
    folder above the note and down into an attachment folder there."""
    note = ctx.note_dir.resolve()
    target = path.resolve()
    for _ in range(MAX_WALK_UP):
        note = note.parent
        if inside(target, note):
            first = target.relative_to(note).parts[0]
            return first in OBSIDIAN_FOLDERS and first != ""
    return False


_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def _absolute(raw_path: str, decoded: str, ctx: ResolveContext) -> Target:
    """`/assets/x.png`: a file of the note's own site, else a local path (if allowed)."""
    mapped = _map_site_path(raw_path, ctx)
    if mapped:
        return Target("file", path=mapped, origin="site")
    if not ctx.allow_local_files:
        return Target("refused", reason="refused: absolute path outside the notes' folder",
                      hint=REFUSED_HINT)
    return _local(Path(decoded), ctx, decoded)


def _drawing(name: str, ctx: ResolveContext) -> Target:
    """An Excalidraw drawing (`![[x.excalidraw]]`) is shown by the picture the plugin's
    auto-export writes beside it: `x.excalidraw.svg`/`.png`, or `x.svg`/`.png`."""
    base = name.removesuffix(".md")
    stem = base[:-len(".excalidraw")]
    for candidate in (f"{base}.svg", f"{base}.png", f"{stem}.svg", f"{stem}.png"):
        found = resolve_src(candidate.replace("%", "%25"), ctx)
        if found.kind == "file":
            return found
    return Target("missing", reason="an Excalidraw drawing with no exported picture",
                  hint="turn on the Excalidraw plugin's auto-export (SVG or PNG), or add a "
                  "screenshot")


def resolve_src(src: str, ctx: ResolveContext) -> Target:
    """Decide where `src` comes from, without touching the network."""
    text = src.strip().strip("<>").strip()
    if not text:
        return Target("missing", reason="empty src", hint="give the image a path or URL")
    if text.startswith("//"):
        text = "https:" + text
    if _WINDOWS_DRIVE.match(text):
        path = Path(text)
        if not ctx.allow_local_files:
            return Target("refused", reason="refused: absolute path", hint=REFUSED_HINT)
        return _local(path, ctx, text)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        mapped = _map_url(text, ctx)
        if mapped:
            return Target("file", path=mapped, origin="site")
        return Target("url", url=text)
    if scheme == "data":
        return Target("data", url=text)
    if scheme == "file":
        if not ctx.allow_local_files:
            return Target("refused", reason="refused: file: URL", hint=REFUSED_HINT)
        from urllib.request import url2pathname  # loads http, email and ssl: only for file:

        return _local(Path(url2pathname(unquote(parts.path))), ctx, text)
    if scheme:
        return Target(
            "missing",
            reason=f"unsupported scheme {scheme}:",
            hint="use a relative path or an http(s) URL",
        )
    raw_path = parts.path
    decoded = unquote(raw_path)
    if decoded.lower().endswith(DRAWING_SUFFIXES):
        return _drawing(decoded, ctx)
    if raw_path.startswith("/"):
        return _absolute(raw_path, decoded, ctx)
    candidate = ctx.note_dir / decoded
    if not candidate.exists() and decoded != raw_path and (ctx.note_dir / raw_path).exists():
        candidate = ctx.note_dir / raw_path
    target = _local(candidate, ctx, decoded)
    if target.kind == "refused" and candidate.is_file() and _attachment_path(candidate, ctx):
        return Target("file", path=candidate, origin="local")
    if target.kind == "missing":
        found = _find_bare(decoded, ctx)
        if found:
            return _local(found, ctx, decoded)
        if (ctx.vault is None or ctx.vault == ctx.note_dir) and "/" not in decoded:
            above = _held_above(decoded, ctx)
            if above is not None:
                return Target("file", path=above, origin="local")
    return target
