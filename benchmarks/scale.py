"""Notes of 1,000 to 10,000 headings (one slide each) against pandoc, side by side.

    .venv/bin/python benchmarks/scale.py [--sizes 1000,2000,5000,10000] [--rounds R]
        [--budget S] [--pandoc PATH] [--busy]

At each size the note is `# Heading i` and a line of text, N times. slidegen (the real
command, with its render process) and `pandoc note.md -o x.pptx` run by turns, R rounds;
each prints its median wall time, the CPU time of its whole process tree and the peak
memory of that tree (each process's peak, summed). A run over `--budget` seconds is
stopped and shown as "> S s, stopped" with the memory it had reached: pandoc's PowerPoint
writer grows quadratically on this note (2.17: 10 s for 1,000 slides, 44 s for 2,000), so
10,000 would take longer than anyone waits. Then slidegen's wall and CPU time per slide at
each size against the smallest: 1.0 is linear (CPU time is the one a busy machine disturbs
less).
`--busy` keeps one core busy elsewhere for the whole run (a spinning process pinned with
`taskset` to core 0), the condition on a shared machine. Turns, not blocks, so that a
machine whose load drifts treats both programs the same.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import _children, _high_water_kib, interpreter

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float  # seconds of CPU of the whole tree
    mib: float  # each process's peak, summed
    stopped: bool  # over the budget, killed


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(_children(current))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def measure(cmd: list[str], cwd: Path, budget: float) -> Run:
    """Run `cmd`, polling its process tree's peak memory and CPU; kill it past `budget`."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    stopped = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        for member in _tree(proc.pid):
            peaks[member] = max(peaks.get(member, 0), _high_water_kib(member))
            cpu[member] = max(cpu.get(member, 0.0), _cpu_seconds(member))
        if not stopped and time.perf_counter() - started > budget:
            stopped = True
            os.killpg(proc.pid, signal.SIGKILL)  # the session started for it: its tree only
        time.sleep(0.02)
    wall = time.perf_counter() - started
    cpu[proc.pid] = usage.ru_utime + usage.ru_stime
    peaks[proc.pid] = max(peaks.get(proc.pid, 0), usage.ru_maxrss)
    if not stopped and os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-400:]}")
    if proc.stderr:
        proc.stderr.close()
    return Run(wall, sum(cpu.values()), sum(peaks.values()) / 1024, stopped)


def busy_core() -> subprocess.Popen[bytes]:
    spin = [sys.executable, "-c", "while True: pass"]
    if shutil.which("taskset"):
        spin = ["taskset", "-c", "0", *spin]
    return subprocess.Popen(spin)


def write_note(folder: Path, headings: int) -> Path:
    note = folder / f"headings-{headings}.md"
    note.write_text("".join(f"# Heading {i}\n\ntext {i}\n\n" for i in range(headings)))
    return note


def median(runs: list[Run]) -> Run:
    if any(r.stopped for r in runs):  # a stopped run has no time: show the largest reached
        return max(runs, key=lambda r: r.wall)
    return Run(*(statistics.median(getattr(r, f) for r in runs)
                 for f in ("wall", "cpu", "mib")), stopped=False)


def row(name: str, run: Run, budget: float) -> str:
    wall = f"> {budget:.0f} s, stopped" if run.stopped else f"{run.wall:.2f}"
    return f"{name:10} {wall:>18} {run.cpu:>8.2f} {run.mib:>9.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000",
                        help="numbers of headings, comma-separated")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--budget", type=float, default=120.0,
                        help="seconds a run may take before it is stopped")
    parser.add_argument("--pandoc", default=shutil.which("pandoc"), help="the pandoc to run")
    parser.add_argument("--busy", action="store_true", help="keep one core busy elsewhere")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if not args.pandoc:
        raise SystemExit("pandoc is not installed; name one with --pandoc PATH")
    version = subprocess.run([args.pandoc, "--version"], capture_output=True,
                             text=True).stdout.split("\n", 1)[0]
    slidegen = [sys.executable, "-m", "slidegen"]
    condition = "one core busy elsewhere" if args.busy else "no extra load"
    print(f"{args.rounds} round(s) by turns, {condition}, {os.cpu_count()} CPUs, "
          f"{version}, budget {args.budget:.0f} s; load average at start "
          f"{os.getloadavg()[0]:.1f}; {interpreter()}", flush=True)
    per_slide: dict[int, tuple[float, float]] = {}  # size -> wall, CPU seconds per slide
    spinner = busy_core() if args.busy else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for size in sizes:
                note = write_note(folder, size)
                runs: dict[str, list[Run]] = {"slidegen": [], "pandoc": []}
                for _ in range(args.rounds):
                    runs["slidegen"].append(measure(
                        [*slidegen, str(note), "-o", "s.pptx", "-q"], folder, args.budget))
                    runs["pandoc"].append(measure(
                        [args.pandoc, str(note), "-o", "p.pptx"], folder, args.budget))
                print(f"\n{size:,} headings (load average {os.getloadavg()[0]:.1f})")
                print(f"{'':10} {'wall s':>18} {'CPU s':>8} {'peak MiB':>9}")
                mine, theirs = median(runs["slidegen"]), median(runs["pandoc"])
                for name, run in (("slidegen", mine), ("pandoc", theirs)):
                    print(row(name, run, args.budget))
                if not mine.stopped:
                    per_slide[size] = (mine.wall / size, mine.cpu / size)
                if not (mine.stopped or theirs.stopped):
                    print(f"{'ratio':10} {mine.wall / theirs.wall:>18.2f} "
                          f"{mine.cpu / theirs.cpu:>8.2f} {mine.mib / theirs.mib:>9.2f}"
                          "   (slidegen / pandoc)")
                elif theirs.stopped and not mine.stopped:
                    print(f"{'ratio':10} {'< ' + format(mine.wall / theirs.wall, '.2f'):>18} "
                          f"{'':>8} {'< ' + format(mine.mib / theirs.mib, '.2f'):>9}"
                          "   (pandoc stopped: its final figures are larger)")
                sys.stdout.flush()
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
    if per_slide:
        first = min(per_slide)
        wall0, cpu0 = per_slide[first]
        print(f"\nslidegen per slide, against {first:,} headings (1.00 is linear):")
        print(f"{'headings':>8} {'wall ms':>8} {'growth':>6} {'CPU ms':>8} {'growth':>6}")
        for size, (wall, cpu) in per_slide.items():
            print(f"{size:>8,} {wall * 1000:8.2f} {wall / wall0:6.2f} {cpu * 1000:8.2f} "
                  f"{cpu / cpu0:6.2f}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
