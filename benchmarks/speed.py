"""Speed, memory and size of slidegen against pandoc, on the seed post and on large notes.

    .venv/bin/python benchmarks/speed.py [--seed PATH] [--repeat N] [--busy]

Prints one table: seconds (best of N cold runs), ratio to pandoc, slides/s, peak MiB, deck
size, media size and pictures stored; then linearity (time per slide, small against large
note) and deck size against its distinct pictures plus XML. pandoc is run on the same notes,
given Markdown image syntax so it embeds the pictures too; where pandoc is not installed its
columns are empty. Inputs are generated in a temporary folder from the seed post
(../shared/seed-site), which is read, never copied here.

slidegen runs as an installed package does: with compiled bytecode (pip compiles on install).
A checkout run with PYTHONDONTWRITEBYTECODE=1 compiles every module on every start instead;
`--no-bytecode` measures that too. `--busy` keeps one core busy elsewhere (a spinning process
pinned by `taskset`), as on a shared machine.
"""

from __future__ import annotations

import argparse
import hashlib
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


def interpreter() -> str:
    """Which Python runs slidegen here: the one this script runs with. The build matters as
    much as the version: on one machine, Debian's own 3.11 runs the seed post in about 15 %
    fewer instructions than a 3.11 compiled from source without profile-guided optimisation
    (pyenv's default), and 3.12 and 3.13 compiled that way take about 10 % more."""
    return f"Python {sys.version.split()[0]} ({os.path.realpath(sys.executable)})"


def measured(cmd: list[str], out: Path, repeat: int,
             env: dict[str, str] | None = None) -> Run | None:
    """Best wall time of `repeat` cold runs, with the command's own peak resident memory."""
    best: Run | None = None
    for _ in range(repeat):
        out.unlink(missing_ok=True)
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
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


