"""Speed, memory and size of slidegen against pandoc, on the seed post and on large notes.

    .venv/bin/python benchmarks/speed.py [--seed PATH] [--repeat N]

Prints one table: seconds (best of N cold runs), ratio to pandoc, slides/s, peak MiB and
deck size. pandoc is run on the same notes, given Markdown image syntax so it embeds the
pictures too; where pandoc is not installed its columns are empty. Inputs are generated in a
temporary folder from the seed post (../shared/seed-site), which is read, never copied here.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed-site" / "_posts" / "2022-02-08-reviewAWSOnlineEdu01.md"
IMG = re.compile(r'\{% raw %\}.*?<img src="https://smilejulie0812\.github\.io/assets/images/'
                 r'([^"]+)".*?\{% endraw %\}')


@dataclass
class Run:
    seconds: float
    peak_mib: float
    size: int
    slides: int


def measured(cmd: list[str], out: Path, repeat: int) -> Run | None:
    """Best wall time of `repeat` cold runs, with the child's peak resident memory."""
    best: Run | None = None
    for _ in range(repeat):
        out.unlink(missing_ok=True)
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0 or not out.exists():
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            print(f"  failed: {' '.join(cmd)}\n  {err.strip()[:400]}", file=sys.stderr)
            return None
        run = Run(elapsed, usage.ru_maxrss / 1024, out.stat().st_size, count_slides(out))
        if best is None or run.seconds < best.seconds:
            best = run
    return best


def count_slides(deck: Path) -> int:
    with zipfile.ZipFile(deck) as z:
        return sum(1 for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))


def distinct_media_bytes(deck: Path) -> tuple[int, int]:
    """(bytes of media parts, bytes of everything else, uncompressed XML) in a deck."""
    with zipfile.ZipFile(deck) as z:
        media = sum(i.compress_size for i in z.infolist() if i.filename.startswith("ppt/media/"))
        other = sum(i.compress_size for i in z.infolist()
                    if not i.filename.startswith("ppt/media/"))
    return media, other


def make_inputs(work: Path, seed: Path) -> dict[str, Path]:
    """The seed as written (for slidegen) and with Markdown images (for pandoc), and big notes."""
    text = seed.read_text(encoding="utf-8")
    site = seed.parent.parent
    shutil.copytree(site / "assets", work / "assets")
    (work / "_config.yml").write_text((site / "_config.yml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    posts = work / "_posts"
    posts.mkdir()
    front, body = text.split("\n---\n", 1)
    pandoc_body = IMG.sub(lambda m: f"![](../assets/images/{m.group(1)})", body)
    inputs = {"seed": posts / "seed.md", "seed-pandoc": posts / "seed-pandoc.md"}
    inputs["seed"].write_text(text, encoding="utf-8")
    inputs["seed-pandoc"].write_text(front + "\n---\n" + pandoc_body, encoding="utf-8")
    with_notes = re.sub(r"^(#{2,3} .+)$", r"\1\n\n::: notes\nSay a few words here.\n:::\n",
                        pandoc_body, flags=re.M)
    for name, times in (("large", 40), ("x10", 10), ("x90", 90)):
        path = posts / f"{name}.md"
        path.write_text(front + "\n---\n" + "\n".join([with_notes] * times), encoding="utf-8")
        inputs[name] = path
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.seed.is_file():
        sys.exit(f"{args.seed}: seed post not found; pass --seed PATH")
    slidegen = [sys.executable, "-m", "slidegen"]
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory(prefix="slidegen-bench-") as tmp:
        work = Path(tmp)
        inputs = make_inputs(work, args.seed)
        out = work / "out"
        out.mkdir()
        rows = []
        cases = [("seed post", "seed", "seed-pandoc"), ("large (x40)", "large", "large"),
                 ("x10", "x10", "x10"), ("x90", "x90", "x90")]
        for label, ours_in, theirs_in in cases:
            ours_out = out / f"{ours_in}.pptx"
            ours = measured([*slidegen, str(inputs[ours_in]), "-o", str(ours_out), "-q",
                             "--offline"], ours_out, args.repeat)
            theirs = None
            if pandoc:
                theirs_out = out / f"{theirs_in}-pandoc.pptx"
                theirs = measured([pandoc, str(inputs[theirs_in]), "-o", str(theirs_out),
                                   f"--resource-path={inputs[theirs_in].parent}"],
                                  theirs_out, args.repeat)
            rows.append((label, ours, theirs, ours_out))
        print(f"{'input':12} {'slides':>6} {'slidegen s':>10} {'pandoc s':>9} {'ratio':>6} "
              f"{'slides/s':>8} {'peak MiB':>8} {'pandoc MiB':>10} {'deck MiB':>8} "
              f"{'media MiB':>9}")
        for label, ours, theirs, deck in rows:
            if ours is None:
                print(f"{label:12} failed")
                continue
            media, _ = distinct_media_bytes(deck)
            ratio = f"{ours.seconds / theirs.seconds:.2f}" if theirs else "-"
            print(f"{label:12} {ours.slides:6d} {ours.seconds:10.2f} "
                  f"{(f'{theirs.seconds:.2f}' if theirs else '-'):>9} {ratio:>6} "
                  f"{ours.slides / ours.seconds:8.1f} {ours.peak_mib:8.0f} "
                  f"{(f'{theirs.peak_mib:.0f}' if theirs else '-'):>10} "
                  f"{ours.size / 2**20:8.2f} {media / 2**20:9.2f}")
        small = next(r for r in rows if r[0] == "x10")[1]
        big = next(r for r in rows if r[0] == "x90")[1]
        if small and big:
            per_small = small.seconds / small.slides
            per_big = big.seconds / big.slides
            print(f"\ntime per slide: {per_small * 1000:.1f} ms at {small.slides} slides, "
                  f"{per_big * 1000:.1f} ms at {big.slides} slides "
                  f"(ratio {per_big / per_small:.2f}; linear is <= 1.2)")
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
              f"pandoc {'found' if pandoc else 'not installed'}")


if __name__ == "__main__":
    main()
