"""A note with 10,000 headings (10,000 slides) against pandoc, side by side, in one run.

    .venv/bin/python benchmarks/scale.py [--headings N] [--rounds R] [--busy]

Runs slidegen (the real command, with its render process) and `pandoc note.md -o x.pptx`
by turns, R rounds, and prints each one's median wall time, its own CPU time (slidegen's
render process not counted) and the peak memory of its process tree, then the ratios
slidegen / pandoc (the target: at most 1.0 for time and memory).
`--busy` keeps one core busy elsewhere for the whole run (a spinning process pinned with
`taskset` to core 0, where taskset exists), the condition on a shared machine.
Turns, not blocks, so that a machine whose load drifts treats both the same.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import _children, _high_water_kib


def measure(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, the command's own CPU seconds, and peak MiB of the process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        for child in _children(proc.pid):
            peaks[child] = max(peaks.get(child, 0), _high_water_kib(child))
        time.sleep(0.01)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-400:]}")
    cpu = usage.ru_utime + usage.ru_stime  # the command itself; its render process is apart
    return wall, cpu, (usage.ru_maxrss + sum(peaks.values())) / 1024


def busy_core() -> subprocess.Popen[bytes]:
    spin = [sys.executable, "-c", "while True: pass"]
    if shutil.which("taskset"):
        spin = ["taskset", "-c", "0", *spin]
    return subprocess.Popen(spin)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--headings", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--busy", action="store_true", help="keep one core busy elsewhere")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    if not pandoc:
        raise SystemExit("pandoc is not installed")
    slidegen = [sys.executable, "-m", "slidegen"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        note = folder / "headings.md"
        note.write_text("".join(f"# Heading {i}\n\ntext {i}\n\n" for i in range(args.headings)))
        runs: dict[str, list[tuple[float, float, float]]] = {"slidegen": [], "pandoc": []}
        spinner = busy_core() if args.busy else None
        try:
            for _ in range(args.rounds):
                runs["slidegen"].append(measure([*slidegen, str(note), "-o", "s.pptx", "-q"],
                                                folder))
                runs["pandoc"].append(measure([pandoc, str(note), "-o", "p.pptx"], folder))
        finally:
            if spinner is not None:
                spinner.kill()
                spinner.wait()
    condition = "one core busy elsewhere" if args.busy else "no extra load"
    print(f"{args.headings:,} headings, {args.rounds} rounds by turns, {condition}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"{'':10} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9}")
    medians = {}
    for name, values in runs.items():
        medians[name] = [statistics.median(v[i] for v in values) for i in range(3)]
        wall, cpu, mib = medians[name]
        print(f"{name:10} {wall:>8.2f} {cpu:>8.2f} {mib:>9.0f}")
    ratio = [s / p for s, p in zip(medians["slidegen"], medians["pandoc"], strict=True)]
    print(f"{'ratio':10} {ratio[0]:>8.2f} {ratio[1]:>8.2f} {ratio[2]:>9.2f}   (slidegen / pandoc)")


if __name__ == "__main__":
    main()