def tree_peak_mib(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Peak memory of one run of `cmd` with the processes it starts (slidegen's render
    process): the sum of each process's own peak, an upper bound of what they held at once.

    The command's own peak comes from wait4; its children's are polled from /proc (VmHWM, a
    high-water mark, so polling cannot miss it except in the last millisecond). A separate
    run from the timed ones, since polling takes CPU. Where there is no /proc, the command's
    own peak.
    """
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    children: dict[int, int] = {}
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        for child in _children(proc.pid):
            children[child] = max(children.get(child, 0), _high_water_kib(child))
        time.sleep(0.001)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (usage.ru_maxrss + sum(children.values())) / 1024


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    except OSError:
        return []
    return [int(n) for n in text.split()]


def _high_water_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) if found else 0


def count_slides(deck: Path) -> int:
    with zipfile.ZipFile(deck) as z:
        return sum(1 for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))


@dataclass
class Contents:
    media: int  # bytes of the media parts as stored
    distinct_media: int  # bytes of the distinct pictures among them (by content)
    media_files: int
    distinct_pictures: int
    xml: int  # bytes of every other part as stored (deflated)
    xml_raw: int  # … and uncompressed


def contents(deck: Path) -> Contents:
    """What a deck holds: its pictures (and how many are distinct) and its XML."""
    with zipfile.ZipFile(deck) as z:
        media = [i for i in z.infolist() if i.filename.startswith("ppt/media/")]
        other = [i for i in z.infolist() if not i.filename.startswith("ppt/media/")]
        distinct = {hashlib.sha256(z.read(i.filename)).hexdigest(): i.file_size for i in media}
    return Contents(sum(i.compress_size for i in media), sum(distinct.values()), len(media),
                    len(distinct), sum(i.compress_size for i in other),
                    sum(i.file_size for i in other))


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
    for name, times in (("large", 40), ("x5", 5), ("x45", 45), ("x90", 90)):
        path = posts / f"{name}.md"
        path.write_text(front + "\n---\n" + "\n".join([with_notes] * times), encoding="utf-8")
        inputs[name] = path
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-bytecode", action="store_true",
                        help="also time slidegen compiling its modules on every start")
    parser.add_argument("--busy", action="store_true",
                        help="keep one core busy elsewhere for the whole run (scale.busy_core)")
    args = parser.parse_args()
    spinner = None
    if args.busy:
        from scale import busy_core

        spinner = busy_core()
    try:
        _run(args)
    finally:
        if spinner is not None:
            spinner.kill()


def _run(args: argparse.Namespace) -> None:
    if not args.seed.is_file():
        sys.exit(f"{args.seed}: seed post not found; pass --seed PATH")
    slidegen = [sys.executable, "-m", "slidegen"]
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory(prefix="slidegen-bench-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")  # bytecode outside the checkout
        inputs = make_inputs(work, args.seed)
        out = work / "out"
        out.mkdir()
        subprocess.run([*slidegen, "--version"], env=env, capture_output=True, check=False)
        rows = []
        cases = [("seed post", "seed", "seed-pandoc"), ("large (x40)", "large", "large"),
                 ("x5", "x5", "x5"), ("x45", "x45", "x45")]
        for label, ours_in, theirs_in in cases:
            ours_out = out / f"{ours_in}.pptx"
            cmd = [*slidegen, str(inputs[ours_in]), "-o", str(ours_out), "-q", "--offline"]
            ours = measured(cmd, ours_out, args.repeat, env)
            if ours is not None:
                ours.peak_mib = tree_peak_mib(cmd, env)
            theirs = theirs_out = None
            if pandoc:
                theirs_out = out / f"{theirs_in}-pandoc.pptx"
                theirs = measured([pandoc, str(inputs[theirs_in]), "-o", str(theirs_out),
                                   f"--resource-path={inputs[theirs_in].parent}"],
                                  theirs_out, args.repeat)
            rows.append((label, ours, theirs, ours_out, theirs_out))
            if args.no_bytecode and label == "seed post":
                plain = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
                plain.pop("PYTHONPYCACHEPREFIX")
                plain_run = measured(cmd, ours_out, args.repeat, plain)
                if plain_run is not None:
                    plain_run.peak_mib = tree_peak_mib(cmd, plain)
                rows.append(("seed, no .pyc", plain_run, theirs, ours_out, theirs_out))
        print(f"{'input':13} {'slides':>6} {'slidegen s':>10} {'pandoc s':>9} {'ratio':>6} "
              f"{'slides/s':>8} {'peak MiB':>8} {'pandoc MiB':>10} {'deck MiB':>8} "
              f"{'pandoc deck':>11} {'media MiB':>9} {'pictures':>12}")
        for label, ours, theirs, deck, their_deck in rows:
            if ours is None:
                print(f"{label:13} failed")
                continue
            held = contents(deck)
            theirs_held = contents(their_deck) if theirs and their_deck else None
            pictures = f"{held.media_files}/{theirs_held.media_files if theirs_held else '-'}"
            ratio = f"{ours.seconds / theirs.seconds:.2f}" if theirs else "-"
            print(f"{label:13} {ours.slides:6d} {ours.seconds:10.2f} "
                  f"{(f'{theirs.seconds:.2f}' if theirs else '-'):>9} {ratio:>6} "
                  f"{ours.slides / ours.seconds:8.1f} {ours.peak_mib:8.0f} "
                  f"{(f'{theirs.peak_mib:.0f}' if theirs else '-'):>10} "
                  f"{ours.size / 2**20:8.2f} "
                  f"{(f'{theirs.size / 2**20:.2f}' if theirs else '-'):>11} "
                  f"{held.media / 2**20:9.2f} {pictures:>12}")
        print("(pictures: media parts in slidegen's deck / in pandoc's)")
        by = {r[0]: r for r in rows}
        x90_out = out / "x90.pptx"
        x90 = measured([*slidegen, str(inputs["x90"]), "-o", str(x90_out), "-q", "--offline"],
                       x90_out, args.repeat, env)
        small, big = by["x5"][1], by["x45"][1]
        if small and big and x90:
            per_small = small.seconds / small.slides
            per_big = big.seconds / big.slides
            print(f"\ntime per slide: {per_small * 1000:.1f} ms at {small.slides} slides, "
                  f"{per_big * 1000:.1f} ms at {big.slides} slides "
                  f"(ratio {per_big / per_small:.2f}; linear is <= 1.2)")
            # without the fixed cost (start-up, template): what each further slide adds
            add_first = (big.seconds - small.seconds) / (big.slides - small.slides)
            add_then = (x90.seconds - big.seconds) / (x90.slides - big.slides)
            print(f"time per added slide: {add_first * 1000:.2f} ms from {small.slides} to "
                  f"{big.slides} slides, {add_then * 1000:.2f} ms from {big.slides} to "
                  f"{x90.slides} ({x90.seconds:.2f} s) (ratio {add_then / add_first:.2f})")
        large = by["large (x40)"]
        if large[1]:
            held = contents(large[3])
            floor = held.distinct_media + held.xml
            print(f"\nlarge deck: {large[1].size / 2**20:.2f} MiB = {held.media_files} pictures "
                  f"stored ({held.distinct_pictures} distinct, {held.distinct_media / 2**20:.2f} "
                  f"MiB) + XML {held.xml / 2**20:.2f} MiB deflated "
                  f"({held.xml_raw / 2**20:.1f} MiB raw); "
                  f"deck / (distinct pictures + XML) = {large[1].size / floor:.3f} (target <= 1.2)")
        version = "not installed"
        if pandoc:
            first = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                                   check=False).stdout.splitlines()
            version = first[0] if first else "found"
        print(f"machine: {os.cpu_count()} cores, {interpreter()}, {version}, "
              f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
