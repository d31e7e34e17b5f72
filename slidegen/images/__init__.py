"""Images of a note: resolve every `src`, fetch what must come from the network, normalise all.

`resolve_images` never raises for bad input: an image that cannot be had comes back with
`image=None` and a reason, and one warning per occurrence names its file:line, so the
planner can put a placeholder there and the deck still builds.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Iterator
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes

from slidegen.deck import ImageData
from slidegen.diagnostics import Diagnostics
from slidegen.document import (
    Block,
    Callout,
    Div,
    Document,
    Heading,
    Image,
    ListBlock,
    SlideOption,
)
from slidegen.images.normalise import normalise
from slidegen.images.normalised import Normalised
from slidegen.images.resolve import Target, make_context, resolve_src
from slidegen.images.sites import Site
from slidegen.images.svg import SvgBudget
from slidegen.records import record

if TYPE_CHECKING:
    from slidegen.images.fetch import Fetched

__all__ = [
    "ImageOptions",
    "ResolvedImage",
    "collect_images",
    "resolve_images",
]


@record
class ImageOptions:
    """How images are found and fetched; the CLI fills it from its flags."""

    offline: bool = False  # only the cache; never the network
    refresh: bool = False  # revalidate cached entries
    allow_local_files: bool = (
        False  # allow paths outside the notes' root, absolute paths, file: URLs
    )
    site_map: dict[str, Path] = field(default_factory=dict)  # "https://site/prefix" -> local folder
    root: Path | None = None  # the notes' root (default: the note's folder)
    cache_dir: Path | None = None  # default: user cache dir / "slidegen" / "http"
    timeout: float = 10.0  # connect/read seconds
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    jobs: int = 8  # parallel downloads
    progress: bool = False  # show a progress bar (rich) while downloading
    dark_background: bool = False  # transparent images will get a light plate (planner's job)
    allow_private_hosts: bool = False  # fetch from loopback and private addresses too
    deadline: float = 10.0  # seconds for one image, all tries and redirects together
    phase_deadline: float = 10.0  # seconds for all the downloads of a note


@record
class ResolvedImage:
    """One `src` after resolving: the image to embed, or why there is none."""

    src: str
    image: ImageData | None
    reason: str = ""
    origin: str = ""  # "local" | "site" | "cache" | "network" | "data"
    transparent: bool = False
    hint: str = ""
    small: bool = False  # icon or badge sized, as its author drew it (see normalised.is_small)
    drawn_width: float = 0.0  # a small one's width as drawn, in px: it is shown no wider


def _walk(blocks: Iterable[Block]) -> Iterator[Image]:
    for block in blocks:
        if isinstance(block, Image):
            yield block
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _walk(item.blocks)
        elif isinstance(block, Callout | Div):
            yield from _walk(block.blocks)
        elif isinstance(block, Heading) and (src := block.background):
            yield Image(src=src, alt="", line=block.line)
        elif isinstance(block, SlideOption) and block.name == "background" and block.value:
            yield Image(src=block.value, alt="", line=block.line)


def collect_images(doc: Document) -> list[Image]:
    """Every Image block in reading order, including those nested in lists and callouts."""
    return list(_walk(doc.blocks))


def _decode_data_url(url: str) -> bytes | None:
    """`data:image/png;base64,...` -> bytes; None if it is not a well-formed data URL."""
    header, sep, payload = url.partition(",")
    if not sep:
        return None
    if header.lower().endswith(";base64"):
        try:
            return base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            return None
    return unquote_to_bytes(payload)


def _from_bytes(src: str, data: bytes, origin: str, options: ImageOptions,
                budget: SvgBudget) -> ResolvedImage:
    max_bytes = options.max_bytes
    if len(data) > max_bytes:
        return ResolvedImage(
            src,
            None,
            f"too large ({len(data)} bytes, limit {max_bytes})",
            origin,
            hint="use a smaller image",
        )
    result: Normalised = normalise(data, find_transparency=options.dark_background,
                                   svg_budget=budget)
    if result.image is None:
        return ResolvedImage(src, None, result.reason, origin, hint=result.hint)
    return ResolvedImage(src, result.image, origin=origin, transparent=result.transparent,
                         small=result.small, drawn_width=result.drawn_width)


def _read_file(src: str, target: Target, options: ImageOptions,
               budget: SvgBudget) -> ResolvedImage:
    assert target.path is not None
    max_bytes = options.max_bytes
    try:
        size = target.path.stat().st_size
        if size > max_bytes:
            return ResolvedImage(
                src,
                None,
                f"too large ({size} bytes, limit {max_bytes})",
                target.origin,
                hint="use a smaller image",
            )
        data = target.path.read_bytes()
    except OSError as exc:
        return ResolvedImage(
            src,
            None,
            f"cannot read file ({exc.strerror or exc})",
            target.origin,
            hint="check the file's permissions",
        )
    return _from_bytes(src, data, target.origin, options, budget)


def _fetch(urls: dict[str, str], options: ImageOptions) -> dict[str, Fetched]:
    """Download (or read from cache) every URL; `urls` maps src -> URL."""
    # The HTTP stack is imported only when a note has remote images: it costs a cold start
    # about 0.15 s, which notes with local pictures should not pay.
    from slidegen.images.fetch import Fetcher, FetchSettings, default_cache_dir

    settings = FetchSettings(
        cache_dir=options.cache_dir or default_cache_dir(),
        offline=options.offline,
        refresh=options.refresh,
        timeout=options.timeout,
        max_bytes=options.max_bytes,
        max_redirects=options.max_redirects,
        retries=options.retries,
        jobs=options.jobs,
        deadline=options.deadline,
        phase_deadline=options.phase_deadline,
        allow_private_hosts=options.allow_private_hosts,
    )
    wanted = list(dict.fromkeys(urls.values()))
    with Fetcher(settings) as fetcher:
        if not options.progress:
            return fetcher.fetch_all(wanted)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        progress = Progress(
            TextColumn("[bold]images"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        with progress:
            task = progress.add_task("", total=len(wanted))
            return fetcher.fetch_all(
                wanted,
                on_done=lambda f: progress.update(task, advance=1, description=f.url[-50:]),
            )


def _under_subpath(src: str, subpath: str | None) -> str:
    """Chirpy's `media_subpath: /assets/img/post` puts a bare `pic.png` at that path."""
    if not subpath or "://" in src or src.startswith(("/", "data:", "#")):
        return src
    return subpath.rstrip("/") + "/" + src


