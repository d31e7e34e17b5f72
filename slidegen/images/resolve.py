"""Where an image `src` points: a local file, a file of the note's own site, a URL, or nowhere.

Site mapping (`images/sites`) lets a post that links its pictures by the site's absolute URL
or path build offline from the site's files; refusals keep a note from pulling arbitrary
local files into a deck.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from slidegen.images.sites import Site, SiteMount, norm_prefix
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
from slidegen.records import record
from slidegen.regex import lazy_compile

TargetKind = Literal["file", "url", "data", "refused", "missing"]

MAX_UNMARKED_UP = 4  # folders above a note searched for its attachments when no vault is marked

REFUSED_HINT = "pass --allow-local-files if you trust this note"


@record(frozen=True)
class Target:
    """What a src resolved to; `reason` and `hint` are set when it cannot be used."""

    kind: TargetKind
    path: Path | None = None
    url: str = ""
    origin: str = ""
    reason: str = ""
    hint: str = ""


@record
class ResolveContext:
    """Everything a src is resolved against, worked out once per note."""

    note_dir: Path
    root: Path
    allow_local_files: bool = False
    mounts: list[SiteMount] = field(default_factory=list)
    site_paths: list[SiteMount] = field(default_factory=list)  # "/baseurl" -> folder, for "/x.png"
    vault: Path | None = None


def make_context(
    note_path: Path,
    site: Site | None,
    root: Path | None,
    allow_local_files: bool,
    site_map: dict[str, Path],
) -> ResolveContext:
    """Where the note's pictures may come from; `site` is `find_site` of the note's folder."""
    note_dir = note_path.resolve().parent
    mounts, paths = (site.mounts, site.paths) if site else ([], [])
    vault = nearest_up(note_dir, ".obsidian") or (None if site else find_vault(note_dir))
    if vault is not None and not trusted_root(vault, note_dir):
        vault = None  # a vault marker far above the note does not widen what it reads
    # A note inside a site may reach the site's other folders (`../assets/x.png` from _posts/).
    root_dir = (root or vault or (site.root if site else None) or note_dir).resolve()
    explicit = [
        SiteMount(norm_prefix(url), Path(folder).expanduser().resolve())
        for url, folder in site_map.items()
        if norm_prefix(url)
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


_WINDOWS_DRIVE = lazy_compile(r"^[A-Za-z]:[\\/]")


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
