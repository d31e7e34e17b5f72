"""Fetch figures: the seed's 7 diagrams served on 127.0.0.1 with added latency per response.

Prints seconds for sequential (jobs=1) vs parallel downloads, each with a cold cache, a warm
cache that revalidates (ETag -> 304), and a warm cache the server lets us keep (no request).

    .venv/bin/python benchmarks/fetch_images.py [--latency 0.3] [--seed ../shared/seed-site]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from imageserver import ImageServer, png_bytes  # noqa: E402

from slidegen.diagnostics import Diagnostics  # noqa: E402
from slidegen.document import Document, Image, Meta  # noqa: E402
from slidegen.images import ImageOptions, resolve_images  # noqa: E402
from slidegen.images.sites import find_site  # noqa: E402


def _images(seed: Path) -> list[tuple[str, bytes]]:
    folder = seed / "assets" / "images"
    found = sorted(folder.glob("*.png")) if folder.is_dir() else []
    if found:
        return [(p.name, p.read_bytes()) for p in found]
    return [(f"diagram-{i}.png", png_bytes(800, 400, (i * 30, 80, 160))) for i in range(1, 8)]


def _build(doc: Document, cache: Path, jobs: int) -> tuple[float, int]:
    diagnostics = Diagnostics(str(doc.path))
    start = time.perf_counter()
    options = ImageOptions(cache_dir=cache, jobs=jobs, allow_private_hosts=True)  # 127.0.0.1
    result = resolve_images(doc, options, diagnostics, find_site(doc.path.parent))
    elapsed = time.perf_counter() - start
    if len(diagnostics):
        raise SystemExit("\n".join(str(d) for d in diagnostics))
    return elapsed, sum(1 for r in result.values() if r.image)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.3, help="seconds added per response")
    parser.add_argument("--seed", type=Path, default=ROOT.parent / "shared" / "seed-site")
    args = parser.parse_args()

    images = _images(args.seed)
    rows: list[tuple[str, str, float, int, int, int]] = []
    with tempfile.TemporaryDirectory() as tmp, ImageServer(latency=args.latency) as server:
        note = Path(tmp) / "note.md"
        note.write_text("# bench\n", encoding="utf-8")
        urls = [server.add(name, data) for name, data in images]
        doc = Document(note, Meta(), [Image(u, "", i + 1) for i, u in enumerate(urls)])
        for jobs in (1, 8):
            label = "sequential (jobs=1)" if jobs == 1 else f"parallel (jobs={jobs})"
            for policy, cache_control in (("revalidate", "no-cache"), ("keep", "max-age=600")):
                server.cache_control = cache_control
                cache = Path(tmp) / f"cache-{jobs}-{policy}"
                for state in ("cold", f"warm ({policy})"):
                    server.reset_counts()
                    seconds, count = _build(doc, cache, jobs)
                    rows.append(
                        (
                            label,
                            state,
                            seconds,
                            count,
                            server.total_full(),
                            server.total_not_modified(),
                        )
                    )
    print(f"{len(images)} images, {args.latency:.2f} s added latency per response\n")
    print(f"{'mode':<22}{'cache':<20}{'seconds':>8}{'images':>8}{'200s':>6}{'304s':>6}")
    seen: set[tuple[str, str]] = set()
    for label, state, seconds, count, full, not_modified in rows:
        if (label, state) in seen:
            continue
        seen.add((label, state))
        print(f"{label:<22}{state:<20}{seconds:>8.2f}{count:>8}{full:>6}{not_modified:>6}")


if __name__ == "__main__":
    main()