def resolve_images(
    doc: Document, options: ImageOptions, diagnostics: Diagnostics, site: Site | None
) -> dict[str, ResolvedImage]:
    """Map every Image.src of the note to its image; warn once per failed occurrence. `site`
    is the note's (`find_site` of its folder), found once for its settings and pictures."""
    images = collect_images(doc)
    if not images:
        return {}
    ctx = make_context(doc.path, site, options.root, options.allow_local_files,
                       options.site_map)
    results: dict[str, ResolvedImage] = {}
    to_fetch: dict[str, str] = {}
    budget = SvgBudget()  # drawing time for all of this note's SVGs
    for src in dict.fromkeys(image.src for image in images):
        target = resolve_src(_under_subpath(src, doc.meta.media_subpath), ctx)
        if target.kind == "file":
            results[src] = _read_file(src, target, options, budget)
        elif target.kind == "data":
            data = _decode_data_url(target.url)
            results[src] = (
                _from_bytes(src, data, "data", options, budget)
                if data is not None
                else ResolvedImage(src, None, "not a valid data: URL", "data", hint="fix the src")
            )
        elif target.kind == "url":
            to_fetch[src] = target.url
        else:
            results[src] = ResolvedImage(src, None, target.reason, hint=target.hint)
    if to_fetch:
        fetched = _fetch(to_fetch, options)
        for src, url in to_fetch.items():
            got = fetched[url]
            origin = "cache" if got.from_cache or options.offline else "network"
            if got.data is None:
                results[src] = ResolvedImage(src, None, got.reason, origin, hint=got.hint)
            else:
                results[src] = _from_bytes(src, got.data, origin, options, budget)
    for image in images:
        found = results[image.src]
        if found.image is None:
            hint = f"; {found.hint}" if found.hint else ""
            diagnostics.warn(image.line, f"image {image.src}: {found.reason}{hint}")
    return results
