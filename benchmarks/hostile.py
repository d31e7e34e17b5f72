"""Hostile inputs against pandoc: the times the unit tests used to bound with wall clocks.

    .venv/bin/python benchmarks/hostile.py [--repeat N]

Each input (a 2 MB single line, a 2 MB heading, a 2 MB code line, 10,000 headings, a YAML
alias bomb) is written to a temporary folder and built once per round by slidegen and by
pandoc (`pandoc -o x.pptx`), by turns so that a drifting machine slows both alike. Prints the
best seconds of each and their ratio; a ratio that grows with the input's size is the
quadratic behaviour the parser guards against. Where pandoc is not installed, its columns are
empty. (pandoc reads the alias bomb happily: it is there for slidegen's refusal time.)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INPUTS = {
    "2 MB line": "# Big\n\n" + "word *em* [link `code` <b>x " * 75_000 + "\n\n# After\n\nfine\n",
    "2 MB heading": "# " + "제목 title " * 200_000 + "\n\ntext\n\n# After\n\nfine\n",
    "2 MB code line": "# Code\n\n```js\n" + "x=1;" * 520_000 + "\n```\n\n# After\n\nfine\n",
    "10,000 headings": "".join(f"# Heading {i}\n" for i in range(10_000)),
    "YAML alias bomb": "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                       + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
                                 for p, n in zip("abcdefgh", "bcdefghi", strict=True))
                       + "---\n# Body\n",
}


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="rounds (best is kept)")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    slidegen = [sys.executable, "-m", "slidegen"]
    print(f"{'input':18} {'slidegen s':>10} {'pandoc s':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory(prefix="slidegen-hostile-") as temp:
        for name, text in INPUTS.items():
            note = Path(temp) / "note.md"
            note.write_text(text, encoding="utf-8")
            ours: list[float] = []
            theirs: list[float] = []
            for _ in range(args.repeat):
                ours.append(timed([*slidegen, str(note), "-o", f"{temp}/s.pptx", "-q",
                                   "--offline"]))
                if pandoc:
                    theirs.append(timed([pandoc, str(note), "-o", f"{temp}/p.pptx"]))
            mine = min(ours)
            other = f"{min(theirs):9.2f}" if theirs else f"{'':9}"
            ratio = f"{mine / min(theirs):6.2f}" if theirs else ""
            print(f"{name:18} {mine:10.2f} {other} {ratio}")


if __name__ == "__main__":
    main()
