"""Formulas and diagrams: what they cost a build, first and cached.

    .venv/bin/python benchmarks/rich_content.py [--note PATH] [--runs N]

Builds the note (default `notes/container-scheduling.md`: formulas, a flowchart, a sequence,
a state and a dot diagram, a pie) three ways, by turns so a drifting machine treats them alike:

- first: laid out anew (an empty diagram and equation cache; the font cache already warm),
- cached: rebuilt with the cache the previous build left,
- plain: the same note with its formulas and diagrams removed.

Prints median wall times and the ratios first/plain and cached/plain (target: cached ≤ 1.3×).
Needs Graphviz (`dot`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from seed_ratio import wall  # the same timing of one command by turns

ROOT = Path(__file__).resolve().parent.parent
NOTE = ROOT / "notes" / "container-scheduling.md"
_DIAGRAM = re.compile(r"^```(?:mermaid|dot|graphviz)\s*\n.*?^```\s*$\n?", re.M | re.S)
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.S)
_INLINE_MATH = re.compile(r"\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d)")


def plain(text: str) -> str:
    """The note without its diagrams and formulas."""
    return _INLINE_MATH.sub("", _DISPLAY_MATH.sub("", _DIAGRAM.sub("", text)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--note", type=Path, default=NOTE)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("dot") is None:
        sys.exit("Graphviz (dot) is not installed: apt-get install graphviz")
    with tempfile.TemporaryDirectory(prefix="slidegen-rich-") as tmp:
        work = Path(tmp)
        rich = work / "rich.md"
        rich.write_text(args.note.read_text(encoding="utf-8"), encoding="utf-8")
        bare = work / "plain.md"
        bare.write_text(plain(rich.read_text(encoding="utf-8")), encoding="utf-8")
        base = work / "base-cache"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")

        def build(note: Path, cache: Path) -> list[str]:
            return [sys.executable, "-m", "slidegen", str(note), "-o",
                    str(work / f"{note.stem}.pptx"), "-q", "--offline"]

        def run(note: Path, cache: Path) -> float:
            return wall(build(note, cache), {**env, "XDG_CACHE_HOME": str(cache)})

        run(bare, base)  # bytecode written, font cache warm: both sides start from this
        run(bare, base)
        first, cached, bare_times = [], [], []
        for n in range(args.runs):
            fresh = work / f"cache-{n}"
            shutil.copytree(base, fresh)
            first.append(run(rich, fresh))
            cached.append(run(rich, fresh))
            bare_times.append(run(bare, base))
        f, c, p = (statistics.median(t) for t in (first, cached, bare_times))
        print(f"{args.note.name}: {args.runs} runs by turns, median wall time")
        print(f"  plain (no formulas, no diagrams)  {p * 1000:7.0f} ms")
        print(f"  first build (empty cache)         {f * 1000:7.0f} ms   {f / p:.2f}x plain")
        print(f"  cached rebuild                    {c * 1000:7.0f} ms   {c / p:.2f}x plain"
              f"   (target <= 1.30x: {'met' if c / p <= 1.3 else 'NOT met'})")


if __name__ == "__main__":
    main()
