"""The seed post against pandoc, run by turns: slidegen, pandoc, slidegen, pandoc…

    .venv/bin/python benchmarks/seed_ratio.py [--runs N] [--rounds K] [--seed PATH] [--busy]

`speed.py` times each command in a block of its own; on a shared machine whose speed drifts,
taking them by turns is the fairer comparison of two ~0.3 s runs. Prints, per round, the best
and median wall time of each and their ratios, and the median CPU time of each: all its
processes, slidegen's render process included (it may outlive the command: this script
adopts it as a subreaper and waits for it). `--busy` keeps one core busy elsewhere for the
whole run (a spinning process pinned with `taskset` to core 0): slidegen's two processes then
share one core. Needs pandoc.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scale import busy_core
from speed import SEED, interpreter, make_inputs

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def adopt_orphans() -> None:
    """Processes the commands leave running become this one's children, to be waited for."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def wait_for_adopted(keep: set[int]) -> None:
    """Wait for every child but `keep` (the busy core): the adopted render process counts."""
    for pid in Path(f"/proc/self/task/{os.getpid()}/children").read_text().split():
        if int(pid) not in keep:
            os.waitpid(int(pid), 0)


def timed(cmd: list[str], env: dict[str, str], keep: set[int]) -> tuple[float, float]:
    """Wall seconds of the command; CPU seconds (user and system) of it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    wall = time.perf_counter() - started
    wait_for_adopted(keep)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--busy", action="store_true", help="keep one core busy elsewhere")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if not pandoc:
        sys.exit("pandoc is not installed; this script compares against it")
    if not args.seed.is_file():
        sys.exit(f"{args.seed}: seed post not found; pass --seed PATH")
    condition = "one core busy elsewhere" if args.busy else "no extra load"
    print(f"{condition}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"{interpreter()}")
    adopt_orphans()
    spinner = busy_core() if args.busy else None
    keep = {spinner.pid} if spinner is not None else set()
    try:
        with tempfile.TemporaryDirectory(prefix="slidegen-ratio-") as tmp:
            rounds(Path(tmp), args.seed, pandoc, args.runs, args.rounds, keep)
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


def rounds(work: Path, seed: Path, pandoc: str, runs: int, count: int, keep: set[int]) -> None:
    inputs = make_inputs(work, seed)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    ours = [sys.executable, "-m", "slidegen", str(inputs["seed"]), "-o",
            str(work / "ours.pptx"), "-q", "--offline"]
    theirs = [pandoc, str(inputs["seed-pandoc"]), "-o", str(work / "theirs.pptx"),
              f"--resource-path={inputs['seed-pandoc'].parent}"]
    timed(ours, env, keep)  # bytecode written, caches warm
    timed(theirs, env, keep)
    for n in range(1, count + 1):
        a, b = [], []
        for _ in range(runs):
            a.append(timed(ours, env, keep))
            b.append(timed(theirs, env, keep))
        wall_a, wall_b = [w for w, _ in a], [w for w, _ in b]
        cpu_a = statistics.median(c for _, c in a)
        cpu_b = statistics.median(c for _, c in b)
        print(f"round {n}: slidegen best {min(wall_a) * 1000:.0f} ms, median "
              f"{statistics.median(wall_a) * 1000:.0f} (CPU {cpu_a * 1000:.0f}); pandoc best "
              f"{min(wall_b) * 1000:.0f}, median {statistics.median(wall_b) * 1000:.0f} "
              f"(CPU {cpu_b * 1000:.0f}); ratio best {min(wall_a) / min(wall_b):.2f}, "
              f"median {statistics.median(wall_a) / statistics.median(wall_b):.2f}")


if __name__ == "__main__":
    main()
