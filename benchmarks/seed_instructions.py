"""The seed post against pandoc in instructions executed (valgrind's callgrind), not seconds.

    .venv/bin/python benchmarks/seed_instructions.py [--seed PATH]

On a shared machine wall and CPU times of a ~0.5 s run move by a third from one minute to the
next; the number of instructions a build executes does not depend on what else runs, so it
shows what a change to start-up saves (about 3 billion a second on a 2026 cloud core).
slidegen's count is split where its render process is forked: before the fork (interpreter,
command line, imports both processes share), the main process after it (settings, planner
import, planning) and the render process (python-pptx, drawing, writing). On two free cores
the longer of the two after the fork decides the wall time; on one core, the total does.
`--floor` also counts what slidegen's own code does not decide: the interpreter starting, and it
importing the third-party modules the build loaded in its two processes (listed from
`sys.modules` as each process exits), alone, in one process, as the build imports them (with
the kept regular expressions and dataclass methods).
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
import time
from pathlib import Path

from speed import SEED, interpreter, make_inputs

TOTAL = re.compile(r"^summary:\s*(\d+)", re.M)

# Run as the build: each process, as it exits, adds the third-party modules it loaded to a file.
LIST_MODULES = """
import os, sys
LISTING = sys.argv[1]
def listed(code, _exit=os._exit):
    names = [name for name, module in list(sys.modules.items())
             if type(module).__name__ != "_LazyModule"  # imported, never loaded
             and "site-packages" in (getattr(module, "__file__", None) or "")
             and not name.startswith("slidegen")]
    with open(f"{LISTING}.part{os.getpid()}", "w", encoding="utf-8") as out:
        out.write("\\n".join(names))
    os.replace(f"{LISTING}.part{os.getpid()}", f"{LISTING}.{os.getpid()}")  # whole, or absent
    _exit(code)
os._exit = listed
sys.argv = ["slidegen", *sys.argv[2:]]
from slidegen.app.cli import run
run()
"""

# Those modules imported alone, as the build imports them: with the kept regular expressions
# and dataclass methods (slidegen.compiled_patterns, compiled_methods), and python-pptx without
# urllib.request (slidegen.write.forked).
IMPORT_ONLY = """
import importlib, os, sys
from slidegen import compiled_methods, compiled_patterns
compiled_patterns.install()
compiled_methods.install()
sys.modules["urllib.request"] = type(sys)("urllib.request")
import xml.sax.saxutils
del sys.modules["urllib.request"]
for name in open(sys.argv[1], encoding="utf-8").read().split():
    importlib.import_module(name)
os._exit(0)
"""


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
    parser.add_argument("--floor", action="store_true",
                        help="also count the interpreter and the third-party imports alone")
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
        floor = imports_floor(ours[3:], work, env) if args.floor else None
    forked_at = next((name[:-2] for name in parts if name.endswith(".1")), "")
    before = parts.get(f"{forked_at}.1", 0)
    main_after = parts.get(forked_at, 0)
    render = sum(parts.values()) - before - main_after
    total = before + main_after + render
    path = before + max(main_after, render)
    print(interpreter())
    print(f"slidegen: {total / 1e6:,.0f} M instructions: {before / 1e6:,.0f} before the fork, "
          f"then {main_after / 1e6:,.0f} in the main process and {render / 1e6:,.0f} in the "
          "render process")
    print(f"pandoc:   {theirs / 1e6:,.0f} M instructions")
    print(f"ratio: total {total / theirs:.2f} (one core), longest path {path / theirs:.2f} "
          "(two free cores)")
    if floor is not None:
        bare, imported, count = floor
        print(f"floor: the interpreter {bare / 1e6:,.0f} M; with the {count} third-party modules "
              f"the build loads, imported alone, {imported / 1e6:,.0f} M ({imported / theirs:.2f} "
              f"of pandoc); the rest (slidegen itself): {(total - imported) / 1e6:,.0f} M")


def imports_floor(build_args: list[str], work: Path, env: dict[str, str]) -> tuple[int, int, int]:
    """Instructions of a bare interpreter, and of one importing the third-party modules a
    build of `build_args` loads; and how many modules that is."""
    listing = work / "modules.txt"
    subprocess.run([sys.executable, "-c", LIST_MODULES, str(listing), *build_args], env=env,
                   check=True)
    processes = 2 if len(os.sched_getaffinity(0)) >= 2 else 1  # the render process outlives
    for _ in range(100):  # the command: wait for its listing too
        if len(list(work.glob(f"{listing.name}.[0-9]*"))) >= processes:
            break
        time.sleep(0.1)
    names = sorted({name for each in work.glob(f"{listing.name}.[0-9]*")
                    for name in each.read_text(encoding="utf-8").split()})
    listing.write_text("\n".join(names), encoding="utf-8")
    importing = [sys.executable, "-c", IMPORT_ONLY, str(listing)]
    subprocess.run(importing, env=env, check=True)  # bytecode written
    bare = sum(callgrind([sys.executable, "-c", "import os; os._exit(0)"], work, env).values())
    return bare, sum(callgrind(importing, work, env).values()), len(names)


if __name__ == "__main__":
    main()
