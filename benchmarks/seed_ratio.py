"""The seed post against pandoc, run by turns: slidegen, pandoc, slidegen, pandoc…

    .venv/bin/python benchmarks/seed_ratio.py [--runs N] [--rounds K] [--seed PATH]

`speed.py` times each command in a block of its own; on a shared machine whose speed drifts,
taking them by turns is the fairer comparison of two ~0.2 s runs. Prints, per round, the best
and median wall time of each and their ratios. Needs pandoc.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from speed import SEED, make_inputs


def wall(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if not pandoc:
        sys.exit("pandoc is not installed; this script compares against it")
    if not args.seed.is_file():
        sys.exit(f"{args.seed}: seed post not found; pass --seed PATH")
    with tempfile.TemporaryDirectory(prefix="slidegen-ratio-") as tmp:
        work = Path(tmp)
        inputs = make_inputs(work, args.seed)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        ours = [sys.executable, "-m", "slidegen", str(inputs["seed"]), "-o",
                str(work / "ours.pptx"), "-q", "--offline"]
        theirs = [pandoc, str(inputs["seed-pandoc"]), "-o", str(work / "theirs.pptx"),
                  f"--resource-path={inputs['seed-pandoc'].parent}"]
        wall(ours, env)  # bytecode written, caches warm
        wall(theirs, env)
        for n in range(1, args.rounds + 1):
            a, b = [], []
            for _ in range(args.runs):
                a.append(wall(ours, env))
                b.append(wall(theirs, env))
            print(f"round {n}: slidegen best {min(a) * 1000:.0f} ms, median "
                  f"{statistics.median(a) * 1000:.0f}; pandoc best {min(b) * 1000:.0f}, median "
                  f"{statistics.median(b) * 1000:.0f}; ratio best {min(a) / min(b):.2f}, "
                  f"median {statistics.median(a) / statistics.median(b):.2f}")


if __name__ == "__main__":
    main()
