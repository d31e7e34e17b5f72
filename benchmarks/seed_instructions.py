"""The seed post against pandoc in instructions executed (valgrind's callgrind), not seconds.

    .venv/bin/python benchmarks/seed_instructions.py [--seed PATH]

On a shared machine wall and CPU times of a ~0.5 s run move by a third from one minute to the
next; the number of instructions a build executes does not depend on what else runs, so it
shows what a change to start-up saves (about 3 billion a second on a 2026 cloud core).
slidegen's count is split where its render process is forked: before the fork (interpreter,
command line, imports both processes share), the main process after it (settings, planner
import, planning) and the render process (python-pptx, drawing, writing). On two free cores
the longer of the two after the fork decides the wall time; on one core, the total does.
Needs valgrind and pandoc; takes about a minute (everything runs ~50 times slower).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from speed import SEED, make_inputs

TOTAL = re.compile(r"^summary:\s*(\d+)", re.M)


def callgrind(cmd: list[str], out: Path, env: dict[str, str]) -> dict[str, int]:
    """Instructions per dump file: `<pid>.1` is the part before the fork (dumped on entering
    fork()), `<pid>` what that process ran after it, the other pid the forked process."""
    subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=fork",
                    f"--callgrind-out-file={out}/cg.%p", *cmd], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    counts = {}
    for dump in out.glob("cg.*"):
        found = TOTAL.search(dump.read_text(errors="replace"))
        counts[dump.name] = int(found.group(1)) if found else 0
        dump.unlink()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED)
    args = parser.parse_args()
    for tool in ("valgrind", "pandoc"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed; this script needs it")
    with tempfile.TemporaryDirectory(prefix="slidegen-instructions-") as tmp:
        work = Path(tmp)
        inputs = make_inputs(work, args.seed)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        ours = [sys.executable, "-m", "slidegen", str(inputs["seed"]), "-o",
                str(work / "ours.pptx"), "-q", "--offline"]
        subprocess.run(ours, env=env, check=True)  # bytecode written, caches warm
        parts = callgrind(ours, work, env)
        theirs = sum(callgrind([shutil.which("pandoc") or "pandoc", str(inputs["seed-pandoc"]),
                                "-o", str(work / "theirs.pptx"),
                                f"--resource-path={inputs['seed-pandoc'].parent}"],
                               work, env).values())
    forked_at = next((name[:-2] for name in parts if name.endswith(".1")), "")
    before = parts.get(f"{forked_at}.1", 0)
    main_after = parts.get(forked_at, 0)
    render = sum(parts.values()) - before - main_after
    total = before + main_after + render
    path = before + max(main_after, render)
    print(f"slidegen: {total / 1e6:,.0f} M instructions: {before / 1e6:,.0f} before the fork, "
          f"then {main_after / 1e6:,.0f} in the main process and {render / 1e6:,.0f} in the "
          "render process")
    print(f"pandoc:   {theirs / 1e6:,.0f} M instructions")
    print(f"ratio: total {total / theirs:.2f} (one core), longest path {path / theirs:.2f} "
          "(two free cores)")


if __name__ == "__main__":
    main()
