"""`--watch`: rebuild a deck when its note, the notes and code files it embeds or includes,
its local pictures or its theme file change.

Each deck is a unit with the set of files it was built from. Only the folders holding those
files are watched (not whole trees), events are debounced by watchfiles, and a unit is rebuilt
only when one of its own files changed. A rebuild that fails keeps the unit's old file set and
the last good deck on disk (the build writes atomically), so a half-typed edit costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path
from threading import Event

from slidegen.diagnostics import Diagnostics, SlidegenError
from slidegen.plan.measure import forget_missing_fonts
from slidegen.records import record

__all__ = ["WatchUnit", "note_dependencies", "watch"]


@record
class WatchUnit:
    """One deck being kept up to date: `rebuild` returns its new file set, or None on failure."""

    name: str
    rebuild: Callable[[], set[Path] | None]
    deps: set[Path] = field(default_factory=set)


def note_dependencies(note: Path, theme: str | None = None, default_theme: str | None = None,
                      allow_local_files: bool = False,
                      site_map: dict[str, Path] | None = None) -> set[Path]:
    """The note, its theme file, its bibliography, the notes and code files it embeds or
    includes (Obsidian's `![[note]]`, Quarto's and MkDocs' includes, VitePress' `<<<`), and
    its pictures that are local files (site mounts and embedded notes' pictures included).

    Never raises: a note that cannot be read depends on itself only, which is all a watcher
    needs to try again after the next save.
    """
    from slidegen.embeds import expand_embeds
    from slidegen.images import collect_images
    from slidegen.images.resolve import make_context, resolve_src
    from slidegen.images.sites import find_site, site_settings
    from slidegen.parse import parse_document
    from slidegen.pipeline import _theme
    from slidegen.read import meta_from_front_matter, read_source
    from slidegen.read.bibliography import bibliography_files

    note = Path(note).resolve()
    deps = {note}
    diagnostics = Diagnostics(str(note))
    try:
        source = read_source(note, diagnostics)
        site = find_site(note.parent)
        meta = meta_from_front_matter(source.front_matter, site_settings(site, note))
        ref = theme or meta.theme or default_theme
        if ref:
            source_file = Path(_theme(ref, note).source)
            if source_file.is_file():
                deps.add(source_file.resolve())
        deps |= {path.resolve() for _, path in bibliography_files(source.front_matter, note)}
        doc = parse_document(source, diagnostics)
        expand_embeds(doc, diagnostics, site)  # embedded and included notes, code files
        deps |= {path.resolve() for path in doc.included}
        ctx = make_context(note, site, None, allow_local_files, site_map or {})
        for image in collect_images(doc):
            target = resolve_src(image.src, ctx)
            if target.kind == "file" and target.path is not None:
                deps.add(Path(target.path).resolve())
    except (SlidegenError, OSError, ValueError):
        pass
    return deps


def watch(units: Sequence[WatchUnit], *, debounce_ms: int = 300,
          stop_event: Event | None = None, ready: Callable[[], None] | None = None) -> None:
    """Block, rebuilding units as their files change, until Ctrl-C or `stop_event` is set.

    `ready` is called once the watcher runs. A file saved while it was starting is not lost:
    modification times taken before are compared when it first reports.
    """
    from slidegen.plan.measure import file_stamp  # loaded by the first build already

    wanted = {path for unit in units for path in unit.deps}
    before: dict[Path, str | None] | None = {p: file_stamp(p) for p in wanted}
    import watchfiles

    while True:
        wanted = {path for unit in units for path in unit.deps}
        folders = sorted({p.parent for p in wanted if p.parent.is_dir()})
        if not folders:
            return
        if before is None:  # a restart: what is watched changed
            before = {path: file_stamp(path) for path in wanted}
        restart = False
        for changes in watchfiles.watch(
            *folders,
            watch_filter=_only(wanted),
            debounce=debounce_ms,
            step=min(50, max(10, debounce_ms // 4)),
            recursive=False,
            stop_event=stop_event,
            raise_interrupt=False,
            rust_timeout=STARTED_AFTER_MS,
            yield_on_timeout=True,  # an empty report: the watcher is running
        ):
            changed = {Path(path) for _, path in changes}
            if before is not None:
                changed |= {path for path, stamp in before.items() if file_stamp(path) != stamp}
                before = None
                if ready is not None:
                    ready()
                    ready = None
            for unit in units:
                if unit.deps & changed:
                    forget_missing_fonts()  # one installed since the warning is used now
                    new = unit.rebuild()
                    if new is not None and new != unit.deps:
                        unit.deps = new
                        restart = True  # new pictures may live in folders not watched yet
            if restart:
                break
        if not restart:
            return


STARTED_AFTER_MS = 200  # how long the watcher waits before reporting that nothing changed


def _only(paths: set[Path]) -> Callable[[object, str], bool]:
    """A watchfiles filter passing events on these files and nothing else."""
    return lambda _change, path: Path(path) in paths
